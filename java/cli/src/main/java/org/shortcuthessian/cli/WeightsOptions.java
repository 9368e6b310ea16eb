package org.shortcuthessian.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where θ comes from: a weights file, or an initialization with its seed and ε (a mixin, and the base of {@link NetworkInput}). */
class WeightsOptions {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    static final class Source {
        @Option(names = "--weights", paramLabel = "W.npy", description = "Weights, float64 (R, n, d, d); weights[i, k] is W[i,k].")
        Path file;

        @Option(names = "--init", paramLabel = "xavier|orthogonal|small|zero", description = "Initialize instead of reading weights.",
                converter = Converters.Initializations.class, completionCandidates = Converters.InitializationNames.class)
        Initialization init;
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of --init (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epsilon", paramLabel = "EPS", defaultValue = "1e-4", description = "Scale of --init small (default: ${DEFAULT-VALUE}).")
    double epsilon;

    /** @return whether --weights or --init was given. */
    boolean given() {
        return source != null;
    }

    /**
     * @return θ for the network: read from --weights, or drawn by --init
     * @throws InvalidInputException if neither was given
     */
    double[] theta(NetworkSpec spec) {
        if (source == null) {
            throw new InvalidInputException("--weights or --init: one of them is required (where θ comes from)");
        }
        if (source.file != null) {
            return WeightsFile.read(source.file, spec);
        }
        Initialization init = source.init;
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InvalidInputException("--epsilon: " + epsilon + " (must be positive and finite)");
        }
        return init.sample(spec, seed, epsilon);
    }

    /** @return the weights file, or e.g. {@code init xavier seed 3}. */
    String describe() {
        if (source == null) {
            return "none";
        }
        return source.file != null ? source.file.toString()
                : "init " + source.init.name().toLowerCase(Locale.ROOT) + " seed " + seed;
    }
}
