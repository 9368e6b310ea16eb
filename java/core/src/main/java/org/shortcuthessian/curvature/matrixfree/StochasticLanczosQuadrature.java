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
     * A lower bound of the Java heap {@link #density} needs, the operator's own memory aside: the P probes, the s
     * Lanczos vectors of one probe (the probes run in lockstep in groups as large as a quarter of the free heap
     * allows, at least one) with an input and an output vector, and the density on the grid of G points per probe
     * and averaged: 8·n·(s + 2 + P) + 8·G·(P + 3) bytes, s = min(steps, n).
     */
    public static long heapBytes(int n, SlqOptions options) {
        long steps = Math.min(options.steps(), n);
        return 8L * n * (steps + 2 + options.probes()) + 8L * options.gridPoints() * (options.probes() + 3L);
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
        double[][] z = new double[probes][];
        for (int p = 0; p < probes; p++) {
            z[p] = Vectors.probe(n, options.probe(), rnd);
        }
        int steps = Math.min(options.steps(), n);
        // probes in lockstep, as many at a time as keep their Lanczos bases within a quarter of the free heap
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        int group = (int) Math.max(1, Math.min(probes, free / 4 / (8L * n * (steps + 2))));
        Tridiagonal[] ts = new Tridiagonal[probes];
        for (int p0 = 0; p0 < probes; p0 += group) {
            Tridiagonal[] g = tridiagonalize(a, Arrays.copyOfRange(z, p0, Math.min(probes, p0 + group)), steps);
            System.arraycopy(g, 0, ts, p0, g.length);
        }
        for (int p = 0; p < probes; p++) {
            double zz = Vectors.dot(z[p], z[p]);
            Tridiagonal t = ts[p];
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

    /**
     * s steps of Lanczos from each z_p/‖z_p‖ with full reorthogonalization, the probes in lockstep: each step
     * applies the operator to the current vector of every probe still running in one block product
     * ({@link SymmetricOperator#applyBlock}: one pass over the data for all of them); a probe stops early at an
     * invariant subspace. Each probe's numbers are those of its own Lanczos run.
     */
    private static Tridiagonal[] tridiagonalize(SymmetricOperator a, double[][] z, int steps) {
        int n = a.dimension();
        int probes = z.length;
        double[][][] v = new double[probes][steps][];
        double[][] alpha = new double[probes][steps];
        double[][] beta = new double[probes][Math.max(0, steps - 1)];
        double[] scale = new double[probes];
        int[] length = new int[probes];
        boolean[] running = new boolean[probes];
        for (int p = 0; p < probes; p++) {
            v[p][0] = z[p].clone();
            Vectors.scale(1.0 / Vectors.norm(z[p]), v[p][0]);
            length[p] = steps;
            running[p] = true;
        }
        for (int j = 0; j < steps; j++) {
            int k = 0;
            for (boolean r : running) {
                k += r ? 1 : 0;
            }
            if (k == 0) {
                break;
            }
            double[] in = new double[n * k];
            int[] which = new int[k];
            int t = 0;
            for (int p = 0; p < probes; p++) {
                if (running[p]) {
                    System.arraycopy(v[p][j], 0, in, t * n, n);
                    which[t++] = p;
                }
            }
            double[] out = new double[n * k];
            a.applyBlock(in, k, out);
            NonFiniteProductException.requireFinite(out);
            for (t = 0; t < k; t++) {
                int p = which[t];
                double[] w = Arrays.copyOfRange(out, t * n, (t + 1) * n);
                alpha[p][j] = Vectors.orthogonalize(v[p], j + 1, w)[j];
                scale[p] = Math.max(scale[p], Math.abs(alpha[p][j]));
                if (j == steps - 1) {
                    continue;
                }
                double b = Vectors.norm(w);
                if (b <= 1e-13 * Math.max(scale[p], Double.MIN_NORMAL)) {
                    length[p] = j + 1;
                    running[p] = false;
                    continue;
                }
                scale[p] = Math.max(scale[p], b);
                beta[p][j] = b;
                Vectors.scale(1.0 / b, w);
                v[p][j + 1] = w;
            }
        }
        Tridiagonal[] out = new Tridiagonal[probes];
        for (int p = 0; p < probes; p++) {
            out[p] = new Tridiagonal(Arrays.copyOf(alpha[p], length[p]), Arrays.copyOf(beta[p], Math.max(0, length[p] - 1)));
        }
        return out;
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
