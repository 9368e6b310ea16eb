package org.shortcuthessian.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.shortcuthessian.experiments.Cell;
import org.shortcuthessian.experiments.CellResult;
import org.shortcuthessian.experiments.Experiment;
import org.shortcuthessian.experiments.ExperimentOptions;
import org.shortcuthessian.experiments.Experiments;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.experiments.SweepContext;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;

/**
 * What every Spark task of a sweep shares (shipped with the task): the experiment's name, the options, the
 * backend kind and the broadcast data. {@link #run} is the executor-side entry: one cell, one task.
 */
final class CellTask implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String experiment;
    private final ExperimentOptions options;
    private final BackendKind backend;
    private final Broadcast<SharedData> data;

    CellTask(String experiment, ExperimentOptions options, BackendKind backend, Broadcast<SharedData> data) {
        this.experiment = experiment;
        this.options = options;
        this.backend = backend;
        this.data = data;
    }

    /**
     * A cell as shipped to an executor.
     *
     * @param index  its position in the driver's list
     * @param params its parameters (Integer, Double, String values)
     */
    record Spec(int index, LinkedHashMap<String, Object> params, int denseN, double cost) implements Serializable {
        static Spec of(int index, Cell c) {
            return new Spec(index, new LinkedHashMap<>(c.params()), c.denseN(), c.cost());
        }

        Cell cell() {
            return new Cell(params, denseN, cost);
        }
    }

    /**
     * What a task sends back: the cell's rows already formatted as the CSV writes them, so the driver writes
     * exactly what the local runner would.
     */
    record Outcome(int index, List<LinkedHashMap<String, String>> rows, double eigenSeconds, double hessianSeconds,
                   String executor, String host) implements Serializable {
        CellResult result() {
            return new CellResult(new ArrayList<>(rows.stream().map(r -> (Map<String, Object>) new LinkedHashMap<String,
                    Object>(r)).toList()), eigenSeconds, hessianSeconds);
        }
    }

    /** Runs one cell on this executor with the BLAS threads of its task's cores. */
    Outcome run(Spec spec) {
        Backend b = ExecutorSide.backend(backend);
        TaskContext task = TaskContext.get();
        new SparkBlasThreads(b).set(task == null ? 1 : Math.max(1, task.cpus()));
        Experiment e = Experiments.get(experiment);
        SweepContext context = new SweepContext(ExecutorSide.data(data.id(), data.value()), b, options);
        CellResult r = e.run(spec.cell(), context);
        List<LinkedHashMap<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> row : r.rows()) {
            LinkedHashMap<String, String> text = new LinkedHashMap<>();
            row.forEach((k, v) -> text.put(k, v == null ? null : ResultsFile.format(v)));
            rows.add(text);
        }
        SparkEnv env = SparkEnv.get();
        return new Outcome(spec.index(), rows, r.eigenSeconds(), r.hessianSeconds(),
                env == null ? "driver" : env.executorId(), env == null ? "" : env.blockManager().blockManagerId().host());
    }
}
