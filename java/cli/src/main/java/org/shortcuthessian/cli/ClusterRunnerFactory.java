package org.shortcuthessian.cli;

import java.util.Map;
import org.shortcuthessian.experiments.CellRunner;
import org.shortcuthessian.linalg.Backend;

/**
 * A way to run a sweep's cells on a cluster ({@code reproduce --spark MASTER}), found with
 * {@link java.util.ServiceLoader}: the Spark jar ({@code java/target/shortcut-hessian-spark.jar}) registers one;
 * the main jar has none, so neither it nor the library carries Spark.
 */
public interface ClusterRunnerFactory {
    /**
     * @param master   the cluster's master URL, e.g. {@code local[2]} or {@code spark://HOST:7077}
     * @param settings extra settings of the cluster (e.g. {@code spark.executor.memory=4g})
     * @param backend  the driver's backend: every executor must use the same kind (results depend on it)
     * @return a runner whose resources are released when its run ends
     */
    CellRunner create(String master, Map<String, String> settings, Backend backend);

    /** @return the name users know it by, e.g. {@code Spark 3.5.6}. */
    String name();
}
