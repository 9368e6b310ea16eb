package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;

/**
 * Figure 6: the runs of {@link Fig5}, negative-eigenvalue ratio and gradient norm; and the dynamics comparison:
 * loss and curvature against the epoch of the 2-shortcut and the orthogonal (and Xavier) plain networks.
 */
public final class Fig6 extends Fig5 {
    @Override
    public String name() {
        return "fig6";
    }

    @Override
    public String description() {
        return "depth-16 linear networks during training: negative-eigenvalue ratio against the loss; gradient"
                + " norm and ratio against the epoch for the 2-shortcut run";
    }

    /** The families of the dynamics comparison: the claim's two, and Xavier plain as a reference. */
    static final List<Family> DYNAMICS = List.of(Family.PAPER.get(2), Family.PAPER.get(1), Family.PAPER.get(0));
    /** The statistics of the dynamics comparison, against the epoch, each on a log axis. */
    static final List<String> DYNAMICS_STATISTICS = List.of("loss", "lambda_max_abs", "cond_p10");

    /**
     * Writes {@code fig6_summary.csv} (negative-eigenvalue ratio, each family's runs interpolated on a common loss
     * grid and averaged, {@link LossGrid}), {@code fig6_comparison.csv} (the 2-shortcut networks' ratio — the index —
     * against each other family's on their common losses), {@code fig6_dynamics_distance.csv} ({@link #distances})
     * and the plots: ratio against the loss; gradient norm and ratio of the 2-shortcut runs against the epoch; loss,
     * max|λ| and cond_p10 against the epoch for the 2-shortcut, orthogonal and Xavier networks; all mean and spread
     * over seeds.
     */
    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> summary = LossGrid.summaryRows(rows, Family.WITH_SHORTCUTS,
                Map.of("negative_ratio", false));
        out.add(writeCsv(dir, "fig6_summary.csv", LossGrid.SUMMARY_COLUMNS, summary));
        out.add(writeCsv(dir, "fig6_comparison.csv", LossGrid.COMPARISON_COLUMNS,
                LossGrid.compare(rows, Family.PAPER.get(2), Family.WITH_SHORTCUTS, "negative_ratio", false)));
        out.addAll(Plots.save(dir, "fig6_negative_ratio", new Plots.Figure("Negative-eigenvalue ratio against"
                + " the loss during training", caption(data, rows, "each run interpolated on " + LossGrid.POINTS
                + " log-spaced losses (the range all runs of a family share) · mean ± std over seeds"),
                new Plots.Axis("loss", Plots.Scale.LOG10), new Plots.Axis("negative_ratio", Plots.Scale.LINEAR), false,
                LossGrid.lines(summary, "negative_ratio"))));
        Family two = Family.PAPER.get(2);
        List<Map<String, String>> run = RowStats.byFamily(rows, List.of(two)).get(two);
        out.addAll(Plots.save(dir, "fig6_gradient_norm", new Plots.Figure("Gradient norm during training, "
                + two.label(), caption(data, run, "every epoch · geometric mean ×/÷ geometric std over seeds"),
                new Plots.Axis("epoch", Plots.Scale.LINEAR), new Plots.Axis("gradient_norm ‖∇L‖", Plots.Scale.LOG10),
                false, List.of(line("‖∇L‖", byEpoch(run, "gradient_norm", true))))));
        out.addAll(Plots.save(dir, "fig6_ratio_by_epoch", new Plots.Figure("Negative-eigenvalue ratio during"
                + " training, " + two.label(), caption(data, run, "a point per spectrum · mean ± std over seeds"),
                new Plots.Axis("epoch", Plots.Scale.LINEAR), new Plots.Axis("negative_ratio", Plots.Scale.LINEAR), true,
                List.of(line("negative ratio", byEpoch(run, "negative_ratio", false))))));
        Map<Family, List<Map<String, String>>> fam = RowStats.byFamily(rows, DYNAMICS);
        List<Map<String, String>> compared = fam.values().stream().flatMap(List::stream).toList();
        for (String stat : DYNAMICS_STATISTICS) {
            List<Plots.Line> lines = new ArrayList<>();
            fam.forEach((f, rs) -> lines.add(line(f.label(), byEpoch(rs, stat, true))));
            String what = switch (stat) {
                case "loss" -> "Loss";
                case "lambda_max_abs" -> "max|λ| of the Hessian";
                default -> "Condition number max|λ| / p10|λ|";
            };
            out.addAll(Plots.save(dir, "fig6_dynamics_" + stat, new Plots.Figure(what + " during training:"
                    + " 2-shortcut against plain networks", caption(data, compared, (stat.equals("loss") ? "every epoch" : "a point per spectrum")
                    + " · geometric mean ×/÷ geometric std over seeds"
                    + (stat.equals("cond_p10") ? " · censored values left out" : "")),
                    new Plots.Axis("epoch", Plots.Scale.LINEAR), new Plots.Axis(stat, Plots.Scale.LOG10),
                    !stat.equals("loss"), lines)));
        }
        out.add(writeCsv(dir, "fig6_dynamics_distance.csv", DISTANCE_COLUMNS, distances(rows)));
        return out;
    }

    /**
     * A statistic of runs (seeds) at each epoch where it was recorded, censored values left out.
     *
     * @param log geometric mean ×/÷ geometric std instead of mean ± std
     * @return {epoch, mean, lower, upper, count}, epochs ascending
     */
    static double[][] byEpoch(List<Map<String, String>> rows, String statistic, boolean log) {
        java.util.TreeMap<Double, List<Double>> groups = new java.util.TreeMap<>();
        for (Map<String, String> r : rows) {
            double e = RowStats.num(r, "epoch");
            if (Double.isFinite(e) && !LossGrid.censored(r, statistic)) {
                groups.computeIfAbsent(e, k -> new ArrayList<>()).add(RowStats.num(r, statistic));
            }
        }
        List<double[]> points = new ArrayList<>();
        groups.forEach((e, v) -> {
            LossGrid.Spread s = LossGrid.Spread.of(v, log);
            if (s.count() > 0) {
                points.add(new double[] {e, s.mean(), s.lower(), s.upper(), s.count()});
            }
        });
        double[][] out = new double[5][points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int c = 0; c < 5; c++) {
                out[c][i] = points.get(i)[c];
            }
        }
        return out;
    }

    private static Plots.Line line(String name, double[][] s) {
        return new Plots.Line(name, s[0], s[1], s[2], s[3]);
    }

    /** Columns of {@code fig6_dynamics_distance.csv}. */
    static final List<String> DISTANCE_COLUMNS = List.of("statistic", "family", "other", "epochs",
            "rms_log10_ratio", "max_abs_log10_ratio", "seed_spread_log10_family", "seed_spread_log10_other");

    /**
     * The distance between two families' curves against the epoch, for each statistic of
     * {@link #DYNAMICS_STATISTICS} and each pair of {@link #DYNAMICS}: with ḡ_a(t), ḡ_b(t) the geometric means over
     * seeds at the epochs t where both have a value (T of them), {@code rms_log10_ratio} = √(Σ_t (log₁₀ ḡ_a(t) −
     * log₁₀ ḡ_b(t))² / T) and {@code max_abs_log10_ratio} = max_t |log₁₀ ḡ_a(t) − log₁₀ ḡ_b(t)|; beside them the
     * seed-to-seed spread of each family, the mean over those epochs of log₁₀ of its geometric std (0.1: a
     * typical seed 26 % from the mean), the scale below which two curves cannot be told apart with these seeds.
     */
    static List<Map<String, Object>> distances(List<Map<String, String>> rows) {
        Map<Family, List<Map<String, String>>> fam = RowStats.byFamily(rows, DYNAMICS);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String stat : DYNAMICS_STATISTICS) {
            for (int i = 0; i < DYNAMICS.size(); i++) {
                for (int j = i + 1; j < DYNAMICS.size(); j++) {
                    double[][] a = byEpoch(fam.get(DYNAMICS.get(i)), stat, true);
                    double[][] b = byEpoch(fam.get(DYNAMICS.get(j)), stat, true);
                    Map<Double, Integer> bAt = new java.util.HashMap<>();
                    for (int k = 0; k < b[0].length; k++) {
                        bAt.put(b[0][k], k);
                    }
                    int n = 0;
                    double ss = 0;
                    double max = 0;
                    double spreadA = 0;
                    double spreadB = 0;
                    for (int k = 0; k < a[0].length; k++) {
                        Integer kb = bAt.get(a[0][k]);
                        if (kb == null) {
                            continue;
                        }
                        double d = Math.log10(a[1][k]) - Math.log10(b[1][kb]);
                        n++;
                        ss += d * d;
                        max = Math.max(max, Math.abs(d));
                        spreadA += Math.log10(a[3][k] / a[1][k]);
                        spreadB += Math.log10(b[3][kb] / b[1][kb]);
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("statistic", stat);
                    row.put("family", DYNAMICS.get(i).label());
                    row.put("other", DYNAMICS.get(j).label());
                    row.put("epochs", n);
                    row.put("rms_log10_ratio", n > 0 ? Math.sqrt(ss / n) : Double.NaN);
                    row.put("max_abs_log10_ratio", n > 0 ? max : Double.NaN);
                    row.put("seed_spread_log10_family", n > 0 ? spreadA / n : Double.NaN);
                    row.put("seed_spread_log10_other", n > 0 ? spreadB / n : Double.NaN);
                    out.add(row);
                }
            }
        }
        return out;
    }
}
