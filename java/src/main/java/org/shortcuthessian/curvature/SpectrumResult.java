package org.shortcuthessian.curvature;

import org.shortcuthessian.linalg.DenseMatrix;

/**
 * Eigenvalues of a Hessian (ascending), their statistics, the routine that computed them, and the
 * eigenvectors if asked for (the columns of {@code vectors}, which is the caller's input buffer,
 * overwritten in place).
 */
public record SpectrumResult(double[] eigenvalues, SpectrumStatistics statistics, String routine,
                             DenseMatrix vectors) {
}
