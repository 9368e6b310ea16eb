package org.shortcuthessian.curvature.matrixfree;

import org.shortcuthessian.curvature.SpectrumStatistics;

/**
 * What {@link SpectrumSolver} computed, and how.
 *
 * @param method      the method used (never AUTO)
 * @param reason      why: e.g. that the dense matrix fits (bytes needed and available) or does not
 * @param eigenvalues ascending: every eigenvalue (dense, nothing selected), else the {@code bottom} smallest then
 *                    the {@code top} largest; empty for SLQ with nothing selected
 * @param top         how many of them are the largest
 * @param bottom      how many are the smallest
 * @param residuals   ‖H·x − λ·x‖ per eigenvalue for Lanczos, null for dense (backward stable to ε·‖H‖)
 * @param converged   per eigenvalue for Lanczos, null for dense
 * @param statistics  the exact statistics of DESIGN.md when every eigenvalue was computed, else null
 * @param density     the SLQ density and estimated statistics (method SLQ), else null
 * @param lanczos     the Lanczos run, if there was one
 * @param routine     the LAPACK routine (dense), or "lanczos" / "slq"
 * @param products    Hessian-vector (operator) products used; 0 for dense
 * @param seconds     wall time of the spectrum (the dense assembly included)
 */
public record SpectrumReport(SpectrumMethod method, String reason, double[] eigenvalues, int top, int bottom,
                             double[] residuals, boolean[] converged, SpectrumStatistics statistics,
                             SpectralDensity density, LanczosResult lanczos, String routine, long products,
                             double seconds) {

    /** @return whether every eigenvalue of the matrix is in {@link #eigenvalues()}. */
    public boolean complete() {
        return statistics != null && statistics.count() == eigenvalues.length;
    }
}
