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
        double[] forms = new double[probes];
        double[] az = new double[a.dimension()];
        for (int p = 0; p < probes; p++) {
            double[] z = Vectors.probe(a.dimension(), probe, rnd);
            a.apply(z, az);
            forms[p] = Vectors.dot(z, az);
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
        for (int c = 0; c < k; c++) {
            double[] s = Vectors.probe(n, probe, rnd);
            double[] as = new double[n];
            a.apply(s, as);
            used++;
            double before = Vectors.norm(as);
            Vectors.orthogonalize(q, rank, as);
            double after = Vectors.norm(as);
            if (after > 1e-12 * Math.max(before, Double.MIN_NORMAL)) {
                Vectors.scale(1.0 / after, as);
                q[rank++] = as;
            }
        }
        double lowRank = 0;
        double[] aq = new double[n];
        for (int c = 0; c < rank; c++) {
            a.apply(q[c], aq);
            used++;
            lowRank += Vectors.dot(q[c], aq);
        }
        double[] forms = new double[k];
        for (int p = 0; p < k; p++) {
            double[] g = Vectors.probe(n, probe, rnd);
            for (int c = 0; c < rank; c++) {
                Vectors.axpy(-Vectors.dot(q[c], g), q[c], g);
            }
            a.apply(g, aq);
            used++;
            forms[p] = Vectors.dot(g, aq);
        }
        Estimate e = Estimate.mean(forms);
        return new TraceEstimate(lowRank + e.value(), e.stderr(), "hutch++", used, k);
    }
}
