package org.shortcuthessian.linalg;

import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Passes;

import java.util.Objects;

/**
 * The facade half of every backend: validates the arguments of each routine once, names the routine
 * and argument in the message, handles the empty cases, and hands clean arguments to the kernels
 * (the {@code do*} methods), which check nothing.
 */
public abstract class AbstractBackend implements Backend {

    @Override
    public final void gemm(Transpose transA, Transpose transB, double alpha, DenseMatrix a, DenseMatrix b,
                           double beta, DenseMatrix c) {
        Objects.requireNonNull(transA, "gemm: transA");
        Objects.requireNonNull(transB, "gemm: transB");
        Objects.requireNonNull(a, "gemm: A");
        Objects.requireNonNull(b, "gemm: B");
        Objects.requireNonNull(c, "gemm: C");
        int m = transA == Transpose.NO ? a.rows() : a.cols();
        int ka = transA == Transpose.NO ? a.cols() : a.rows();
        int kb = transB == Transpose.NO ? b.rows() : b.cols();
        int n = transB == Transpose.NO ? b.cols() : b.rows();
        if (ka != kb) {
            throw new MatrixDimensionException("gemm: op(A) is " + m + "×" + ka + " but op(B) is " + kb + "×" + n
                    + " (inner dimensions differ)");
        }
        if (c.rows() != m || c.cols() != n) {
            throw new MatrixDimensionException("gemm: C is " + c.rows() + "×" + c.cols() + ", expected " + m + "×" + n);
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("gemm: C must not be the same matrix as A or B");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (ka == 0 || alpha == 0.0) {
            scale(c, beta, null);
            return;
        }
        doGemm(transA, transB, m, n, ka, alpha, a, b, beta, c);
    }

    @Override
    public final void syrk(Uplo uplo, Transpose trans, double alpha, DenseMatrix a, double beta, DenseMatrix c) {
        Objects.requireNonNull(uplo, "syrk: uplo");
        Objects.requireNonNull(trans, "syrk: trans");
        Objects.requireNonNull(a, "syrk: A");
        Objects.requireNonNull(c, "syrk: C");
        int n = trans == Transpose.NO ? a.rows() : a.cols();
        int k = trans == Transpose.NO ? a.cols() : a.rows();
        if (c.rows() != n || c.cols() != n) {
            throw new MatrixDimensionException("syrk: C is " + c.rows() + "×" + c.cols() + ", expected " + n + "×" + n
                    + " (op(A) is " + n + "×" + k + ")");
        }
        if (c == a) {
            throw new IllegalArgumentException("syrk: C must not be the same matrix as A");
        }
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0.0) {
            scale(c, beta, uplo);
            return;
        }
        doSyrk(uplo, trans, n, k, alpha, a, beta, c);
    }

    @Override
    public final double[] eigenvalues(DenseMatrix h, EigenvalueMethod method) {
        Objects.requireNonNull(method, "eigenvalues: method");
        int n = checkSymmetricArgument("eigenvalues", h);
        if (n == 0) {
            return new double[0];
        }
        if (n == 1) {
            return new double[] {h.get(0, 0)};
        }
        return doEigenvalues(h, n, method.resolve(n));
    }

    @Override
    public final double[] eigenpairs(DenseMatrix h) {
        int n = checkSymmetricArgument("eigenpairs", h);
        if (n == 0) {
            return new double[0];
        }
        if (n == 1) {
            double v = h.get(0, 0);
            h.set(0, 0, 1.0);
            return new double[] {v};
        }
        return doEigenpairs(h, n);
    }

