package org.shortcuthessian.curvature.spectrum;

import java.util.Objects;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianOperator;
import org.shortcuthessian.curvature.HessianTooLargeException;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenDecomposition;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SpectrumRange;
import org.shortcuthessian.linalg.SymmetricOperator;
import org.shortcuthessian.curvature.matrixfree.BlockLanczos;
import org.shortcuthessian.curvature.matrixfree.Lanczos;
import org.shortcuthessian.curvature.matrixfree.LanczosResult;
import org.shortcuthessian.curvature.matrixfree.Operators;
import org.shortcuthessian.curvature.matrixfree.ParameterBlocks;
import org.shortcuthessian.curvature.matrixfree.SpectralDensity;
import org.shortcuthessian.curvature.matrixfree.StochasticLanczosQuadrature;

/**
 * The one entry point for the spectrum of a Hessian, dense or matrix-free.
 *
 * <p>{@link SpectrumMethod#AUTO} uses the dense path (exact, every eigenvalue, LAPACK) when the N×N matrix
 * fits in the memory available ({@link SpectrumPolicy}, {@link Curvature#fits}: 8·N² bytes of native memory for the native
 * backend, of heap for the pure-Java one), and otherwise Lanczos (when top or bottom eigenvalues are asked
 * for) or SLQ (the density and estimated statistics). The report says which it used and why. Forcing DENSE
 * past the limit is a {@link HessianTooLargeException}, before anything is allocated.
 *
 * <pre>{@code
 * Curvature curv = new Curvature(spec, data, Backends.get());
 * SpectrumReport r = SpectrumSolver.compute(curv, theta, SpectrumRequest.of(SpectrumMethod.AUTO, 10, 10));
 * r.method();       // DENSE or LANCZOS
 * r.eigenvalues();  // the 10 smallest then the 10 largest, ascending
 * }</pre>
 */
public final class SpectrumSolver {
    private SpectrumSolver() {
    }

    /** The spectrum of the Hessian of curv at θ, decided by {@link SpectrumPolicy}. */
    public static SpectrumReport compute(Curvature curv, double[] theta, SpectrumRequest request) {
        Objects.requireNonNull(curv, "curvature");
        Objects.requireNonNull(request, "request");
        int n = curv.parameters();
        request.check(n);
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        SpectrumPolicy.Decision c = SpectrumPolicy.decide(request, n, backend);
        if (c.dense()) {
            if (request.vectors()) {
                throw new IllegalArgumentException("vectors: the eigenvectors of an assembled Hessian overwrite it;"
                        + " assemble it with Curvature.hessian and call compute(backend, h, request)");
            }
            try (DenseMatrix h = curv.hessian(theta)) {
                double assembly = seconds(t0);
                return dense(backend, h, request, c.reason(), t0, assembly);
            }
        }
        HeapBudget.requireMatrixFree(curv, c.method(), request);
        return matrixFree(backend, curv.hessianOperator(theta), c.method(), request, c.reason(), t0);
    }

    /**
     * The statistics training and sweeps record at θ: exact (every eigenvalue by the given LAPACK routine) when
     * the dense Hessian fits, else estimated by SLQ with default settings ({@link SpectrumReport#recordedStatistics});
     * matrixFree forces SLQ whatever N.
     */
    public static SpectrumReport statistics(Curvature curv, double[] theta, EigenvalueMethod eigensolver,
                                            boolean matrixFree) {
        return compute(curv, theta, SpectrumRequest.of(matrixFree ? SpectrumMethod.SLQ : SpectrumMethod.AUTO, 0, 0)
                .withEigensolver(eigensolver));
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
        SpectrumPolicy.Decision whole = SpectrumPolicy.decide(SpectrumRequest.auto(), curv.parameters(), backend);
        boolean wholeFits = whole.dense();
        if (request.method() == SpectrumMethod.DENSE || (request.method() == SpectrumMethod.AUTO && wholeFits)) {
            if (wholeFits) {
                try (DenseMatrix h = curv.hessian(theta)) {
                    return dense(backend, ParameterBlocks.submatrix(h, idx), request, "dense: block of " + idx.length
                            + " copied from the assembled Hessian (" + whole.reason() + ")", t0, seconds(t0));
                }
            }
            Curvature.requireFits(idx.length, backend);
            AssembledMatrix block = assemble(Operators.restricted(curv.hessianOperator(theta), idx));
            return dense(backend, block.matrix, request, "dense: block of " + idx.length + " assembled from "
                    + block.products + " Hessian-vector products (the whole Hessian does not fit)", t0, seconds(t0));
        }
        String reason = request.method() == SpectrumMethod.AUTO ? "matrix-free on the block: " + whole.reason() : "requested";
        HeapBudget.requireMatrixFree(idx.length, SpectrumPolicy.matrixFree(request), request,
                HessianOperator.heapBytes(curv.spec(), curv.data().samples()));
        return matrixFree(backend, Operators.restricted(curv.hessianOperator(theta), idx),
                SpectrumPolicy.matrixFree(request), request, reason, t0);
    }

