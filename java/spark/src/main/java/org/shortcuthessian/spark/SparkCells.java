package org.shortcuthessian.spark;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.experiments.Cell;
import org.shortcuthessian.experiments.CellRunner;
import org.shortcuthessian.experiments.Experiment;
import org.shortcuthessian.experiments.SweepContext;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.BackendUnavailableException;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Runs a sweep's cells as Spark tasks, one task per cell, and hands each finished cell back to the driver's
 * thread as its task succeeds (Spark's result handler is called once per partition, however often a task was
 * retried after a lost executor, so no cell comes back twice). The driver (this JVM) loads the data once and
 * broadcasts it; executors run {@link CellTask#run} with the driver's backend kind and BLAS threads =
 * {@code spark.task.cpus}.
 *
 * <p>Settings applied unless given: {@code spark.ui.enabled=false}; for {@code local} masters, the driver binds
 * to 127.0.0.1; for other masters, when this class comes from a jar, {@code spark.jars} is that jar (executors
 * need its classes; a local master's executor is this JVM, which has them).
 */
public final class SparkCells implements CellRunner {
    private final String master;
    private final Map<String, String> settings;
    private final BackendKind backend;
    private ObjectNode description = Json.object();

    /**
     * @param master   Spark master URL, e.g. {@code local[2]} or {@code spark://HOST:7077}
     * @param settings Spark settings (override the defaults above)
     * @param backend  the backend kind every executor uses (the driver's, resolved: not AUTO)
     */
    public SparkCells(String master, Map<String, String> settings, BackendKind backend) {
        if (master == null || master.isBlank()) {
            throw InvalidInputException.ofField("spark", "empty master URL");
        }
        this.master = master;
        this.settings = Map.copyOf(settings);
        this.backend = backend;
    }

    @Override
    public ObjectNode describe() {
        return description.deepCopy();
    }

    /** @return the Spark configuration of a run of experiment e (defaults, then the user's settings). */
    SparkConf conf(Experiment e) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("shortcut-hessian " + e.name());
        conf.set("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1");
            conf.set("spark.driver.bindAddress", "127.0.0.1");
        } else {
            ownJar().ifPresent(jar -> conf.set("spark.jars", jar.toString()));
        }
        settings.forEach(conf::set);
        return conf;
    }

    @Override
    public void run(Experiment e, List<Cell> todo, SweepContext context, BiConsumer<Cell, org.shortcuthessian.experiments.CellResult> finished) {
        ObjectNode d = Json.object();
        d.put("kind", "spark");
        d.put("master", master);
        d.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
        if (todo.isEmpty()) {
            description = d;
            return;
        }
        SparkContext sc;
        try {
            sc = new SparkContext(conf(e));
        } catch (RuntimeException ex) {
            throw new InvalidInputException("--spark " + master + ": cannot start Spark (" + firstLine(ex) + ")");
        }
        try (JavaSparkContext jsc = new JavaSparkContext(sc)) {
            d.put("app_id", sc.applicationId());
            Broadcast<SharedData> data = jsc.broadcast(SharedData.of(context.data()));
            CellTask task = new CellTask(e.name(), context.options(), backend, data);
            List<CellTask.Spec> specs = new ArrayList<>();
            for (int i = 0; i < todo.size(); i++) {
                specs.add(CellTask.Spec.of(i, todo.get(i)));
            }
            JavaRDD<CellTask.Spec> rdd = jsc.parallelize(specs, specs.size()); // one partition, one task per cell
            BlockingQueue<CellTask.Outcome> done = new LinkedBlockingQueue<>();
            List<Object> partitions = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                partitions.add(i);
            }
            SimpleFutureAction<BoxedUnit> job = sc.submitJob(rdd.rdd(), new RunPartition(task),
                    scala.collection.JavaConverters.asScalaBuffer(partitions).toSeq(), new Collect(done), new Unit());
            Map<String, ArrayNode> byExecutor = new TreeMap<>();
            boolean[] received = new boolean[specs.size()];
            int count = 0;
            while (count < specs.size()) {
                CellTask.Outcome o = done.poll(200, TimeUnit.MILLISECONDS);
                if (o == null) {
                    if (job.isCompleted() && done.isEmpty()) {
                        failure(job);
                        throw new IllegalStateException("Spark job ended after " + count + " of " + specs.size() + " cells");
                    }
                    continue;
                }
                if (received[o.index()]) {
                    continue; // Spark hands each partition's result over once; this is only a guard
                }
                received[o.index()] = true;
                count++;
                finished.accept(todo.get(o.index()), o.result());
                byExecutor.computeIfAbsent(o.executor() + "@" + o.host(), k -> Json.object().arrayNode()).add(o.index());
            }
            ArrayNode executors = d.putArray("executors");
            byExecutor.forEach((k, v) -> {
                ObjectNode x = executors.addObject();
                x.put("id", k.substring(0, k.indexOf('@')));
                x.put("host", k.substring(k.indexOf('@') + 1));
                x.put("cells", v.size());
            });
            d.put("cores", sc.defaultParallelism());
            d.put("task_cpus", sc.getConf().getInt("spark.task.cpus", 1));
            d.put("executors_alive_at_end", Math.max(0, sc.statusTracker().getExecutorInfos().length - 1));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Spark", ex);
        } finally {
            description = d;
        }
    }

    /** Rethrows a failed job's cause: an invalid input or unavailable backend as itself, else as one line. */
    private static void failure(SimpleFutureAction<BoxedUnit> job) {
        scala.util.Try<BoxedUnit> t = job.value().get();
        if (t.isSuccess()) {
            return;
        }
        Throwable ex = t.failed().get();
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof InvalidInputException bad) {
                throw bad;
            }
            if (c instanceof BackendUnavailableException bad) {
                throw new InvalidInputException("a Spark executor: " + bad.getMessage());
            }
        }
        throw new IllegalStateException("Spark job failed: " + firstLine(ex), ex);
    }

    private static String firstLine(Throwable ex) {
        String m = String.valueOf(ex.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** @return the jar this class was loaded from, if any (the Spark jar: executors fetch it from the driver). */
    static java.util.Optional<Path> ownJar() {
        try {
            var source = SparkCells.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return java.util.Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? java.util.Optional.of(p)
                    : java.util.Optional.empty();
        } catch (URISyntaxException | RuntimeException ex) {
            return java.util.Optional.empty();
        }
    }

    /** The task: the partition's one cell through {@link CellTask#run}. */
    private static final class RunPartition extends AbstractFunction1<Iterator<CellTask.Spec>, CellTask.Outcome>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final CellTask task;

        RunPartition(CellTask task) {
            this.task = task;
        }

        @Override
        public CellTask.Outcome apply(Iterator<CellTask.Spec> cells) {
            return task.run(cells.next());
        }
    }

    /** On the driver, once per partition: queue the result for the sweep's thread. */
    private static final class Collect extends AbstractFunction2<Object, CellTask.Outcome, BoxedUnit>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient BlockingQueue<CellTask.Outcome> done;

        Collect(BlockingQueue<CellTask.Outcome> done) {
            this.done = done;
        }

        @Override
        public BoxedUnit apply(Object partition, CellTask.Outcome outcome) {
            done.add(outcome);
            return BoxedUnit.UNIT;
        }
    }

    private static final class Unit extends AbstractFunction0<BoxedUnit> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
