package org.shortcuthessian.bench;

import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.DoublePointer;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;

/**
 * Shared state of the linear-algebra benchmarks: the seed of the random input, the OpenBLAS thread
 * count (set through the backend API, process-wide), and the native backend. The matrix order
 * {@code n} is a parameter of each subclass, whose sizes differ.
 *
 * <p>At the start of every trial (fork) the facts that the results depend on (OpenBLAS core and
 * thread count, OPENBLAS_CORETYPE, JDK) are printed to stderr with the prefix {@code # bench-info};
 * {@link BenchInfo} prints the same facts for the run script.
 */
@State(Scope.Benchmark)
public abstract class AbstractBench {
    /** Seed of the random input matrix. */
    @Param("20240611")
    public long seed;

    /** OpenBLAS threads (openblas_set_num_threads through {@link Backend#setThreads}). */
    @Param("2")
    public int threads;

    /** The facade's native backend (OpenBLAS/LAPACK). */
    protected Backend nativeBackend;

    /** The facade's pure-Java backend (ojAlgo). */
    protected Backend javaBackend;

    /** The benchmark method's simple name, e.g. "valuesDsyevd". */
    protected String benchmarkName;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUpBackends(BenchmarkParams params) {
        String full = params.getBenchmark();
        benchmarkName = full.substring(full.lastIndexOf('.') + 1);
        nativeBackend = Backends.of(BackendKind.NATIVE);
        nativeBackend.setThreads(threads);
        javaBackend = Backends.of(BackendKind.JAVA);
        javaBackend.setThreads(threads);
        if (nativeBackend.threads() != threads) {
            throw new IllegalStateException("OpenBLAS runs " + nativeBackend.threads() + " threads, asked for " + threads);
        }
        Map<String, String> info = nativeBackend.info();
        System.err.println(System.lineSeparator() + "# bench-info " + benchmarkName + ": openblas_core=" + info.get("openblas_core")
                + " openblas_threads=" + info.get("openblas_threads")
                + " OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                + " jdk=" + Runtime.version());
    }

    /**
     * Fills the column-major n×n array with a random symmetric matrix whose entries (both triangles)
     * are independent N(0, 1) on and below the diagonal: a Wigner matrix, spectrum spread over about
     * [-2√n, 2√n] by the semicircle law, with distinct eigenvalues.
     */
    protected static double[] randomSymmetric(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double x = rnd.nextGaussian();
                a[i + j * n] = x;
                a[j + i * n] = x;
            }
        }
        return a;
    }

    /** @return a native buffer of n doubles, zeroed, owned by the caller (deallocate in tear-down). */
    protected static DoublePointer nativeDoubles(long n) {
        DoublePointer p = new DoublePointer(Math.max(1L, n));
        if (p.isNull()) {
            throw new OutOfMemoryError("could not allocate " + 8 * n + " native bytes");
        }
        p.zero();
        return p;
    }
}
