package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.OffHeapMatrix;

/**
 * The symmetric eigensolvers at N ∈ {800, 1600, 3200, 6400}: eigenvalues only and all eigenpairs,
 * through the facade's native backend (each LAPACK method and AUTO), the same LAPACKE calls made
 * directly on {@code org.bytedeco.openblas.global.openblas} (to measure the facade's overhead), and the
 * pure-Java backend.
 *
 * <p>The input is a seeded random symmetric Gaussian matrix, built once per trial and kept pristine;
 * before each call it is copied (memcpy / arraycopy, outside the timed region) into the work buffer,
 * which the solver destroys. Every call takes at least tens of milliseconds, so single-shot timing
 * with a per-invocation setup is sound. Iteration counts are small because the calls take seconds;
 * override them with JMH's {@code -wi}, {@code -i}, {@code -f}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx12g"})
public class EigenBench extends AbstractBench {
    private static final int COL_MAJOR = openblas.LAPACK_COL_MAJOR;
    private static final byte VALUES = 'N';
    private static final byte VECTORS = 'V';
    private static final byte LOWER = 'L';

    /** Matrix order. */
    @Param({"800", "1600", "3200", "6400"})
    public int n;

    // Native contenders (facade and direct) share these buffers.
    private OffHeapMatrix pristine;
    private OffHeapMatrix work;
    private DoublePointer workPointer;
    private DoublePointer w;
    private IntPointer found;
    private IntPointer isuppz;
    private DoublePointer z;

    // Pure-Java contenders.
    private double[] pristineHeap;
    private HeapMatrix workHeap;

    private boolean javaContender;

    @Setup(Level.Trial)
    public void setUpInput() {
        javaContender = benchmarkName.startsWith("java");
        double[] a = randomSymmetric(n, seed);
        if (javaContender) {
            pristineHeap = a;
            workHeap = new HeapMatrix(n, n);
        } else {
            pristine = new OffHeapMatrix(n, n);
            pristine.pointer().put(a);
            work = new OffHeapMatrix(n, n);
            workPointer = work.pointer();
            w = nativeDoubles(n);
            found = new IntPointer(1);
            isuppz = new IntPointer(2L * n);
            z = nativeDoubles(1);
        }
    }

    @Setup(Level.Invocation)
    public void copyInput() {
        if (javaContender) {
            System.arraycopy(pristineHeap, 0, workHeap.data(), 0, pristineHeap.length);
        } else {
            Pointer.memcpy(workPointer, pristine.pointer(), 8L * n * n);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!javaContender) {
            pristine.close();
            work.close();
            w.deallocate();
            found.deallocate();
            isuppz.deallocate();
            z.deallocate();
        }
        pristineHeap = null;
        workHeap = null;
    }

    // ------------------------------------------------------------ facade, native backend

    @Benchmark
    public double[] valuesDsyevd() {
        return nativeBackend.eigenvalues(work, EigenvalueMethod.DIVIDE_AND_CONQUER);
    }

    @Benchmark
    public double[] valuesTwoStage() {
        return nativeBackend.eigenvalues(work, EigenvalueMethod.TWO_STAGE);
    }

    @Benchmark
    public double[] valuesDsyevr() {
        return nativeBackend.eigenvalues(work, EigenvalueMethod.RRR);
    }

    @Benchmark
    public double[] valuesAuto() {
        return nativeBackend.eigenvalues(work, EigenvalueMethod.AUTO);
    }

    @Benchmark
    public double[] pairsDsyevd() {
        return nativeBackend.eigenpairs(work);
    }

    // ------------------------------------------------------------ the same calls, directly

    @Benchmark
    public int directDsyevd() {
        return check("dsyevd", openblas.LAPACKE_dsyevd(COL_MAJOR, VALUES, LOWER, n, workPointer, n, w));
    }

    @Benchmark
    public int directTwoStage() {
        return check("dsyev_2stage", openblas.LAPACKE_dsyev_2stage(COL_MAJOR, VALUES, LOWER, n, workPointer, n, w));
    }

    /** The call the facade makes for {@link EigenvalueMethod#RRR}: RANGE = 'I', 1..n, values only. */
    @Benchmark
    public int directDsyevr() {
        return check("dsyevr", openblas.LAPACKE_dsyevr(COL_MAJOR, VALUES, (byte) 'I', LOWER, n, workPointer, n,
                0.0, 0.0, 1, n, Double.MIN_NORMAL, found, w, z, n, isuppz));
    }

    @Benchmark
    public int directPairs() {
        return check("dsyevd", openblas.LAPACKE_dsyevd(COL_MAJOR, VECTORS, LOWER, n, workPointer, n, w));
    }

    // ------------------------------------------------------------ pure-Java backend

    @Benchmark
    public double[] javaValues() {
        return javaBackend.eigenvalues(workHeap, EigenvalueMethod.AUTO);
    }

    @Benchmark
    public double[] javaPairs() {
        return javaBackend.eigenpairs(workHeap);
    }

    private static int check(String routine, int info) {
        if (info != 0) {
            throw new IllegalStateException(routine + " failed: info = " + info);
        }
        return info;
    }
}
