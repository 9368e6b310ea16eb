package org.shortcuthessian.curvature.matrixfree;

/**
 * A stochastic estimate and its standard error over the random probes (for a mean over P probes:
 * sample standard deviation / √P; for a nonlinear function of the probes: the jackknife standard
 * error). {@code stderr} is NaN when it cannot be estimated (one probe) and {@code value} is NaN when
 * the quantity is undefined (e.g. a condition number with a zero denominator).
 */
public record Estimate(double value, double stderr) {

    /** @return the mean of samples and its standard error s/√P (NaN stderr for one sample). */
    static Estimate mean(double[] samples) {
        int p = samples.length;
        double mean = 0;
        for (double s : samples) {
            mean += s;
        }
        mean /= p;
        if (p < 2) {
            return new Estimate(mean, Double.NaN);
        }
        double ss = 0;
        for (double s : samples) {
            ss += (s - mean) * (s - mean);
        }
        return new Estimate(mean, Math.sqrt(ss / (p - 1) / p));
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
