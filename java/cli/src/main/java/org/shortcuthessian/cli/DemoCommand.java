package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.ZeroPoint;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the built-in example, in the paper's setting. A 2-shortcut network on R^10 with relu at
 * mid (R = 8 units, N = 1600) on 10 000 synthetic whitened samples with one-hot targets: loss,
 * gradient, the exact Hessian and its full spectrum at an initialization, written like the
 * {@code hessian --spectrum} command, with the model, weights and data files so that the run can be
 * repeated or handed to NumPy/PyTorch.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Built-in example: exact Hessian and spectrum of a 2-shortcut relu network (d = 10, R = 8,"
                + " N = 1600) on 10 000 synthetic whitened samples with one-hot targets.",
                "Writes DIR/model.json, weights.npy, inputs.npy, targets.npy, gradient.npy,"
                        + " gradient_weights.npy, result.json, eigenvalues.npy, stats.json (and hessian.npy with"
                        + " --save-hessian); formats and parameter order in docs/DESIGN.md."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    OutputOptions output;

    @Option(names = "--units", paramLabel = "R", defaultValue = "8",
            description = "Units R (default: ${DEFAULT-VALUE}); the network has R·n weight layers.")
    int units;

    @Option(names = "--shortcut-length", paramLabel = "n", defaultValue = "2",
            description = "Shortcut length n: weight layers per unit, the model JSON's \"depth\" (default: ${DEFAULT-VALUE}).")
    int shortcutLength;

    /** The former name of --shortcut-length, still accepted (it wins when both are given). */
    @Option(names = "--depth", hidden = true, paramLabel = "n")
    Integer depthAlias;

    @Option(names = "--mid", defaultValue = "relu", paramLabel = "identity|relu|tanh",
            description = "Activation at mid (default: ${DEFAULT-VALUE}).", converter = Converters.Activations.class,
            completionCandidates = Converters.ActivationNames.class)
    Activation mid;

    @Option(names = "--samples", paramLabel = "M", defaultValue = "10000", description = "Samples m (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--init", defaultValue = "xavier", paramLabel = "xavier|orthogonal|small|zero",
            description = "Initialization (default: ${DEFAULT-VALUE}).", converter = Converters.Initializations.class,
            completionCandidates = Converters.InitializationNames.class)
    Initialization init;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed of data and init (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--save-hessian", description = "Also write the N×N hessian.npy.")
    boolean saveHessian;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    @Override
    public Integer call() {
        Backend backend = common.apply();
        if (depthAlias != null) {
            shortcutLength = depthAlias;
        }
        NetworkSpec spec;
        Initialization initialization;
        try {
            spec = new NetworkSpec(10, units, shortcutLength, true, Activation.IDENTITY, mid, Activation.IDENTITY);
            initialization = init;
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("demo: " + e.getMessage());
        }
        if (samples < 11) {
            throw new InvalidInputException("--samples: " + samples + " (at least 11 to whiten 10 dimensions)");
        }
        Curvature.requireFits(spec.parameterCount(), backend);
        try (OutputDirectory dir = output.open()) {
            Dataset data = SyntheticData.whitenedOneHot(10, samples, seed, backend);
            double[] theta = initialization.sample(spec, seed);
            ObjectNode result;
            try (Curvature curv = new Curvature(spec, data, backend)) {
                result = HessianCommand.run(dir, curv, theta, "init " + init.name().toLowerCase(Locale.ROOT)
                        + " seed " + seed, Curvature.HessianPath.AUTO, saveHessian, true, output.method);
            }
            Json.write(dir.stage("model.json"), spec.toJson());
            WeightsFile.write(dir.stage("weights.npy"), spec, theta);
            Npy.writeArray(dir.stage("inputs.npy"), new NpyArray(new long[] {samples, 10}, data.inputs()));
            Npy.writeArray(dir.stage("targets.npy"), new NpyArray(new long[] {samples, 10}, data.targets()));
            result.put("init", initialization.name().toLowerCase(Locale.ROOT));
            result.put("seed", seed);
            if (shortcutLength == 2) {
                result.put("zero_point_predicted_cond", ZeroPoint.predictedCondition(backend, spec, data));
            }
            Json.write(dir.stage("result.json"), result);
            dir.commit();
            JsonNode stats = result.get("stats");
            JsonNode secs = result.get("seconds");
            cmd.commandLine().getOut().printf(Locale.ROOT,
                    "demo: N = %d, m = %d, loss = %.6f; Hessian %.2f s (%s path), spectrum %.2f s (%s):"
                            + " max|λ| = %.4g, cond_p10 = %s, negative_ratio = %.4f; outputs in %s%n",
                    spec.parameterCount(), samples, result.get("loss").asDouble(), secs.get("hessian").asDouble(),
                    result.get("path").asText(), secs.get("spectrum").asDouble(), result.get("routine").asText(),
                    stats.get("lambda_max_abs").asDouble(), stats.get("cond_p10").isNull() ? "null"
                            : String.format(Locale.ROOT, "%.4g", stats.get("cond_p10").asDouble()),
                    stats.get("negative_ratio").asDouble(), output.out);
        }
        return ExitCodes.OK;
    }
}
