package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Where the near-zero behaviour of Theorem 2 holds: the Hessian's cond_p10 of 2-shortcut networks (linear, and relu at
 * mid) at the small initialization θ = ε·(Xavier normal), against ε = 1e-6 … 1 in half decades, at R = 1, 4, 16 units;
 * mean over seeds, with Theorem 2's θ = 0 prediction drawn. For linear networks the prediction σ_max(M)/σ_min(M) holds
 * while ε is small; for relu at mid, relu'(0) = 0 makes H(0) = 0 (no prediction), but at any θ ≠ 0 relu' is the
 * indicator of W·x &gt; 0, whatever the scale: near zero the Hessian is O(1), not continuous at 0, and its
 * conditioning (measured here) is nearly depth-invariant too.
 */
public final class ZeroPointSweep implements Experiment {
    static final List<Integer> UNITS = List.of(1, 4, 16);
    static final List<Integer> QUICK_UNITS = List.of(1, 4);
    static final List<Activation> MIDS = List.of(Activation.IDENTITY, Activation.RELU);
    static final int SEEDS = 3;
    static final int QUICK_SEEDS = 1;

    @Override
    public String name() {
        return "zero-point";
    }

    @Override
    public String description() {
        return "Theorem 2 near zero: cond_p10 of 2-shortcut networks (linear, relu at mid) at R = 1, 4, 16 against the"
                + " small initialization's scale ε = 1e-6 … 1, with the θ = 0 prediction";
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds");
    }

    @Override
    public List<String> columns() {
        return java.util.stream.Stream.of(List.of("mid", "units", "epsilon", "seed", "init", "shortcut", "depth",
                "parameters", "loss", "gradient_norm"), SpectrumStatistics.COLUMNS, Fig4.PREDICTED,
                List.of("routine", "hessian_seconds", "eigen_seconds")).flatMap(List::stream).toList();
    }

    @Override
    public List<String> keyColumns() {
        return List.of("mid", "units", "epsilon", "seed");
    }

