package org.shortcuthessian.linalg.passes;

/**
 * The forward and backward passes of a network over a data set, as a port of every
 * {@link org.shortcuthessian.linalg.Backend}: the native backend runs the project's C kernels on packed,
 * sample-blocked layouts (AVX-512 or AVX2, chosen at run time), the pure-Java one their twin.
 */
public interface PassKernels {
    /**
     * Creates the passes of a network over a data set; the data are copied once into the backend's storage
     * (inputs and targets are not modified), every workspace is allocated here. Close the result.
     *
     * @param inputs  d×m column-major (sample j at [j·d, (j+1)·d))
     * @param targets the same layout
     * @param samples m ≥ 1
     * @param threads the threads each call runs on (results do not depend on it)
     */
    Passes passes(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads);
}
