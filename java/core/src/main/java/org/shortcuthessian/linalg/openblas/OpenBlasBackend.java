package org.shortcuthessian.linalg.openblas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.shortcuthessian.linalg.AbstractBackend;
import org.shortcuthessian.linalg.SymmetryReport;
import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Passes;
import org.shortcuthessian.linalg.Workspace;
import org.shortcuthessian.linalg.purejava.JavaKernels;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenDecomposition;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.Jobz;
import org.shortcuthessian.linalg.LapackException;
import org.shortcuthessian.linalg.OffHeapMatrix;
import org.shortcuthessian.linalg.SpectrumRange;
import org.shortcuthessian.linalg.Transpose;
import org.shortcuthessian.linalg.Uplo;

/**
 * The native backend: BLAS and LAPACK from OpenBLAS through JavaCPP ({@code org.bytedeco:openblas}),
 * column-major, on {@link OffHeapMatrix} buffers passed without copies. Heap matrices are accepted
 * too, at the cost of a copy in and out. The symmetric eigensolvers read the lower triangle.
 */
public final class OpenBlasBackend extends AbstractBackend {
    private static final int COL_MAJOR = openblas.LAPACK_COL_MAJOR;

    private final String version;
    private final String coreName;
    private final String config;
    private final String isa;
    private final String kernelsVersion;

    /**
     * Loads OpenBLAS and the project's kernels.
     *
     * @throws UnsatisfiedLinkError or another {@link LinkageError} if they cannot be loaded here
     */
    public OpenBlasBackend() {
        Loader.load(openblas.class);
        Loader.load(openblas_full.class);
        this.isa = ShKernels.sh_kernels_isa().getString();
        this.kernelsVersion = ShKernels.sh_kernels_version().getString();
        this.coreName = openblas_full.openblas_get_corename().getString().trim();
        this.config = openblas_full.openblas_get_config().getString().trim();
        this.version = openblas.OPENBLAS_VERSION.replace("OpenBLAS", "").trim();
    }

    @Override
    public BackendKind kind() {
        return BackendKind.NATIVE;
    }

    @Override
    public String description() {
        return "native (OpenBLAS " + version + ", core " + coreName + ", " + threads() + " threads, kernels "
                + isa + ")";
    }

    /** @return the CPU core type OpenBLAS chose at load time (openblas_get_corename), e.g. "Haswell". */
    public String coreName() {
        return coreName;
    }

    @Override
    public DenseMatrix allocate(int rows, int cols) {
        return new OffHeapMatrix(rows, cols);
    }

