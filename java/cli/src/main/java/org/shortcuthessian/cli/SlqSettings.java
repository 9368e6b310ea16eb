package org.shortcuthessian.cli;

import org.shortcuthessian.InvalidInputException;
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
            description = "SLQ: probe distribution (default: ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--probe-seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the Lanczos start vector and the SLQ probes (default: ${DEFAULT-VALUE}).")
    long probeSeed;

    /** @return the SLQ options, errors naming the option. */
    SlqOptions options() {
        Probe kind;
        try {
            kind = Probe.parse(probe);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--probe: " + e.getMessage());
        }
        try {
            return new SlqOptions(probes, steps, sigma, grid, kind, probeSeed);
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String option = msg.startsWith("probes") ? "--probes" : msg.startsWith("steps") ? "--steps"
                    : msg.startsWith("sigma") ? "--sigma" : "--grid";
            throw new InvalidInputException(option + ": " + msg.substring(msg.indexOf(": ") + 2));
        }
    }
}
