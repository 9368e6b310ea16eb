package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
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

/**
 * Where {@code dsyev_2stage} (eigenvalues only) overtakes {@code dsyevd}: the measurement behind
 * {@code SymmetricEigen.TWO_STAGE_CROSSOVER}. Direct LAPACKE calls, average time. The calls are too
 * short here for a per-invocation setup, so each timed call includes the memcpy of the pristine
 * input into the work buffer; {@link #copyOnly} times that copy alone (the same for both contenders,
 * O(n²) against their O(n³)).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EigenCrossoverBench extends AbstractBench {
    private static final int COL_MAJOR = openblas.LAPACK_COL_MAJOR;

    /**
     * Matrix order: the sizes the crossover was first looked for at (50..800), and beyond, since on
     * the machine measured first (Zen 5, 2 threads) dsyevd was still the faster at 800.
     */
    @Param({"50", "100", "150", "200", "300", "400", "600", "800", "1200", "1600", "2000", "2400", "3200"})
    public int n;

    private DoublePointer pristine;
    private DoublePointer work;
    private DoublePointer w;
    private long bytes;

    @Setup(Level.Trial)
    public void setUpInput() {
        double[] a = randomSymmetric(n, seed);
        pristine = nativeDoubles((long) n * n);
        pristine.put(a);
        work = nativeDoubles((long) n * n);
        w = nativeDoubles(n);
        bytes = 8L * n * n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pristine.deallocate();
        work.deallocate();
        w.deallocate();
    }

    @Benchmark
    public Pointer copyOnly() {
        return Pointer.memcpy(work, pristine, bytes);
    }

    @Benchmark
    public int directDsyevd() {
        Pointer.memcpy(work, pristine, bytes);
        return check(openblas.LAPACKE_dsyevd(COL_MAJOR, (byte) 'N', (byte) 'L', n, work, n, w));
    }

    @Benchmark
    public int directTwoStage() {
        Pointer.memcpy(work, pristine, bytes);
        return check(openblas.LAPACKE_dsyev_2stage(COL_MAJOR, (byte) 'N', (byte) 'L', n, work, n, w));
    }

    private static int check(int info) {
        if (info != 0) {
            throw new IllegalStateException("LAPACKE info = " + info);
        }
        return info;
    }
}
