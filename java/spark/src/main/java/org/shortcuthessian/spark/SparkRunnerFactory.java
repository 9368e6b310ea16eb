package org.shortcuthessian.spark;

import java.util.Map;
import org.shortcuthessian.cli.ClusterRunnerFactory;
import org.shortcuthessian.experiments.CellRunner;
import org.shortcuthessian.linalg.Backend;

/** Registers the Spark runner for {@code reproduce --spark MASTER} (META-INF/services). */
public final class SparkRunnerFactory implements ClusterRunnerFactory {
    @Override
    public CellRunner create(String master, Map<String, String> settings, Backend backend) {
        return new SparkCells(master, settings, backend.kind());
    }

    @Override
    public String name() {
        return "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }
}
