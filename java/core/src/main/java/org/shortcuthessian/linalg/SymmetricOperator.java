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

    /**
     * out ← A·V for the k columns of V (n×k column-major, column t at [t·n, (t+1)·n)). Column t equals
     * {@link #apply} of column t; implementations that share work between the columns (one pass over the data
     * for k Hessian-vector products) override it. The default applies the columns one by one.
     *
     * @param in  length n·k; not modified
     * @param out length n·k; overwritten (must not be {@code in})
     */
    default void applyBlock(double[] in, int k, double[] out) {
        int n = dimension();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < k; t++) {
            System.arraycopy(in, t * n, x, 0, n);
            apply(x, y);
            System.arraycopy(y, 0, out, t * n, n);
        }
    }
}
