package org.shortcuthessian.cli;

import org.shortcuthessian.curvature.spectrum.SpectrumReport;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.matrixfree.NonFiniteProductException;
import org.shortcuthessian.curvature.matrixfree.Operators;
import org.shortcuthessian.curvature.matrixfree.SlqOptions;
import org.shortcuthessian.curvature.matrixfree.SpectralDensity;
import org.shortcuthessian.curvature.matrixfree.StochasticLanczosQuadrature;
import org.shortcuthessian.curvature.spectrum.HeapBudget;
import org.shortcuthessian.experiments.Csv;
import org.shortcuthessian.experiments.Plots;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;
import org.shortcuthessian.network.NetworkSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code density}: the eigenvalue density of a Hessian by stochastic Lanczos quadrature, as CSV, PNG and JSON. */
@Command(name = "density", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Eigenvalue density of a Hessian by stochastic Lanczos quadrature (no N×N memory for a network).",
                "Input: --hessian H.npy, or a network (--model, --weights or --init, --inputs, --targets) whose"
                        + " Hessian is used through Hessian-vector products.",
                "Writes DIR/density.csv (lambda, density, stderr), DIR/density.png (.svg, .pdf) and DIR/density.json (estimated"
                        + " p10_abs, cond_p10, negative_ratio, trace with their spread; the quadrature nodes and weights)."})
