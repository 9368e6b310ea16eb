package org.shortcuthessian.curvature.matrixfree;

/**
 * Eigenvalues found by {@link Lanczos}, ascending, with what is known of each.
 *
 * @param values            the Ritz values: {@code bottom} smallest then {@code top} largest (or the k of largest
 *                          magnitude), ascending
 * @param residuals         ‖A·x − θ·x‖ of each Ritz pair (x of unit length): computed with one product each if
 *                          {@code residualsExplicit}, else the Lanczos estimate |β_m·y_m| (exact in exact arithmetic)
 * @param converged         residual ≤ tolerance·normEstimate for each value
 * @param vectors           the unit Ritz vectors x (vectors[i] belongs to values[i]) if asked for, else null
 * @param which             LARGEST or SMALLEST for a top/bottom request (both ends may be in it), or LARGEST_MAGNITUDE
 * @param top               how many of {@code values} are the largest
 * @param bottom            how many are the smallest
 * @param products          operator applications used, residual checks included
 * @param restarts          thick restarts
 * @param basisSize         the basis size between restarts
 * @param normEstimate      max |Ritz value| seen: a lower bound of ‖A‖, used as its estimate
 * @param tolerance         the convergence tolerance relative to normEstimate
 * @param reorthogonalization how the basis was kept orthogonal
 * @param blockSize         vectors per block (1: single-vector Lanczos)
 */
public record LanczosResult(double[] values, double[] residuals, boolean[] converged, boolean residualsExplicit,
                            double[][] vectors, Which which, int top, int bottom, int products, int restarts,
                            int basisSize, double normEstimate, double tolerance,
                            Reorthogonalization reorthogonalization, int blockSize) {

    /** @return whether every reported pair converged. */
    public boolean allConverged() {
        for (boolean c : converged) {
            if (!c) {
                return false;
            }
        }
        return true;
    }

    /** @return the largest residual. */
    public double maxResidual() {
        double m = 0;
        for (double r : residuals) {
            m = Math.max(m, r);
        }
        return m;
    }
}
