package org.shortcuthessian.linalg;

/** BLAS/LAPACK UPLO flag: which triangle of a symmetric matrix is referenced or updated. */
public enum Uplo {
    UPPER('U', 121), LOWER('L', 122);

    private final char lapack;
    private final int cblas;

    Uplo(char lapack, int cblas) {
        this.lapack = lapack;
        this.cblas = cblas;
    }

    public char lapackChar() {
        return lapack;
    }

    /** @return the CBLAS enum value (CblasUpper = 121, CblasLower = 122). */
    public int cblas() {
        return cblas;
    }

    /** @return true if element (i, j) lies in this triangle (diagonal included). */
    public boolean contains(int i, int j) {
        return this == UPPER ? i <= j : i >= j;
    }
}
