package org.shortcuthessian.linalg;

/**
 * Eigenvalues (ascending) and, if computed, the matching eigenvectors as the columns of
 * {@code vectors} (n×k). The vectors matrix belongs to this record: closing the record closes it.
 */
public record EigenDecomposition(double[] values, DenseMatrix vectors) implements AutoCloseable {
    /** @return true if eigenvectors were computed. */
    public boolean hasVectors() {
        return vectors != null;
    }

    @Override
    public void close() {
        if (vectors != null) {
            vectors.close();
        }
    }
}
