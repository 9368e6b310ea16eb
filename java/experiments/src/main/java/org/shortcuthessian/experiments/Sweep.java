package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.Version;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's grid (or one {@link Shard} of it): a {@link CellRunner} runs the cells (this JVM's
 * threads by default, {@link LocalCells}, or a cluster), and the sweep alone writes their rows as they
 * finish ({@link ResultsFile}), once per cell; with resume, finished cells are skipped and any setting that
 * changes results (backend, eigensolver, data, grid…) is refused. Then the plots and {@code manifest.json}.
 * The results directory is locked for the whole run ({@link OutputDirectory#lock()}).
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    private Sweep() {
    }

    /** Hears about progress (from the sweep's thread, one call at a time). */
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
     * @param cells          cells in the grid (in the shard, for a shard)
     * @param ran            cells run now (the others were done before: resume)
     * @param wallSeconds    this run's wall time, from data loading to the manifest
     * @param eigenSeconds   summed time of the LAPACK eigenvalue calls of the cells run now
     * @param hessianSeconds summed time of the Hessian assemblies of the cells run now
     */
    public record Summary(Path csv, List<Path> plots, Path manifest, int cells, int ran, double wallSeconds,
                          double eigenSeconds, double hessianSeconds) {
    }

    /**
     * Runs experiment e with options in dir, on this JVM's threads ({@link LocalCells} with {@code options.jobs()}).
     *
     * @param resume        continue a run in dir (its finished cells are kept)
     * @param threadControl the application's control of the BLAS threads ({@link BlasThreads#fixed} to leave them
     *                      alone: then cells run side by side only if the count is already one)
     * @throws InvalidInputException for bad options, data or output directory, before any file is written
     */
    public static Summary run(Experiment e, ExperimentOptions options, Path dir, boolean resume, Backend backend,
                              BlasThreads threadControl, Listener listener) {
        return run(e, options, dir, resume, Shard.ALL, backend, threadControl, new LocalCells(threadControl,
                options.jobs()), listener);
    }

    /**
     * Runs the cells of one shard of experiment e's grid with runner, into dir.
     *
     * @param resume continue a run in dir (its finished cells are kept); refused if it was made with other
     *               settings, naming them
     * @param shard   the part of the grid ({@link Shard#ALL}: all of it); a shard writes no plots
     * @param threads the application's control of the BLAS threads: the data are prepared (whitened) on one
     *                thread, so they are the same bits whatever the thread count (OpenBLAS's multi-threaded
     *                eigensolver rounds differently); a {@link BlasThreads#fixed} control leaves the count alone
     * @throws InvalidInputException for bad options, data or output directory (or one locked by another run),
     *                               before any result is written
     */
    public static Summary run(Experiment e, ExperimentOptions options, Path dir, boolean resume, Shard shard,
                              Backend backend, BlasThreads threads, CellRunner runner, Listener listener) {
        long t0 = System.nanoTime();
        double loadAtStart = loadAverage();
        List<Cell> grid = e.cells(options);
        if (grid.isEmpty()) {
            throw new InvalidInputException(e.name() + ": the grid is empty");
        }
        List<Cell> cells = shard.select(grid);
        DataSource source = e.data(options);
        int before = threads.current();
        DataSource.Prepared data;
        try {
            threads.set(1);
            data = source.load(backend);
        } finally {
            threads.set(before);
        }
        ObjectNode parameters = parameters(e, options, source, grid.size(), backend, data, shard);
        // checks that dir can be written and takes its lock before any work; plots and manifest are staged in it
        try (OutputDirectory out = OutputDirectory.open(dir).lock()) {
            refuseAnotherExperiment(dir, e);
            SweepContext context = new SweepContext(data.data(), backend, options);
            double[] sums = new double[2];
            int ran;
            try (ResultsFile results = ResultsFile.open(dir, e.name(), e.columns(), e.keyColumns(),
                    parameters.toString(), resume)) {
                List<Cell> todo = new ArrayList<>(cells.stream().filter(c -> !results.isDone(c.params())).toList());
                int skipped = cells.size() - todo.size();
                listener.started(cells.size(), skipped);
                double costTotal = todo.stream().mapToDouble(Cell::cost).sum();
                todo.sort(Comparator.comparingDouble(Cell::cost).reversed()); // longest first: better balance
                LOG.atDebug().log(() -> String.format("%s: %d cells (%d done before)", e.name(), cells.size(), skipped));
                Progress progress = new Progress(listener, skipped, cells.size(), costTotal);
                runner.run(e, todo, context, (c, r) -> {
                    if (results.isDone(c.params())) {
                        LOG.warn("{}: cell {} came back twice; kept once", e.name(), c.params());
                        return;
                    }
                    results.append(c.params(), r.rows());
                    sums[0] += r.eigenSeconds();
                    sums[1] += r.hessianSeconds();
                    progress.cellDone(c.cost());
                });
                if (results.doneCount() != cells.size()) {
                    throw new IllegalStateException(e.name() + ": " + results.doneCount() + " of " + cells.size()
                            + " cells complete after the run");
                }
                ran = todo.size();
            }
            List<Map<String, String>> rows = ResultsFile.readCanonical(dir.resolve(e.name() + ".csv"));
            List<String> plots = shard.isAll() ? e.plot(rows, data.provenance(), out) : List.of(); // a shard's plots would mislead
            double wall = (System.nanoTime() - t0) * 1e-9;
            ObjectNode m = manifest(e, options, grid, parameters, data, rows.size(), ran, wall, sums[0], sums[1],
                    backend, resume ? dir.resolve("manifest.json") : null, plots);
            m.set("runner", runner.describe());
            ObjectNode load = m.putObject("load_average");
            putFinite(load, "start", loadAtStart);
            putFinite(load, "end", loadAverage());
            m.put("cells_resumed", cells.size() - ran);
            if (!shard.isAll()) {
                ObjectNode sh = m.putObject("shard");
                sh.put("index", shard.index());
                sh.put("count", shard.count());
                sh.put("cells", cells.size());
            }
            Path previous = dir.resolve("manifest.json");
            if (ran == 0 && resume && Files.isRegularFile(previous)) {
                m = keepProducingRun(Json.read(previous), m);
            }
            Json.write(out.stage("manifest.json"), m);
            out.commit(); // plots and manifest appear together
            return new Summary(dir.resolve(e.name() + ".csv"), plots.stream().map(dir::resolve).toList(),
                    dir.resolve("manifest.json"), cells.size(), ran, wall, sums[0], sums[1]);
        }
    }

    /**
     * @return the system's load average over the last minute (runnable processes, as {@code uptime} shows it), or NaN
     *         where the platform gives none: read into the manifest at the start and end of a run, so that a wall
     *         time measured on a shared machine says so
     */
    static double loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l >= 0 ? l : Double.NaN;
    }

    private static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, Math.round(v * 100) / 100.0);
        } else {
            o.putNull(key);
        }
    }

    /** Refuses a directory that holds the results of another experiment (its manifest.json would be replaced). */
    static void refuseAnotherExperiment(Path dir, Experiment e) {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        String other;
        try {
            other = Json.read(manifest).path("experiment").asText("");
        } catch (RuntimeException ex) {
            return; // not ours to judge: a torn manifest is replaced by this run's
        }
        if (!other.isEmpty() && !other.equals(e.name())) {
            throw new InvalidInputException(dir + ": holds the results of " + other + " (manifest.json); write "
                    + e.name() + " into another directory");
        }
    }

    /**
     * The manifest of a resume that ran no cell: every row was made by the runs that the previous manifest describes,
     * so it stays as it was (its {@code created}, {@code cells_run}, {@code wall_seconds}, {@code software},
     * {@code runner} and {@code previous_runs} are those of the run that produced the rows), with this run's
     * {@code grid} (which a manifest of an older version may lack; a resume has the same grid) and {@code files}
     * (the plots it drew), and this run appended to {@code runs_without_cells} ({@code created},
     * {@code wall_seconds}, {@code shortcut_hessian} version).
     *
     * @param previous the manifest in the directory before this run (not modified)
     * @param now      the manifest this run would write otherwise (not modified)
     * @return a new manifest
     */
    static ObjectNode keepProducingRun(com.fasterxml.jackson.databind.JsonNode previous, ObjectNode now) {
        ObjectNode m = previous instanceof ObjectNode o ? o.deepCopy() : now.deepCopy();
        m.set("grid", now.get("grid").deepCopy());
        m.set("files", now.get("files").deepCopy());
        ArrayNode later = m.get("runs_without_cells") instanceof ArrayNode a ? a : m.putArray("runs_without_cells");
        ObjectNode run = later.addObject();
        run.set("created", now.get("created"));
        run.set("wall_seconds", now.get("wall_seconds"));
        run.set("shortcut_hessian", now.path("software").path("shortcut_hessian").deepCopy());
        return m;
    }

    /**
     * The grid block of a manifest: the distinct values of every cell parameter (in the order of the first cell's
     * parameters, values in cell order), then the experiment's {@link Experiment#settings} (epochs, …).
     */
    static ObjectNode grid(Experiment e, ExperimentOptions options, List<Cell> cells) {
        ObjectNode grid = Json.object();
        for (String key : cells.get(0).params().keySet()) {
            ArrayNode values = grid.putArray(key);
            cells.stream().map(c -> c.params().get(key)).distinct().forEach(v -> values.add(Json.tree(v)));
        }
        e.settings(options).forEach((k, v) -> grid.set(k, Json.tree(v)));
        if (e.settingsUsed().contains("epsilon")) { // the small initialization's scale, given or default
            grid.put("epsilon", options.epsilonOr());
        }
        return grid;
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
        m.set("grid", grid(e, options, cells));
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

    /**
     * The settings that decide a run's results, as written in NAME.cells (a resume must match them): the
     * experiment and its grid, the data (source and a SHA-256 of the prepared arrays), the eigensolver, the
     * backend kind, and the shard. Thread counts and runners are not among them: results do not depend on them.
     */
    static ObjectNode parameters(Experiment e, ExperimentOptions o, DataSource source, int cells, Backend backend,
                                 DataSource.Prepared data, Shard shard) {
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
        grid.put("epsilon", o.epsilon());
        grid.forEach((k, v) -> {
            if (v != null) {
                p.set(k, Json.tree(v));
            }
        });
        p.put("eigensolver", o.eigensolver().name().toLowerCase(java.util.Locale.ROOT));
        p.put("cells", cells);
        p.put("backend", backend.kind().name().toLowerCase(java.util.Locale.ROOT));
        p.put("data_sha256", sha256(data.data()));
        if (!shard.isAll()) {
            p.put(SHARD_PARAMETER, shard.toString());
        }
        return p;
    }

    /** The parameter naming a run's shard (absent for a whole run). */
    static final String SHARD_PARAMETER = "shard";

    /** @return the hex SHA-256 of d, its inputs and its targets (as IEEE-754 bits, little-endian). */
    static String sha256(Dataset d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(8 * 1024).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(d.dim());
            for (double[] a : new double[][] {d.inputs(), d.targets()}) {
                for (double v : a) {
                    if (b.remaining() < 8) {
                        md.update(b.flip());
                        b.clear();
                    }
                    b.putDouble(v);
                }
            }
            md.update(b.flip());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
        }
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
