package org.shortcuthessian.linalg;

/** A LAPACK routine returned {@code info != 0}. */
public class LapackException extends RuntimeException {
    private final String routine;
    private final int info;

    public LapackException(String routine, int info) {
        super(describe(routine, info));
        this.routine = routine;
        this.info = info;
    }

    /** @return the LAPACK routine, e.g. "dsyevd". */
    public String routine() {
        return routine;
    }

    /** @return LAPACK's info code: &lt; 0 an illegal argument (its position), &gt; 0 no convergence. */
    public int info() {
        return info;
    }

    private static String describe(String routine, int info) {
        if (info < 0) {
            return "LAPACK " + routine + " failed: info = " + info + " (argument " + (-info) + " had an illegal value)";
        }
        return "LAPACK " + routine + " failed: info = " + info + " (the algorithm failed to converge)";
    }
}
