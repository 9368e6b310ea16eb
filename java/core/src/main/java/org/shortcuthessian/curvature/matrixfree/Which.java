package org.shortcuthessian.curvature.matrixfree;

/** Which end of the spectrum Lanczos looks for. */
public enum Which {
    /** The k largest (algebraic) eigenvalues. */
    LARGEST,
    /** The k smallest (algebraic) eigenvalues: the most negative first. */
    SMALLEST,
    /** The k eigenvalues largest in absolute value. */
    LARGEST_MAGNITUDE
}
