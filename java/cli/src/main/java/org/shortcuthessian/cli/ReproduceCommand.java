package org.shortcuthessian.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.experiments.CellRunner;
import org.shortcuthessian.experiments.Experiment;
import org.shortcuthessian.experiments.ExperimentOptions;
import org.shortcuthessian.experiments.Experiments;
import org.shortcuthessian.experiments.LocalCells;
import org.shortcuthessian.experiments.PaperReport;
import org.shortcuthessian.experiments.Shard;
import org.shortcuthessian.experiments.Replot;
import org.shortcuthessian.experiments.Sweep;
import org.shortcuthessian.linalg.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reproduce NAME}: one of the paper's experiments as a resumable sweep with CSV, plots and a manifest. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Reproduces one of the paper's experiments (fig3 … fig8, zero-point; all of them with all) on"
                + " whitened MNIST (10 principal"
                + " components, one-hot labels).",
                "Writes DIR/NAME.csv (one row per measurement, streamed as cells finish), DIR/NAME.cells (finished"
                        + " cells), plots (PNG, SVG, PDF) and DIR/manifest.json. --quick runs a reduced grid (under 2 minutes on"
                        + " 2 cores); --resume continues an interrupted run in DIR.",
                "Experiments: fig3 (weight norms in training), fig4 (initial condition number vs depth), fig5"
                        + " (max|λ|, p10|λ| vs loss), fig6 (negative-eigenvalue ratio), fig7 (best loss and learning"
                        + " rate vs depth, linear), fig8 (the same with relu).",
                "Analogues (the paper's ResNet figures in this model class): fig2 (weight norms in training with a step"
                        + " learning-rate schedule), fig9 (best loss of n-shortcut relu networks, n = 1…4, at a fixed"
                        + " number of weight layers).",
                "Depth counts weight layers R·n (the CSV's depth column); the shortcut length n is the CSV's"
                        + " shortcut column (0 = plain network of 2-layer units)."},
        footerHeading = "%nDefaults of each experiment (with --quick in brackets):%n",
        footer = {"  fig2       depths 2,4,8,16,32,64 [2,8,32]; learning rate 0.1, ×0.1 at 1/2 and 3/4",
                "             of the epochs; epochs 1000 [200]; samples all [2000]; seeds 3",
                "  fig3       depths 2,4,8,16,32,64 [2,8,32]; learning rate 0.1;",
                "             epochs 1000 [300]; samples all [2000]; seeds 3",
                "  fig4       depths 2,4,8,16,32,64 [2,4,8,16,32]; seeds 10 [3]; epsilon 1e-4",
                "  fig5, fig6 depth 16; learning rate 0.05; epochs 1000 [400];",
                "             spectrum every 10 [20] epochs; seeds 3",
                "  fig7       depths 2…128 [2,8,32]; epochs 1000 [300]; seeds 3;",
                "             learning rates 10^-4…10, 2 per decade [10^-2…10]",
                "  fig8       depths 2…64 [2,4,8]; epochs 1000 [300]; samples all [1000];",
                "             learning rates 10^-2…10, 2 per decade [10^-1…10]; seeds 3",
                "  fig9       depths 12,24; learning rates 10^-2…10^0, 2 per decade [0.1,0.316,1];",
                "             epochs 1000 [200]; samples all [1000]; seeds 3",
                "  zero-point units 1,4,16 [1,4]; epsilon 1e-6…1, 2 per decade [1 per decade];",
                "             samples all [2000]; seeds 3 [1]",
                "  all        every experiment above, each with its own grid, then REPORT.md",
                "1- and 3-shortcut networks use the multiple of n nearest to each depth."})