    @Override
    public int threads() {
        return openblas_full.openblas_get_num_threads();
    }

    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("setThreads: threads = " + threads + ", must be at least 1");
        }
        openblas.blas_set_num_threads(threads);
    }

    @Override
    public Map<String, String> info() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backend", "native");
        m.put("openblas_version", version);
        m.put("openblas_core", coreName);
        m.put("openblas_config", config);
        m.put("openblas_threads", Integer.toString(threads()));
        m.put("openblas_coretype_env", String.valueOf(System.getenv("OPENBLAS_CORETYPE")));
        m.put("kernels_isa", isa);
        m.put("kernels_version", kernelsVersion);
        m.put("javacpp_version", javacppVersion());
        return m;
    }

    private static String javacppVersion() {
        try {
            return Loader.getVersion();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Override
    public String eigenvalueRoutine(EigenvalueMethod method) {
        return method.routine();
    }

    @Override
    public String eigenpairRoutine() {
        return "dsyevd";
    }

    /** JavaCPP's limit on native memory (by default the JVM's -Xmx) and the machine's free physical memory. */
    @Override
    public long availableBytes() {
        long javacpp = Pointer.maxBytes() > 0 ? Pointer.maxBytes() - Pointer.totalBytes() : Long.MAX_VALUE;
        long physical = Pointer.availablePhysicalBytes() > 0 ? Pointer.availablePhysicalBytes() : Long.MAX_VALUE;
        return Math.min(javacpp, physical);
    }

    // ------------------------------------------- the project's C kernels (heap arguments: the pure-Java twins)

    @Override
    protected long doFirstNonFinite(DenseMatrix m) {
        if (m instanceof OffHeapMatrix off) {
            return ShKernels.sh_first_nonfinite(off.pointer(), m.size());
        }
        return JavaKernels.firstNonFinite(m);
    }

    @Override
    protected SymmetryReport doSymmetry(DenseMatrix h) {
        if (!(h instanceof OffHeapMatrix off)) {
            return JavaKernels.symmetry(h);
        }
        try (PointerScope scope = new PointerScope()) {
            DoublePointer out = new DoublePointer(2);
            LongPointer idx = new LongPointer(2);
            ShKernels.sh_symmetry_check(off.pointer(), h.rows(), Math.max(1, h.rows()), out, idx);
            return new SymmetryReport(out.get(0), out.get(1), (int) idx.get(0), (int) idx.get(1));
        }
    }

    @Override
    protected void doSymmetrizeFromLower(DenseMatrix h) {
        if (h instanceof OffHeapMatrix off) {
            ShKernels.sh_symmetrize_from_lower(off.pointer(), h.rows(), Math.max(1, h.rows()));
        } else {
            JavaKernels.symmetrizeFromLower(h);
        }
    }

    @Override
    protected DenseMatrix doAllocateUninitialized(int rows, int cols) {
        return OffHeapMatrix.uninitialized(rows, cols);
    }

    @Override
    protected Workspace doWorkspace(long length) {
        return new NativeWorkspace(length);
    }

    @Override
    protected void doSourceTangents(NetworkShape g, int s, int mc, double invM, Workspace theta, Workspace d1,
                                    Workspace d2, Workspace lam, Workspace adot, Workspace zdot, Workspace hdot,
                                    Workspace tmp) {
        try (IntPointer kind = new IntPointer(g.siteCodes())) {
            ShKernels.sh_source_tangents(g.dim(), g.units(), g.depth(), g.shortcut() ? 1 : 0, s, mc, invM,
                    at(theta, 0), at(d1, 0), at(d2, 0), kind, at(lam, 0), at(adot, 0), at(zdot, 0), at(hdot, 0),
                    at(tmp, 0));
        }
    }

    @Override
    protected void doPairBlock(int d, int mc, Workspace packedA, long as, long al, Workspace packedLz, long lz,
                               Workspace lam, long lamOffset, Workspace adot, long adotOffset, boolean withAdot,
                               Workspace acc, long accOffset) {
        DoublePointer lamAt = at(lam, lamOffset);
        ShKernels.sh_pair_block(d, mc, at(packedA, as), at(packedA, al), at(packedLz, lz), lamAt,
                withAdot ? at(adot, adotOffset) : lamAt, withAdot ? 1 : 0, at(acc, accOffset));
    }

    @Override
    protected void doStoreBlock(DenseMatrix h, int d, int l, int s, Workspace acc, long accOffset) {
        if (h instanceof OffHeapMatrix off) {
            ShKernels.sh_store_block(off.pointer(), h.rows(), d, l, s, at(acc, accOffset));
        } else {
            long dd = (long) d * d;
            double[] b = new double[(int) (dd * dd)];
            acc.get(accOffset, b, 0, b.length);
            JavaKernels.storeBlock(h, d, l, s, b, 0);
        }
    }

    @Override
    protected void doKronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f, double[] y) {
        if (!(h instanceof OffHeapMatrix off)) {
            JavaKernels.kronBlock(h, d, l, lp, c, r, f, y);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            ShKernels.sh_kron_block(off.pointer(), h.rows(), d, l, lp, new DoublePointer(c), new DoublePointer(r),
                    f != null ? new DoublePointer(f) : null, f != null ? new DoublePointer(y) : null);
        }
    }

    @Override
    protected Passes doPasses(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads) {
        return new NativePasses(shape, inputs, targets, samples, threads);
    }

    private static DoublePointer at(Workspace w, long offset) {
        if (w instanceof NativeWorkspace nw) {
            return nw.at(offset);
        }
        throw new IllegalArgumentException("the native backend's kernels take its own workspaces (from workspace()),"
                + " not " + w.getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- kernels

    @Override
    protected void doGemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                          DenseMatrix a, DenseMatrix b, double beta, DenseMatrix c) {
        try (PointerScope scope = new PointerScope()) {
            DoublePointer pa = in(a);
            DoublePointer pb = in(b);
            DoublePointer pc = in(c);
            openblas.cblas_dgemm(openblas.CblasColMajor, transA.cblas(), transB.cblas(), m, n, k, alpha,
                    pa, Math.max(1, a.rows()), pb, Math.max(1, b.rows()), beta, pc, Math.max(1, c.rows()));
            back(c, pc);
        }
    }

    @Override
    protected void doSyrk(Uplo uplo, Transpose trans, int n, int k, double alpha, DenseMatrix a, double beta,
                          DenseMatrix c) {
        try (PointerScope scope = new PointerScope()) {
            DoublePointer pa = in(a);
            DoublePointer pc = in(c);
            openblas.cblas_dsyrk(openblas.CblasColMajor, uplo.cblas(), trans.cblas(), n, k, alpha,
                    pa, Math.max(1, a.rows()), beta, pc, n);
            back(c, pc);
        }
    }

    @Override
    protected double[] doEigenvalues(DenseMatrix h, int n, EigenvalueMethod method) {
        if (method == EigenvalueMethod.RRR) {
            return doSubset(h, n, SpectrumRange.byIndex(0, n - 1), false).values();
        }
        try (PointerScope scope = new PointerScope()) {
            DoublePointer ph = in(h);
            DoublePointer w = new DoublePointer(n);
            byte jobz = (byte) Jobz.VALUES_ONLY.lapackChar();
            byte uplo = (byte) Uplo.LOWER.lapackChar();
            int info;
            if (method == EigenvalueMethod.TWO_STAGE) {
                info = openblas.LAPACKE_dsyev_2stage(COL_MAJOR, jobz, uplo, n, ph, n, w);
            } else {
                info = openblas.LAPACKE_dsyevd(COL_MAJOR, jobz, uplo, n, ph, n, w);
            }
            check(method.routine(), info);
            double[] values = new double[n];
            w.get(values);
            return values;
        }
    }

    @Override
    protected double[] doEigenpairs(DenseMatrix h, int n) {
        try (PointerScope scope = new PointerScope()) {
            DoublePointer ph = in(h);
            DoublePointer w = new DoublePointer(n);
            int info = openblas.LAPACKE_dsyevd(COL_MAJOR, (byte) Jobz.VECTORS.lapackChar(),
                    (byte) Uplo.LOWER.lapackChar(), n, ph, n, w);
            check("dsyevd", info);
            back(h, ph);
            double[] values = new double[n];
            w.get(values);
            return values;
        }
    }

    @Override
    protected EigenDecomposition doSubset(DenseMatrix h, int n, SpectrumRange range, boolean vectors) {
        boolean byIndex = range.kind() == SpectrumRange.Kind.INDEX;
        // With RANGE = 'V' the count is unknown in advance, so Z gets n columns.
        int zcols = !vectors ? 1 : byIndex ? range.hiIndex() - range.loIndex() + 1 : n;
        OffHeapMatrix z = vectors ? new OffHeapMatrix(n, zcols) : null;
        try (PointerScope scope = new PointerScope()) {
            DoublePointer ph = in(h);
            DoublePointer w = new DoublePointer(n);
            IntPointer found = new IntPointer(1);
            IntPointer isuppz = new IntPointer(2L * Math.max(1, zcols));
            DoublePointer pz = vectors ? z.pointer() : new DoublePointer(1);
            int info = openblas.LAPACKE_dsyevr(COL_MAJOR, (byte) (vectors ? 'V' : 'N'), (byte) range.kind().lapackChar(),
                    (byte) Uplo.LOWER.lapackChar(), n, ph, n,
                    byIndex ? 0.0 : range.lo(), byIndex ? 0.0 : range.hi(),
                    byIndex ? range.loIndex() + 1 : 0, byIndex ? range.hiIndex() + 1 : 0,
                    Double.MIN_NORMAL, found, w, pz, n, isuppz);
            check("dsyevr", info);
            int mfound = found.get();
            double[] values = new double[mfound];
            w.get(values);
            if (!vectors) {
                return new EigenDecomposition(values, null);
            }
            if (mfound == zcols) {
                OffHeapMatrix result = z;
                z = null;
                return new EigenDecomposition(values, result);
            }
            OffHeapMatrix trimmed = new OffHeapMatrix(n, mfound);
            if (mfound > 0) {
                org.bytedeco.javacpp.Pointer.memcpy(trimmed.pointer(), z.pointer(), 8L * n * mfound);
            }
            return new EigenDecomposition(values, trimmed);
        } finally {
            if (z != null) {
                z.close();
            }
        }
    }

    @Override
    protected EigenDecomposition doTridiagonal(double[] d, double[] e, int n, boolean vectors) {
        try (PointerScope scope = new PointerScope()) {
            DoublePointer pd = new DoublePointer(d);
            DoublePointer pe = new DoublePointer(e);
            DoublePointer pz = new DoublePointer(vectors ? (long) n * n : 1);
            int info = openblas.LAPACKE_dstev(COL_MAJOR, (byte) (vectors ? 'V' : 'N'), n, pd, pe, pz, vectors ? n : 1);
            check("dstev", info);
            pd.get(d);
            if (!vectors) {
                return new EigenDecomposition(d, null);
            }
            double[] z = new double[n * n];
            pz.get(z);
            return new EigenDecomposition(d, new HeapMatrix(n, n, z));
        }
    }

    private static void check(String routine, int info) {
        if (info != 0) {
            throw new LapackException(routine, info);
        }
    }

    /** The native view of a matrix: its own pointer if off-heap, else a scoped copy. */
    private static DoublePointer in(DenseMatrix m) {
        if (m instanceof OffHeapMatrix off) {
            return off.pointer();
        }
        double[] data = ((HeapMatrix) m).data();
        return data.length == 0 ? new DoublePointer(1) : new DoublePointer(data);
    }

    /** Copies a scoped copy back into a heap matrix (no-op for off-heap matrices). */
    private static void back(DenseMatrix m, DoublePointer p) {
        if (m instanceof HeapMatrix heap && heap.data().length > 0) {
            p.position(0).get(heap.data());
        }
    }
}
