package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.shortcuthessian.curvature.SpectrumStatistics;

/** Grouping and summary statistics over CSV rows (as read back by {@link ResultsFile#read}). */
public final class RowStats {
    private RowStats() {
    }

    /** @return the value of a column as a double (empty or unparsable: NaN). */
    public static double num(Map<String, String> row, String column) {
        String s = row.get(column);
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    /** @return the rows of each family (init, shortcut), in the order of the families given. */
    public static Map<Family, List<Map<String, String>>> byFamily(List<Map<String, String>> rows, List<Family> families) {
        Map<Family, List<Map<String, String>>> out = new LinkedHashMap<>();
        for (Family f : families) {
            out.put(f, filter(rows, r -> f.initName().equals(r.get("init"))
                    && String.valueOf(f.shortcut()).equals(r.get("shortcut"))));
        }
        return out;
    }

    /** @return the rows that pass. */
    public static List<Map<String, String>> filter(List<Map<String, String>> rows, Predicate<Map<String, String>> p) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> r : rows) {
            if (p.test(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Mean and sample standard deviation of column y at each distinct value of column x (finite values
     * only), x ascending.
     *
     * @return {x, mean, std, count} arrays
     */
    public static double[][] meanStd(List<Map<String, String>> rows, String x, String y) {
        return meanStd(rows, x, y, false);
    }

    /** As {@link #meanStd(List, String, String)}; with logs, of ln y over the positive values of y. */
    private static double[][] meanStd(List<Map<String, String>> rows, String x, String y, boolean logs) {
        TreeMap<Double, List<Double>> groups = new TreeMap<>();
        for (Map<String, String> r : rows) {
            double xv = num(r, x);
            double yv = num(r, y);
            if (Double.isFinite(xv) && Double.isFinite(yv) && (!logs || yv > 0)) {
                groups.computeIfAbsent(xv, k -> new ArrayList<>()).add(logs ? Math.log(yv) : yv);
            }
        }
        double[][] out = new double[4][groups.size()];
        int i = 0;
        for (Map.Entry<Double, List<Double>> g : groups.entrySet()) {
            LossGrid.Spread s = LossGrid.Spread.of(g.getValue(), false);
            out[0][i] = g.getKey();
            out[1][i] = s.mean();
            out[2][i] = s.spread();
            out[3][i] = s.count();
            i++;
        }
        return out;
    }

    /**
     * Geometric mean and the spread of column y at each distinct value of column x, over the positive finite values
     * (the summary that a log axis shows symmetrically): with ℓ = ln y, mean ḡ = exp(mean ℓ) and geometric std
     * s = exp(sample std of ℓ), the spread runs from ḡ / s to ḡ · s. x ascending.
     *
     * @return {x, geometric mean, ḡ / s, ḡ · s, count} arrays (s = 1 for a single value)
     */
    public static double[][] geometricMeanSpread(List<Map<String, String>> rows, String x, String y) {
        double[][] logs = meanStd(rows, x, y, true);
        int n = logs[0].length;
        double[][] out = new double[5][n];
        for (int i = 0; i < n; i++) {
            out[0][i] = logs[0][i];
            out[1][i] = Math.exp(logs[1][i]);
            out[2][i] = Math.exp(logs[1][i] - logs[2][i]);
            out[3][i] = Math.exp(logs[1][i] + logs[2][i]);
            out[4][i] = logs[3][i];
        }
        return out;
    }

    /**
     * The geometric mean and spread of a condition number y at each x ({@link #geometricMeanSpread}), never averaging
     * a censored value (docs/DESIGN.md, "The rounding floor"): where no row at x is censored (column censorColumn
     * "true"; a missing column counts as false), the geometric mean ÷/× the geometric std; where some row is, only a
     * lower bound is known: the least, over the rows at x, of the value (uncensored rows) or of
     * {@link SpectrumStatistics#conditionLowerBound(double, int)} from {@code lambda_max_abs} and the spectrum's size
     * (column sizeColumn) (censored rows), which the geometric mean over the rows is at least; no spread.
     *
     * @return {x, value, lower, upper} (lower, upper NaN at censored points) and the censored flag per point
     */
    public static Censored censoredGeometricMeanSpread(List<Map<String, String>> rows, String x, String y,
                                                       String censorColumn, String sizeColumn) {
        TreeMap<Double, List<Map<String, String>>> groups = new TreeMap<>();
        for (Map<String, String> r : rows) {
            double xv = num(r, x);
            if (Double.isFinite(xv)) {
                groups.computeIfAbsent(xv, k -> new ArrayList<>()).add(r);
            }
        }
        List<double[]> points = new ArrayList<>();
        List<Boolean> flags = new ArrayList<>();
        for (Map.Entry<Double, List<Map<String, String>>> g : groups.entrySet()) {
            List<Map<String, String>> rs = g.getValue();
            boolean anyCensored = rs.stream().anyMatch(r -> isTrue(r, censorColumn));
            if (!anyCensored) {
                double[][] s = geometricMeanSpread(rs, x, y);
                if (s[0].length == 1) {
                    points.add(new double[] {g.getKey(), s[1][0], s[2][0], s[3][0]});
                    flags.add(false);
                }
                continue;
            }
            double least = Double.POSITIVE_INFINITY;
            for (Map<String, String> r : rs) {
                double v = isTrue(r, censorColumn)
                        ? SpectrumStatistics.conditionLowerBound(num(r, "lambda_max_abs"), (int) num(r, sizeColumn))
                        : num(r, y);
                if (v > 0 && Double.isFinite(v)) {
                    least = Math.min(least, v);
                }
            }
            if (Double.isFinite(least)) {
                points.add(new double[] {g.getKey(), least, Double.NaN, Double.NaN});
                flags.add(true);
            }
        }
        double[][] out = new double[4][points.size()];
        boolean[] censored = new boolean[points.size()];
        for (int i = 0; i < points.size(); i++) {
            for (int k = 0; k < 4; k++) {
                out[k][i] = points.get(i)[k];
            }
            censored[i] = flags.get(i);
        }
        return new Censored(out[0], out[1], out[2], out[3], censored);
    }

    /** Points of a series some of which are lower bounds: x, value, spread (NaN where censored), censored flags. */
    public record Censored(double[] x, double[] y, double[] lower, double[] upper, boolean[] censored) {
        /** @return the series as a plot line named name. */
        public Plots.Line line(String name) {
            return Plots.Line.censored(name, x, y, lower, upper, censored);
        }
    }

    /** @return whether the row's column holds "true" (a missing column or empty field: false). */
    public static boolean isTrue(Map<String, String> row, String column) {
        return "true".equalsIgnoreCase(row.getOrDefault(column, ""));
    }

    /** @return the (x, y) pairs of the rows where both are finite, in row order. */
    public static double[][] points(List<Map<String, String>> rows, String x, String y) {
        List<double[]> pts = new ArrayList<>();
        for (Map<String, String> r : rows) {
            double xv = num(r, x);
            double yv = num(r, y);
            if (Double.isFinite(xv) && Double.isFinite(yv)) {
                pts.add(new double[] {xv, yv});
            }
        }
        double[][] out = new double[2][pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            out[0][i] = pts.get(i)[0];
            out[1][i] = pts.get(i)[1];
        }
        return out;
    }

    /**
     * For each depth: the least mean final loss over the learning rates (mean over seeds; rates with a diverged or
     * non-finite seed left out) and its rate (the smallest rate on a tie).
     *
     * @return {depth, best mean final loss, best learning rate}, depths ascending
     */
    public static double[][] bestFinalLoss(List<Map<String, String>> rows) {
        java.util.TreeMap<Double, java.util.TreeMap<Double, double[]>> byDepth = new java.util.TreeMap<>();
        for (Map<String, String> r : rows) {
            double[] acc = byDepth.computeIfAbsent(RowStats.num(r, "depth"), k -> new java.util.TreeMap<>())
                    .computeIfAbsent(RowStats.num(r, "learning_rate"), k -> new double[3]); // {sum, count, bad}
            double loss = RowStats.num(r, "final_loss");
            if ("true".equals(r.get("diverged")) || !Double.isFinite(loss)) {
                acc[2]++;
            } else {
                acc[0] += loss;
                acc[1]++;
            }
        }
        double[][] out = new double[3][byDepth.size()];
        int i = 0;
        for (Map.Entry<Double, java.util.TreeMap<Double, double[]>> e : byDepth.entrySet()) {
            double bestLoss = Double.NaN;
            double bestLr = Double.NaN;
            for (Map.Entry<Double, double[]> lr : e.getValue().entrySet()) {
                double[] a = lr.getValue();
                if (a[2] == 0 && a[1] > 0 && !(a[0] / a[1] >= bestLoss)) {
                    bestLoss = a[0] / a[1];
                    bestLr = lr.getKey();
                }
            }
            out[0][i] = e.getKey();
            out[1][i] = bestLoss;
            out[2][i] = bestLr;
            i++;
        }
        return out;
    }
}
