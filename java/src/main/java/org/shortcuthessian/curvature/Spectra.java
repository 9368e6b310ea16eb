package org.shortcuthessian.curvature;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.BackendKind;

/** Full spectra of dense Hessians: eigenvalues (optionally eigenvectors) and their statistics. */
public final class Spectra {
    private Spectra() {
    }

    /**
     * A spectrum of the Hessian at a point, with the time of each step.
     *
     * @param result         eigenvalues, statistics and routine
     * @param hessianSeconds assembly of the dense Hessian
     * @param eigenSeconds   the LAPACK eigenvalue call
     */
    public record Timed(SpectrumResult result, double hessianSeconds, double eigenSeconds) {
        /** @return the statistics. */
        public SpectrumStatistics statistics() {
            return result.statistics();
        }
    }

    /**
     * The full spectrum (eigenvalues only) of the dense Hessian at θ: assembled by the curvature's
     * AUTO path into a buffer that is released before returning.
     */
    public static Timed atPoint(Curvature curvature, double[] theta, EigenvalueMethod method) {
        long t0 = System.nanoTime();
        try (DenseMatrix h = curvature.hessian(theta)) {
            long t1 = System.nanoTime();
            SpectrumResult r = dense(curvature.backend(), h, method, false);
            return new Timed(r, (t1 - t0) * 1e-9, (System.nanoTime() - t1) * 1e-9);
        }
    }

    /**
     * The full spectrum of a symmetric matrix, in place.
     *
     * @param backend which linear algebra computes it
     * @param h       the symmetric n×n Hessian; <b>overwritten</b>: destroyed, or holding the eigenvectors
     *                as columns if {@code vectors} is true
     * @param method  LAPACK routine for eigenvalues only (ignored when vectors are asked for: dsyevd)
     * @param vectors whether to compute eigenvectors
     */
    public static SpectrumResult dense(Backend backend, DenseMatrix h, EigenvalueMethod method, boolean vectors) {
        double[] values;
        String routine;
        if (vectors) {
            values = backend.eigenpairs(h);
            routine = "dsyevd";
        } else {
            values = backend.eigenvalues(h, method);
            routine = method.resolve(h.rows()).routine();
        }
        if (backend.kind() == BackendKind.JAVA) {
            routine = "ojalgo";
        }
        return new SpectrumResult(values, SpectrumStatistics.of(values), routine, vectors ? h : null);
    }
}
