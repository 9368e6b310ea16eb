package org.shortcuthessian.cli;

import org.shortcuthessian.curvature.matrixfree.Probe;
import org.shortcuthessian.curvature.matrixfree.SlqOptions;
import picocli.CommandLine.Option;

/** Settings of stochastic Lanczos quadrature (and the seed of every random vector). */
final class SlqSettings {
    @Option(names = "--probes", paramLabel = "P", defaultValue = "10",
            description = "SLQ: random probe vectors (default: ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--steps", paramLabel = "STEPS", defaultValue = "80",
            description = "SLQ: Lanczos steps per probe (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sigma", paramLabel = "SIGMA", defaultValue = "0",
            description = "SLQ: Gaussian smoothing of the density; 0 = 1 %% of the spectral range (default: ${DEFAULT-VALUE}).")
    double sigma;

    @Option(names = "--grid", paramLabel = "G", defaultValue = "512",
            description = "SLQ: grid points of the density (default: ${DEFAULT-VALUE}).")
    int grid;

    @Option(names = "--probe", paramLabel = "rademacher|gaussian", defaultValue = "rademacher",
            description = "SLQ: probe distribution (default: ${DEFAULT-VALUE}).", converter = Converters.Probes.class,
            completionCandidates = Converters.ProbeNames.class)
    Probe probe;

    @Option(names = "--probe-seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the Lanczos start vector and the SLQ probes (default: ${DEFAULT-VALUE}).")
    long probeSeed;

    /** @return the SLQ options (a bad value is an error naming the field, which the command line maps to its option). */
    SlqOptions options() {
        return new SlqOptions(probes, steps, sigma, grid, probe, probeSeed);
    }
}
