package org.shortcuthessian.linalg;

/**
 * A symmetric linear map x ↦ A·x on R^n, known only through its products: the Hessian-vector product
 * of a network, a dense matrix, or a block of either. What Lanczos, stochastic Lanczos quadrature and
 * trace estimators need, with no n×n memory.
 *
 * <p>Implementations are deterministic (the same input gives bit-identical output, whatever the number
 * of threads) and safe for concurrent calls with distinct output arrays.
 */
public interface SymmetricOperator {
    /** @return n, the length of the vectors the operator acts on. */
    int dimension();

    /**
     * out ← A·in.
     *
     * @param in  length n; not modified
     * @param out length n; overwritten (must not be {@code in})
     */
    void apply(double[] in, double[] out);
}
