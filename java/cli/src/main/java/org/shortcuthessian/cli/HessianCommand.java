package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumRequest;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hessian}: loss, gradient and the exact dense Hessian of a network on data (optionally its spectrum). */
@Command(name = "hessian", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Exact loss, gradient and Hessian of an n-shortcut network on data.",
                "Writes DIR/hessian.npy (N×N), DIR/gradient.npy (N,), DIR/gradient_weights.npy (R, n, d, d, like"
                        + " weights.npy), DIR/result.json; with --spectrum also DIR/eigenvalues.npy and DIR/stats.json"
                        + " (as the spectrum command).",
                "Parameter order of gradient.npy and hessian.npy: unit, matrix within unit, column, row: not"
                        + " weights.ravel(). In NumPy: theta = weights.transpose(0, 1, 3, 2).ravel(); the file"
                        + " formats and schemas are in docs/DESIGN.md (\"The model\", \"Outputs\")."})
final class HessianCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    NetworkInput network;

    @Mixin
    OutputOptions output;

    @Option(names = "--spectrum", description = "Also compute all eigenvalues and their statistics"
            + " (with --method lanczos|slq, or auto past the dense limit: from Hessian-vector products, no hessian.npy).")
    boolean spectrum;

    @Mixin
    SpectrumMethodOptions methods;

    @Option(names = "--path", paramLabel = "auto|moments|general", defaultValue = "auto",
            description = "Hessian path (default: ${DEFAULT-VALUE}: moments for linear networks, general otherwise).")
    String path;


    @Override
    public Integer call() {
        Backend backend = common.apply();
        NetworkSpec spec = network.spec();
        Curvature.HessianPath hp = parsePath(path, spec);
        int n = spec.parameterCount();
        if (!spectrum && methods.given()) {
            throw new InvalidInputException("--method/--top/--bottom: need --spectrum");
        }
        SpectrumRequest request = spectrum ? methods.request(n) : null;
        boolean matrixFree = request != null && SpectrumMethodOptions.matrixFree(request, n, backend);
        if (!matrixFree) {
            Curvature.requireFits(n, backend);
        }
        try (OutputDirectory dir = output.open()) {
            double[] theta = network.theta(spec);
            Dataset data = network.data(spec);
            Curvature curv = new Curvature(spec, data, backend);
            ObjectNode result = matrixFree ? runMatrixFree(dir, curv, theta, request, methods.requested())
                    : run(dir, curv, theta, hp, true, spectrum, output.method,
                    methods.plainDense() ? null : request, methods.requested());
            result.put("weights", network.weightsDescription());
            Json.write(dir.stage("result.json"), result);
            dir.commit();
        }
        return ExitCodes.OK;
    }

    /**
     * The hessian command past the dense limit (or with --method lanczos|slq): loss, gradient and the requested
     * spectrum from Hessian-vector products; gradient.npy, eigenvalues.npy (if any) and stats.json staged, no
     * hessian.npy. @return the result.json object
     */
    static ObjectNode runMatrixFree(OutputDirectory dir, Curvature curv, double[] theta, SpectrumRequest request,
                                    String requested) {
        long t0 = System.nanoTime();
        ObjectNode result = lossAndGradient(dir, curv, theta);
        long t1 = System.nanoTime();
        SpectrumReport r = SpectrumSolver.compute(curv, theta, request);
        ObjectNode extra = Json.object();
        extra.put("hessian", "not assembled (matrix-free)");
        ObjectNode stats = SpectrumOutput.write(dir, r, requested, curv.backend(), extra);
        result.put("path", "matrix-free");
        result.putNull("hessian");
        ObjectNode seconds = result.putObject("seconds");
        seconds.put("loss_and_gradient", (t1 - t0) * 1e-9);
        seconds.put("spectrum", (System.nanoTime() - t1) * 1e-9);
        result.set("stats", stats);
        result.put("routine", r.routine());
        return result;
    }

    /**
     * loss, parameters, samples, gradient_norm, backend, threads, model; gradient.npy (N,) in the parameter order and
     * gradient_weights.npy (R, n, d, d) in the shape of weights.npy staged.
     */
    private static ObjectNode lossAndGradient(OutputDirectory dir, Curvature curv, double[] theta) {
        double loss = curv.loss(theta);
        double[] grad = curv.gradient(theta);
        Npy.writeVector(dir.stage("gradient.npy"), grad);
        WeightsFile.write(dir.stage("gradient_weights.npy"), curv.spec(), grad);
        ObjectNode result = Json.object();
        result.put("loss", loss);
        result.put("parameters", curv.parameters());
        result.put("samples", curv.data().samples());
        double gn = 0;
        for (double g : grad) {
            gn += g * g;
        }
        result.put("gradient_norm", Math.sqrt(gn));
        result.put("backend", curv.backend().kind().name().toLowerCase(Locale.ROOT));
        result.put("threads", curv.backend().threads());
        result.set("model", curv.spec().toJson());
        return result;
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
        return run(dir, curv, theta, path, saveHessian, spectrum, method, null, "auto");
    }

    /**
     * As above; with a request (--top/--bottom, --method lanczos|slq on the assembled Hessian) the spectrum is
     * the request's; null gives every eigenvalue as the spectrum command does. Written by {@link SpectrumOutput}.
     */
    static ObjectNode run(OutputDirectory dir, Curvature curv, double[] theta, Curvature.HessianPath path,
                          boolean saveHessian, boolean spectrum, EigenvalueMethod method, SpectrumRequest request,
                          String requested) {
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        ObjectNode result = lossAndGradient(dir, curv, theta);
        long t1 = System.nanoTime();
        try (DenseMatrix h = curv.hessian(theta, path)) {
            long t2 = System.nanoTime();
            if (saveHessian) {
                Npy.writeMatrix(dir.stage("hessian.npy"), h);
            }
            result.put("path", (path == Curvature.HessianPath.AUTO ? curv.autoPath() : path).name().toLowerCase(Locale.ROOT));
            ObjectNode seconds = result.putObject("seconds");
            seconds.put("loss_and_gradient", (t1 - t0) * 1e-9);
            seconds.put("hessian", (t2 - t1) * 1e-9);
            if (spectrum) {
                ObjectNode extra = Json.object();
                extra.put("hessian", saveHessian ? "hessian.npy" : "the Hessian of result.json");
                SpectrumRequest req = (request != null ? request : SpectrumRequest.auto()).withEigensolver(method);
                HessianValidation.requireHessian(backend, h, "hessian", 1e-10);
                SpectrumReport r = SpectrumSolver.compute(backend, h, req);
                ObjectNode stats = SpectrumOutput.write(dir, r, requested, backend, extra);
                result.set("stats", req.plain() ? r.statistics().toJson() : stats);
                result.put("routine", r.routine());
                seconds.put("spectrum", (System.nanoTime() - t2) * 1e-9);
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
            throw new InvalidInputException("--path moments: " + network.model + " is not a linear network (pre "
                    + spec.pre().jsonName() + ", mid " + spec.mid().jsonName() + ", post " + spec.post().jsonName()
                    + "); use --path general");
        }
        return p;
    }
}
