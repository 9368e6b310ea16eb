package org.shortcuthessian.linalg;

/** An argument of a linear-algebra routine has the wrong shape; the message names the routine and argument. */
public class MatrixDimensionException extends IllegalArgumentException {
    public MatrixDimensionException(String message) {
        super(message);
    }
}
