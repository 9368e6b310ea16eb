package org.shortcuthessian.curvature.matrixfree;

import java.util.Locale;
import java.util.Objects;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianTooLargeException;
import org.shortcuthessian.curvature.Spectra;
import org.shortcuthessian.curvature.SpectrumResult;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenDecomposition;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SpectrumRange;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * The one entry point for the spectrum of a Hessian, dense or matrix-free.
 *
 * <p>{@link SpectrumMethod#AUTO} uses the dense path (exact, every eigenvalue, LAPACK) when the N×N matrix
 * fits in the memory available ({@link Curvature#requireFits}: 8·N² bytes of native memory for the native
 * backend, of heap for the pure-Java one), and otherwise Lanczos (when top or bottom eigenvalues are asked
 * for) or SLQ (the density and estimated statistics). The report says which it used and why. Forcing DENSE
 * past the limit is a {@link HessianTooLargeException}, before anything is allocated.
 *
 * <pre>{@code
 * Curvature curv = new Curvature(spec, data);
 * SpectrumReport r = SpectrumSolver.compute(curv, theta, SpectrumRequest.of(SpectrumMethod.AUTO, 10, 10));
 * r.method();       // DENSE or LANCZOS
 * r.eigenvalues();  // the 10 smallest then the 10 largest, ascending
 * }</pre>
 */
public final class SpectrumSolver {
    private SpectrumSolver() {
    }

    /** The spectrum of the Hessian of curv at θ. */
    public static SpectrumReport compute(Curvature curv, double[] theta, SpectrumRequest request) {
        Objects.requireNonNull(curv, "curvature");
        Objects.requireNonNull(request, "request");
        int n = curv.parameters();
        request.check(n);
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        Choice c = choose(request, n, backend);
        if (c.method == SpectrumMethod.DENSE) {
            try (DenseMatrix h = curv.hessian(theta)) {
                return dense(backend, h, request, c.reason, t0);
            }
        }
        return matrixFree(backend, curv.hessianOperator(theta), c.method, request, c.reason, t0);
    }

    /**
     * The spectrum of the diagonal block H[indices, indices] of the Hessian at θ (one unit, one layer, or any
     * subset of parameters: {@link ParameterBlocks}). Dense when the whole Hessian fits (it is assembled, the
     * block copied out); forced DENSE past that assembles the block from one product per column; otherwise
     * matrix-free on the restricted operator.
     */
    public static SpectrumReport computeBlock(Curvature curv, double[] theta, int[] indices, SpectrumRequest request) {
        Objects.requireNonNull(curv, "curvature");
        Objects.requireNonNull(request, "request");
        int[] idx = ParameterBlocks.check(indices, curv.parameters());
        request.check(idx.length);
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        Choice whole = choose(SpectrumRequest.auto(), curv.parameters(), backend);
        boolean wholeFits = whole.method == SpectrumMethod.DENSE;
        if (request.method() == SpectrumMethod.DENSE || (request.method() == SpectrumMethod.AUTO && wholeFits)) {
            if (wholeFits) {
                try (DenseMatrix h = curv.hessian(theta)) {
                    return dense(backend, ParameterBlocks.submatrix(h, idx), request,
                            "dense: block of " + idx.length + " copied from the assembled Hessian (" + whole.reason + ")", t0);
                }
            }
            Curvature.requireFits(idx.length, backend);
            AssembledMatrix block = assemble(Operators.restricted(curv.hessianOperator(theta), idx));
            return dense(backend, block.matrix, request, "dense: block of " + idx.length + " assembled from "
                    + block.products + " Hessian-vector products (the whole Hessian does not fit)", t0);
        }
        String reason = request.method() == SpectrumMethod.AUTO ? "matrix-free on the block: " + whole.reason : "requested";
        return matrixFree(backend, Operators.restricted(curv.hessianOperator(theta), idx), matrixFreeMethod(request),
                request, reason, t0);
    }

    /**
     * The spectrum of a symmetric matrix already in memory. AUTO is DENSE here. With DENSE, h is
     * <b>destroyed</b>; with LANCZOS or SLQ it is only read.
     */
    public static SpectrumReport compute(Backend backend, DenseMatrix h, SpectrumRequest request) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(h, "h");
        Objects.requireNonNull(request, "request");
        request.check(h.rows());
        long t0 = System.nanoTime();
        if (request.method() == SpectrumMethod.DENSE || request.method() == SpectrumMethod.AUTO) {
            return dense(backend, h, request, request.method() == SpectrumMethod.AUTO
                    ? "dense: the matrix is in memory" : "requested", t0);
        }
        return matrixFree(backend, Operators.dense(h), request.method(), request, "requested", t0);
    }

    /**
     * The spectrum of an operator. AUTO is LANCZOS when eigenvalues are selected, else SLQ; DENSE assembles
     * the matrix from one product per column (refused if it does not fit).
     */
    public static SpectrumReport compute(Backend backend, SymmetricOperator a, SpectrumRequest request) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(a, "operator");
        Objects.requireNonNull(request, "request");
        request.check(a.dimension());
        long t0 = System.nanoTime();
        if (request.method() == SpectrumMethod.DENSE) {
            Curvature.requireFits(a.dimension(), backend);
            AssembledMatrix block = assemble(a);
            return dense(backend, block.matrix, request, "requested: assembled from " + block.products + " products", t0);
        }
        return matrixFree(backend, a, matrixFreeMethod(request), request, request.method() == SpectrumMethod.AUTO
                ? "matrix-free: an operator" : "requested", t0);
    }

    private record Choice(SpectrumMethod method, String reason) {
    }

    private static Choice choose(SpectrumRequest request, int n, Backend backend) {
        if (request.method() == SpectrumMethod.DENSE) {
            Curvature.requireFits(n, backend);
            return new Choice(SpectrumMethod.DENSE, "requested");
        }
        if (request.method() != SpectrumMethod.AUTO) {
            return new Choice(request.method(), "requested");
        }
        try {
            Curvature.requireFits(n, backend);
            return new Choice(SpectrumMethod.DENSE, String.format(Locale.ROOT,
                    "dense: the N×N Hessian (N = %d, 8·N² = %.3g GB) fits in the memory available", n, 8.0 * n * n / 1e9));
        } catch (HessianTooLargeException e) {
            return new Choice(matrixFreeMethod(request), String.format(Locale.ROOT,
                    "matrix-free: the N×N Hessian (N = %d) needs %.3g GB (8·N²), %.3g GB available", n,
                    e.bytesNeeded() / 1e9, e.bytesAvailable() / 1e9));
        }
    }

    /** The requested method, or for AUTO: LANCZOS when eigenvalues are selected, else SLQ. */
    private static SpectrumMethod matrixFreeMethod(SpectrumRequest r) {
        if (r.method() == SpectrumMethod.LANCZOS || r.method() == SpectrumMethod.SLQ) {
            return r.method();
        }
        return r.selects() ? SpectrumMethod.LANCZOS : SpectrumMethod.SLQ;
    }

    private record AssembledMatrix(HeapMatrix matrix, int products) {
    }

    /** The matrix of an operator, one product per column (A·e_j), symmetrized as (A + Aᵀ)/2. */
    private static AssembledMatrix assemble(SymmetricOperator a) {
        int k = a.dimension();
        HeapMatrix m = new HeapMatrix(k, k);
        double[] e = new double[k];
        double[] col = new double[k];
        for (int j = 0; j < k; j++) {
            e[j] = 1.0;
            a.apply(e, col);
            e[j] = 0.0;
            System.arraycopy(col, 0, m.data(), j * k, k);
        }
        for (int j = 0; j < k; j++) {
            for (int i = j + 1; i < k; i++) {
                double s = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, s);
                m.set(j, i, s);
            }
        }
        return new AssembledMatrix(m, k);
    }

    /** LAPACK on h (destroyed): all eigenvalues, or one end by dsyevr, or both ends from all. */
    private static SpectrumReport dense(Backend backend, DenseMatrix h, SpectrumRequest r, String reason, long t0) {
        int n = h.rows();
        double[] values;
        String routine;
        SpectrumStatistics stats = null;
        if (r.top() > 0 && r.bottom() == 0 || r.bottom() > 0 && r.top() == 0) {
            SpectrumRange range = r.top() > 0 ? SpectrumRange.largest(r.top(), n) : SpectrumRange.smallest(r.bottom());
            try (EigenDecomposition d = backend.subset(h, range, false)) {
                values = d.values();
            }
            routine = "dsyevr";
        } else {
            SpectrumResult all = Spectra.dense(backend, h, EigenvalueMethod.AUTO, false);
            routine = all.routine();
            stats = all.statistics();
            values = r.selects() ? select(all.eigenvalues(), r.top(), r.bottom()) : all.eigenvalues();
        }
        return new SpectrumReport(SpectrumMethod.DENSE, reason, values, r.top(), r.bottom(), null, null, stats,
                null, null, routine, 0, seconds(t0));
    }

    private static double[] select(double[] ascending, int top, int bottom) {
        int n = ascending.length;
        double[] out = new double[top + bottom];
        System.arraycopy(ascending, 0, out, 0, bottom);
        System.arraycopy(ascending, n - top, out, bottom, top);
        return out;
    }

    private static SpectrumReport matrixFree(Backend backend, SymmetricOperator a, SpectrumMethod m, SpectrumRequest r,
                                             String reason, long t0) {
        if (m == SpectrumMethod.LANCZOS && !r.selects()) {
            throw new IllegalArgumentException("method lanczos: ask for top or bottom eigenvalues (both are 0)");
        }
        long products = 0;
        SpectralDensity density = null;
        if (m == SpectrumMethod.SLQ) {
            density = StochasticLanczosQuadrature.density(backend, a, r.slq());
            products += density.products();
        }
        LanczosResult lz = null;
        double[] values = new double[0];
        if (r.selects()) {
            lz = Lanczos.extremes(backend, a, r.top(), r.bottom(), r.lanczos());
            products += lz.products();
            values = lz.values();
        }
        return new SpectrumReport(m, reason, values, r.top(), r.bottom(), lz == null ? null : lz.residuals(),
                lz == null ? null : lz.converged(), null, density, lz, m.jsonName(), products, seconds(t0));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** @return a short description of the eigenvalues a report holds, e.g. "top 10, bottom 5" or "all". */
    public static String describe(SpectrumReport r) {
        if (r.top() + r.bottom() == 0) {
            return r.eigenvalues().length == 0 ? "none" : "all";
        }
        return (r.top() > 0 ? "top " + r.top() : "") + (r.top() > 0 && r.bottom() > 0 ? ", " : "")
                + (r.bottom() > 0 ? "bottom " + r.bottom() : "");
    }
}
