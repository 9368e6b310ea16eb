package org.shortcuthessian.linalg;

/** BLAS TRANS flag: use op(A) = A or op(A) = Aᵀ. */
public enum Transpose {
    NO('N', 111), YES('T', 112);

    private final char lapack;
    private final int cblas;

    Transpose(char lapack, int cblas) {
        this.lapack = lapack;
        this.cblas = cblas;
    }

    /** @return the Fortran character, 'N' or 'T'. */
    public char lapackChar() {
        return lapack;
    }

    /** @return the CBLAS enum value (CblasNoTrans = 111, CblasTrans = 112). */
    public int cblas() {
        return cblas;
    }
}
