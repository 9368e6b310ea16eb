package org.shortcuthessian.curvature;

import java.util.Arrays;

/**
 * The spectrum statistics of a Hessian, exactly as docs/DESIGN.md defines them, over all eigenvalues λ:
 * <ul>
 *   <li>{@code lambda_max_abs} = max|λ|, {@code lambda_min_abs} = min|λ|;</li>
 *   <li>{@code p10_abs} = 10th percentile of |λ| with linear interpolation between order statistics
 *       (NumPy's default: position 0.1·(n−1) in the sorted |λ|);</li>
 *   <li>{@code cond} = max|λ| / min|λ|, {@code cond_p10} = max|λ| / p10_abs (the paper's robust
 *       condition number); a division by zero gives {@code null};</li>
 *   <li>{@code negative_ratio} = fraction of λ &lt; −1e-12·max|λ| (the index).</li>
 * </ul>
 * For an empty spectrum every statistic is {@code null}.
 */
public record SpectrumStatistics(int count, Double lambdaMaxAbs, Double lambdaMinAbs, Double p10Abs,
                                 Double cond, Double condP10, Double negativeRatio) {

    /** Relative threshold below which a negative eigenvalue counts as zero. */
    public static final double NEGATIVE_TOLERANCE = 1e-12;

    /** The six statistics' contract names, in the order of {@link #asMap()}: the one list every writer uses. */
    public static final java.util.List<String> NAMES = java.util.List.of("lambda_max_abs", "lambda_min_abs", "p10_abs",
            "cond", "cond_p10", "negative_ratio");

    /**
     * @return the six statistics under their contract names ({@code lambda_max_abs}, {@code lambda_min_abs},
     *         {@code p10_abs}, {@code cond}, {@code cond_p10}, {@code negative_ratio}), in that order; null values kept
     */
    public java.util.Map<String, Double> asMap() {
        Double[] values = {lambdaMaxAbs, lambdaMinAbs, p10Abs, cond, condP10, negativeRatio};
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int k = 0; k < values.length; k++) {
            m.put(NAMES.get(k), values[k]);
        }
        return m;
    }

    /**
     * @return this object's JSON form (docs/DESIGN.md): {@code count} and the six statistics under their contract
     *         names; a division by zero or an empty spectrum is null
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode o = org.shortcuthessian.io.Json.object();
        o.put("count", count);
        asMap().forEach(o::put);
        return o;
    }

    /** @return the statistics of the given eigenvalues (any order; the array is not modified). */
    public static SpectrumStatistics of(double[] eigenvalues) {
        int n = eigenvalues.length;
        if (n == 0) {
            return new SpectrumStatistics(0, null, null, null, null, null, null);
        }
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(eigenvalues[i])) {
                throw new IllegalArgumentException("spectrum statistics: eigenvalue " + i + " is NaN");
            }
            abs[i] = Math.abs(eigenvalues[i]);
        }
        Arrays.sort(abs);
        double max = abs[n - 1];
        double min = abs[0];
        double p10 = percentile(abs, 10.0);
        double threshold = -NEGATIVE_TOLERANCE * max;
        int negatives = 0;
        for (double v : eigenvalues) {
            if (v < threshold) {
                negatives++;
            }
        }
        return new SpectrumStatistics(n, max, min, p10, ratio(max, min), ratio(max, p10), negatives / (double) n);
    }

    /**
     * The q-th percentile of sorted values with linear interpolation (NumPy's default "linear"
     * method): position h = (q/100)·(n−1), value = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
     */
    public static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        double h = (n - 1) * (q / 100.0);
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double t = h - lo;
        double a = sorted[lo];
        double b = sorted[lo + 1];
        double diff = b - a;
        // NumPy's _lerp: interpolate from the nearer end, so that results match it bit for bit.
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** a / b, or null where b = 0 (a division by zero is JSON null). */
    private static Double ratio(double a, double b) {
        return b == 0.0 ? null : a / b;
    }
}
