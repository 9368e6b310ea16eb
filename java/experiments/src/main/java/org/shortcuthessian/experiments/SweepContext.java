package org.shortcuthessian.experiments;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.data.Dataset;

/**
 * What every cell of a sweep shares: the data (loaded and whitened once), the backend and the options.
 *
 * @param data    inputs and one-hot targets
 * @param backend linear algebra (its thread count is set by the sweep)
 * @param options the user's options
 */
public record SweepContext(Dataset data, Backend backend, ExperimentOptions options) {
}