    @Override
    public final EigenDecomposition subset(DenseMatrix h, SpectrumRange range, boolean vectors) {
        Objects.requireNonNull(range, "subset: range");
        int n = checkSymmetricArgument("subset", h);
        if (range.kind() == SpectrumRange.Kind.INDEX) {
            int lo = range.loIndex();
            int hi = range.hiIndex();
            if (lo != range.lo() || hi != range.hi()) {
                throw new IllegalArgumentException("subset: index range [" + range.lo() + ", " + range.hi()
                        + "] is not integral");
            }
            if (n == 0 ? (lo != 0 || hi != -1) : (lo < 0 || hi >= n || lo > hi + 1)) {
                throw new IllegalArgumentException("subset: index range [" + lo + ", " + hi
                        + "] outside 0.." + (n - 1));
            }
            if (hi < lo) {
                return new EigenDecomposition(new double[0], vectors ? allocate(n, 0) : null);
            }
        } else if (!(range.lo() < range.hi()) || Double.isNaN(range.lo()) || Double.isNaN(range.hi())) {
            throw new IllegalArgumentException("subset: value range (" + range.lo() + ", " + range.hi()
                    + "] is empty or NaN");
        }
        if (n == 0) {
            return new EigenDecomposition(new double[0], vectors ? allocate(0, 0) : null);
        }
        return doSubset(h, n, range, vectors);
    }

