package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.curvature.ZeroPoint;
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
                "With --zero-point (no --weights/--init): Theorem 2 at θ = 0: DIR/predicted_eigenvalues.npy (the"
                        + " theorem's spectrum, ascending, N values with multiplicities), DIR/eigenvalues.npy (the exact"
                        + " Hessian's at θ = 0) and DIR/zero_point.json (predicted and exact cond, cond_p10 side by side).",
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


    @Option(names = "--zero-point", description = "Theorem 2: the predicted and the exact spectrum at θ = 0 (shortcut"
            + " networks; no --weights or --init).")
    boolean zeroPoint;

    @Override
    public Integer call() {
        Backend backend = common.apply();
        NetworkSpec spec = network.spec();
        if (zeroPoint) {
            return zeroPoint(backend, spec);
        }
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

    /**
     * {@code --zero-point}: Theorem 2's spectrum ({@link ZeroPoint#predictedSpectrum}) and the exact Hessian's at θ = 0
     * (the ordinary assembly path and the eigensolver), with their statistics side by side in zero_point.json.
     */
    private int zeroPoint(Backend backend, NetworkSpec spec) {
        if (network.given()) {
            throw new InvalidInputException("--zero-point: the weights are θ = 0; drop --weights/--init");
        }
        if (spectrum || methods.given()) {
            throw new InvalidInputException("--zero-point: computes every eigenvalue densely; drop --spectrum/--method/--top/--bottom");
        }
        if (!spec.shortcut()) {
            throw new InvalidInputException(network.model + ": --zero-point needs a shortcut network (\"shortcut\": true);"
                    + " a plain network at θ = 0 has f = 0 and no Theorem 2");
        }
        int n = spec.parameterCount();
        Curvature.HessianPath hp = parsePath(path, spec);
        Curvature.requireFits(n, backend);
        Dataset data = network.data(spec);
        double[] theta = new double[n];
        try (Curvature curv = new Curvature(spec, data, backend); OutputDirectory dir = output.open()) {
            long t0 = System.nanoTime();
            double[] predicted = ZeroPoint.predictedSpectrum(backend, spec, data);
            long t1 = System.nanoTime();
            double[] exact;
            try (DenseMatrix h = curv.hessian(theta, hp)) {
                exact = backend.eigenvalues(h, output.method);
            }
            java.util.Arrays.sort(exact);
            long t2 = System.nanoTime();
            Npy.writeVector(dir.stage("predicted_eigenvalues.npy"), predicted);
            Npy.writeVector(dir.stage("eigenvalues.npy"), exact);
            Json.write(dir.stage("zero_point.json"), zeroPointJson(backend, spec, data, curv, predicted, exact,
                    (t1 - t0) * 1e-9, (t2 - t1) * 1e-9));
            dir.commit();
        }
        return ExitCodes.OK;
    }

    /** zero_point.json: the theorem's case, predicted and exact statistics, cond and cond_p10 side by side. */
    private static ObjectNode zeroPointJson(Backend backend, NetworkSpec spec, Dataset data, Curvature curv,
                                            double[] predicted, double[] exact, double predictSeconds,
                                            double exactSeconds) {
        SpectrumStatistics p = SpectrumStatistics.of(predicted);
        SpectrumStatistics e = SpectrumStatistics.of(exact);
        ObjectNode o = Json.object();
        o.set("model", spec.toJson());
        o.put("parameters", spec.parameterCount());
        o.put("samples", data.samples());
        o.put("loss", curv.loss(new double[spec.parameterCount()]));
        o.put("theorem", ZeroPoint.statement(spec));
        if (spec.depth() == 2) {
            o.put("c", ZeroPoint.constant(spec));
            com.fasterxml.jackson.databind.node.ArrayNode sv = o.putArray("singular_values_m");
            for (double s : ZeroPoint.singularValues(backend, spec, data)) {
                sv.add(s);
            }
        }
        o.put("hessian_is_zero", e.lambdaMaxAbs() == 0.0);
        for (String stat : java.util.List.of("cond", "cond_p10")) {
            ObjectNode side = o.putObject(stat);
            side.put("predicted", p.asMap().get(stat));
            side.put("exact", e.asMap().get(stat));
        }
        double diff = 0;
        for (int q = 0; q < exact.length; q++) {
            diff = Math.max(diff, Math.abs(predicted[q] - exact[q]));
        }
        o.put("max_abs_difference", diff);
        o.put("relative_difference", e.lambdaMaxAbs() > 0 ? diff / e.lambdaMaxAbs() : null);
        o.set("predicted", p.toJson());
        o.set("exact", e.toJson());
        o.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
        o.put("threads", backend.threads());
        ObjectNode seconds = o.putObject("seconds");
        seconds.put("predicted", predictSeconds);
        seconds.put("exact", exactSeconds);
        return o;
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
