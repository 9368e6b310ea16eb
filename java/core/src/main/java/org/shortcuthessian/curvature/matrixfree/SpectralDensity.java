package org.shortcuthessian.curvature.matrixfree;

/**
 * The eigenvalue density of an operator by stochastic Lanczos quadrature, and the spectrum statistics
 * of docs/DESIGN.md estimated from it, each with its standard error over the probes.
 *
 * <p>Probe p (normalized to v_p) gives Gauss quadrature nodes θ_{p,i} (the Ritz values of its s-step
 * Lanczos) with weights τ_{p,i} = (first component of the i-th eigenvector of T_p)², Σ_i τ_{p,i} = 1.
 * The SLQ measure is μ = (1/P)·Σ_p Σ_i τ_{p,i}·δ(θ_{p,i}), an unbiased estimate of the spectral measure
 * (1/N)·Σ_j δ(λ_j) up to the quadrature error. From it:
 * <ul>
 *   <li>{@code density}(t) = (1/P)·Σ_p Σ_i τ_{p,i}·φ_σ(t − θ_{p,i}) (φ_σ the normal density), integrating to 1;
 *       {@code densityStderr}(t) the standard error of that mean over probes;</li>
 *   <li>{@code p10Abs}: the 10 % quantile of |λ| under μ (the cumulative weights interpolated linearly between
 *       the nodes' midpoints), jackknife standard error over probes;</li>
 *   <li>{@code lambdaMaxAbs} = max over probes of |θ| (extreme Ritz values converge first: a lower bound of
 *       max|λ|, accurate once s is a few tens), {@code condP10} = lambdaMaxAbs / p10Abs (jackknife);</li>
 *   <li>{@code negativeRatio}: the mean over probes of Σ_i τ_{p,i}·[θ_{p,i} &lt; −1e-12·lambdaMaxAbs];</li>
 *   <li>{@code trace}: the mean over probes of ‖z_p‖²·Σ_i τ_{p,i}·θ_{p,i} = z_pᵀ·A·z_p (Hutchinson's estimator).</li>
 * </ul>
 * Each estimate carries its spread over probes and, for the cumulative ones, the quadrature's resolution
 * ({@link Estimate}): with few steps the resolution dominates, with few probes the spread does.
 *
 * @param nodes     θ_{p,i} per probe, ascending
 * @param weights   τ_{p,i} per probe
 * @param grid      the points t the density is evaluated at, ascending
 * @param products  operator applications used
 */
public record SpectralDensity(int dimension, double[][] nodes, double[][] weights, double[] grid, double[] density,
                              double[] densityStderr, double sigma, double lambdaMin, double lambdaMax,
                              double lambdaMaxAbs, Estimate p10Abs, Estimate condP10, Estimate negativeRatio,
                              Estimate trace, int products, SlqOptions options) {

    /** @return the number of probes. */
    public int probes() {
        return nodes.length;
    }

    /**
     * The Wasserstein-1 distance ∫|F_μ(t) − F(t)| dt between the SLQ measure μ and the empirical spectral
     * measure of the given eigenvalues (each of weight 1/n), e.g. the exact spectrum from a dense solver.
     */
    public double wasserstein1(double[] eigenvalues) {
        double[][] atoms = Quadrature.flatten(nodes, weights, -1, false);
        double[] u = new double[eigenvalues.length];
        java.util.Arrays.fill(u, 1.0 / eigenvalues.length);
        return Quadrature.wasserstein1(atoms[0], atoms[1], eigenvalues.clone(), u);
    }
}
