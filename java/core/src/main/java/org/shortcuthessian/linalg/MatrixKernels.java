package org.shortcuthessian.linalg;

/**
 * Whole-matrix work BLAS and LAPACK have no routine for: finiteness and symmetry checks,
 * symmetrization, uninitialized allocation and the memory a new matrix may take. Part of every
 * {@link Backend}; the native backend runs the project's C kernels (one call per matrix), the
 * pure-Java one loops. Validation is done once by {@link AbstractBackend}.
 */
public interface MatrixKernels {
    /** @return the column-major index of the first NaN or infinite element of m, or −1; m is not modified. */
    long firstNonFinite(DenseMatrix m);

    /**
     * @return max |h[i,j] − h[j,i]|, max |h[i,j]| and where the former is attained (i &gt; j); h (square)
     *         is not modified
     * @throws MatrixDimensionException if h is not square
     */
    SymmetryReport symmetry(DenseMatrix h);

    /** h[j,i] = h[i,j] for i &gt; j: copies the lower triangle of the square h into its upper one. h is modified. */
    void symmetrizeFromLower(DenseMatrix h);

    /**
     * Allocates a rows×cols matrix whose contents are undefined, in this backend's storage (for buffers
     * the caller overwrites entirely, such as a Hessian filled block by block: saves a pass over memory).
     */
    DenseMatrix allocateUninitialized(int rows, int cols);

    /**
     * @return the bytes a new matrix of this backend can take now: native memory (JavaCPP's limit and the
     *         machine's free physical memory) for the native backend, the free Java heap (and the Java array
     *         limit of 2³¹ elements) for the pure-Java one
     */
    long availableBytes();
}