    /** @return ε = 10^(k/2), k = −12 … 0 (half decades); quick: whole decades 1e-6 … 1. */
    static List<Double> epsilons(boolean quick) {
        return Training.logGrid(-6, 0, quick ? 1 : 2);
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(o.quick() ? 2000 : 0);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Cell> cells = new ArrayList<>();
        int seeds = o.seedsOr(o.quick() ? QUICK_SEEDS : SEEDS);
        int d = data(o).components();
        for (Activation mid : MIDS) {
            for (int units : o.quick() ? QUICK_UNITS : UNITS) {
                for (double eps : epsilons(o.quick())) {
                    for (int seed = 1; seed <= seeds; seed++) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("mid", mid.jsonName());
                        p.put("units", units);
                        p.put("epsilon", eps);
                        p.put("seed", seed);
                        int n = units * 2 * d * d;
                        cells.add(new Cell(p, n, Math.pow(n, 3)));
                    }
                }
            }
        }
        return cells;
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        Activation mid = Activation.parse(cell.param("mid"));
        int units = cell.intParam("units");
        Family f = new Family(Initialization.SMALL, 2);
        NetworkSpec spec = f.spec(ctx.data().dim(), 2 * units, mid);
        double[] theta = Initialization.SMALL.sample(spec, cell.intParam("seed"), cell.doubleParam("epsilon"));
        Map<String, Object> row = cell.row();
        row.put("init", f.initName());
        row.put("shortcut", 2);
        row.put("depth", 2 * units);
        Fig4.putPrediction(row, spec, ctx);
        return Fig4.measure(row, spec, theta, ctx);
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        for (String stat : List.of("cond_p10", "lambda_max_abs")) {
            List<Plots.Line> lines = new ArrayList<>();
            List<Plots.Line> predictions = new ArrayList<>();
            for (Activation mid : MIDS) {
                for (String units : distinct(rows, "units")) {
                    List<Map<String, String>> rs = RowStats.filter(rows, r -> mid.jsonName().equals(r.get("mid"))
                            && units.equals(r.get("units")));
                    if (rs.isEmpty()) {
                        continue;
                    }
                    String name = (mid == Activation.IDENTITY ? "linear" : "relu at mid") + ", R = " + units;
                    if (stat.equals("cond_p10")) {
                        lines.add(RowStats.censoredGeometricMeanSpread(rs, "epsilon", stat, "p10_censored",
                                "parameters").line(name));
                        double[][] pred = RowStats.points(rs, "epsilon", "predicted_cond_p10");
                        if (pred[0].length > 0) {
                            predictions.add(Plots.Line.reference("Theorem 2 at θ = 0, " + name, pred[0], pred[1], name));
                        }
                    } else {
                        double[][] g = RowStats.geometricMeanSpread(rs, "epsilon", stat);
                        lines.add(new Plots.Line(name, g[0], g[1], g[2], g[3]));
                    }
                }
            }
            lines.addAll(predictions);
            String what = stat.equals("cond_p10") ? "condition number max|λ| / p10|λ|" : "max|λ|";
            out.addAll(Plots.save(dir, "zero_point_" + stat, new Plots.Figure("2-shortcut networks near θ = 0: " + what,
                    stat.equals("cond_p10") ? Plots.caption(data, rows, "θ = ε·(Xavier normal)",
                            "geometric mean ×/÷ geometric std over seeds", "dashed: Theorem 2 at θ = 0 (relu at mid:"
                                    + " H(0) = 0, no prediction)")
                            : Plots.caption(data, rows, "θ = ε·(Xavier normal)",
                            "geometric mean ×/÷ geometric std over seeds"),
                    new Plots.Axis("ε (scale of the initialization)", Plots.Scale.LOG10),
                    new Plots.Axis(stat, Plots.Scale.LOG10), true, lines)));
        }
        out.addAll(plotDeparture(rows, data, dir));
        return out;
    }

    /**
     * Where the near-zero behaviour ends: |cond_p10(ε)/ref − 1| against ε, ref = Theorem 2's prediction (linear) or
     * the series' cond_p10 at its smallest ε (relu at mid, where H(0) = 0 predicts nothing); per seed, then the
     * geometric mean over seeds. A censored cond_p10 is left out.
     */
    private static List<String> plotDeparture(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                                              OutputDirectory dir) {
        List<Plots.Line> lines = new ArrayList<>();
        for (Activation mid : MIDS) {
            for (String units : distinct(rows, "units")) {
                List<Map<String, String>> rs = RowStats.filter(rows, r -> mid.jsonName().equals(r.get("mid"))
                        && units.equals(r.get("units")) && !RowStats.isTrue(r, "p10_censored"));
                if (rs.isEmpty()) {
                    continue;
                }
                double smallest = rs.stream().mapToDouble(r -> RowStats.num(r, "epsilon")).min().orElse(Double.NaN);
                List<Map<String, String>> derived = new ArrayList<>();
                for (Map<String, String> r : rs) {
                    double ref = RowStats.num(r, "predicted_cond_p10");
                    if (!Double.isFinite(ref)) {
                        String seed = r.get("seed");
                        ref = rs.stream().filter(q -> seed.equals(q.get("seed"))
                                && RowStats.num(q, "epsilon") == smallest).mapToDouble(q -> RowStats.num(q, "cond_p10"))
                                .findFirst().orElse(Double.NaN);
                    }
                    Map<String, String> d = new LinkedHashMap<>(r);
                    d.put("departure", Double.toString(Math.abs(RowStats.num(r, "cond_p10") / ref - 1)));
                    derived.add(d);
                }
                double[][] g = RowStats.geometricMeanSpread(derived, "epsilon", "departure");
                lines.add(new Plots.Line((mid == Activation.IDENTITY ? "linear" : "relu at mid") + ", R = " + units,
                        g[0], g[1], g[2], g[3]));
            }
        }
        return Plots.save(dir, "zero_point_departure", new Plots.Figure("Where the near-zero behaviour ends",
                Plots.caption(data, rows, "|cond_p10(ε) / ref − 1|", "ref: Theorem 2 at θ = 0 (linear), cond_p10 at the"
                        + " smallest ε (relu at mid)", "geometric mean over seeds"),
                new Plots.Axis("ε (scale of the initialization)", Plots.Scale.LOG10),
                new Plots.Axis("relative departure of cond_p10", Plots.Scale.LOG10), true, lines));
    }

    /** @return the distinct values of a column, numerically ascending. */
    private static List<String> distinct(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).filter(v -> v != null && !v.isEmpty()).distinct()
                .sorted(java.util.Comparator.comparingDouble(Double::parseDouble)).toList();
    }
}
