package org.shortcuthessian.linalg;

/**
 * Symmetric eigendecomposition {@code H = V·diag(λ)·Vᵀ} of a real symmetric n×n matrix, in the
 * three forms LAPACK offers. Only the lower triangle of H is read. Every method <b>overwrites</b> its
 * input (as LAPACK does, so that an N×N Hessian is never copied on its way to the solver); copy it
 * first if you need it afterwards. Eigenvalues are returned in ascending order.
 */
public interface SymmetricEigen {
    /**
     * Order at and above which {@link EigenvalueMethod#AUTO} uses {@code dsyev_2stage} rather than
     * {@code dsyevd} for eigenvalues only. Measured here (AMD Zen 5, OpenBLAS 0.3.30, core Haswell; best
     * iterations): dsyev_2stage ÷ dsyevd = 1.41 at N = 1600, 1.02 at 2400, 0.94–1.01 at 3200, 0.70 at 4800
     * with 2 threads, and 0.86 at 2400 with 1 thread (bench/results/README.md).
     */
    int TWO_STAGE_CROSSOVER = 2500;

    /**
     * All eigenvalues, no eigenvectors.
     *
     * @param h      symmetric n×n matrix; <b>destroyed</b> (its lower triangle is overwritten)
     * @param method which LAPACK routine computes them
     * @return the n eigenvalues, ascending
     * @throws LapackException if the routine fails (names the routine and info)
     */
    double[] eigenvalues(DenseMatrix h, EigenvalueMethod method);

    /**
     * All eigenpairs (LAPACK {@code dsyevd}, JOBZ = 'V').
     *
     * @param h symmetric n×n matrix; <b>overwritten</b> with the orthonormal eigenvectors as its columns,
     *          column j belonging to the j-th returned eigenvalue
     * @return the n eigenvalues, ascending
     */
    double[] eigenpairs(DenseMatrix h);

    /**
     * A selected part of the spectrum (LAPACK {@code dsyevr}, RANGE = 'I' or 'V').
     *
     * @param h       symmetric n×n matrix; <b>destroyed</b>
     * @param range   which eigenvalues
     * @param vectors whether to compute the matching eigenvectors
     * @return the selected eigenvalues ascending, with an n×k matrix of eigenvectors if asked for
     */
    EigenDecomposition subset(DenseMatrix h, SpectrumRange range, boolean vectors);

    /**
     * Eigenpairs of a symmetric tridiagonal matrix T (LAPACK {@code dstev}; implicit QL in pure Java):
     * what Lanczos reduces an operator to.
     *
     * @param diagonal    T[i, i], length n (not modified)
     * @param offDiagonal T[i+1, i] = T[i, i+1], length n − 1 (not modified)
     * @param vectors     whether to compute the eigenvectors
     * @return the n eigenvalues ascending and, if asked for, the orthonormal eigenvectors as the columns
     *         of an n×n {@link HeapMatrix}
     */
    EigenDecomposition tridiagonal(double[] diagonal, double[] offDiagonal, boolean vectors);
}
