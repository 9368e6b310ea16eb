package org.shortcuthessian.curvature.matrixfree;

import java.util.Arrays;

/** Discrete measures Σ w_i·δ(x_i): quantiles and Wasserstein distances. */
final class Quadrature {
    private Quadrature() {
    }

    /**
     * The atoms of the SLQ measure (1/P)·Σ_p Σ_i τ_{p,i}·δ(θ_{p,i}) as one list: {x, w}, leaving probe skip out
     * (−1: none), with |θ| instead of θ if abs.
     */
    static double[][] flatten(double[][] nodes, double[][] weights, int skip, boolean abs) {
        int total = 0;
        int probes = 0;
        for (int p = 0; p < nodes.length; p++) {
            if (p != skip) {
                total += nodes[p].length;
                probes++;
            }
        }
        double[] x = new double[total];
        double[] w = new double[total];
        int q = 0;
        for (int p = 0; p < nodes.length; p++) {
            if (p == skip) {
                continue;
            }
            for (int i = 0; i < nodes[p].length; i++) {
                x[q] = abs ? Math.abs(nodes[p][i]) : nodes[p][i];
                w[q++] = weights[p][i] / probes;
            }
        }
        return new double[][] {x, w};
    }

    /** @return the order of x, ascending (ties by index: deterministic). */
    static Integer[] order(double[] x) {
        Integer[] o = new Integer[x.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (p, q) -> Double.compare(x[p], x[q]));
        return o;
    }

    /**
     * The q-quantile (0 ≤ q ≤ 1) of a discrete measure with total weight W: the cumulative weight is taken
     * to pass through (x_(i), (C_i − w_(i)/2)/W) and interpolated linearly between those points (clamped
     * at the first and last atom), the rule that makes an even measure of n atoms give NumPy's quantile
     * up to O(1/n).
     */
    static double quantile(double[] x, double[] w, double q) {
        Integer[] o = order(x);
        double total = 0;
        for (double wi : w) {
            total += wi;
        }
        double cum = 0;
        double prevX = Double.NaN;
        double prevC = Double.NaN;
        for (Integer i : o) {
            double mid = (cum + w[i] / 2) / total;
            cum += w[i];
            if (mid >= q) {
                if (Double.isNaN(prevX)) {
                    return x[i];
                }
                double f = mid == prevC ? 1.0 : (q - prevC) / (mid - prevC);
                return prevX + f * (x[i] - prevX);
            }
            prevX = x[i];
            prevC = mid;
        }
        return prevX;
    }

    /** ∫|F₁(t) − F₂(t)| dt for two discrete probability measures (each normalized by its total weight). */
    static double wasserstein1(double[] x1, double[] w1, double[] x2, double[] w2) {
        int n = x1.length + x2.length;
        double[] x = new double[n];
        double[] dw = new double[n];
        double t1 = Arrays.stream(w1).sum();
        double t2 = Arrays.stream(w2).sum();
        for (int i = 0; i < x1.length; i++) {
            x[i] = x1[i];
            dw[i] = w1[i] / t1;
        }
        for (int i = 0; i < x2.length; i++) {
            x[x1.length + i] = x2[i];
            dw[x1.length + i] = -w2[i] / t2;
        }
        Integer[] o = order(x);
        double diff = 0;
        double sum = 0;
        for (int r = 0; r < n - 1; r++) {
            diff += dw[o[r]];
            sum += Math.abs(diff) * (x[o[r + 1]] - x[o[r]]);
        }
        return sum;
    }
}
