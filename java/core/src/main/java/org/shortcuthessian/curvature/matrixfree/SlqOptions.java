package org.shortcuthessian.curvature.matrixfree;

import org.shortcuthessian.InvalidInputException;

import java.util.Objects;

/**
 * Settings of {@link StochasticLanczosQuadrature}.
 *
 * @param probes     number of random probe vectors P (at least 1; 2 or more for standard errors)
 * @param steps      Lanczos steps per probe s (quadrature nodes per probe; at most the dimension)
 * @param sigma      standard deviation of the Gaussian that smooths each node into the density; 0 chooses 1 %
 *                   of the spectral range seen
 * @param gridPoints points of the grid the density is evaluated on (at least 2)
 * @param probe      the probes' distribution
 * @param seed       seed of the probes
 */
public record SlqOptions(int probes, int steps, double sigma, int gridPoints, Probe probe, long seed) {
    public SlqOptions {
        Objects.requireNonNull(probe, "probe");
        if (probes < 1) {
            throw InvalidInputException.ofField("probes", probes + " (at least 1)");
        }
        if (steps < 1) {
            throw InvalidInputException.ofField("steps", steps + " (at least 1)");
        }
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw InvalidInputException.ofField("sigma", sigma + " (0 for automatic, or positive and finite)");
        }
        if (gridPoints < 2) {
            throw InvalidInputException.ofField("gridPoints", gridPoints + " (at least 2)");
        }
    }

    /** 10 Rademacher probes, 80 steps, automatic σ, 512 grid points, seed 0. */
    public static SlqOptions defaults() {
        return new SlqOptions(10, 80, 0.0, 512, Probe.RADEMACHER, 0);
    }

    public SlqOptions withProbes(int p) {
        return new SlqOptions(p, steps, sigma, gridPoints, probe, seed);
    }

    public SlqOptions withSteps(int s) {
        return new SlqOptions(probes, s, sigma, gridPoints, probe, seed);
    }

    public SlqOptions withSigma(double s) {
        return new SlqOptions(probes, steps, s, gridPoints, probe, seed);
    }

    public SlqOptions withGridPoints(int g) {
        return new SlqOptions(probes, steps, sigma, g, probe, seed);
    }

    public SlqOptions withProbe(Probe p) {
        return new SlqOptions(probes, steps, sigma, gridPoints, p, seed);
    }

    public SlqOptions withSeed(long s) {
        return new SlqOptions(probes, steps, sigma, gridPoints, probe, s);
    }
}