    /**
     * The spectrum of a symmetric matrix already in memory. AUTO is DENSE here. With DENSE, h is
     * <b>overwritten</b> (destroyed, or holding the eigenvectors as columns when the request asks for them);
     * with LANCZOS or SLQ it is only read.
     */
    public static SpectrumReport compute(Backend backend, DenseMatrix h, SpectrumRequest request) {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(h, "h");
        Objects.requireNonNull(request, "request");
        request.check(h.rows());
        long t0 = System.nanoTime();
        if (request.method() == SpectrumMethod.DENSE || request.method() == SpectrumMethod.AUTO) {
            return dense(backend, h, request, request.method() == SpectrumMethod.AUTO
                    ? "dense: the matrix is in memory" : "requested", t0, 0.0);
        }
        HeapBudget.requireMatrixFree(h.rows(), request.method(), request, 8L * h.rows());
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
            return dense(backend, block.matrix, request, "requested: assembled from " + block.products + " products",
                    t0, seconds(t0));
        }
        HeapBudget.requireMatrixFree(a.dimension(), SpectrumPolicy.matrixFree(request), request, 8L * a.dimension());
        return matrixFree(backend, a, SpectrumPolicy.matrixFree(request), request,
                request.method() == SpectrumMethod.AUTO ? "matrix-free: an operator" : "requested", t0);
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

    /**
     * LAPACK on h (overwritten): all eigenvalues (with eigenvectors if asked for), one end by dsyevr, or both
     * ends from all.
     */
    private static SpectrumReport dense(Backend backend, DenseMatrix h, SpectrumRequest r, String reason, long t0,
                                        double assembly) {
        int n = h.rows();
        long e0 = System.nanoTime();
        SpectrumReport.Builder b = new SpectrumReport.Builder(SpectrumMethod.DENSE, reason, r).plain(r.plain());
        if (r.top() > 0 && r.bottom() == 0 || r.bottom() > 0 && r.top() == 0) {
            SpectrumRange range = r.top() > 0 ? SpectrumRange.largest(r.top(), n) : SpectrumRange.smallest(r.bottom());
            try (EigenDecomposition d = backend.subset(h, range, false)) {
                b.eigenvalues(d.values());
            }
            b.routine("dsyevr");
        } else {
            double[] all;
            if (r.vectors()) {
                all = backend.eigenpairs(h);
                b.routine(backend.eigenpairRoutine()).vectors(h);
            } else {
                all = backend.eigenvalues(h, r.eigensolver());
                b.routine(backend.eigenvalueRoutine(r.eigensolver().resolve(n)));
            }
            b.statistics(SpectrumStatistics.of(all)).eigenvalues(r.selects() ? select(all, r.top(), r.bottom()) : all);
        }
        return b.times(seconds(t0), assembly, seconds(e0)).build();
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
        SpectrumReport.Builder b = new SpectrumReport.Builder(m, reason, r).routine(m.jsonName());
        if (m == SpectrumMethod.SLQ) {
            SpectralDensity density = StochasticLanczosQuadrature.density(backend, a, r.slq());
            products += density.products();
            b.density(density);
        }
        if (r.selects()) {
            int block = r.lanczos().blockSizeFor(r.top(), r.bottom());
            LanczosResult lz = block > 1 ? BlockLanczos.extremes(backend, a, r.top(), r.bottom(), block, r.lanczos())
                    : Lanczos.extremes(backend, a, r.top(), r.bottom(), r.lanczos());
            products += lz.products();
            b.lanczos(lz).eigenvalues(lz.values());
        }
        double total = seconds(t0);
        return b.products(products).times(total, 0.0, total).build();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) * 1e-9;
    }
}
