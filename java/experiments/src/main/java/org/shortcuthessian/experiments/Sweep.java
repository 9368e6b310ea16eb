package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.Version;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's grid: cells whose dense Hessians are large ({@link #LARGE_N} and up) one after
 * another with every BLAS thread, the others side by side with one BLAS thread each; rows stream to
 * the CSV as cells finish ({@link ResultsFile}); with resume, finished cells are skipped. Then the
 * plots and {@code manifest.json}.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    /**
     * From this N up a cell's dense Hessian work (LAPACK's BLAS-3 reduction) uses several threads well;
     * below it, cells side by side with one thread each are faster (dsyevd's parallel efficiency is poor
     * there, measured with the crossover benchmark).
     */
    public static final int LARGE_N = 2500;

    private Sweep() {
    }

    /** Hears about progress (from the sweep's threads, one call at a time). */
    public interface Listener {
        /** Before the first cell: how many cells there are, and how many are already done. */
        default void started(int total, int skipped) {
        }

        /**
         * After each cell.
         *
         * @param done      cells finished (including skipped ones)
         * @param total     cells in the grid
         * @param costDone  estimated cost finished in this run
         * @param costTotal estimated cost of this run
         */
        default void cellFinished(int done, int total, double costDone, double costTotal) {
        }
    }

    /**
     * What a sweep did.
     *
     * @param csv            the results
     * @param plots          the PNG files
     * @param manifest       manifest.json
     * @param cells          cells in the grid
     * @param ran            cells run now (the others were done before: resume)
     * @param wallSeconds    this run's wall time, from data loading to the manifest
     * @param eigenSeconds   summed time of the LAPACK eigenvalue calls of the cells run now
     * @param hessianSeconds summed time of the Hessian assemblies of the cells run now
     */
    public record Summary(Path csv, List<Path> plots, Path manifest, int cells, int ran, double wallSeconds,
                          double eigenSeconds, double hessianSeconds) {
    }

    /**
     * Runs experiment e with options in dir.
     *
     * @param resume  continue a run in dir (its finished cells are kept)
     * @param threadControl the application's control of the BLAS threads ({@link BlasThreads#fixed} to leave them alone):
     *                cells with N ≥ {@value #LARGE_N} run one at a time on the current count, the others side by
     *                side in {@code jobs} workers at one BLAS thread each when the control can set that, else one
     *                at a time
     * @throws InvalidInputException for bad options, data or output directory, before any file is written
     */
    public static Summary run(Experiment e, ExperimentOptions options, Path dir, boolean resume, Backend backend,
                              BlasThreads threadControl, Listener listener) {
        long t0 = System.nanoTime();
        List<Cell> cells = e.cells(options);
        if (cells.isEmpty()) {
            throw new InvalidInputException(e.name() + ": the grid is empty");
        }
        DataSource source = e.data(options);
        ObjectNode parameters = parameters(e, options, source, cells.size());
        DataSource.Prepared data = source.load(backend);
        // checks that dir can be written before any work; plots and manifest are staged in it
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            SweepContext context = new SweepContext(data.data(), backend, options);
            int threads = threadControl.current();
            double eigen = 0;
            double hessian = 0;
            int ran = 0;
            try (ResultsFile results = ResultsFile.open(dir, e.name(), e.columns(), e.keyColumns(),
                    parameters.toString(), resume)) {
                List<Cell> todo = new ArrayList<>(cells.stream().filter(c -> !results.isDone(c.params())).toList());
                int skipped = cells.size() - todo.size();
                listener.started(cells.size(), skipped);
                double costTotal = todo.stream().mapToDouble(Cell::cost).sum();
                todo.sort(Comparator.comparingDouble(Cell::cost).reversed()); // longest first: better balance
                List<Cell> large = todo.stream().filter(c -> c.denseN() >= LARGE_N).toList();
                List<Cell> small = todo.stream().filter(c -> c.denseN() < LARGE_N).toList();
                int jobs = options.jobs() != null ? options.jobs() : threads;
                LOG.atDebug().log(() -> String.format("%s: %d cells (%d done before), %d large ones on %d BLAS threads, %d side by"
                        + " side in %d jobs", e.name(), cells.size(), skipped, large.size(), threads, small.size(), jobs));
                Progress progress = new Progress(listener, skipped, cells.size(), costTotal);
                double[] sums = new double[2];
                runCells(e, large, context, 1, results, progress, sums);
                if (!small.isEmpty()) {
                    boolean sideBySide = jobs > 1 && threadControl.set(1);
                    try {
                        runCells(e, small, context, sideBySide ? jobs : 1, results, progress, sums);
                    } finally {
                        threadControl.set(threads);
                    }
                }
                eigen = sums[0];
                hessian = sums[1];
                ran = todo.size();
            }
            List<Map<String, String>> rows = ResultsFile.read(dir.resolve(e.name() + ".csv"));
            List<String> plots = e.plot(rows, data.provenance(), out);
            double wall = (System.nanoTime() - t0) * 1e-9;
            Json.write(out.stage("manifest.json"), manifest(e, options, cells, parameters, data, rows.size(), ran, wall,
                    eigen, hessian, backend, resume ? dir.resolve("manifest.json") : null, plots));
            out.commit(); // plots and manifest appear together
            return new Summary(dir.resolve(e.name() + ".csv"), plots.stream().map(dir::resolve).toList(),
                    dir.resolve("manifest.json"), cells.size(), ran, wall, eigen, hessian);
        }
    }

    /** The manifest of a sweep; previousManifest (that of the run being resumed, or null) keeps its account. */
    private static ObjectNode manifest(Experiment e, ExperimentOptions options, List<Cell> cells, ObjectNode parameters,
                                       DataSource.Prepared data, int rows, int ran, double wall, double eigen,
                                       double hessian, Backend backend, Path previousManifest, List<String> plots) {
        ObjectNode m = Json.object();
        m.put("experiment", e.name());
        m.put("description", e.description());
        m.put("created", Instant.now().toString());
        m.set("parameters", parameters);
        m.set("data", data.provenance());
        ObjectNode grid = m.putObject("grid"); // the distinct values of every cell parameter
        for (String key : cells.get(0).params().keySet()) {
            ArrayNode values = grid.putArray(key);
            cells.stream().map(c -> c.params().get(key)).distinct().forEach(v -> values.add(Json.tree(v)));
        }
        e.settings(options).forEach((k, v) -> grid.set(k, Json.tree(v)));
        m.put("cells", cells.size());
        m.put("cells_run", ran);
        m.put("cells_resumed", cells.size() - ran);
        m.put("rows", rows);
        m.put("wall_seconds", wall);
        m.put("eigen_seconds_sum", eigen);
        m.put("hessian_seconds_sum", hessian);
        m.put("wall_over_eigen", eigen > 0 ? wall / eigen : null);
        ObjectNode sw = m.putObject("software");
        sw.put("shortcut_hessian", Version.get());
        sw.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        sw.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        sw.put("processors", Runtime.getRuntime().availableProcessors());
        sw.setAll(Json.facts(backend.info())); // typed: numbers, booleans, null
        ArrayNode previous = m.putArray("previous_runs"); // a resumed sweep keeps the account of the earlier runs
        if (previousManifest != null && Files.exists(previousManifest)) {
            com.fasterxml.jackson.databind.JsonNode old = Json.read(previousManifest);
            if (old.has("previous_runs")) {
                old.get("previous_runs").forEach(previous::add);
            }
            ObjectNode last = previous.addObject();
            for (String k : List.of("created", "cells_run", "wall_seconds", "eigen_seconds_sum", "hessian_seconds_sum")) {
                if (old.has(k)) {
                    last.set(k, old.get(k));
                }
            }
        }
        ArrayNode files = m.putArray("files");
        files.add(e.name() + ".csv");
        plots.forEach(files::add);
        return m;
    }

    private static ObjectNode parameters(Experiment e, ExperimentOptions o, DataSource source, int cells) {
        ObjectNode p = Json.object();
        p.put("experiment", e.name());
        p.put("quick", o.quick());
        p.put("data", source.name());
        p.put("samples", source.samples());
        p.put("components", source.components());
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("seeds", o.seeds());
        grid.put("depths", o.depths());
        grid.put("epochs", o.epochs());
        grid.put("learning_rate", o.learningRate());
        grid.put("learning_rates", o.learningRates());
        grid.put("spectrum_every", o.spectrumEvery());
        grid.forEach((k, v) -> {
            if (v != null) {
                p.set(k, Json.tree(v));
            }
        });
        p.put("eigensolver", o.eigensolver().name().toLowerCase(java.util.Locale.ROOT));
        p.put("cells", cells);
        return p;
    }

    private static void runCells(Experiment e, List<Cell> cells, SweepContext context, int jobs, ResultsFile results,
                                 Progress progress, double[] sums) {
        if (cells.isEmpty()) {
            return;
        }
        if (jobs == 1) {
            for (Cell c : cells) {
                finish(c, e.run(c, context), results, progress, sums);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "sweep-" + e.name());
            t.setDaemon(true);
            return t;
        });
        try {
            ExecutorCompletionService<Map.Entry<Cell, CellResult>> done = new ExecutorCompletionService<>(pool);
            for (Cell c : cells) {
                done.submit(() -> Map.entry(c, e.run(c, context)));
            }
            for (int i = 0; i < cells.size(); i++) {
                Future<Map.Entry<Cell, CellResult>> f = done.take();
                Map.Entry<Cell, CellResult> r = f.get();
                finish(r.getKey(), r.getValue(), results, progress, sums);
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", ex);
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void finish(Cell c, CellResult r, ResultsFile results, Progress progress, double[] sums) {
        results.append(c.params(), r.rows());
        sums[0] += r.eigenSeconds();
        sums[1] += r.hessianSeconds();
        progress.cellDone(c.cost());
    }

    /** Counts finished cells and cost for the listener. */
    private static final class Progress {
        private final Listener listener;
        private final int total;
        private final double costTotal;
        private int done;
        private double costDone;

        Progress(Listener listener, int skipped, int total, double costTotal) {
            this.listener = listener;
            this.done = skipped;
            this.total = total;
            this.costTotal = costTotal;
        }

        void cellDone(double cost) {
            done++;
            costDone += cost;
            listener.cellFinished(done, total, costDone, costTotal);
        }
    }
}
