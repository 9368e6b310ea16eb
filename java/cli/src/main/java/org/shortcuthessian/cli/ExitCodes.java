package org.shortcuthessian.cli;

/** Process exit codes of the CLI. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An internal error (a bug, a failed LAPACK routine, out of memory). */
    public static final int INTERNAL = 1;
    /** Bad input: a file, field, option or index the user gave is wrong. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
