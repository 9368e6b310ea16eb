package org.shortcuthessian.curvature;

import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.Trace;

/**
 * Per-sample forward-over-reverse with d directions at once: for a source layer s and the d unit
 * directions e_r of ε_s (a perturbation added to z_s), the forward tangents Ȧ_l = ∂a_l/∂ε_s and
 * Ż_l = ∂z_l/∂ε_s, and the tangents Λ_l = ∂λ(z_l)/∂ε_s of the adjoints, for every layer l ≥ s.
 * Each is a d×d matrix (column r belongs to direction e_r), column-major. Not thread-safe: one
 * instance per thread.
 */
final class SampleTangents {
    private final NetworkSpec spec;
    private final double[] theta;
    private final int d;
    private final int dd;
    private final double inv;
    final double[][] zd;
    final double[][] ad;
    final double[][] lz;
    private final double[][] hd;
    private final double[] tmp;
    private final double[] lhd;
    private final double[] lhdNext;

    SampleTangents(NetworkSpec spec, double[] theta, int mTotal) {
        this.spec = spec;
        this.theta = theta;
        this.d = spec.dim();
        this.dd = d * d;
        this.inv = 1.0 / mTotal;
        int layers = spec.layers();
        zd = new double[layers][dd];
        ad = new double[layers][dd];
        lz = new double[layers][dd];
        hd = new double[spec.units() + 1][dd];
        tmp = new double[dd];
        lhd = new double[dd];
        lhdNext = new double[dd];
    }

    /** Computes Ȧ_l, Ż_l (l ≥ s) and Λ_l (l ≥ s) for one sample of the trace. */
    void compute(Trace t, int sample, int s) {
        int n = spec.depth();
        int units = spec.units();
        int is = s / n;
        int ks = s % n;
        int o = sample * d;
        boolean sc = spec.shortcut();
        // forward tangents
        java.util.Arrays.fill(zd[s], 0.0);
        for (int r = 0; r < d; r++) {
            zd[s][r + d * r] = 1.0;
        }
        for (int i = is; i < units; i++) {
            int k0 = i == is ? ks + 1 : 0;
            if (i > is) {
                scaleRows(spec.pre(), t.state(i), o, hd[i], ad[i * n]);
                matmul(i * n, ad[i * n], zd[i * n]);
            }
            for (int k = Math.max(k0, 1); k < n; k++) {
                int l = i * n + k;
                scaleRows(spec.mid(), t.output(l - 1), o, zd[l - 1], ad[l]);
                matmul(l, ad[l], zd[l]);
            }
            int last = i * n + n - 1;
            double[] next = hd[i + 1];
            scaleRows(spec.post(), t.output(last), o, zd[last], next);
            if (sc && i > is) {
                double[] prev = hd[i];
                for (int q = 0; q < dd; q++) {
                    next[q] += prev[q];
                }
            }
        }
        // reverse tangents
        double[] f = hd[units];
        for (int q = 0; q < dd; q++) {
            lhd[q] = f[q] * inv;
        }
        for (int i = units - 1; i >= is; i--) {
            int last = i * n + n - 1;
            reverse(spec.post(), t.output(last), t.adjointState(i + 1), o, lhd, zd[last], lz[last], true);
            int kStop = i == is ? ks : 0;
            for (int k = n - 1; k > kStop; k--) {
                int l = i * n + k;
                matmulTransposed(l, lz[l], tmp);
                reverse(spec.mid(), t.output(l - 1), t.adjointInput(l), o, tmp, zd[l - 1], lz[l - 1], l - 1 >= s);
            }
            if (i > is) {
                int l0 = i * n;
                matmulTransposed(l0, lz[l0], tmp);
                reverse(spec.pre(), t.state(i), t.adjointInput(l0), o, tmp, hd[i], lhdNext, i > is);
                for (int q = 0; q < dd; q++) {
                    lhd[q] = (sc ? lhd[q] : 0.0) + lhdNext[q];
                }
            }
        }
    }

    /** Stores Λ_l of the current sample as column j of a d²-row panel. */
    void storeLambda(int l, DenseMatrix panel, int j) {
        long base = (long) j * dd;
        double[] x = lz[l];
        for (int q = 0; q < dd; q++) {
            panel.setLinear(base + q, x[q]);
        }
    }

    /** Stores Ȧ_l of the current sample as column j of a d²-row panel. */
    void storeInputTangent(int l, DenseMatrix panel, int j) {
        long base = (long) j * dd;
        double[] x = ad[l];
        for (int q = 0; q < dd; q++) {
            panel.setLinear(base + q, x[q]);
        }
    }

    /** out = diag(σ'(v)) · in, for the sample's vector v at offset o. */
    private void scaleRows(Activation act, double[] v, int o, double[] in, double[] out) {
        if (act == Activation.IDENTITY) {
            System.arraycopy(in, 0, out, 0, dd);
            return;
        }
        for (int r = 0; r < d; r++) {
            double g = act.d1(v[o + r]);
            for (int c = 0; c < d; c++) {
                out[r + d * c] = g * in[r + d * c];
            }
        }
    }

    /**
     * out = diag(σ'(v))·gd + diag(σ''(v) ⊙ g)·vd: the tangent of the adjoint of σ's input; vd is
     * ignored (taken as zero) when {@code hasTangent} is false.
     */
    private void reverse(Activation act, double[] v, double[] g, int o, double[] gd, double[] vd, double[] out,
                         boolean hasTangent) {
        if (act == Activation.IDENTITY) {
            System.arraycopy(gd, 0, out, 0, dd);
            return;
        }
        boolean curved = hasTangent && !act.piecewiseLinear();
        for (int r = 0; r < d; r++) {
            double x = v[o + r];
            double d1 = act.d1(x);
            double c2 = curved ? act.d2(x) * g[o + r] : 0.0;
            for (int c = 0; c < d; c++) {
                int q = r + d * c;
                out[q] = d1 * gd[q] + (curved ? c2 * vd[q] : 0.0);
            }
        }
    }

    /** out = W_l · in (d×d). */
    private void matmul(int l, double[] in, double[] out) {
        int off = l * dd;
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += theta[off + r + d * k] * in[k + d * c];
                }
                out[r + d * c] = s;
            }
        }
    }

    /** out = W_lᵀ · in (d×d). */
    private void matmulTransposed(int l, double[] in, double[] out) {
        int off = l * dd;
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += theta[off + k + d * r] * in[k + d * c];
                }
                out[r + d * c] = s;
            }
        }
    }
}
