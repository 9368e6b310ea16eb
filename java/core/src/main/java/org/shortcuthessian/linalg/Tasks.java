package org.shortcuthessian.linalg;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for work handed to threads, with the workers' failures rethrown as they were. */
public final class Tasks {
    private Tasks() {
    }

    /**
     * Waits for every future in order; a task's RuntimeException or Error is rethrown unchanged (anything else
     * wrapped), and an interruption becomes an IllegalStateException naming what was interrupted (the
     * thread's interrupt flag is restored).
     *
     * @param what what the tasks do, for the message, e.g. "Hessian assembly"
     */
    public static void await(List<? extends Future<?>> futures, String what) {
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
