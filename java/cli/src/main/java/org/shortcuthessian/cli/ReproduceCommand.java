package org.shortcuthessian.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.experiments.CellRunner;
import org.shortcuthessian.experiments.Experiment;
import org.shortcuthessian.experiments.ExperimentOptions;
import org.shortcuthessian.experiments.Experiments;
import org.shortcuthessian.experiments.LocalCells;
import org.shortcuthessian.experiments.Shard;
import org.shortcuthessian.experiments.Sweep;
import org.shortcuthessian.linalg.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reproduce NAME}: one of the paper's experiments as a resumable sweep with CSV, plots and a manifest. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Reproduces one of the paper's experiments (fig3 … fig8) on whitened MNIST (10 principal"
                + " components, one-hot labels).",
                "Writes DIR/NAME.csv (one row per measurement, streamed as cells finish), DIR/NAME.cells (finished"
                        + " cells), PNG plots and DIR/manifest.json. --quick runs a reduced grid (under 2 minutes on"
                        + " 2 cores); --resume continues an interrupted run in DIR.",
                "Experiments: fig3 (weight norms in training), fig4 (initial condition number vs depth), fig5"
                        + " (max|λ|, p10|λ| vs loss), fig6 (negative-eigenvalue ratio), fig7 (best loss and learning"
                        + " rate vs depth, linear), fig8 (the same with relu)."})
final class ReproduceCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    OutputOptions output;

    @Mixin
    DataOptions dataOptions;

    @Parameters(index = "0", paramLabel = "NAME", description = "fig3, fig4, fig5, fig6, fig7 or fig8.")
    String name;

    @Option(names = "--quick", description = "The reduced grid (same effect, under 2 minutes on 2 cores).")
    boolean quick;

    @Option(names = "--resume", description = "Continue the run in --out: its finished cells are kept, not rerun.")
    boolean resume;

    @Option(names = "--seeds", paramLabel = "S", description = "Seeds 1…S (default: the experiment's).")
    Integer seeds;

    @Option(names = "--depths", paramLabel = "L,L,...", split = ",", description = "Depths in weight layers R·n.")
    List<Integer> depths;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs (default: the experiment's).")
    Integer epochs;

    @Option(names = "--learning-rate", paramLabel = "ETA", description = "Learning rate (fig3, fig5, fig6).")
    Double learningRate;

    @Option(names = "--learning-rates", paramLabel = "ETA,ETA,...", split = ",",
            description = "Learning-rate grid (fig7, fig8).")
    List<Double> learningRates;

    @Option(names = "--spectrum-every", paramLabel = "K", description = "Epochs between spectra (fig5, fig6).")
    Integer spectrumEvery;

    @Option(names = "--jobs", paramLabel = "J", description = "Cells side by side at one BLAS thread each (1: one at a"
            + " time on all BLAS threads; default: chosen by measurement and memory).")
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

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        Experiment e = Experiments.get(name);
        ExperimentOptions options = new ExperimentOptions(quick, dataOptions.sourceOrNull(), seeds, depths, epochs,
                learningRate, learningRates, spectrumEvery, output.method, jobs);
        requireUsed(e, options);
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        if (spark == null && !sparkConf.isEmpty()) {
            throw new InvalidInputException("--spark-conf: only with --spark MASTER");
        }
        if (spark != null && jobs != null) {
            throw new InvalidInputException("--jobs: not with --spark (Spark's task slots decide; see --spark-conf"
                    + " spark.task.cpus)");
        }
        Backend backend = common.apply();
        CellRunner runner = spark == null ? new LocalCells(CommonOptions.blasThreads(backend), jobs)
                : clusterRunners().create(spark, sparkConf, backend);
        Sweep.Listener listener = noProgress ? new Sweep.Listener() { } : new ProgressBar(cmd.commandLine().getErr(), name,
                System.console() != null);
        Sweep.Summary s = Sweep.run(e, options, output.out, resume, part, backend, CommonOptions.blasThreads(backend),
                runner, listener);
        cmd.commandLine().getOut().printf(Locale.ROOT,
                "%s: %d cells (%d run now), %.1f s wall, LAPACK eigenvalues %.1f s, Hessians %.1f s; %s, %d plots,"
                        + " %s%n", name, s.cells(), s.ran(), s.wallSeconds(), s.eigenSeconds(), s.hessianSeconds(),
                s.csv(), s.plots().size(), s.manifest());
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

    /** @return the cluster runner on the class path (the Spark jar's), or a refusal saying which jar has one. */
    static ClusterRunnerFactory clusterRunners() {
        return java.util.ServiceLoader.load(ClusterRunnerFactory.class).findFirst().orElseThrow(() ->
                new InvalidInputException("--spark: this jar has no Spark; run the Spark jar instead: java -jar"
                        + " java/target/shortcut-hessian-spark.jar reproduce … --spark MASTER (built by mvn -B package)"));
    }

}
