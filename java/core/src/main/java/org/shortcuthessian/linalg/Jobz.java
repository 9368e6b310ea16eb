package org.shortcuthessian.linalg;

/** LAPACK JOBZ flag: eigenvalues only, or eigenvalues and eigenvectors. */
public enum Jobz {
    VALUES_ONLY('N'), VECTORS('V');

    private final char lapack;

    Jobz(char lapack) {
        this.lapack = lapack;
    }

    public char lapackChar() {
        return lapack;
    }
}
