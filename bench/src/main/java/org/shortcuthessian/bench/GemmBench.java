package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.BlockRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ojalgo.matrix.store.R064Store;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.OffHeapMatrix;
import org.shortcuthessian.linalg.Transpose;

/**
 * GEMM, C ← A·B for seeded Gaussian n×n matrices, n ∈ {10, 100, 1000, 2000} (the tiny case shows where a
 * Java loop beats a JNI call). Average time per call over time-bounded iterations (several calls each
 * where they are short, at least one where they are long). C is overwritten (β = 0), A and B are never
 * modified, so nothing is copied between calls.
 *
 * <ul>
 *   <li>{@code native}: {@code Backend.gemm} of the native backend on {@code OffHeapMatrix};
 *   <li>{@code direct}: {@code cblas_dgemm} on the same kind of off-heap buffers;
 *   <li>{@code java}: {@code Backend.gemm} of the pure-Java backend on {@code HeapMatrix} (ojAlgo inside:
 *       it multiplies into a fresh store and copies that into C, as its implementation does);
 *   <li>{@code ojalgo}: {@code R064Store.fillByMultiplying} into a preallocated store;
 *   <li>{@code ejml}: {@code CommonOps_DDRM.mult} into a preallocated matrix ({@code CommonOps_MT_DDRM}
 *       with threads &gt; 1 from n = {@value #EJML_CONCURRENT_FROM} on);
 *   <li>{@code commons-math}: {@code BlockRealMatrix.multiply} (its fastest product; the API returns a
 *       new matrix, no in-place form exists).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx8g"})
public class GemmBench extends SuiteBench {
    /**
     * Order from which EJML's concurrent product is used (with threads &gt; 1): its thread hand-off costs
     * about 15 µs, more than the whole sequential product at n = 10; it is faster from n = 100 on.
     */
    static final int EJML_CONCURRENT_FROM = 50;

    /** Contender, see the class comment. */
    @Param({"native", "direct", "java", "ojalgo", "ejml", "commons-math"})
    public String contender;

    /** Matrix order n (A, B, C are n×n). */
    @Param({"10", "100", "1000", "2000"})
    public int size;

    private double[] a;
    private double[] b;

    @Override
    protected void prepare() {
        int n = size;
        a = randomGaussian(n, n, seed);
        b = randomGaussian(n, n, seed + 1);
        switch (kind) {
            case NATIVE, DIRECT -> {
                OffHeapMatrix ma = new OffHeapMatrix(n, n);
                OffHeapMatrix mb = new OffHeapMatrix(n, n);
                OffHeapMatrix mc = new OffHeapMatrix(n, n);
                own(ma, mb, mc);
                ma.pointer().put(a);
                mb.pointer().put(b);
                if (kind == Contender.NATIVE) {
                    call = () -> {
                        nativeBackend.gemm(Transpose.NO, Transpose.NO, 1.0, ma, mb, 0.0, mc);
                        return mc;
                    };
                } else {
                    DoublePointer pa = ma.pointer();
                    DoublePointer pb = mb.pointer();
                    DoublePointer pc = mc.pointer();
                    call = () -> {
                        openblas.cblas_dgemm(openblas.CblasColMajor, openblas.CblasNoTrans, openblas.CblasNoTrans,
                                n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n);
                        return mc;
                    };
                }
            }
            case JAVA -> {
                HeapMatrix ma = new HeapMatrix(n, n, a.clone());
                HeapMatrix mb = new HeapMatrix(n, n, b.clone());
                HeapMatrix mc = new HeapMatrix(n, n);
                call = () -> {
                    javaBackend.gemm(Transpose.NO, Transpose.NO, 1.0, ma, mb, 0.0, mc);
                    return mc;
                };
            }
            case OJALGO -> {
                R064Store sa = R064Store.wrap(a.clone(), n);
                R064Store sb = R064Store.wrap(b.clone(), n);
                R064Store sc = R064Store.FACTORY.make(n, n);
                call = () -> {
                    sc.fillByMultiplying(sa, sb);
                    return sc;
                };
            }
            case EJML -> {
                // EJML is row-major: the same matrices A and B, laid out by rows.
                DMatrixRMaj ma = new DMatrixRMaj(n, n, true, transposed(a, n));
                DMatrixRMaj mb = new DMatrixRMaj(n, n, true, transposed(b, n));
                DMatrixRMaj mc = new DMatrixRMaj(n, n);
                if (threads > 1 && n >= EJML_CONCURRENT_FROM) {
                    call = () -> {
                        CommonOps_MT_DDRM.mult(ma, mb, mc);
                        return mc;
                    };
                } else {
                    call = () -> {
                        CommonOps_DDRM.mult(ma, mb, mc);
                        return mc;
                    };
                }
            }
            case COMMONS_MATH -> {
                BlockRealMatrix ma = new BlockRealMatrix(rows(a, n));
                BlockRealMatrix mb = new BlockRealMatrix(rows(b, n));
                call = () -> ma.multiply(mb);
            }
            default -> throw unsupported();
        }
    }

    @Benchmark
    public Object run() {
        return runCall();
    }

    /** Checks entries (0, 0) and (n−1, 1 mod n) of C against dot products of A's row and B's column. */
    @Override
    protected void check(Object result) {
        int n = size;
        int[][] entries = {{0, 0}, {n - 1, 1 % n}};
        for (int[] e : entries) {
            int i = e[0];
            int j = e[1];
            double expected = 0;
            double scale = 0;
            for (int k = 0; k < n; k++) {
                expected += a[i + k * n] * b[k + j * n];
                scale += Math.abs(a[i + k * n] * b[k + j * n]);
            }
            double actual = entry(result, i, j);
            if (!(Math.abs(actual - expected) <= 1e-12 * Math.max(1, scale) * n)) {
                expectClose("C[" + i + "," + j + "]", expected, actual, 0);
            }
        }
    }

    private static double entry(Object c, int i, int j) {
        if (c instanceof OffHeapMatrix m) {
            return m.get(i, j);
        } else if (c instanceof HeapMatrix m) {
            return m.get(i, j);
        } else if (c instanceof R064Store s) {
            return s.doubleValue(i, j);
        } else if (c instanceof DMatrixRMaj m) {
            return m.get(i, j);
        } else if (c instanceof RealMatrix m) {
            return m.getEntry(i, j);
        }
        throw new IllegalStateException("unknown result type " + c.getClass());
    }

    /** @return the row-major copy of the column-major n×n array x (the same matrix in EJML's layout). */
    private static double[] transposed(double[] x, int n) {
        double[] t = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                t[i * n + j] = x[i + j * n];
            }
        }
        return t;
    }

    /** @return the rows of the column-major n×n array x. */
    static double[][] rows(double[] x, int n) {
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = x[i + j * n];
            }
        }
        return r;
    }
}
