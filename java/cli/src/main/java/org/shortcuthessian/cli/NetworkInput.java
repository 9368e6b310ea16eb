package org.shortcuthessian.cli;

import java.nio.file.Path;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import picocli.CommandLine.Option;

/** A network on data, as the hessian and density commands read it: model, weights or init, inputs, targets. */
final class NetworkInput extends WeightsOptions {
    @Option(names = "--model", required = true, paramLabel = "M.json", description = "Model description: dim d, units R, depth n (the shortcut length), shortcut, pre, mid, post (docs/DESIGN.md).")
    Path model;

    @Option(names = "--inputs", required = true, paramLabel = "X.npy", description = "Inputs, (m, d).")
    Path inputs;

    @Option(names = "--targets", required = true, paramLabel = "Y.npy", description = "Targets: (m, d) floats, or integer class labels (m,) (one-hot with d classes).")
    Path targets;

    NetworkSpec spec() {
        return NetworkSpec.read(model);
    }

    Dataset data(NetworkSpec spec) {
        return Dataset.read(inputs, targets, spec.dim());
    }

    /** @return what result.json records as "weights". */
    String weightsDescription() {
        return describe();
    }
}
