package org.shortcuthessian.experiments;

import org.shortcuthessian.curvature.SpectrumStatistics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.curvature.ZeroPoint;

/**
 * Figure 4: the condition number of the Hessian at the initial point against depth, for linear
 * networks: Xavier plain, orthogonal plain, small-init 2-shortcut, and small-init 1- and 3-shortcut
 * networks; geometric mean ×/÷ geometric std over seeds. Theorem 2 predicts a flat 2-shortcut series, a growing
 * 1-shortcut series like the plain ones, and a 3-shortcut Hessian that vanishes with the initialization's scale; its
 * θ = 0 prediction for the 1- and 2-shortcut networks is recorded ({@link #PREDICTED}) and drawn dashed. A condition
 * number whose p10|λ| or min|λ| is at the rounding floor is drawn as a lower bound and never averaged.
 */
public final class Fig4 implements Experiment {
    static final List<Integer> DEPTHS = List.of(2, 4, 8, 16, 32, 64);
    static final List<Integer> QUICK_DEPTHS = List.of(2, 4, 8, 16, 32);
    static final int SEEDS = 10;
    static final int QUICK_SEEDS = 3;
    /**
     * Theorem 2's cond and cond_p10 at θ = 0 for this network and data ({@link ZeroPoint#predictedSpectrum}): in the
     * seed-1 row of the small-init 1- and 2-shortcut cells (the prediction does not depend on the seed), else empty.
     */
    static final List<String> PREDICTED = List.of("predicted_cond", "predicted_cond_p10");

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epsilon");
    }

    @Override
    public String name() {
        return "fig4";
    }

    @Override
    public String description() {
        return "initial condition number (cond_p10, cond) against depth, linear networks, geometric mean over seeds,"
                + " with Theorem 2's θ = 0 prediction";
    }

    @Override
    public List<String> columns() {
        return java.util.stream.Stream.of(List.of("init", "shortcut", "depth", "seed", "units", "parameters", "epsilon",
                "loss", "gradient_norm"), SpectrumStatistics.COLUMNS, List.of("routine", "blas_threads", "hessian_seconds",
                "eigen_seconds"), PREDICTED).flatMap(List::stream).toList();
    }

    @Override
    public List<String> keyColumns() {
        return List.of("init", "shortcut", "depth", "seed");
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Cell> cells = new ArrayList<>();
        int seeds = o.seedsOr(o.quick() ? QUICK_SEEDS : SEEDS);
        int d = o.dataOr(0).components();
        for (Family f : Family.WITH_SHORTCUTS) {
            for (int depth : f.depths(o, o.quick() ? QUICK_DEPTHS : DEPTHS)) {
                for (int seed = 1; seed <= seeds; seed++) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    f.putParams(p, depth);
                    p.put("seed", seed);
                    int n = depth * d * d;
                    cells.add(new Cell(p, n, Math.pow(n, 3)));
                }
            }
        }
        return cells;
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        Family f = Family.of(cell);
        NetworkSpec spec = f.spec(ctx.data().dim(), cell.intParam("depth"), Activation.IDENTITY);
        double[] theta = f.init().sample(spec, cell.intParam("seed"), ctx.options().epsilonOr());
        Map<String, Object> row = cell.row();
        row.put("units", spec.units());
        row.put("epsilon", f.init() == Initialization.SMALL ? ctx.options().epsilonOr() : null);
        row.put("blas_threads", ctx.backend().threads());
        if (f.init() == Initialization.SMALL && f.shortcut() <= 2 && cell.intParam("seed") == 1) {
            putPrediction(row, spec, ctx);
        }
        return measure(row, spec, theta, ctx);
    }

    /**
     * Puts into row the loss, gradient_norm, parameters, the Hessian's statistics and flags at θ, routine,
     * hessian_seconds and eigen_seconds (what fig4 and zero-point record of a point).
     *
     * @return the cell's result: that row and its timings
     */
    static CellResult measure(Map<String, Object> row, NetworkSpec spec, double[] theta, SweepContext ctx) {
        Curvature.LossGradient lg;
        SpectrumReport t;
        try (Curvature c = new Curvature(spec, ctx.data(), ctx.backend())) {
            lg = c.lossAndGradient(theta);
            t = SpectrumSolver.statistics(c, theta, ctx.options().eigensolver(), false);
        }
        row.put("parameters", spec.parameterCount());
        row.put("loss", lg.loss());
        row.put("gradient_norm", org.shortcuthessian.training.GradientDescent.norm(lg.gradient()));
        row.putAll(t.recordedStatistics(spec.parameterCount()).row());
        row.put("routine", t.routine());
        row.put("hessian_seconds", t.hessianSeconds());
        row.put("eigen_seconds", t.eigenSeconds());
        return new CellResult(List.of(row), t.eigenSeconds(), t.hessianSeconds());
    }

    /** Puts Theorem 2's cond and cond_p10 at θ = 0 ({@link #PREDICTED}) for this network and the data into row. */
    static void putPrediction(Map<String, Object> row, NetworkSpec spec, SweepContext ctx) {
        SpectrumStatistics p = SpectrumStatistics.of(ZeroPoint.predictedSpectrum(ctx.backend(), spec, ctx.data()));
        row.put(PREDICTED.get(0), p.cond());
        row.put(PREDICTED.get(1), p.condP10());
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        for (String stat : List.of("cond_p10", "cond", "lambda_max_abs")) {
            List<Plots.Line> lines = new ArrayList<>();
            String censor = switch (stat) {
                case "cond_p10" -> "p10_censored";
                case "cond" -> "min_censored";
                default -> null;
            };
            RowStats.byFamily(rows, Family.WITH_SHORTCUTS).forEach((f, rs) -> {
                if (censor == null) {
                    double[][] g = RowStats.geometricMeanSpread(rs, "depth", stat);
                    lines.add(new Plots.Line(label(f), g[0], g[1], g[2], g[3]));
                } else {
                    lines.add(RowStats.censoredGeometricMeanSpread(rs, "depth", stat, censor, "parameters").line(label(f)));
                }
            });
            if (censor != null) {
                RowStats.byFamily(rows, Family.WITH_SHORTCUTS).forEach((f, rs) -> {
                    double[][] pred = RowStats.points(rs, "depth", "predicted_" + stat);
                    if (pred[0].length > 0) {
                        lines.add(Plots.Line.reference("Theorem 2 at θ = 0, " + f.shortcut() + "-shortcut", pred[0],
                                pred[1], label(f)));
                    }
                });
            }
            String what = switch (stat) {
                case "cond_p10" -> "condition number max|λ| / p10|λ|";
                case "cond" -> "condition number max|λ| / min|λ|";
                default -> "max|λ|";
            };
            out.addAll(Plots.save(dir, "fig4_" + stat, new Plots.Figure("Hessian at the initial point: " + what,
                    censor == null ? Plots.caption(data, rows, "linear networks", "geometric mean ×/÷ geometric std over seeds")
                            : Plots.caption(data, rows, "linear networks", "geometric mean ×/÷ geometric std over seeds",
                            "dashed: Theorem 2 at θ = 0"),
                    new Plots.Axis("depth (weight layers R·n)", Plots.Scale.LOG2),
                    new Plots.Axis(stat, Plots.Scale.LOG10), true, lines)));
        }
        return out;
    }

    /**
     * @return the family's legend: its label, and for n ≥ 3 what its condition number is (H(0) = 0, so the Hessian
     *         near zero is O(ε): a ratio of two small numbers, not a conditioning of the zero point)
     */
    static String label(Family f) {
        return f.shortcut() >= 3 ? f.label() + " (H(0) = 0: ratio of an O(ε) Hessian)" : f.label();
    }

    /** Statistics of one series at each depth: {depth, mean, std, count}. */
    public static double[][] series(List<Map<String, String>> rows, Family f, String stat) {
        return RowStats.meanStd(RowStats.byFamily(rows, List.of(f)).get(f), "depth", stat);
    }

}
