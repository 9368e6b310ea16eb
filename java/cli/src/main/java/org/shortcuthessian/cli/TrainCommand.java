package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import org.shortcuthessian.training.EpochRecord;
import org.shortcuthessian.training.GradientDescent;
import org.shortcuthessian.training.TrainingConfig;
import org.shortcuthessian.training.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: full-batch gradient descent on one network, with the Hessian's spectrum every k epochs. */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Full-batch gradient descent θ ← θ − η·∇L(θ) on one network, with curvature tracking; η constant or"
                + " a step schedule (--learning-rate-steps).",
                "Data: --inputs/--targets (.npy, (m, d)) or --data (built-in MNIST, synthetic, an IDX directory;"
                        + " whitened, one-hot).",
                "Writes DIR/training.csv (per epoch: learning_rate, loss, gradient_norm, weight_norm and, every --spectrum-every"
                        + " epochs, lambda_max_abs, lambda_min_abs, p10_abs, cond, cond_p10, negative_ratio),"
                        + " DIR/weights.npy (final θ), DIR/model.json and DIR/result.json. A run that diverges stops"
                        + " and says so (exit 0)."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "M.json", description = "Model description: dim d, units R, depth n (the shortcut length), shortcut, pre, mid, post (docs/DESIGN.md).")
    Path model;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--inputs", paramLabel = "X.npy", description = "Inputs, (m, d) (with --targets; instead of --data).")
    Path inputs;

    @Option(names = "--targets", paramLabel = "Y.npy", description = "Targets: (m, d) floats, or integer class labels (m,) (one-hot with d classes).")
    Path targets;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    OutputOptions output;

    @Option(names = "--learning-rate", required = true, paramLabel = "ETA", description = "η > 0.")
    double learningRate;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "100", description = "Updates (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate-steps", paramLabel = "E", split = ",", splitSynopsisLabel = ",",
            description = "Step schedule: from each of these epochs on, η is multiplied by --learning-rate-factor once"
                    + " more (e.g. 500,750 with 1000 epochs; default: none, a constant η).")
    List<Integer> learningRateSteps;

    @Option(names = "--learning-rate-factor", paramLabel = "F",
            description = "The factor of each step of --learning-rate-steps (default: 0.1).")
    Double learningRateFactor;

    @Option(names = "--spectrum-every", paramLabel = "K", defaultValue = "0",
            description = "Full Hessian spectrum at epochs 0, K, 2K, … and the last (default: ${DEFAULT-VALUE} = never).")
    int spectrumEvery;

    @Option(names = "--divergence-bound", paramLabel = "L", defaultValue = "1e6",
            description = "Stop as diverged when the loss exceeds this (default: ${DEFAULT-VALUE}).")
    double bound;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    private ProgressBar bar;

    @Override
    public Integer call() {
        if (learningRateFactor != null && learningRateSteps == null) {
            throw new InvalidInputException("--learning-rate-factor: needs --learning-rate-steps (the epochs at which"
                    + " η is multiplied by it)");
        }
        TrainingConfig config = new TrainingConfig(learningRate, epochs, spectrumEvery, bound, output.method,
                learningRateSteps == null ? List.of() : learningRateSteps,
                learningRateFactor == null ? TrainingConfig.DEFAULT_LEARNING_RATE_FACTOR : learningRateFactor);
        if ((inputs == null) != (targets == null)) {
            throw new InvalidInputException("--inputs and --targets go together");
        }
        if (inputs != null && dataOptions.data != null) {
            throw new InvalidInputException("--data: give either --data or --inputs/--targets");
        }
        Backend backend = common.apply();
        NetworkSpec spec = NetworkSpec.read(model);
        double[] theta0 = weights.theta(spec);
        ObjectNode provenance;
        Dataset data;
        if (inputs != null) {
            data = Dataset.read(inputs, targets, spec.dim());
            provenance = Json.object().put("inputs", inputs.toString()).put("targets", targets.toString());
        } else {
            DataSource src = dataOptions.sourceOrNull() != null ? dataOptions.sourceOrNull() : DataSource.mnist(0);
            if (src.components() != spec.dim()) {
                throw new InvalidInputException(model + ": dim = " + spec.dim() + " but --components = "
                        + src.components() + " (the data's dimension must be the network's)");
            }
            DataSource.Prepared p = src.load(backend);
            data = p.data();
            provenance = p.provenance();
        }
        try (OutputDirectory dir = output.open(); Curvature curvature = new Curvature(spec, data, backend)) {
            long t0 = System.nanoTime();
            TrainingResult r = GradientDescent.train(curvature, theta0, config, progress(config));
            if (bar != null) {
                bar.end(); // a run that stopped early (diverged) leaves its bar open
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (EpochRecord e : r.records()) {
                rows.add(e.row());
            }
            ResultsFile.write(dir.stage("training.csv"), EpochRecord.COLUMNS, rows);
            WeightsFile.write(dir.stage("weights.npy"), spec, r.theta());
            Json.write(dir.stage("model.json"), spec.toJson());
            ObjectNode result = Json.object();
            result.set("model", spec.toJson());
            result.put("weights0", weights.describe());
            result.set("data", provenance);
            result.put("learning_rate", learningRate);
            result.set("learning_rate_steps", Json.tree(config.learningRateSteps()));
            result.put("learning_rate_factor", config.learningRateFactor());
            result.put("final_learning_rate", r.last().learningRate());
            result.put("epochs", epochs);
            result.put("epochs_run", r.last().epoch());
            result.put("initial_loss", r.records().get(0).loss());
            result.put("final_loss", r.finalLoss());
            result.put("best_loss", r.bestLoss());
            result.put("diverged", r.diverged());
            result.put("divergence", r.divergence());
            result.put("seconds", seconds);
            result.put("backend", backend.description());
            Json.write(dir.stage("result.json"), result);
            dir.commit();
            cmd.commandLine().getOut().printf(Locale.ROOT, "train: N = %d, m = %d, %d epochs, loss %.6g → %.6g%s;"
                            + " %.1f s; outputs in %s%n", spec.parameterCount(), data.samples(), r.last().epoch(),
                    r.records().get(0).loss(), r.finalLoss(), r.diverged() ? " (diverged: " + r.divergence() + ")" : "",
                    seconds, output.out);
        }
        return ExitCodes.OK;
    }

    /**
     * What train reports while it runs, on stderr: a progress bar (unless --no-progress) and, with -v, a line
     * per spectrum and at every tenth of the epochs.
     */
    private GradientDescent.Listener progress(TrainingConfig config) {
        PrintWriter err = cmd.commandLine().getErr();
        bar = noProgress ? null : new ProgressBar(err, "train", System.console() != null, "epochs");
        int total = config.epochs();
        int tenth = Math.max(1, total / 10);
        return record -> {
            int e = record.epoch();
            if (common.verbose && (record.spectrum() != null || e % tenth == 0 || e == total)) {
                err.println(String.format(Locale.ROOT, "shortcut-hessian: train: epoch %d: loss %.6g, gradient norm %.4g%s",
                        e, record.loss(), record.gradientNorm(), record.spectrum() == null ? ""
                                : String.format(Locale.ROOT, ", max|λ| %.4g, negative ratio %.4f",
                                record.spectrum().lambdaMaxAbs(), record.spectrum().negativeRatio())));
                err.flush();
            }
            if (bar != null) {
                bar.progress(e, total, total == 0 ? 1 : (double) e / total,
                        String.format(Locale.ROOT, ", loss %.4g", record.loss()));
            }
        };
    }
}
