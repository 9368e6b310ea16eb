package org.shortcuthessian.linalg;

/**
 * How the eigenvalues of a symmetric matrix are computed when no eigenvectors are wanted.
 * The pure-Java backend accepts every method and answers with its one solver.
 */
public enum EigenvalueMethod {
    /** {@link #TWO_STAGE} at and above {@link SymmetricEigen#TWO_STAGE_CROSSOVER}, {@link #DIVIDE_AND_CONQUER} below. */
    AUTO("auto"),
    /** LAPACK {@code dsyevd}: one-stage tridiagonal reduction, divide and conquer. */
    DIVIDE_AND_CONQUER("dsyevd"),
    /** LAPACK {@code dsyev_2stage}: two-stage (BLAS-3) tridiagonal reduction, QR on the tridiagonal. */
    TWO_STAGE("dsyev_2stage"),
    /** LAPACK {@code dsyevr}: relatively robust representations (MRRR). */
    RRR("dsyevr");

    private final String routine;

    EigenvalueMethod(String routine) {
        this.routine = routine;
    }

    /** @return the LAPACK routine name, or "auto". */
    public String routine() {
        return routine;
    }

    /** @return the concrete method this one stands for at order n ({@link #AUTO} resolved by size). */
    public EigenvalueMethod resolve(int n) {
        if (this != AUTO) {
            return this;
        }
        return n >= SymmetricEigen.TWO_STAGE_CROSSOVER ? TWO_STAGE : DIVIDE_AND_CONQUER;
    }

    /** @return the method whose routine is the given name (e.g. "dsyevd") or enum name, case-insensitive. */
    public static EigenvalueMethod parse(String s) {
        for (EigenvalueMethod m : values()) {
            if (m.routine.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown eigenvalue method '" + s
                + "' (expected auto, dsyevd, dsyev_2stage or dsyevr)");
    }
}
