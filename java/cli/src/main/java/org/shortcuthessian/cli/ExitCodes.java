package org.shortcuthessian.cli;

/**
 * Process exit codes of the CLI. A command stopped by SIGINT, SIGTERM or SIGHUP ends by the signal itself
 * ({@link Termination}), which the shell and {@link Process#exitValue()} report as 130, 143 and 129.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** An internal error (a bug, a failed LAPACK routine). */
    public static final int INTERNAL = 1;
    /**
     * Bad input: a file, field, option or index the user gave is wrong, or the run does not fit the resources it
     * was given (a Hessian or a matrix-free spectrum too large for the memory, refused up front or out of memory;
     * an output directory that cannot be written, a full disk).
     */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