final class DensityCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--hessian", required = true, paramLabel = "H.npy", description = "A symmetric N×N matrix.")
        Path hessian;

        @ArgGroup(exclusive = false)
        NetworkInput network;
    }

    @Mixin
    OutputDirectoryOptions output;

    @Mixin
    SlqSettings slq;

    @Spec
    picocli.CommandLine.Model.CommandSpec cmd;

    /** What the run changed of the settings it was given, said on stderr once it has succeeded; or null. */
    private String note;

    @Override
    public Integer call() {
        Backend backend = common.apply();
        SlqOptions options = slq.options();
        // every input is read and checked before the output directory is created
        if (source.hessian != null) {
            try (DenseMatrix h = Npy.readMatrix(source.hessian, backend::allocate)) {
                HessianValidation.requireHessian(backend, h, source.hessian.getFileName().toString(),
                        HessianValidation.DEFAULT_SYMMETRY_TOLERANCE);
                options = fitSteps(options, h.rows());
                HeapBudget.requireDensity(h.rows(), options, 8L * h.rows());
                ObjectNode json = Json.object();
                json.put("hessian", source.hessian.toString());
                write(backend, Operators.dense(h), options, json);
            }
        } else {
            NetworkSpec spec = source.network.spec();
            double[] theta = source.network.theta(spec);
            try (Curvature curv = new Curvature(spec, source.network.data(spec), backend)) {
                options = fitSteps(options, spec.parameterCount());
                HeapBudget.requireDensity(curv, options);
                ObjectNode json = Json.object();
                json.set("model", spec.toJson());
                json.put("weights", source.network.weightsDescription());
                json.put("samples", curv.data().samples());
                try {
                    write(backend, curv.hessianOperator(theta), options, json);
                } catch (NonFiniteProductException e) {
                    throw new InvalidInputException(source.network.weightsDescription()
                            + ": the Hessian at these weights is not finite (" + e.getMessage() + ")", e);
                }
            }
        }
        return ExitCodes.OK;
    }

    /** The density of op, written to --out: density.csv, density.png, density.json (json's keys last). */
    private void write(Backend backend, SymmetricOperator op, SlqOptions options, ObjectNode json) {
        try (OutputDirectory dir = output.open()) {
            long t0 = System.nanoTime();
            SpectralDensity d = StochasticLanczosQuadrature.density(backend, op, options);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            writeCsv(dir.stage("density.csv"), d);
            plot(dir, d, source.hessian != null ? source.hessian.getFileName().toString()
                    : "network " + source.network.model.getFileName() + ", " + source.network.weightsDescription());
            ObjectNode stats = describe(d);
            stats.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
            stats.put("threads", backend.threads());
            stats.put("seconds", seconds);
            stats.setAll(json);
            Json.write(dir.stage("density.json"), stats);
            dir.commit();
        }
        if (note != null) { // after the outputs: a run that fails says one line, its error
            cmd.commandLine().getErr().println(note);
        }
    }

    /**
     * More Lanczos steps than the dimension N add nothing (after N steps the Krylov space is the whole space and
     * the quadrature is exact): the default of --steps is capped at N, and a note on stderr says so; a --steps
     * given explicitly beyond N is refused.
     */
    private SlqOptions fitSteps(SlqOptions options, int n) {
        if (options.steps() <= n) {
            return options;
        }
        if (cmd.commandLine().getParseResult().hasMatchedOption("--steps")) {
            throw new InvalidInputException("--steps: " + options.steps() + " exceeds N = " + n);
        }
        note = "shortcut-hessian density: note: --steps " + options.steps() + " (the default) exceeds N = " + n
                + "; used " + n + " steps (the quadrature is then exact)";
        return options.withSteps(n);
    }

    /** The estimates with their spread and resolution, the settings, and each probe's nodes and weights. */
    static ObjectNode describe(SpectralDensity d) {
        ObjectNode o = Json.object();
        o.put("method", "slq");
        o.put("parameters", d.dimension());
        SpectrumReport.densityJson(o, d);
        ArrayNode nodes = o.putArray("nodes");
        ArrayNode weights = o.putArray("weights");
        for (int p = 0; p < d.probes(); p++) {
            ArrayNode n = nodes.addArray();
            ArrayNode w = weights.addArray();
            for (int i = 0; i < d.nodes()[p].length; i++) {
                n.add(d.nodes()[p][i]);
                w.add(d.weights()[p][i]);
            }
        }
        return o;
    }

    /** density.csv: columns lambda, density, stderr, one row per grid point ({@link Csv}'s format). */
    static void writeCsv(Path file, SpectralDensity d) {
        List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>(d.grid().length);
        for (int g = 0; g < d.grid().length; g++) {
            rows.add(java.util.Map.of("lambda", d.grid()[g], "density", d.density()[g], "stderr", d.densityStderr()[g]));
        }
        Csv.write(file, CSV_COLUMNS, rows);
    }

    /** The columns of density.csv. */
    static final List<String> CSV_COLUMNS = List.of("lambda", "density", "stderr");

    /**
     * The density with a band of ±2 standard errors (clipped at 0), as density.png, density.svg and density.pdf staged
     * in dir.
     *
     * @param source what the Hessian is, for the subtitle (e.g. {@code H.npy} or the model)
     */
    static List<String> plot(OutputDirectory dir, SpectralDensity d, String source) {
        double[] upper = new double[d.grid().length];
        double[] lower = new double[d.grid().length];
        for (int g = 0; g < upper.length; g++) {
            double s = Double.isFinite(d.densityStderr()[g]) ? d.densityStderr()[g] : 0.0;
            upper[g] = d.density()[g] + 2 * s;
            lower[g] = Math.max(0.0, d.density()[g] - 2 * s);
        }
        String subtitle = String.format(Locale.ROOT, "%s · N = %d · SLQ: %d probes × %d steps, Gaussian smoothing σ = %.3g"
                + " · band: ±2 standard errors over the probes", source, d.dimension(), d.probes(), d.options().steps(),
                d.sigma());
        return Plots.save(dir, "density", new Plots.Figure("Eigenvalue density of the Hessian", subtitle,
                new Plots.Axis("eigenvalue λ", Plots.Scale.LINEAR), new Plots.Axis("density", Plots.Scale.LINEAR), false,
                List.of(new Plots.Line("density", d.grid(), d.density(), lower, upper))));
    }
}
