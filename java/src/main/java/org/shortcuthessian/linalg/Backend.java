package org.shortcuthessian.linalg;

import java.util.Map;

/**
 * One implementation of every linear-algebra capability the project needs: {@link Blas} products,
 * {@link SymmetricEigen} decompositions, matrix allocation and thread control. Obtain one from
 * {@link Backends}. Implementations are thread-safe: distinct calls on distinct matrices may run
 * concurrently.
 */
public interface Backend extends Blas, SymmetricEigen {
    /** @return which kind this is. */
    BackendKind kind();

    /** @return a short human-readable name, e.g. "native (OpenBLAS 0.3.30, core Haswell)". */
    String description();

    /**
     * Allocates a zero rows×cols matrix in the storage this backend works on without copies
     * (native memory for the native backend, the Java heap for the pure-Java one).
     */
    DenseMatrix allocate(int rows, int cols);

    /** @return the number of threads the backend's dense kernels use. */
    int threads();

    /**
     * Sets the number of threads the backend's dense kernels use (for OpenBLAS: process-wide).
     *
     * @param threads at least 1
     */
    void setThreads(int threads);

    /** @return facts for reports: backend, library versions, OpenBLAS core, threads, kernel ISA. */
    Map<String, String> info();
}
