package org.shortcuthessian.spark;

import org.shortcuthessian.experiments.BlasThreads;
import org.shortcuthessian.linalg.Backend;

/**
 * The BLAS threads of an executor JVM, which this application owns: every task sets them to the cores Spark gave
 * it ({@code spark.task.cpus}). All tasks of one executor have the same count, so concurrent tasks agree.
 */
final class SparkBlasThreads implements BlasThreads {
    private final Backend backend;

    SparkBlasThreads(Backend backend) {
        this.backend = backend;
    }

    @Override
    public int current() {
        return Math.max(1, backend.threads());
    }

    @Override
    public boolean set(int threads) {
        if (backend.threads() != threads) {
            backend.setThreads(threads);
        }
        return true;
    }
}