    @Override
    public final EigenDecomposition tridiagonal(double[] diagonal, double[] offDiagonal, boolean vectors) {
        Objects.requireNonNull(diagonal, "tridiagonal: diagonal");
        Objects.requireNonNull(offDiagonal, "tridiagonal: offDiagonal");
        int n = diagonal.length;
        if (offDiagonal.length != Math.max(0, n - 1)) {
            throw new MatrixDimensionException("tridiagonal: offDiagonal has length " + offDiagonal.length
                    + ", expected " + Math.max(0, n - 1) + " (diagonal has " + n + ")");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(diagonal[i]) || (i < n - 1 && !Double.isFinite(offDiagonal[i]))) {
                throw new IllegalArgumentException("tridiagonal: non-finite entry at index " + i);
            }
        }
        if (n <= 1) {
            return new EigenDecomposition(diagonal.clone(), vectors ? new HeapMatrix(n, n, n == 1
                    ? new double[] {1.0} : new double[0]) : null);
        }
        return doTridiagonal(diagonal.clone(), offDiagonal.clone(), n, vectors);
    }

    private static int checkSymmetricArgument(String routine, DenseMatrix h) {
        Objects.requireNonNull(h, routine + ": H");
        if (!h.isSquare()) {
            throw new MatrixDimensionException(routine + ": H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        return h.rows();
    }

    /** C ← beta·C on the whole matrix (uplo == null) or one triangle; beta = 0 clears NaN too. */
    private static void scale(DenseMatrix c, double beta, Uplo uplo) {
        if (beta == 1.0) {
            return;
        }
        for (int j = 0; j < c.cols(); j++) {
            for (int i = 0; i < c.rows(); i++) {
                if (uplo == null || uplo.contains(i, j)) {
                    c.set(i, j, beta == 0.0 ? 0.0 : beta * c.get(i, j));
                }
            }
        }
    }

    /** Kernel: arguments are valid, m, n, k ≥ 1, alpha ≠ 0. */
    // ---- MatrixKernels: validated here, computed by the do* kernels ----

    @Override
    public final long firstNonFinite(DenseMatrix m) {
        Objects.requireNonNull(m, "firstNonFinite: m");
        return m.size() == 0 ? -1 : doFirstNonFinite(m);
    }

    @Override
    public final SymmetryReport symmetry(DenseMatrix h) {
        Objects.requireNonNull(h, "symmetry: H");
        if (!h.isSquare()) {
            throw new MatrixDimensionException("symmetry: H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        return h.rows() == 0 ? new SymmetryReport(0.0, 0.0, 0, 0) : doSymmetry(h);
    }

    @Override
    public final void symmetrizeFromLower(DenseMatrix h) {
        Objects.requireNonNull(h, "symmetrizeFromLower: H");
        if (!h.isSquare()) {
            throw new MatrixDimensionException("symmetrizeFromLower: H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        if (h.rows() > 1) {
            doSymmetrizeFromLower(h);
        }
    }

    @Override
    public final DenseMatrix allocateUninitialized(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new MatrixDimensionException("allocateUninitialized: negative shape " + rows + "×" + cols);
        }
        return doAllocateUninitialized(rows, cols);
    }

    // ---- HessianKernels ----

    @Override
    public final Workspace workspace(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("workspace: negative length " + length);
        }
        return doWorkspace(length);
    }

    @Override
    public final void sourceTangents(NetworkShape g, int s, int mc, double invM, Workspace theta, Workspace d1,
                                     Workspace d2, Workspace lam, Workspace adot, Workspace zdot, Workspace hdot,
                                     Workspace tmp) {
        Objects.requireNonNull(g, "sourceTangents: geometry");
        int layers = g.layers();
        if (s < 0 || s >= layers) {
            throw new IllegalArgumentException("sourceTangents: source layer " + s + " outside [0, " + layers + ")");
        }
        if (mc < 8 || mc % 8 != 0) {
            throw new IllegalArgumentException("sourceTangents: chunk of " + mc + " samples, must be a positive multiple of 8");
        }
        long d = g.dim();
        long slot = d * d * mc;
        long sites = (long) g.units() * (g.depth() + 1);
        theta.checkRange("sourceTangents: theta", 0, (long) layers * d * d);
        d1.checkRange("sourceTangents: d1", 0, sites * d * mc);
        d2.checkRange("sourceTangents: d2", 0, sites * d * mc);
        lam.checkRange("sourceTangents: lam", 0, (layers - s) * slot);
        adot.checkRange("sourceTangents: adot", 0, (layers - s) * slot);
        zdot.checkRange("sourceTangents: zdot", 0, (layers - s) * slot);
        hdot.checkRange("sourceTangents: hdot", 0, (g.units() + 1L) * slot);
        tmp.checkRange("sourceTangents: tmp", 0, 3 * slot);
        doSourceTangents(g, s, mc, invM, theta, d1, d2, lam, adot, zdot, hdot, tmp);
    }

    @Override
    public final void pairBlock(int d, int mc, Workspace packedA, long as, long al, Workspace packedLz, long lz,
                                Workspace lam, long lamOffset, Workspace adot, long adotOffset, boolean withAdot,
                                Workspace acc, long accOffset) {
        if (d < 1 || mc < 8 || mc % 8 != 0) {
            throw new IllegalArgumentException("pairBlock: d = " + d + ", chunk of " + mc
                    + " samples (d ≥ 1, the chunk a positive multiple of 8)");
        }
        long dd = (long) d * d;
        packedA.checkRange("pairBlock: a_s", as, (long) d * mc);
        packedA.checkRange("pairBlock: a_l", al, (long) d * mc);
        packedLz.checkRange("pairBlock: lambda(z_l)", lz, (long) d * mc);
        lam.checkRange("pairBlock: Lambda_l", lamOffset, dd * mc);
        if (withAdot) {
            adot.checkRange("pairBlock: Adot_l", adotOffset, dd * mc);
        }
        acc.checkRange("pairBlock: acc", accOffset, dd * dd);
        doPairBlock(d, mc, packedA, as, al, packedLz, lz, lam, lamOffset, adot, adotOffset, withAdot, acc, accOffset);
    }

    @Override
    public final void storeBlock(DenseMatrix h, int d, int l, int s, Workspace acc, long accOffset) {
        long dd = (long) d * d;
        checkBlocks("storeBlock", h, d, l, s);
        acc.checkRange("storeBlock: acc", accOffset, dd * dd);
        doStoreBlock(h, d, l, s, acc, accOffset);
    }

    @Override
    public final void kronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f, double[] y) {
        checkBlocks("kronBlock", h, d, l, lp);
        if (l > lp) {
            throw new IllegalArgumentException("kronBlock: l = " + l + " > l' = " + lp);
        }
        int dd = d * d;
        if (c.length < dd || r.length < dd || (f == null) != (y == null) || (f != null && (f.length < dd || y.length < dd))) {
            throw new MatrixDimensionException("kronBlock: C, R (and F, Y together) must be d×d = " + dd + " elements");
        }
        doKronBlock(h, d, l, lp, c, r, f, y);
    }

    private static void checkBlocks(String routine, DenseMatrix h, int d, int l, int s) {
        Objects.requireNonNull(h, routine + ": H");
        long dd = (long) d * d;
        if (!h.isSquare() || h.rows() % dd != 0) {
            throw new MatrixDimensionException(routine + ": H is " + h.rows() + "×" + h.cols()
                    + ", not square in blocks of d² = " + dd);
        }
        long blocks = h.rows() / dd;
        if (l < 0 || s < 0 || l >= blocks || s >= blocks) {
            throw new IllegalArgumentException(routine + ": block (" + l + ", " + s + ") outside the " + blocks + "×"
                    + blocks + " blocks of H");
        }
    }

    // ---- PassKernels ----

    @Override
    public final Passes passes(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads) {
        Objects.requireNonNull(shape, "passes: shape");
        long dm = (long) shape.dim() * samples;
        if (samples < 1) {
            throw new IllegalArgumentException("passes: " + samples + " samples (at least 1)");
        }
        if (inputs.length != dm || targets.length != dm) {
            throw new MatrixDimensionException("passes: inputs and targets must be d×m = " + shape.dim() + "×" + samples
                    + " (lengths " + inputs.length + ", " + targets.length + ")");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("passes: threads = " + threads + ", must be at least 1");
        }
        return doPasses(shape, inputs, targets, samples, threads);
    }

    protected abstract Passes doPasses(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads);

    protected abstract long doFirstNonFinite(DenseMatrix m);

    protected abstract SymmetryReport doSymmetry(DenseMatrix h);

    protected abstract void doSymmetrizeFromLower(DenseMatrix h);

    protected abstract DenseMatrix doAllocateUninitialized(int rows, int cols);

    protected abstract Workspace doWorkspace(long length);

    protected abstract void doSourceTangents(NetworkShape g, int s, int mc, double invM, Workspace theta,
                                             Workspace d1, Workspace d2, Workspace lam, Workspace adot, Workspace zdot,
                                             Workspace hdot, Workspace tmp);

    protected abstract void doPairBlock(int d, int mc, Workspace packedA, long as, long al, Workspace packedLz, long lz,
                                        Workspace lam, long lamOffset, Workspace adot, long adotOffset, boolean withAdot,
                                        Workspace acc, long accOffset);

    protected abstract void doStoreBlock(DenseMatrix h, int d, int l, int s, Workspace acc, long accOffset);

    protected abstract void doKronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f,
                                        double[] y);

    protected abstract void doGemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
                                   DenseMatrix a, DenseMatrix b, double beta, DenseMatrix c);

    /** Kernel: arguments are valid, n, k ≥ 1, alpha ≠ 0. */
    protected abstract void doSyrk(Uplo uplo, Transpose trans, int n, int k, double alpha, DenseMatrix a,
                                   double beta, DenseMatrix c);

    /** Kernel: n ≥ 2, method is not AUTO. */
    protected abstract double[] doEigenvalues(DenseMatrix h, int n, EigenvalueMethod method);

    /** Kernel: n ≥ 2. */
    protected abstract double[] doEigenpairs(DenseMatrix h, int n);

    /** Kernel: n ≥ 1, range valid and non-empty by index. */
    protected abstract EigenDecomposition doSubset(DenseMatrix h, int n, SpectrumRange range, boolean vectors);

    /**
     * Kernel: n ≥ 2, entries finite; d and e are this call's own copies (may be overwritten).
     * Returns values ascending, vectors as an n×n {@link HeapMatrix} if asked for.
     */
    protected abstract EigenDecomposition doTridiagonal(double[] d, double[] e, int n, boolean vectors);
}
