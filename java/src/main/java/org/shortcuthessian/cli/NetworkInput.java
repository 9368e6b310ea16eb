package org.shortcuthessian.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.network.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** A network on data, as the hessian and density commands read it: model, weights or init, inputs, targets. */
final class NetworkInput {
    @Option(names = "--model", required = true, paramLabel = "M.json", description = "Model description (dim, units, depth, shortcut, pre, mid, post).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    WeightsSource weights;

    static final class WeightsSource {
        @Option(names = "--weights", paramLabel = "W.npy", description = "Weights, float64 (R, n, d, d); weights[i, k] is W[i,k].")
        Path file;

        @Option(names = "--init", paramLabel = "xavier|orthogonal|small|zero", description = "Initialize instead of reading weights.")
        String init;
    }

    @Option(names = "--seed", defaultValue = "0", description = "Seed of --init (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epsilon", defaultValue = "1e-4", description = "Scale of --init small (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--inputs", required = true, paramLabel = "X.npy", description = "Inputs, (m, d).")
    Path inputs;

    @Option(names = "--targets", required = true, paramLabel = "Y.npy", description = "Targets, (m, d).")
    Path targets;

    NetworkSpec spec() {
        return NetworkSpec.read(model);
    }

    /** @return θ from --weights, or sampled by --init. */
    double[] theta(NetworkSpec spec) {
        if (weights.file != null) {
            return WeightsFile.read(weights.file, spec);
        }
        Initialization init;
        try {
            init = Initialization.parse(weights.init);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--init: " + e.getMessage());
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new InvalidInputException("--epsilon: " + epsilon + " (must be positive and finite)");
        }
        return init.sample(spec, seed, epsilon);
    }

    Dataset data(NetworkSpec spec) {
        return Dataset.read(inputs, targets, spec.dim());
    }

    /** @return what result.json records as "weights". */
    String weightsDescription() {
        return weights.file != null ? weights.file.toString()
                : "init " + weights.init.toLowerCase(Locale.ROOT) + " seed " + seed;
    }
}
