package org.shortcuthessian.curvature.matrixfree;

/**
 * A stochastic estimate of tr(A).
 *
 * @param trace    the estimate
 * @param stderr   its standard error: the sample standard deviation of the random quadratic forms over √(their
 *                 number) (for Hutch++: of the deflated part only; the low-rank part is exact given Q)
 * @param method   "hutchinson" or "hutch++"
 * @param products operator applications used
 * @param samples  random quadratic forms averaged
 */
public record TraceEstimate(double trace, double stderr, String method, int products, int samples) {
}
