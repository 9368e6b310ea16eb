package org.shortcuthessian.linalg;

import org.shortcuthessian.linalg.passes.PassKernels;

import java.util.Map;

/**
 * One implementation of every linear-algebra capability the project needs: {@link Blas} products,
 * {@link SymmetricEigen} decompositions, the project's own {@link MatrixKernels},
 * {@link HessianKernels} and {@link PassKernels} (loss, gradient, Hessian-vector products), matrix allocation and thread control. This is the only door to native code:
 * callers never ask which implementation they have. Obtain one from {@link Backends} (chosen once and
 * logged) and pass it explicitly. Implementations are thread-safe: distinct calls on distinct matrices
 * may run concurrently.
 */
public interface Backend extends Blas, SymmetricEigen, MatrixKernels, HessianKernels, PassKernels {
    /** @return which kind this is. */
    BackendKind kind();

    /** @return a short human-readable name, e.g. "native (OpenBLAS 0.3.30, core Haswell)". */
    String description();

    /**
     * @return the name of the routine that computes eigenvalues only with the given (resolved) method, for
     *         reports: the LAPACK routine ("dsyevd", "dsyev_2stage", "dsyevr") or the library's ("ojalgo")
     */
    String eigenvalueRoutine(EigenvalueMethod method);

    /** @return the name of the routine that computes eigenpairs, for reports ("dsyevd" or "ojalgo"). */
    String eigenpairRoutine();

    /**
     * Allocates a zero rows×cols matrix in the storage this backend works on without copies
     * (native memory for the native backend, the Java heap for the pure-Java one).
     */
    DenseMatrix allocate(int rows, int cols);

    /** @return the number of threads the backend's dense kernels use. */
    int threads();

    /**
     * Sets the number of threads the backend's dense kernels use. For OpenBLAS this is process-wide
     * state: it belongs to the application (the command line's {@code --threads}), and library code never
     * calls it (an architecture test holds this).
     *
     * @param threads at least 1
     */
    void setThreads(int threads);

    /** @return facts for reports: backend, library versions, OpenBLAS core, threads, kernel ISA. */
    Map<String, String> info();
}
