package org.shortcuthessian.curvature.matrixfree;

import java.util.Objects;
import java.util.SplittableRandom;
import org.shortcuthessian.linalg.SymmetricOperator;

/** Randomized estimates of tr(A) from products only (the trace of a Hessian: the sum of its eigenvalues). */
public final class TraceEstimators {
    private TraceEstimators() {
    }

    /**
     * Hutchinson's estimator: tr(A) ≈ (1/P)·Σ_p z_pᵀ·A·z_p with E[z zᵀ] = I (P products). Unbiased; for
     * Rademacher probes its variance is 2·Σ_{i≠j} A_ij² / P.
     *
     * @param probes P ≥ 2 (so that the standard error can be estimated)
     */
    public static TraceEstimate hutchinson(SymmetricOperator a, int probes, Probe probe, long seed) {
        Objects.requireNonNull(a, "hutchinson: operator");
        Objects.requireNonNull(probe, "hutchinson: probe");
        if (probes < 2) {
            throw new IllegalArgumentException("probes: " + probes + " (at least 2)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] z = new double[probes][];
        for (int p = 0; p < probes; p++) {
            z[p] = Vectors.probe(a.dimension(), probe, rnd);
        }
        double[][] az = applyBlock(a, z);
        double[] forms = new double[probes];
        for (int p = 0; p < probes; p++) {
            forms[p] = Vectors.dot(z[p], az[p]);
        }
        Estimate e = Estimate.mean(forms);
        return new TraceEstimate(e.value(), e.stderr(), "hutchinson", probes, probes);
    }

    /**
     * Hutch++ (Meyer, Musco, Musco and Woodruff 2021) with a budget of {@code products} = 3k products:
     * Q = an orthonormal basis of A·S for k random columns S; tr(A) ≈ tr(Qᵀ·A·Q) + (1/k)·Σ_p g_pᵀ·A·g_p with
     * g_p = (I − Q·Qᵀ)·z_p for k more probes. Exact on the top of the spectrum that Q captures, so its
     * error falls as 1/products (rather than 1/√products) when the spectrum decays.
     *
     * @param products the budget, at least 6 (k ≥ 2); rounded down to a multiple of 3
     */
    public static TraceEstimate hutchPlusPlus(SymmetricOperator a, int products, Probe probe, long seed) {
        Objects.requireNonNull(a, "hutch++: operator");
        Objects.requireNonNull(probe, "hutch++: probe");
        if (products < 6) {
            throw new IllegalArgumentException("products: " + products + " (at least 6: three groups of at least 2)");
        }
        int n = a.dimension();
        int k = Math.min(products / 3, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] q = new double[k][];
        int rank = 0;
        int used = 0;
        double[][] sketch = new double[k][];
        for (int c = 0; c < k; c++) {
            sketch[c] = Vectors.probe(n, probe, rnd);
        }
        double[][] images = applyBlock(a, sketch);
        used += k;
        for (int c = 0; c < k; c++) {
            double[] as = images[c];
            double before = Vectors.norm(as);
            Vectors.orthogonalize(q, rank, as);
            double after = Vectors.norm(as);
            if (after > 1e-12 * Math.max(before, Double.MIN_NORMAL)) {
                Vectors.scale(1.0 / after, as);
                q[rank++] = as;
            }
        }
        double lowRank = 0;
        double[][] aq = applyBlock(a, java.util.Arrays.copyOf(q, rank));
        used += rank;
        for (int c = 0; c < rank; c++) {
            lowRank += Vectors.dot(q[c], aq[c]);
        }
        double[][] g = new double[k][];
        for (int p = 0; p < k; p++) {
            g[p] = Vectors.probe(n, probe, rnd);
            for (int c = 0; c < rank; c++) {
                Vectors.axpy(-Vectors.dot(q[c], g[p]), q[c], g[p]);
            }
        }
        double[][] ag = applyBlock(a, g);
        used += k;
        double[] forms = new double[k];
        for (int p = 0; p < k; p++) {
            forms[p] = Vectors.dot(g[p], ag[p]);
        }
        Estimate e = Estimate.mean(forms);
        return new TraceEstimate(lowRank + e.value(), e.stderr(), "hutch++", used, k);
    }

    /** A·x for every x of xs, in one block product ({@link SymmetricOperator#applyBlock}). */
    private static double[][] applyBlock(SymmetricOperator a, double[][] xs) {
        int n = a.dimension();
        int k = xs.length;
        double[][] out = new double[k][];
        if (k == 0) {
            return out;
        }
        double[] in = new double[n * k];
        for (int t = 0; t < k; t++) {
            System.arraycopy(xs[t], 0, in, t * n, n);
        }
        double[] res = new double[n * k];
        a.applyBlock(in, k, res);
        for (int t = 0; t < k; t++) {
            out[t] = java.util.Arrays.copyOfRange(res, t * n, (t + 1) * n);
        }
        return out;
    }
}
