package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics of several training runs (seeds) against the loss, averaged as the paper does ("for each run,
 * eigenvalues at different losses are calculated using linear interpolation"): each run's statistic is
 * interpolated on a common grid of losses, then summarized over the runs at each grid loss.
 *
 * <p><b>The grid.</b> For runs whose recorded losses span [a_r, b_r] (least and largest loss of run r with the
 * statistic recorded), the grid runs from ℓ_lo = max_r a_r (the least loss every run reaches) to ℓ_hi = min_r b_r
 * (the largest loss every run passes through), {@link #POINTS} losses spaced evenly in log ℓ, both ends included.
 *
 * <p><b>Interpolation.</b> Run r's value at a grid loss ℓ is taken where the run first reaches ℓ: on the first
 * segment (consecutive recorded points i, i+1 in epoch order) with ℓ between L_i and L_{i+1},
 * y(ℓ) = y_i + t (y_{i+1} − y_i) with t = (L_i − ℓ) / (L_i − L_{i+1}) (t = 0 when L_i = L_{i+1}): linear in the
 * loss, as the paper says (at a recorded loss, that point's value alone). A grid loss whose bracketing values are
 * censored (their {@code *_censored} column is
 * {@code true}: at or below the rounding floor, not a measurement) is left out for that run, not
 * interpolated across; the summary says how many runs it used.
 *
 * <p><b>Summary over runs.</b> Statistics drawn on a log axis: geometric mean ḡ = exp(mean ln y) and geometric
 * standard deviation s = exp(sample std of ln y), spread ḡ / s … ḡ · s (positive values only); others: mean ± sample
 * standard deviation. One run: spread 1 (log) or 0.
 */
public final class LossGrid {
    /** Grid losses per family. */
    public static final int POINTS = 50;

    private LossGrid() {
    }

    /**
     * One run's recorded points, in epoch order.
     *
     * @param loss     the loss at each point
     * @param value    the statistic at each point
     * @param censored whether the statistic at each point is censored (not a measurement)
     */
    public record Trajectory(double[] loss, double[] value, boolean[] censored) {
        /** @return the least loss of the run (+∞ when empty). */
        double least() {
            double m = Double.POSITIVE_INFINITY;
            for (double l : loss) {
                m = Math.min(m, l);
            }
            return m;
        }

        /** @return the largest loss of the run (−∞ when empty). */
        double largest() {
            double m = Double.NEGATIVE_INFINITY;
            for (double l : loss) {
                m = Math.max(m, l);
            }
            return m;
        }
    }

    /**
     * A summary of values over runs.
     *
     * @param mean   arithmetic or geometric mean
     * @param spread the sample standard deviation, or the geometric standard deviation (a factor ≥ 1)
     * @param lower  mean − std, or ḡ / s
     * @param upper  mean + std, or ḡ · s
     * @param count  values summarized
     */
    public record Spread(double mean, double spread, double lower, double upper, int count) {
        /**
         * @param values the values (non-finite ones, and with log non-positive ones, are left out)
         * @param log    geometric mean ×/÷ geometric std instead of mean ± std
         * @return the summary; NaN fields and count 0 when no value is left
         */
        public static Spread of(List<Double> values, boolean log) {
            List<Double> v = new ArrayList<>();
            for (double x : values) {
                if (Double.isFinite(x) && (!log || x > 0)) {
                    v.add(log ? Math.log(x) : x);
                }
            }
            if (v.isEmpty()) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double ss = 0;
            for (double x : v) {
                ss += (x - mean) * (x - mean);
            }
            double std = v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0;
            return log ? new Spread(Math.exp(mean), Math.exp(std), Math.exp(mean - std), Math.exp(mean + std), v.size())
                    : new Spread(mean, std, mean - std, mean + std, v.size());
        }
    }

    /**
     * @param statistic a column of {@link org.shortcuthessian.curvature.SpectrumStatistics#NAMES}
     * @return the column that says whether it is censored ({@code p10_censored} for p10_abs and cond_p10,
     *         {@code min_censored} for min_abs and cond), or null for statistics that are never censored
     */
    public static String censorColumn(String statistic) {
        return switch (statistic) {
            case "p10_abs", "cond_p10" -> "p10_censored";
            case "min_abs", "cond" -> "min_censored";
            default -> null;
        };
    }

    /** @return whether the row's value of statistic is censored (a missing column: not censored). */
    public static boolean censored(Map<String, String> row, String statistic) {
        String c = censorColumn(statistic);
        return c != null && "true".equalsIgnoreCase(row.get(c));
    }

    /**
     * The trajectory of one run: its rows with a finite loss and a finite value of statistic, in epoch order.
     */
    public static Trajectory trajectory(List<Map<String, String>> runRows, String statistic) {
        List<Map<String, String>> rs = new ArrayList<>();
        for (Map<String, String> r : runRows) {
            if (Double.isFinite(RowStats.num(r, "loss")) && Double.isFinite(RowStats.num(r, statistic))) {
                rs.add(r);
            }
        }
        rs.sort(Comparator.comparingDouble(r -> RowStats.num(r, "epoch")));
        double[] loss = new double[rs.size()];
        double[] value = new double[rs.size()];
        boolean[] censored = new boolean[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            loss[i] = RowStats.num(rs.get(i), "loss");
            value[i] = RowStats.num(rs.get(i), statistic);
            censored[i] = censored(rs.get(i), statistic);
        }
        return new Trajectory(loss, value, censored);
    }

    /**
     * @return the common grid of runs (see the class comment), ascending; empty when fewer than one run has points
     *         or the runs share no loss; one loss when they share exactly one
     */
    public static double[] grid(List<Trajectory> runs, int points) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (Trajectory t : runs) {
            lo = Math.max(lo, t.least());
            hi = Math.min(hi, t.largest());
        }
        if (runs.isEmpty() || !(lo <= hi) || !(lo > 0) || !Double.isFinite(hi)) {
            return new double[0];
        }
        if (lo == hi || points < 2) {
            return new double[] {lo};
        }
        double[] g = new double[points];
        double step = Math.log(hi / lo) / (points - 1);
        for (int k = 0; k < points; k++) {
            g[k] = k == 0 ? lo : k == points - 1 ? hi : lo * Math.exp(k * step);
        }
        return g;
    }

    /**
     * @return the run's value where it first reaches loss ell (see the class comment), or NaN if it never does,
     *         or the bracketing values are censored or not finite
     */
    public static double at(Trajectory t, double ell) {
        double[] l = t.loss();
        if (l.length == 1 && l[0] == ell) {
            return t.censored()[0] ? Double.NaN : t.value()[0];
        }
        for (int i = 0; i + 1 < l.length; i++) {
            if (Math.min(l[i], l[i + 1]) <= ell && ell <= Math.max(l[i], l[i + 1])) {
                double w = l[i] == l[i + 1] ? 0 : (l[i] - ell) / (l[i] - l[i + 1]);
                if (w == 0 || w == 1) { // a recorded loss: that point alone
                    int k = w == 0 ? i : i + 1;
                    return t.censored()[k] ? Double.NaN : t.value()[k];
                }
                if (t.censored()[i] || t.censored()[i + 1]) {
                    return Double.NaN;
                }
                return t.value()[i] + w * (t.value()[i + 1] - t.value()[i]);
            }
        }
        return Double.NaN;
    }

    /**
     * One grid loss of a summary.
     *
     * @param loss   the grid loss
     * @param spread the values of the runs there, summarized
     */
    public record Point(double loss, Spread spread) {
    }

    /**
     * Summarizes runs at each loss of grid: the runs' values ({@link #at}) and their {@link Spread}.
     *
     * @param log geometric mean ×/÷ geometric std instead of mean ± std
     * @return one point per grid loss, ascending; points where no run has a value are left out
     */
    public static List<Point> summarize(List<Trajectory> runs, double[] grid, boolean log) {
        List<Point> out = new ArrayList<>();
        for (double ell : grid) {
            List<Double> v = new ArrayList<>();
            for (Trajectory t : runs) {
                v.add(at(t, ell));
            }
            Spread s = Spread.of(v, log);
            if (s.count() > 0) {
                out.add(new Point(ell, s));
            }
        }
        return out;
    }

    /** @return the trajectories of statistic of the runs (one per seed) in rows, by seed. */
    public static List<Trajectory> runs(List<Map<String, String>> rows, String statistic) {
        Map<String, List<Map<String, String>>> bySeed = new TreeMap<>();
        for (Map<String, String> r : rows) {
            bySeed.computeIfAbsent(r.get("seed"), k -> new ArrayList<>()).add(r);
        }
        List<Trajectory> out = new ArrayList<>();
        bySeed.values().forEach(rs -> out.add(trajectory(rs, statistic)));
        out.removeIf(t -> t.loss().length == 0);
        return out;
    }

    /** Columns of a summary CSV ({@link #summaryRows}). */
    public static final List<String> SUMMARY_COLUMNS = List.of("init", "shortcut", "depth", "family", "statistic",
            "loss", "mean", "spread", "lower", "upper", "summary", "runs", "runs_total");

    /**
     * The summary CSV rows of statistics for each family (and depth) in rows: one row per grid loss where some
     * run has a value.
     *
     * @param statistics the statistics, each with whether it is summarized on a log scale
     */
    public static List<Map<String, Object>> summaryRows(List<Map<String, String>> rows, List<Family> families,
                                                        Map<String, Boolean> statistics) {
        List<Map<String, Object>> out = new ArrayList<>();
        RowStats.byFamily(rows, families).forEach((f, fr) -> byDepth(fr).forEach((depth, dr) ->
                statistics.forEach((stat, log) -> {
                    List<Trajectory> runs = runs(dr, stat);
                    for (Point p : summarize(runs, grid(runs, POINTS), log)) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("init", f.initName());
                        row.put("shortcut", f.shortcut());
                        row.put("depth", depth);
                        row.put("family", f.label());
                        row.put("statistic", stat);
                        row.put("loss", p.loss());
                        row.put("mean", p.spread().mean());
                        row.put("spread", p.spread().spread());
                        row.put("lower", p.spread().lower());
                        row.put("upper", p.spread().upper());
                        row.put("summary", log ? "geometric" : "arithmetic");
                        row.put("runs", p.spread().count());
                        row.put("runs_total", runs.size());
                        out.add(row);
                    }
                })));
        return out;
    }

    /** @return the rows by depth, ascending. */
    static Map<Integer, List<Map<String, String>>> byDepth(List<Map<String, String>> rows) {
        Map<Integer, List<Map<String, String>>> out = new TreeMap<>();
        for (Map<String, String> r : rows) {
            out.computeIfAbsent((int) RowStats.num(r, "depth"), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /**
     * The summary CSV's rows of one statistic as plot lines (mean, lower, upper), one per family and depth, named
     * by the family (and the depth when several are present).
     */
    public static List<Plots.Line> lines(List<Map<String, Object>> summary, String statistic) {
        Map<String, List<Map<String, Object>>> series = new LinkedHashMap<>();
        long depths = summary.stream().map(r -> r.get("depth")).distinct().count();
        for (Map<String, Object> r : summary) {
            if (statistic.equals(r.get("statistic"))) {
                series.computeIfAbsent(r.get("family") + (depths > 1 ? ", depth " + r.get("depth") : ""),
                        k -> new ArrayList<>()).add(r);
            }
        }
        List<Plots.Line> out = new ArrayList<>();
        series.forEach((name, rs) -> {
            double[][] a = new double[4][rs.size()];
            for (int i = 0; i < rs.size(); i++) {
                String[] cols = {"loss", "mean", "lower", "upper"};
                for (int c = 0; c < 4; c++) {
                    a[c][i] = ((Number) rs.get(i).get(cols[c])).doubleValue();
                }
            }
            out.add(new Plots.Line(name, a[0], a[1], a[2], a[3]));
        });
        return out;
    }

    /** Columns of a comparison CSV ({@link #compare}). */
    public static final List<String> COMPARISON_COLUMNS = List.of("statistic", "family", "other", "depth",
            "other_depth", "losses", "loss_min", "loss_max", "smaller_fraction", "separated_fraction", "ratio_min",
            "ratio_max");

    /**
     * Compares family f with each other family on their common losses, for a claim "f's statistic is always
     * smaller": for each pair (at the same depth, or at their one depth each), the grid of both families' runs together ({@link #grid}), both summarized there,
     * and over the grid losses where both have a value: the fraction where f's mean is smaller, the fraction where
     * f's upper end is below the other's lower end (separated by their spreads), and the least and largest ratio
     * other mean / f mean.
     */
    public static List<Map<String, Object>> compare(List<Map<String, String>> rows, Family f, List<Family> others,
                                                    String statistic, boolean log) {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<Family, List<Map<String, String>>> fam = RowStats.byFamily(rows, others);
        Map<Integer, List<Map<String, String>>> mine = byDepth(RowStats.byFamily(rows, List.of(f)).get(f));
        for (Family o : others) {
            if (o.equals(f)) {
                continue;
            }
            Map<Integer, List<Map<String, String>>> theirs = byDepth(fam.get(o));
            theirs.forEach((otherDepth, orows) -> {
                // the same depth; or, when each family has one depth (fig5: the 3-shortcut net has 15 layers), those
                int depth = mine.size() == 1 && theirs.size() == 1 ? mine.keySet().iterator().next() : otherDepth;
                List<Map<String, String>> frows = mine.get(depth);
                if (frows == null) {
                    return;
                }
                List<Trajectory> a = runs(frows, statistic);
                List<Trajectory> b = runs(orows, statistic);
                List<Trajectory> both = new ArrayList<>(a);
                both.addAll(b);
                double[] g = grid(both, POINTS);
                Map<Double, Spread> sb = new LinkedHashMap<>();
                summarize(b, g, log).forEach(p -> sb.put(p.loss(), p.spread()));
                int n = 0;
                int smaller = 0;
                int separated = 0;
                double rmin = Double.POSITIVE_INFINITY;
                double rmax = Double.NEGATIVE_INFINITY;
                double lmin = Double.NaN;
                double lmax = Double.NaN;
                for (Point p : summarize(a, g, log)) {
                    Spread other = sb.get(p.loss());
                    if (other == null) {
                        continue;
                    }
                    n++;
                    lmin = n == 1 ? p.loss() : lmin;
                    lmax = p.loss();
                    smaller += p.spread().mean() < other.mean() ? 1 : 0;
                    separated += p.spread().upper() < other.lower() ? 1 : 0;
                    double ratio = other.mean() / p.spread().mean();
                    rmin = Math.min(rmin, ratio);
                    rmax = Math.max(rmax, ratio);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("statistic", statistic);
                row.put("family", f.label());
                row.put("other", o.label());
                row.put("depth", depth);
                row.put("other_depth", otherDepth);
                row.put("losses", n);
                row.put("loss_min", lmin);
                row.put("loss_max", lmax);
                row.put("smaller_fraction", n > 0 ? smaller / (double) n : Double.NaN);
                row.put("separated_fraction", n > 0 ? separated / (double) n : Double.NaN);
                row.put("ratio_min", n > 0 ? rmin : Double.NaN);
                row.put("ratio_max", n > 0 ? rmax : Double.NaN);
                out.add(row);
            });
        }
        return out;
    }
}
