package org.shortcuthessian.spark;

import java.io.Serializable;
import org.shortcuthessian.data.Dataset;

/**
 * The sweep's data as the driver prepared them (loaded and whitened once), broadcast to the executors so every
 * cell sees exactly the driver's arrays.
 *
 * @param dim     d
 * @param inputs  X, d·m values (see {@link Dataset})
 * @param targets Y, d·m values
 */
record SharedData(int dim, double[] inputs, double[] targets) implements Serializable {
    static SharedData of(Dataset d) {
        return new SharedData(d.dim(), d.inputs(), d.targets());
    }

    Dataset dataset() {
        return new Dataset(dim, inputs, targets);
    }
}
