package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

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
}
