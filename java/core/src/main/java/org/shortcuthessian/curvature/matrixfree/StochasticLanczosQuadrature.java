package org.shortcuthessian.curvature.matrixfree;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.EigenDecomposition;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * Stochastic Lanczos quadrature (Golub and Meurant; Lin, Saad and Yang 2016; Ubaru, Chen and Saad 2017;
 * the method of PyHessian): the eigenvalue density of a symmetric operator from P random probes and s
 * Lanczos steps each, P·s products in all, with no N×N memory. What it returns, and the formulas, are
 * in {@link SpectralDensity}.
 *
 * <p>Accuracy (Chen, Trogdon and Ubaru 2021): with s ≥ 12/t + ½ steps the quadrature is within
 * Wasserstein-1 distance t·(λmax − λmin) of the probes' weighted spectral measures, and a single probe
 * is within O(√(log N / N)) of the spectral measure for large N; in practice far closer (the tests measure it).
 * Each probe's Lanczos uses full reorthogonalization, so that nodes are not duplicated by rounding.
 */
public final class StochasticLanczosQuadrature {
    private StochasticLanczosQuadrature() {
    }

    /**
     * An upper bound of the Java heap {@link #density} takes, the operator's own memory aside: the s Lanczos
     * vectors of one probe with the probe and a work vector, and the density on the grid of G points per probe
     * and averaged: 8·n·(s + 2) + 8·G·(P + 3) bytes, s = min(steps, n), P probes.
     */
    public static long heapBytes(int n, SlqOptions options) {
        long steps = Math.min(options.steps(), n);
        return 8L * n * (steps + 2) + 8L * options.gridPoints() * (options.probes() + 3L);
    }

    public static SpectralDensity density(Backend backend, SymmetricOperator a, SlqOptions options) {
        Objects.requireNonNull(a, "SLQ: operator");
        Objects.requireNonNull(options, "SLQ: options");
        Objects.requireNonNull(backend, "SLQ: backend");
        int n = a.dimension();
        int probes = options.probes();
        SplittableRandom rnd = new SplittableRandom(options.seed());
        double[][] nodes = new double[probes][];
        double[][] weights = new double[probes][];
        double[] quadForms = new double[probes];
        int products = 0;
        for (int p = 0; p < probes; p++) {
            double[] z = Vectors.probe(n, options.probe(), rnd);
            double zz = Vectors.dot(z, z);
            Tridiagonal t = tridiagonalize(a, z, Math.min(options.steps(), n));
            products += t.alpha.length;
            EigenDecomposition e = backend.tridiagonal(t.alpha, t.beta, true);
            int s = t.alpha.length;
            nodes[p] = e.values();
            weights[p] = new double[s];
            double form = 0;
            for (int i = 0; i < s; i++) {
                double y0 = e.vectors().get(0, i);
                weights[p][i] = y0 * y0;
                form += weights[p][i] * nodes[p][i];
            }
            quadForms[p] = zz * form;
        }
        return summarize(n, nodes, weights, quadForms, products, options);
    }

    private record Tridiagonal(double[] alpha, double[] beta) {
    }

    /** s steps of Lanczos from z/‖z‖ with full reorthogonalization; stops early at an invariant subspace. */
    private static Tridiagonal tridiagonalize(SymmetricOperator a, double[] z, int steps) {
        int n = a.dimension();
        double[][] v = new double[steps][];
        double[] alpha = new double[steps];
        double[] beta = new double[Math.max(0, steps - 1)];
        v[0] = z.clone();
        Vectors.scale(1.0 / Vectors.norm(z), v[0]);
        double scale = 0;
        for (int j = 0; j < steps; j++) {
            double[] w = new double[n];
            a.apply(v[j], w);
            NonFiniteProductException.requireFinite(w);
            alpha[j] = Vectors.orthogonalize(v, j + 1, w)[j];
            scale = Math.max(scale, Math.abs(alpha[j]));
            if (j == steps - 1) {
                break;
            }
            double b = Vectors.norm(w);
            if (b <= 1e-13 * Math.max(scale, Double.MIN_NORMAL)) {
                return new Tridiagonal(Arrays.copyOf(alpha, j + 1), Arrays.copyOf(beta, j));
            }
            scale = Math.max(scale, b);
            beta[j] = b;
            Vectors.scale(1.0 / b, w);
            v[j + 1] = w;
        }
        return new Tridiagonal(alpha, beta);
    }

