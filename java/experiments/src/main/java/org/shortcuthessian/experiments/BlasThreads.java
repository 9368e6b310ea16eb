package org.shortcuthessian.experiments;

import org.shortcuthessian.linalg.Backend;

/**
 * OpenBLAS's thread count, which is process-wide state: only the application may change it, so a
 * {@link Sweep} that wants cells side by side at one BLAS thread each asks through this object, which
 * the application hands in (the command line's implementation sets the count; {@link #fixed} never does).
 */
public interface BlasThreads {
    /** @return the BLAS threads now. */
    int current();

    /**
     * Asks for the given number of BLAS threads.
     *
     * @return whether the count is now {@code threads} (false: this control leaves it alone)
     */
    boolean set(int threads);

    /** A control that never changes anything: an embedded sweep runs cells side by side only at one BLAS thread. */
    static BlasThreads fixed(Backend backend) {
        return new BlasThreads() {
            @Override
            public int current() {
                return Math.max(1, backend.threads());
            }

            @Override
            public boolean set(int threads) {
                return threads == current();
            }
        };
    }
}
