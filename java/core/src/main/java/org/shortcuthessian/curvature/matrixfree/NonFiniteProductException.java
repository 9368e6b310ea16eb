package org.shortcuthessian.curvature.matrixfree;

import org.shortcuthessian.InvalidInputException;

/**
 * An operator's product A·v has a NaN or an infinity: the matrix, or the weights and data of a Hessian, hold
 * non-finite values or overflow. Lanczos and SLQ stop at the first such product instead of handing NaN to LAPACK.
 */
public class NonFiniteProductException extends InvalidInputException {
    private final int index;
    private final double value;

    /**
     * @param index the first non-finite entry of the product
     * @param value its value
     */
    public NonFiniteProductException(int index, double value) {
        super("a matrix-vector product is " + value + " at index " + index
                + " (the operator has non-finite entries or overflows)");
        this.index = index;
        this.value = value;
    }

    /** @return the first non-finite entry of the product. */
    public int index() {
        return index;
    }

    /** @return its value. */
    public double value() {
        return value;
    }

    /**
     * @param w a product A·v (not modified)
     * @throws NonFiniteProductException at its first NaN or infinity
     */
    static void requireFinite(double[] w) {
        for (int i = 0; i < w.length; i++) {
            if (!Double.isFinite(w[i])) {
                throw new NonFiniteProductException(i, w[i]);
            }
        }
    }
}