    private static SpectralDensity summarize(int n, double[][] nodes, double[][] weights, double[] quadForms,
                                             int products, SlqOptions o) {
        int probes = nodes.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] p : nodes) {
            lo = Math.min(lo, p[0]);
            hi = Math.max(hi, p[p.length - 1]);
        }
        double maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
        double range = hi - lo;
        double sigma = o.sigma() > 0 ? o.sigma() : range > 0 ? 0.01 * range : Math.max(1e-3 * maxAbs, 1e-12);

        // density on the grid, per probe and averaged
        double pad = 4 * sigma;
        double[] grid = new double[o.gridPoints()];
        for (int g = 0; g < grid.length; g++) {
            grid[g] = lo - pad + (range + 2 * pad) * g / (grid.length - 1);
        }
        double[] density = new double[grid.length];
        double[] stderr = new double[grid.length];
        double[][] perProbe = new double[probes][grid.length];
        double norm = 1.0 / (sigma * Math.sqrt(2 * Math.PI));
        for (int p = 0; p < probes; p++) {
            for (int i = 0; i < nodes[p].length; i++) {
                for (int g = 0; g < grid.length; g++) {
                    double u = (grid[g] - nodes[p][i]) / sigma;
                    perProbe[p][g] += weights[p][i] * norm * Math.exp(-0.5 * u * u);
                }
            }
        }
        double[] column = new double[probes];
        for (int g = 0; g < grid.length; g++) {
            for (int p = 0; p < probes; p++) {
                column[p] = perProbe[p][g];
            }
            Estimate e = Estimate.mean(column);
            density[g] = e.value();
            stderr[g] = e.stderr();
        }

        // statistics
        double threshold = -SpectrumStatistics.NEGATIVE_TOLERANCE * maxAbs;
        double[] negative = new double[probes];
        double negativeResolution = 0;
        for (int p = 0; p < probes; p++) {
            for (int i = 0; i < nodes[p].length; i++) {
                if (nodes[p][i] < threshold) {
                    negative[p] += weights[p][i];
                }
            }
            negativeResolution += bracketWeight(nodes[p], weights[p], threshold) / probes;
        }
        double p10 = absQuantile(nodes, weights, -1, 0.10);
        double[] p10Out = new double[probes];
        double[] condOut = new double[probes];
        for (int p = 0; p < probes; p++) {
            p10Out[p] = absQuantile(nodes, weights, p, 0.10);
            condOut[p] = p10Out[p] == 0 ? Double.NaN : maxAbs / p10Out[p];
        }
        // the cumulative weight of |λ| at p10 is known to within the nodes' weights next to ±p10
        double delta = 0;
        for (int p = 0; p < probes; p++) {
            delta += (bracketWeight(nodes[p], weights[p], p10) + bracketWeight(nodes[p], weights[p], -p10)) / probes;
        }
        double[] bounds = quantileBounds(nodes, weights, 0.10, delta);
        double p10Lo = bounds[0];
        double p10Hi = bounds[1];
        double p10Resolution = Math.max(p10 - p10Lo, p10Hi - p10);
        Estimate p10Est = new Estimate(p10, Estimate.jackknife(p10Out), p10Resolution);
        double condValue = p10 == 0 ? Double.NaN : maxAbs / p10;
        double condResolution = p10Lo > 0 ? maxAbs / p10Lo - condValue : Double.POSITIVE_INFINITY;
        Estimate cond = new Estimate(condValue, Estimate.jackknife(condOut),
                Math.max(condResolution, condValue - maxAbs / p10Hi));
        return new SpectralDensity(n, nodes, weights, grid, density, stderr, sigma, lo, hi, maxAbs, p10Est, cond,
                Estimate.mean(negative).withResolution(negativeResolution), Estimate.mean(quadForms), products, o);
    }

    /**
     * The largest weight among the nodes adjacent to t (the last node below t and the first at or above it):
     * by the Chebyshev–Markov–Stieltjes inequalities, the bound on the error of the quadrature's cumulative
     * weight at t.
     */
    private static double bracketWeight(double[] nodes, double[] weights, double t) {
        int i = 0;
        while (i < nodes.length && nodes[i] < t) {
            i++;
        }
        double below = i > 0 ? weights[i - 1] : 0.0;
        double above = i < nodes.length ? weights[i] : 0.0;
        return Math.max(below, above);
    }

    /**
     * Bounds on the q-quantile of |λ| when the cumulative weight of |λ| is known to within delta of the step
     * function of the SLQ measure: the first |θ| node whose cumulative weight reaches q − delta (0 if delta ≥ q:
     * nothing then excludes a quantile at 0) and the first that reaches q + delta (the largest node if none).
     */
    private static double[] quantileBounds(double[][] nodes, double[][] weights, double q, double delta) {
        double[][] atoms = Quadrature.flatten(nodes, weights, -1, true);
        double[] x = atoms[0];
        double[] w = atoms[1];
        int total = x.length;
        Integer[] order = Quadrature.order(x);
        double lo = q - delta <= 0 ? 0.0 : Double.NaN;
        double hi = Double.NaN;
        double cum = 0;
        for (Integer i : order) {
            cum += w[i];
            if (Double.isNaN(lo) && cum >= q - delta) {
                lo = x[i];
            }
            if (Double.isNaN(hi) && cum >= q + delta) {
                hi = x[i];
            }
        }
        return new double[] {Double.isNaN(lo) ? x[order[total - 1]] : lo, Double.isNaN(hi) ? x[order[total - 1]] : hi};
    }

    /** The q-quantile of |θ| under the SLQ measure, leaving probe {@code skip} out (−1: none). */
    private static double absQuantile(double[][] nodes, double[][] weights, int skip, double quantile) {
        double[][] atoms = Quadrature.flatten(nodes, weights, skip, true);
        if (atoms[0].length == 0) {
            return Double.NaN;
        }
        return Quadrature.quantile(atoms[0], atoms[1], quantile);
    }
}
