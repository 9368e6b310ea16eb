package org.shortcuthessian.curvature.matrixfree;

/**
 * A stochastic estimate with the two sources of its error reported, not hidden.
 *
 * @param value      the estimate; NaN when the quantity is undefined (e.g. a condition number with a zero
 *                   denominator)
 * @param stderr     the spread over the random probes: for a mean over P probes the sample standard deviation
 *                   over √P, for a nonlinear function of the probes the jackknife standard error; NaN with one probe
 * @param resolution the discretization error of the quadrature (0 where there is none): Gauss quadrature with
 *                   nodes θ_i and weights τ_i brackets the true cumulative weight at t between the sums of the
 *                   weights below and up to the nodes adjacent to t (Chebyshev–Markov–Stieltjes), so a
 *                   cumulative quantity is known to within the weight of those nodes, and a quantile to within
 *                   the interval over which that uncertainty moves it. The error is about
 *                   {@code stderr + resolution}; a test of 3·stderr + resolution is what the tests use.
 */
public record Estimate(double value, double stderr, double resolution) {

    /** @return the mean of samples and its standard error s/√P (NaN stderr for one sample). */
    static Estimate mean(double[] samples) {
        int p = samples.length;
        double mean = 0;
        for (double s : samples) {
            mean += s;
        }
        mean /= p;
        if (p < 2) {
            return new Estimate(mean, Double.NaN, 0.0);
        }
        double ss = 0;
        for (double s : samples) {
            ss += (s - mean) * (s - mean);
        }
        return new Estimate(mean, Math.sqrt(ss / (p - 1) / p), 0.0);
    }

    /** @return this estimate with the given resolution. */
    Estimate withResolution(double r) {
        return new Estimate(value, stderr, r);
    }

    /**
     * The jackknife standard error of a statistic: √((P−1)/P · Σ_i (θ₍ᵢ₎ − θ̄)²) over the leave-one-out
     * values θ₍ᵢ₎ (NaN for fewer than two).
     */
    static double jackknife(double[] leaveOneOut) {
        int p = leaveOneOut.length;
        if (p < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double s : leaveOneOut) {
            mean += s;
        }
        mean /= p;
        double ss = 0;
        for (double s : leaveOneOut) {
            ss += (s - mean) * (s - mean);
        }
        return Math.sqrt((p - 1.0) / p * ss);
    }
}
