package org.shortcuthessian.linalg.purejava;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;
import org.shortcuthessian.linalg.AbstractBackend;
import org.shortcuthessian.linalg.SymmetryReport;
import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Passes;
import org.shortcuthessian.linalg.Workspace;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenDecomposition;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SpectrumRange;
import org.shortcuthessian.linalg.Transpose;
import org.shortcuthessian.linalg.Uplo;

/**
 * The pure-Java backend, on ojAlgo: the baseline in benchmarks and the fallback where the native
 * libraries cannot load. Every routine of the interfaces is implemented; the LAPACK method choice is
 * accepted and answered by ojAlgo's one symmetric solver (Householder tridiagonalisation and
 * implicit QL). Works on {@link HeapMatrix} without copies; off-heap arguments are copied in and out.
 */
public final class JavaBackend extends AbstractBackend {
    private volatile int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public BackendKind kind() {
        return BackendKind.JAVA;
    }

    @Override
    public String description() {
        return "java (ojAlgo " + ojAlgoVersion() + ")";
    }

    @Override
    public DenseMatrix allocate(int rows, int cols) {
        return new HeapMatrix(rows, cols);
    }

    /** The threads of the passes (by default the available processors); ojAlgo's solvers used here are sequential. */
    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setThreads: threads = " + threads + ", must be at least 1");
        }
        this.threads = threads;
    }

    @Override
    public Map<String, String> info() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backend", "java");
        m.put("ojalgo_version", ojAlgoVersion());
        m.put("threads", Integer.toString(threads));
        m.put("java_version", Runtime.version().toString());
        return m;
    }

    private static String ojAlgoVersion() {
        String v = R064Store.class.getPackage().getImplementationVersion();
        return v != null ? v : "57";
    }

    @Override
    public String eigenvalueRoutine(EigenvalueMethod method) {
        return "ojalgo";
    }

    @Override
    public String eigenpairRoutine() {
        return "ojalgo";
    }

    @Override
    public long availableBytes() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return Math.min(free, 8L * (Integer.MAX_VALUE - 8)); // a HeapMatrix is one Java array
    }

    // ---------------------------------------------------------------- the project's kernels (pure-Java twins)

    @Override
    protected long doFirstNonFinite(DenseMatrix m) {
        return JavaKernels.firstNonFinite(m);
    }

    @Override
    protected SymmetryReport doSymmetry(DenseMatrix h) {
        return JavaKernels.symmetry(h);
    }

    @Override
    protected void doSymmetrizeFromLower(DenseMatrix h) {
        JavaKernels.symmetrizeFromLower(h);
    }

    @Override
    protected DenseMatrix doAllocateUninitialized(int rows, int cols) {
        return new HeapMatrix(rows, cols);
    }

    @Override
    protected Workspace doWorkspace(long length) {
        return new HeapWorkspace(length);
    }

    @Override
    protected void doSourceTangents(NetworkShape g, int s, int mc, double invM, Workspace theta, Workspace d1,
                                    Workspace d2, Workspace lam, Workspace adot, Workspace zdot, Workspace hdot,
                                    Workspace tmp) {
        JavaKernels.sourceTangents(g, s, mc, invM, heap(theta), heap(d1), heap(d2), heap(lam), heap(adot), heap(zdot),
                heap(hdot), heap(tmp));
    }

    @Override
    protected void doPairBlock(int d, int mc, Workspace packedA, long as, long al, Workspace packedLz, long lz,
                               Workspace lam, long lamOffset, Workspace adot, long adotOffset, boolean withAdot,
                               Workspace acc, long accOffset) {
        JavaKernels.pairBlock(d, mc, heap(packedA), (int) as, (int) al, heap(packedLz), (int) lz, heap(lam),
                (int) lamOffset, withAdot ? heap(adot) : null, (int) adotOffset, withAdot, heap(acc), (int) accOffset);
    }

    @Override
    protected void doStoreBlock(DenseMatrix h, int d, int l, int s, Workspace acc, long accOffset) {
        JavaKernels.storeBlock(h, d, l, s, heap(acc), (int) accOffset);
    }

    @Override
    protected void doKronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f, double[] y) {
        JavaKernels.kronBlock(h, d, l, lp, c, r, f, y);
    }

    @Override
    protected Passes doPasses(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads) {
        return new JavaPasses(shape, inputs, targets, samples, threads);
    }

    private static double[] heap(Workspace w) {
        if (w instanceof HeapWorkspace hw) {
            return hw.data();
        }
        throw new IllegalArgumentException("the pure-Java backend's kernels take its own workspaces (from workspace()),"
                + " not " + w.getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- kernels

    @Override
    protected void doGemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                          DenseMatrix a, DenseMatrix b, double beta, DenseMatrix c) {
        R064Store product = R064Store.FACTORY.make(m, n);
        product.fillByMultiplying(op(a, transA), op(b, transB));
        accumulate(product.data, alpha, beta, c, null);
    }

    @Override
    protected void doSyrk(Uplo uplo, Transpose trans, int n, int k, double alpha, DenseMatrix a, double beta,
                          DenseMatrix c) {
        MatrixStore<Double> opA = op(a, trans);
        R064Store product = R064Store.FACTORY.make(n, n);
        product.fillByMultiplying(opA, opA.transpose());
        accumulate(product.data, alpha, beta, c, uplo);
    }

    /** c ← alpha·p + beta·c, on the whole matrix or on one triangle. */
    private static void accumulate(double[] p, double alpha, double beta, DenseMatrix c, Uplo uplo) {
        int rows = c.rows();
        double[] target = heap(c);
        for (int j = 0; j < c.cols(); j++) {
            int i0 = uplo == Uplo.LOWER ? j : 0;
            int i1 = uplo == Uplo.UPPER ? j + 1 : rows;
            for (int i = i0; i < i1; i++) {
                int q = i + j * rows;
                target[q] = beta == 0.0 ? alpha * p[q] : alpha * p[q] + beta * target[q];
            }
        }
        writeBack(c, target);
    }

    @Override
    protected double[] doEigenvalues(DenseMatrix h, int n, EigenvalueMethod method) {
        Eigenvalue<Double> evd = Eigenvalue.R064.make(n, true);
        if (!evd.computeValuesOnly(lowerSymmetric(h))) {
            throw new ArithmeticException("ojAlgo symmetric eigenvalue computation failed (n = " + n + ")");
        }
        double[] values = new double[n];
        evd.getEigenvalues(values, Optional.empty());
        Arrays.sort(values);
        return values;
    }

    @Override
    protected double[] doEigenpairs(DenseMatrix h, int n) {
        Eigenvalue<Double> evd = Eigenvalue.R064.make(n, true);
        if (!evd.decompose(lowerSymmetric(h))) {
            throw new ArithmeticException("ojAlgo symmetric eigendecomposition failed (n = " + n + ")");
        }
        double[] values = new double[n];
        evd.getEigenvalues(values, Optional.empty());
        MatrixStore<Double> v = evd.getV();
        Integer[] order = ascendingOrder(values);
        double[] target = heap(h);
        double[] sorted = new double[n];
        for (int j = 0; j < n; j++) {
            int src = order[j];
            sorted[j] = values[src];
            for (int i = 0; i < n; i++) {
                target[i + j * n] = v.doubleValue(i, src);
            }
        }
        writeBack(h, target);
        return sorted;
    }

    @Override
    protected EigenDecomposition doSubset(DenseMatrix h, int n, SpectrumRange range, boolean vectors) {
        DenseMatrix work = vectors ? h : null;
        double[] all = vectors ? doEigenpairs(h, n) : doEigenvalues(h, n, EigenvalueMethod.AUTO);
        int lo;
        int hi;
        if (range.kind() == SpectrumRange.Kind.INDEX) {
            lo = range.loIndex();
            hi = range.hiIndex();
        } else {
            lo = 0;
            while (lo < n && !(all[lo] > range.lo())) {
                lo++;
            }
            hi = lo - 1;
            while (hi + 1 < n && all[hi + 1] <= range.hi()) {
                hi++;
            }
        }
        double[] values = Arrays.copyOfRange(all, lo, hi + 1);
        if (!vectors) {
            return new EigenDecomposition(values, null);
        }
        HeapMatrix z = new HeapMatrix(n, values.length);
        for (int j = 0; j < values.length; j++) {
            for (int i = 0; i < n; i++) {
                z.set(i, j, work.get(i, lo + j));
            }
        }
        return new EigenDecomposition(values, z);
    }

    private static Integer[] ascendingOrder(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        return order;
    }

    /** A full symmetric ojAlgo matrix from the lower triangle of h (LAPACK's UPLO = 'L' convention). */
    private static R064Store lowerSymmetric(DenseMatrix h) {
        int n = h.rows();
        R064Store s = R064Store.FACTORY.make(n, n);
        double[] d = s.data;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double x = h.get(i, j);
                d[i + j * n] = x;
                d[j + i * n] = x;
            }
        }
        return s;
    }

    private static MatrixStore<Double> op(DenseMatrix m, Transpose t) {
        R064Store s = R064Store.wrap(heap(m), Math.max(1, m.rows()));
        return t == Transpose.YES ? s.transpose() : s;
    }

    /** The column-major array of m: its own for a heap matrix, a copy for an off-heap one. */
    private static double[] heap(DenseMatrix m) {
        return m instanceof HeapMatrix hm ? hm.data() : m.toArray();
    }

    private static void writeBack(DenseMatrix m, double[] data) {
        if (!(m instanceof HeapMatrix)) {
            for (int k = 0; k < data.length; k++) {
                m.setLinear(k, data[k]);
            }
        }
    }

    @Override
    protected EigenDecomposition doTridiagonal(double[] d, double[] e, int n, boolean vectors) {
        double[] z = vectors ? new double[n * n] : null;
        TridiagonalQL.solve(d, e, z);
        return new EigenDecomposition(d, vectors ? new HeapMatrix(n, n, z) : null);
    }
}
