package org.shortcuthessian.cli;

import org.shortcuthessian.datasets.DataSource;
import picocli.CommandLine.Option;

/** Options choosing the data of the experiments and of {@code train}. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "mnist-10k|synthetic|DIR",
            description = "Built-in MNIST digits (mnist-10k), synthetic whitened data (synthetic) or an IDX directory"
                    + " such as /usr/share/datasets/fashion-mnist (default: mnist-10k).")
    String data;

    @Option(names = "--samples", paramLabel = "M", description = "Use the first M samples of the data (default: all of them; synthetic data: 10000).")
    Integer samples;

    @Option(names = "--components", paramLabel = "K", defaultValue = "10",
            description = "Principal components kept = the dimension d (default: ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--data-seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    /** @return the source, or null when nothing was chosen (the experiment's default applies). */
    DataSource sourceOrNull() {
        if (data == null && samples == null && components == 10) {
            return null;
        }
        return new DataSource(data == null ? org.shortcuthessian.datasets.LabeledImages.BUILTIN : data,
                samples == null ? 0 : samples, components, dataSeed);
    }
}
