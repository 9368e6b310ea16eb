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
 *   <li>{@code negative_ratio} = fraction of λ &lt; −1e-12·max|λ| (the index);</li>
 *   <li>{@code rounding_floor} = 2·√N·u·max|λ| = ε·√N·max|λ| (u = 2⁻⁵³, ε = 2⁻⁵², N = {@code count}): the size of
 *       the rounding error of eigenvalues computed by a backward-stable symmetric eigensolver (docs/DESIGN.md, "The
 *       rounding floor"); {@code p10_censored} = p10_abs ≤ floor, {@code min_censored} = lambda_min_abs ≤ floor. A
 *       censored value is not a measurement: only |λ| ≤ 2·floor is known, so cond (cond_p10) is then only a lower
 *       bound, (max|λ| − floor)/(2·floor) ({@link #conditionLowerBound()}).</li>
 * </ul>
 * For an empty spectrum every statistic is {@code null} and nothing is censored.
 *
 * @param roundingFloor ε·√N·max|λ| (null for an empty spectrum)
 * @param p10Censored   p10_abs ≤ roundingFloor
 * @param minCensored   lambda_min_abs ≤ roundingFloor
 */
public record SpectrumStatistics(int count, Double lambdaMaxAbs, Double lambdaMinAbs, Double p10Abs,
                                 Double cond, Double condP10, Double negativeRatio, Double roundingFloor,
                                 boolean p10Censored, boolean minCensored) {

    /** ε = 2u = 2⁻⁵², the spacing of doubles at 1; the floor is ε·√N·max|λ|. */
    public static final double EPSILON = Math.ulp(1.0);

    /** The names of the censoring flags, in the order of {@link #flags()}. */
    public static final java.util.List<String> CENSORED_NAMES = java.util.List.of("p10_censored", "min_censored");


    /**
     * The statistics with the rounding floor and the censoring flags derived from them by the rule above (a null
     * p10_abs or lambda_min_abs is not censored).
     */
    public SpectrumStatistics(int count, Double lambdaMaxAbs, Double lambdaMinAbs, Double p10Abs, Double cond,
                              Double condP10, Double negativeRatio) {
        this(count, lambdaMaxAbs, lambdaMinAbs, p10Abs, cond, condP10, negativeRatio,
                lambdaMaxAbs == null ? null : roundingFloor(lambdaMaxAbs, count),
                censored(p10Abs, lambdaMaxAbs, count), censored(lambdaMinAbs, lambdaMaxAbs, count));
    }

    /**
     * The rounding floor of computed eigenvalues: a backward-stable eigensolver returns the exact eigenvalues of
     * H + E with ‖E‖₂ ≈ √N·ε·‖H‖₂ (docs/DESIGN.md), so by Weyl's inequality each computed eigenvalue is within that of
     * an exact one.
     *
     * @return ε·√n·maxAbs
     */
    public static double roundingFloor(double maxAbs, int n) {
        return EPSILON * Math.sqrt(n) * maxAbs;
    }

    /** @return whether |value| ≤ the rounding floor of a spectrum of n eigenvalues with max|λ| = maxAbs (false for null). */
    public static boolean censored(Double value, Double maxAbs, int n) {
        return value != null && maxAbs != null && Math.abs(value) <= roundingFloor(maxAbs, n);
    }

    /**
     * @return what a censored condition number is known to exceed: with |computed − exact| ≤ floor, the exact max|λ|
     *         is at least max|λ| − floor and a censored |λ| at most 2·floor, so cond ≥ (max|λ| − floor)/(2·floor);
     *         null for a zero or empty spectrum
     */
    public Double conditionLowerBound() {
        if (lambdaMaxAbs == null || roundingFloor == null || roundingFloor == 0.0) {
            return null;
        }
        return conditionLowerBound(lambdaMaxAbs, count);
    }

    /**
     * @return (maxAbs − floor)/(2·floor), floor = ε·√n·maxAbs: what a censored condition number of a spectrum of n
     *         eigenvalues with max|λ| = maxAbs is known to exceed (NaN when maxAbs is 0 or not finite)
     */
    public static double conditionLowerBound(double maxAbs, int n) {
        double floor = roundingFloor(maxAbs, n);
        return floor > 0 && Double.isFinite(floor) ? (maxAbs - floor) / (2 * floor) : Double.NaN;
    }

    /** @return the censoring flags under their contract names ({@link #CENSORED_NAMES}). */
    public java.util.Map<String, Boolean> flags() {
        java.util.Map<String, Boolean> m = new java.util.LinkedHashMap<>();
        m.put(CENSORED_NAMES.get(0), p10Censored);
        m.put(CENSORED_NAMES.get(1), minCensored);
        return m;
    }

    /** @return the six statistics and the two flags under their names ({@link #COLUMNS}), as a CSV row holds them. */
    public java.util.Map<String, Object> row() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(asMap());
        m.putAll(flags());
        return m;
    }

    /** Relative threshold below which a negative eigenvalue counts as zero. */
    public static final double NEGATIVE_TOLERANCE = 1e-12;

    /** The six statistics' contract names, in the order of {@link #asMap()}: the one list every writer uses. */
    public static final java.util.List<String> NAMES = java.util.List.of("lambda_max_abs", "lambda_min_abs", "p10_abs",
            "cond", "cond_p10", "negative_ratio");

    /** The six statistics and the two censoring flags: the columns of every CSV row that carries a spectrum. */
    public static final java.util.List<String> COLUMNS = java.util.stream.Stream.of(NAMES, CENSORED_NAMES)
            .flatMap(java.util.List::stream).toList();

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
     *         names; a division by zero or an empty spectrum is null; then {@code rounding_floor},
     *         {@code p10_censored} and {@code min_censored}
     */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        com.fasterxml.jackson.databind.node.ObjectNode o = org.shortcuthessian.io.Json.object();
        o.put("count", count);
        asMap().forEach(o::put);
        o.put("rounding_floor", roundingFloor);
        flags().forEach(o::put);
        return o;
    }

    /** @return the statistics of the given eigenvalues (any order; the array is not modified). */
    public static SpectrumStatistics of(double[] eigenvalues) {
        int n = eigenvalues.length;
        if (n == 0) {
            return new SpectrumStatistics(0, null, null, null, null, null, null, null, false, false);
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
