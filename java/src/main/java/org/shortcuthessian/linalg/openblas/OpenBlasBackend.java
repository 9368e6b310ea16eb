package org.shortcuthessian.linalg.openblas;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.openblas.global.openblas;
import org.bytedeco.openblas.global.openblas_full;
import org.shortcuthessian.linalg.AbstractBackend;
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
import org.shortcuthessian.natives.NativeKernels;

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

    /**
     * Loads OpenBLAS and the project's kernels.
     *
     * @throws UnsatisfiedLinkError or another {@link LinkageError} if they cannot be loaded here
     */
    public OpenBlasBackend() {
        Loader.load(openblas.class);
        Loader.load(openblas_full.class);
        NativeKernels.require();
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
                + NativeKernels.isa() + ")";
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
        m.put("kernels_isa", NativeKernels.isa());
        m.put("kernels_version", NativeKernels.version());
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