final class ReproduceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    OutputOptions output;

    @Mixin
    DataOptions dataOptions;

    @Parameters(index = "0", paramLabel = "NAME", description = "fig2, fig3, fig4, fig5, fig6, fig7, fig8, fig9 or"
            + " zero-point; all: every experiment into DIR/NAME, then DIR/REPORT.md (each claim of the paper, the numbers"
            + " measured, a verdict).")
    String name;

    @Option(names = "--quick", description = "The reduced grid (same effect, under 2 minutes on 2 cores).")
    boolean quick;

    @Option(names = "--resume", description = "Continue the run in --out: its finished cells are kept, not rerun"
            + " (--overwrite instead starts the experiment anew in --out).")
    boolean resume;

    @Option(names = "--seeds", paramLabel = "S", description = "Seeds 1…S (default: the experiment's, see below).")
    Integer seeds;

    @Option(names = "--depths", paramLabel = "L", split = ",", splitSynopsisLabel = ",",
            description = "Depths, in weight layers R·n (default: the experiment's, see below).")
    List<Integer> depths;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default: the experiment's, see below).")
    Integer epochs;

    @Option(names = "--learning-rate", paramLabel = "ETA",
            description = "Learning rate of fig3, fig5, fig6, initial learning rate of fig2 (default: 0.1 for fig2 and fig3, 0.05 for fig5 and fig6).")
    Double learningRate;

    @Option(names = "--learning-rates", paramLabel = "ETA", split = ",", splitSynopsisLabel = ",",
            description = "Learning-rate grid of fig7, fig8, fig9 (default: the experiment's, see below).")
    List<Double> learningRates;

    @Option(names = "--spectrum-every", paramLabel = "K",
            description = "Epochs between spectra, fig5 and fig6 (default: 10; with --quick 20).")
    Integer spectrumEvery;

    @Option(names = "--epsilon", paramLabel = "EPS", description = "Scale ε of the small initialization (Xavier normal"
            + " × ε) in every figure that uses it (default: 1e-4).")
    Double epsilon;

    @Option(names = "--jobs", paramLabel = "J", description = "Cells side by side at one BLAS thread each (default: as"
            + " many as BLAS threads and memory allow). 1: one at a time on all BLAS threads, faster for large cells on"
            + " a quiet machine, but the spectra then differ in their last bits from runs on one thread.")
    Integer jobs;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--shard", paramLabel = "I/K", description = "Only shard I of K: a deterministic part of the grid"
            + " (balanced by cost), into its own --out; combine the K directories with merge.")
    String shard;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each cell as a Spark task on MASTER (local[N],"
            + " spark://HOST:PORT, yarn, k8s://…); the driver (this process) writes the results. Needs the Spark jar,"
            + " java/target/shortcut-hessian-spark.jar.")
    String spark;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "A Spark setting for --spark (repeatable),"
            + " e.g. spark.executor.memory=4g.")
    java.util.Map<String, String> sparkConf = new java.util.LinkedHashMap<>();
    @Option(names = "--replot", description = "Run nothing: draw the figures again from DIR/NAME.csv (and the data"
            + " recorded in DIR/manifest.json), as PNG, SVG and PDF.")
    boolean replot;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        if (name.equals(ALL)) {
            return all();
        }
        Experiment e = Experiments.get(name);
        if (replot) {
            List<Path> files = Replot.run(e, output.out);
            cmd.commandLine().getOut().printf(Locale.ROOT, "%s: %d files redrawn in %s%n", name, files.size(), output.out);
            return ExitCodes.OK;
        }
        ExperimentOptions options = new ExperimentOptions(quick, dataOptions.sourceOrNull(), seeds, depths, epochs,
                learningRate, learningRates, spectrumEvery, output.method, jobs, epsilon);
        requireUsed(e, options);
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        if (spark == null && !sparkConf.isEmpty()) {
            throw new InvalidInputException("--spark-conf: only with --spark MASTER");
        }
        if (spark != null && jobs != null) {
            throw new InvalidInputException("--jobs: not with --spark (Spark's task slots decide; see --spark-conf"
                    + " spark.task.cpus)");
        }
        output.requireWritable(true, resume);
        if (output.overwrite && !resume) {
            startAfresh(output.out, e.name());
        }
        Backend backend = common.apply();
        CellRunner runner = spark == null ? new LocalCells(CommonOptions.blasThreads(backend), jobs)
                : clusterRunners().create(spark, sparkConf, backend);
        Sweep.Listener listener = noProgress ? new Sweep.Listener() { } : new ProgressBar(cmd.commandLine().getErr(), name,
                System.console() != null);
        Sweep.Summary s = Sweep.run(e, options, output.out, resume, part, backend, CommonOptions.blasThreads(backend),
                runner, listener);
        cmd.commandLine().getOut().printf(Locale.ROOT,
                "%s: %d cells (%d run now), %.1f s wall, LAPACK eigenvalues %.1f s, Hessians %.1f s; %s, %d plot files,"
                        + " %s%n", name, s.cells(), s.ran(), s.wallSeconds(), s.eigenSeconds(), s.hessianSeconds(),
                s.csv(), s.plots().size(), s.manifest());
        return ExitCodes.OK;
    }

    /** The name that runs every experiment. */
    static final String ALL = "all";

    /**
     * {@code reproduce all}: every experiment in figure order, each into DIR/NAME with its own grid (default or
     * quick), then DIR/REPORT.md ({@link PaperReport}); with --replot, only the figures and the report again.
     */
    private int all() {
        java.io.PrintWriter out = cmd.commandLine().getOut();
        // the settings of one experiment's grid (all but seeds and ε), a shard of one grid, or Spark: refused
        List<String> refused = new java.util.ArrayList<>(new ExperimentOptions(quick, null, seeds, depths, epochs,
                learningRate, learningRates, spectrumEvery, null, jobs, epsilon).settingsGiven().stream()
                .filter(setting -> !setting.equals("seeds") && !setting.equals("epsilon")).map(Main::option).toList());
        if (shard != null) {
            refused.add("--shard");
        }
        if (spark != null) {
            refused.add("--spark");
        }
        if (!refused.isEmpty()) {
            throw new InvalidInputException(refused.get(0) + ": not with reproduce all (each experiment runs its own"
                    + " grid; use reproduce NAME " + refused.get(0) + " … for one experiment)");
        }
        if (replot) {
            int files = 0;
            for (Experiment e : Experiments.all()) {
                if (Files.isRegularFile(output.out.resolve(e.name()).resolve(e.name() + ".csv"))) {
                    files += Replot.run(e, output.out.resolve(e.name())).size();
                }
            }
            Path report = PaperReport.write(output.out);
            out.printf(Locale.ROOT, "all: %d files redrawn; %s%n", files, report);
            return ExitCodes.OK;
        }
        output.requireWritable(true, resume);
        Backend backend = common.apply();
        double wall = 0;
        for (Experiment e : Experiments.all()) {
            Path dir = output.out.resolve(e.name());
            if (output.overwrite && !resume) {
                startAfresh(dir, e.name());
            }
            ExperimentOptions options = new ExperimentOptions(quick, dataOptions.sourceOrNull(),
                    e.settingsUsed().contains("seeds") ? seeds : null, null, null, null, null, null, output.method, jobs,
                    e.settingsUsed().contains("epsilon") ? epsilon : null);
            Sweep.Listener listener = noProgress ? new Sweep.Listener() { }
                    : new ProgressBar(cmd.commandLine().getErr(), e.name(), System.console() != null);
            Sweep.Summary s = Sweep.run(e, options, dir, resume && Files.isDirectory(dir), Shard.ALL, backend,
                    CommonOptions.blasThreads(backend), new LocalCells(CommonOptions.blasThreads(backend), jobs), listener);
            wall += s.wallSeconds();
            out.printf(Locale.ROOT, "%s: %d cells (%d run now), %.1f s wall; %s%n", e.name(), s.cells(), s.ran(),
                    s.wallSeconds(), s.csv());
            out.flush();
        }
        Path report = PaperReport.write(output.out);
        out.printf(Locale.ROOT, "all: %d experiments, %.1f s wall; %s%n", Experiments.all().size(), wall, report);
        return ExitCodes.OK;
    }

    /** Refuses an option the experiment does not use (it would be silently ignored), naming what it does use. */
    private static void requireUsed(Experiment e, ExperimentOptions options) {
        for (String setting : options.settingsGiven()) {
            if (!e.settingsUsed().contains(setting)) {
                throw new InvalidInputException(Main.option(setting) + ": " + e.name() + " does not use it ("
                        + e.name() + " takes " + e.settingsUsed().stream().map(Main::option)
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        }
    }

    /**
     * --overwrite: the results of an earlier run of the experiment in dir are removed, so the sweep starts anew;
     * under the directory's lock, so that the files of a run still going on are never removed (that run's holder
     * is named instead).
     */
    private static void startAfresh(Path dir, String name) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (org.shortcuthessian.io.OutputDirectory locked = org.shortcuthessian.io.OutputDirectory.open(dir).lock()) {
            removeResults(dir, name);
        }
    }

    private static void removeResults(Path dir, String name) {
        for (String file : List.of(name + ".csv", name + ".cells")) {
            try {
                Files.deleteIfExists(dir.resolve(file));
            } catch (IOException ex) {
                throw new InvalidInputException(dir.resolve(file) + ": cannot remove the earlier results ("
                        + ex.getMessage() + ")", ex);
            }
        }
    }

    /** @return the cluster runner on the class path (the Spark jar's), or a refusal saying which jar has one. */
    static ClusterRunnerFactory clusterRunners() {
        return java.util.ServiceLoader.load(ClusterRunnerFactory.class).findFirst().orElseThrow(() ->
                new InvalidInputException("--spark: this jar has no Spark; run the Spark jar instead: java -jar"
                        + " java/target/shortcut-hessian-spark.jar reproduce … --spark MASTER (built by mvn -B package)"));
    }

}
