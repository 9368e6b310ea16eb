package org.shortcuthessian.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.matrixfree.Lanczos;
import org.shortcuthessian.curvature.matrixfree.LanczosOptions;
import org.shortcuthessian.curvature.matrixfree.LanczosResult;
import org.shortcuthessian.curvature.matrixfree.Operators;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.OffHeapMatrix;
import org.shortcuthessian.linalg.SpectrumRange;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * The 10 largest eigenvalues of a relu network's Hessian at N = 6400 (d = 10, R = 32, n = 2, m = 2000,
 * Xavier weights): Lanczos on Hessian-vector products (no N×N memory), Lanczos on the assembled matrix,
 * against the dense eigensolvers (every eigenvalue by AUTO = dsyev_2stage, the top 10 by dsyevr). The
 * Hessian is assembled once per trial and copied into the work buffer before each dense call (untimed).
 * The agreement of each Lanczos run with dsyevr (max relative difference over the 10) is printed to stderr
 * as {@code # lanczos-agreement}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx8g"})
public class LanczosBench {
    /** Units R (N = 200·R). */
    @Param("32")
    public int units;

    /** Samples m. */
    @Param("2000")
    public int samples;

    /** How many of the largest eigenvalues. */
    @Param("10")
    public int k;

    private Backend backend;
    private Curvature curvature;
    private double[] theta;
    private OffHeapMatrix hessian;
    private OffHeapMatrix work;
    private double[] reference;
    private double worstAgreement;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.of(BackendKind.NATIVE);
        backend.setThreads(2);
        NetworkSpec spec = new NetworkSpec(10, units, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        curvature = new Curvature(spec, SyntheticData.whitenedOneHot(10, samples, 1, backend), backend);
        theta = Initialization.XAVIER.sample(spec, 1);
        int n = spec.parameterCount();
        hessian = (OffHeapMatrix) curvature.hessian(theta);
        work = new OffHeapMatrix(n, n);
        Pointer.memcpy(work.pointer(), hessian.pointer(), 8L * n * n);
        reference = backend.subset(work, SpectrumRange.largest(k, n), false).values();
        System.err.println("# bench-info LanczosBench: N=" + n + " m=" + samples + " "
                + backend.description() + " OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
    }

    @Setup(Level.Invocation)
    public void copy() {
        Pointer.memcpy(work.pointer(), hessian.pointer(), 8L * hessian.rows() * hessian.rows());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.err.println("# lanczos-agreement max relative difference to dsyevr over the top " + k + ": " + worstAgreement);
        hessian.close();
        work.close();
        curvature.close();
    }

    private double[] agree(LanczosResult r) {
        for (int i = 0; i < k; i++) {
            worstAgreement = Math.max(worstAgreement, Math.abs(r.values()[i] - reference[i]) / Math.abs(reference[i]));
        }
        return r.values();
    }

    /** Lanczos on Hessian-vector products: what runs past the dense limit (the assembly is not needed). */
    @Benchmark
    public double[] lanczosHvp() {
        return agree(Lanczos.extremes(backend, curvature.hessianOperator(theta), k, 0, LanczosOptions.defaults()));
    }

    /** Lanczos on the assembled matrix (products by the dense operator). */
    @Benchmark
    public double[] lanczosDense() {
        return agree(Lanczos.extremes(backend, Operators.dense(hessian), k, 0, LanczosOptions.defaults()));
    }

    /** Every eigenvalue, the dense solver the spectrum command uses (dsyev_2stage at this size). */
    @Benchmark
    public double[] denseAll() {
        double[] all = backend.eigenvalues(work, EigenvalueMethod.AUTO);
        return Arrays.copyOfRange(all, all.length - k, all.length);
    }

    /** The top k by LAPACK's subset solver (dsyevr, RANGE = 'I'). */
    @Benchmark
    public double[] denseTopK() {
        return backend.subset(work, SpectrumRange.largest(k, work.rows()), false).values();
    }
}
