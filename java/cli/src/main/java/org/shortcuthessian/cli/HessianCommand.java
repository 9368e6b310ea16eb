package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.matrixfree.NonFiniteProductException;
import org.shortcuthessian.curvature.spectrum.HeapBudget;
import org.shortcuthessian.curvature.spectrum.SpectrumPolicy;
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
        SpectrumPolicy.Decision decision = request == null ? null : SpectrumPolicy.decide(request, n, backend);
        boolean matrixFree = decision != null && !decision.dense();
        if (!matrixFree) {
            Curvature.requireFits(n, backend);
        }
        // every input is read and checked before the output directory is created
        double[] theta = network.theta(spec);
        Dataset data = network.data(spec);
        try (Curvature curv = new Curvature(spec, data, backend)) {
            if (matrixFree) {
                HeapBudget.requireMatrixFree(curv, decision.method(), request);
            }
            String weights = network.weightsDescription();
            write(curv, theta, weights, hp, matrixFree, request);
        }
        return ExitCodes.OK;
    }

    private void write(Curvature curv, double[] theta, String weights, Curvature.HessianPath hp, boolean matrixFree,
                       SpectrumRequest request) {
        try (OutputDirectory dir = output.open()) {
            ObjectNode result = matrixFree ? runMatrixFree(dir, curv, theta, weights, request, methods.requested())
                    : run(dir, curv, theta, weights, hp, true, spectrum, output.method,
                    methods.plainDense() ? null : request, methods.requested());
            result.put("weights", weights);
            Json.write(dir.stage("result.json"), result);
            dir.commit();
        }
    }

    /**
     * The hessian command past the dense limit (or with --method lanczos|slq): loss, gradient and the requested
     * spectrum from Hessian-vector products; gradient.npy, eigenvalues.npy (if any) and stats.json staged, no
     * hessian.npy. @return the result.json object
     */
    static ObjectNode runMatrixFree(OutputDirectory dir, Curvature curv, double[] theta, String weights,
                                    SpectrumRequest request, String requested) {
        long t0 = System.nanoTime();
        ObjectNode result = lossAndGradient(dir, curv, theta, weights);
        long t1 = System.nanoTime();
        SpectrumReport r;
        try {
            r = SpectrumSolver.compute(curv, theta, request);
        } catch (NonFiniteProductException e) {
            throw new InvalidInputException(weights + ": the Hessian at these weights is not finite ("
                    + e.getMessage() + ")", e);
        }
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
     *
     * @throws InvalidInputException naming the weights if the loss or the gradient is not finite (weights so
     *                               large that the network's outputs overflow)
     */
    private static ObjectNode lossAndGradient(OutputDirectory dir, Curvature curv, double[] theta, String weights) {
        double loss = curv.loss(theta);
        double[] grad = curv.gradient(theta);
        if (!Double.isFinite(loss)) {
            throw new InvalidInputException(weights + ": the loss at these weights is " + loss
                    + " (the network's outputs overflow: are the weights scaled far beyond 1?)");
        }
        for (int q = 0; q < grad.length; q++) {
            if (!Double.isFinite(grad[q])) {
                throw new InvalidInputException(weights + ": the gradient at these weights is " + grad[q]
                        + " at parameter " + q + " (the network's outputs overflow: are the weights scaled far"
                        + " beyond 1?)");
            }
        }
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
    static ObjectNode run(OutputDirectory dir, Curvature curv, double[] theta, String weights,
                          Curvature.HessianPath path, boolean saveHessian, boolean spectrum, EigenvalueMethod method) {
        return run(dir, curv, theta, weights, path, saveHessian, spectrum, method, null, "auto");
    }

    /**
     * As above; with a request (--top/--bottom, --method lanczos|slq on the assembled Hessian) the spectrum is
     * the request's; null gives every eigenvalue as the spectrum command does. Written by {@link SpectrumOutput}.
     */
    static ObjectNode run(OutputDirectory dir, Curvature curv, double[] theta, String weights,
                          Curvature.HessianPath path, boolean saveHessian, boolean spectrum, EigenvalueMethod method,
                          SpectrumRequest request, String requested) {
        Backend backend = curv.backend();
        long t0 = System.nanoTime();
        ObjectNode result = lossAndGradient(dir, curv, theta, weights);
        long t1 = System.nanoTime();
        try (DenseMatrix h = curv.hessian(theta, path)) {
            long t2 = System.nanoTime();
            requireFinite(backend, h, weights);
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

    /**
     * A finite loss and gradient, and yet the Hessian may overflow: it is then neither written nor decomposed.
     *
     * @throws InvalidInputException naming the weights and the first non-finite entry
     */
    private static void requireFinite(Backend backend, DenseMatrix h, String weights) {
        long bad = backend.firstNonFinite(h);
        if (bad >= 0) {
            throw new InvalidInputException(weights + ": the Hessian at these weights is " + h.getLinear(bad)
                    + " at index (" + bad % h.rows() + ", " + bad / h.rows() + ") (the network's outputs overflow:"
                    + " are the weights scaled far beyond 1?)");
        }
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
