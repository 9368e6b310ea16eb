package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.SpectrumResult;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hessian}: loss, gradient and the exact dense Hessian of a network on data (optionally its spectrum). */
@Command(name = "hessian", mixinStandardHelpOptions = true,
        description = {"Exact loss, gradient and Hessian of an n-shortcut network on data.",
                "Writes DIR/hessian.npy (N×N), DIR/gradient.npy (N,), DIR/result.json; with --spectrum also"
                        + " DIR/eigenvalues.npy and DIR/stats.json (as the spectrum command).",
                "Parameter order: unit, matrix within unit, column, row (DESIGN.md)."})
final class HessianCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "M.json", description = "Model description (dim, units, depth, shortcut, pre, mid, post).")
    Path model;

    @Mixin
    WeightsOptions weights;

    @Option(names = "--inputs", required = true, paramLabel = "X.npy", description = "Inputs, (m, d).")
    Path inputs;

    @Option(names = "--targets", required = true, paramLabel = "Y.npy", description = "Targets, (m, d).")
    Path targets;

    @Mixin
    OutputOptions output;

    @Option(names = "--spectrum", description = "Also compute all eigenvalues and their statistics.")
    boolean spectrum;

    @Option(names = "--path", paramLabel = "auto|moments|general", defaultValue = "auto",
            description = "Hessian path (default: ${DEFAULT-VALUE}: moments for linear networks, general otherwise).")
    String path;


    @Override
    public Integer call() {
        Backend backend = common.apply();
        NetworkSpec spec = NetworkSpec.read(model);
        Curvature.HessianPath hp = parsePath(path, spec);
        Curvature.requireFits(spec.parameterCount(), backend);
        try (OutputDirectory dir = OutputDirectory.open(output.out)) {
            double[] theta = weights.theta(spec);
            Dataset data = Dataset.read(inputs, targets, spec.dim());
            Curvature curv = new Curvature(spec, data, backend);
            ObjectNode result = run(dir, curv, theta, hp, true, spectrum, output.method);
            result.put("weights", weights.describe());
            Json.write(dir.stage("result.json"), result);
            dir.commit();
        }
        return ExitCodes.OK;
    }

    /**
     * The job of the hessian and demo commands: loss, gradient and Hessian at θ (and its spectrum), staged
     * in dir as gradient.npy, hessian.npy (if asked), eigenvalues.npy and stats.json (if asked).
     *
     * @return the result.json object (loss, parameters, samples, gradient_norm, path, backend, threads,
     *         model, seconds), for the caller to complete and stage
     */
    static ObjectNode run(OutputDirectory dir, Curvature curv, double[] theta, Curvature.HessianPath path,
                          boolean saveHessian, boolean spectrum, EigenvalueMethod method) {
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        double loss = curv.loss(theta);
        double[] grad = curv.gradient(theta);
        long t1 = System.nanoTime();
        ObjectNode result = Json.object();
        ObjectNode seconds;
        try (DenseMatrix h = curv.hessian(theta, path)) {
            long t2 = System.nanoTime();
            Npy.writeVector(dir.stage("gradient.npy"), grad);
            if (saveHessian) {
                Npy.writeMatrix(dir.stage("hessian.npy"), h);
            }
            result.put("loss", loss);
            result.put("parameters", curv.parameters());
            result.put("samples", curv.data().samples());
            double gn = 0;
            for (double g : grad) {
                gn += g * g;
            }
            result.put("gradient_norm", Math.sqrt(gn));
            result.put("path", (path == Curvature.HessianPath.AUTO ? curv.autoPath() : path).name().toLowerCase(Locale.ROOT));
            result.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
            result.put("threads", backend.threads());
            result.set("model", curv.spec().toJson());
            seconds = result.putObject("seconds");
            seconds.put("loss_and_gradient", (t1 - t0) * 1e-9);
            seconds.put("hessian", (t2 - t1) * 1e-9);
            if (spectrum) {
                ObjectNode extra = Json.object();
                extra.put("hessian", saveHessian ? "hessian.npy" : "the Hessian of result.json");
                SpectrumResult r = SpectrumCommand.write(dir, backend, h, "hessian", method, false, 1e-10, extra);
                seconds.put("spectrum", (System.nanoTime() - t2) * 1e-9);
                result.set("stats", Json.stats(r.statistics()));
                result.put("routine", r.routine());
            }
        }
        return result;
    }

    private Curvature.HessianPath parsePath(String s, NetworkSpec spec) {
        Curvature.HessianPath p;
        try {
            p = Curvature.HessianPath.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--path: unknown path '" + s + "' (expected auto, moments or general)");
        }
        if (p == Curvature.HessianPath.MOMENTS && !spec.isLinear()) {
            throw new InvalidInputException("--path moments: " + model + " is not a linear network (pre "
                    + spec.pre().jsonName() + ", mid " + spec.mid().jsonName() + ", post " + spec.post().jsonName()
                    + "); use --path general");
        }
        return p;
    }
}
