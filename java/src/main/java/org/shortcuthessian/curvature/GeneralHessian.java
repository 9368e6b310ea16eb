package org.shortcuthessian.curvature;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.Transpose;
import org.shortcuthessian.network.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.Trace;

/**
 * The exact Hessian of any n-shortcut network (any activations), as sums over samples of structured
 * outer products, assembled with GEMMs over packed sample panels.
 *
 * <p>Inject a perturbation ε_s at z_s (z_s = W_s·a_s + ε_s). Changing W_s[r, c] is injecting
 * ε_s = e_r·a_s[c], so for every layer l
 * <pre>
 *   H[(l, r', c'), (s, r, c)] = Σ_j a_s[c]·( Λ_l[r', r]·a_l[c'] + λ(z_l)[r']·Ȧ_l[c', r] )
 * </pre>
 * where, per sample and for the d directions e_r at ε_s: Ȧ_l = ∂a_l/∂ε_s (forward tangents) and
 * Λ_l = ∂λ(z_l)/∂ε_s (the tangent of the backward pass, which carries the Gauss–Newton part and the
 * activations' second derivatives). For a pair (l ≥ s) the block is the sum of two d²×d² GEMMs over
 * the samples:
 * <pre>
 *   G1 = P1·Q1ᵀ,  P1[(c' + d·c), j] = a_l[c']·a_s[c],     Q1[(r' + d·r), j] = Λ_l[r', r]
 *   G2 = P2·Q2ᵀ,  P2[(r' + d·c), j] = λ(z_l)[r']·a_s[c],  Q2[(c' + d·r), j] = Ȧ_l[c', r]
 *   H[(l, r', c'), (s, r, c)] = G1[(c' + d·c), (r' + d·r)] + G2[(r' + d·c), (c' + d·r)]
 * </pre>
 * The upper triangle is filled by symmetry. Cost: O(L²·d³·m) for the tangents, O(N²·m) in GEMMs.
 */
public final class GeneralHessian {
    /** Samples per panel: panels stay in cache, GEMMs stay large enough. */
    static final int CHUNK = 512;

    private GeneralHessian() {
    }

    /**
     * Fills h (N×N) with the exact Hessian of the loss at θ. h is overwritten.
     *
     * @param backend does the GEMMs and allocates the panels
     */
    public static void fill(Backend backend, NetworkSpec spec, Dataset data, double[] theta, DenseMatrix h) {
        int d = spec.dim();
        int dd = d * d;
        int layers = spec.layers();
        int m = data.samples();
        Trace t = new Trace(spec, theta, data, 0, m);
        t.backward(m);
        int chunk = Math.min(CHUNK, m);
        DenseMatrix[] g1 = new DenseMatrix[layers];
        DenseMatrix[] g2 = new DenseMatrix[layers];
        DenseMatrix[] q1 = new DenseMatrix[layers];
        DenseMatrix[] q2 = new DenseMatrix[layers];
        DenseMatrix p1 = null;
        DenseMatrix p2 = null;
        try {
            p1 = backend.allocate(dd, chunk);
            p2 = backend.allocate(dd, chunk);
            for (int l = 0; l < layers; l++) {
                g1[l] = backend.allocate(dd, dd);
                g2[l] = backend.allocate(dd, dd);
                q1[l] = backend.allocate(dd, chunk);
                q2[l] = backend.allocate(dd, chunk);
            }
            SampleTangents tan = new SampleTangents(spec, theta, m);
            for (int s = 0; s < layers; s++) {
                for (int l = s; l < layers; l++) {
                    g1[l].fill(0.0);
                    g2[l].fill(0.0);
                }
                for (int from = 0; from < m; from += chunk) {
                    int count = Math.min(chunk, m - from);
                    if (count < chunk) {
                        // the last, short chunk: zero columns contribute nothing to the GEMMs
                        for (int l = s; l < layers; l++) {
                            q1[l].fill(0.0);
                            q2[l].fill(0.0);
                        }
                        p1.fill(0.0);
                        p2.fill(0.0);
                    }
                    for (int j = 0; j < count; j++) {
                        tan.compute(t, from + j, s);
                        for (int l = s; l < layers; l++) {
                            tan.storeLambda(l, q1[l], j);
                            if (l > s) {
                                tan.storeInputTangent(l, q2[l], j);
                            }
                        }
                    }
                    for (int l = s; l < layers; l++) {
                        packOuter(t.input(l), t.input(s), d, from, count, p1);
                        backend.gemm(Transpose.NO, Transpose.YES, 1.0, p1, q1[l], 1.0, g1[l]);
                        if (l > s) {
                            packOuter(t.adjointOutput(l), t.input(s), d, from, count, p2);
                            backend.gemm(Transpose.NO, Transpose.YES, 1.0, p2, q2[l], 1.0, g2[l]);
                        }
                    }
                }
                for (int l = s; l < layers; l++) {
                    scatter(h, d, l, s, g1[l], l > s ? g2[l] : null);
                }
            }
        } finally {
            closeAll(g1);
            closeAll(g2);
            closeAll(q1);
            closeAll(q2);
            if (p1 != null) {
                p1.close();
            }
            if (p2 != null) {
                p2.close();
            }
        }
    }

    private static void closeAll(DenseMatrix[] ms) {
        for (DenseMatrix x : ms) {
            if (x != null) {
                x.close();
            }
        }
    }

    /** P[(r + d·c), j] = u[r]_j·a_s[c]_j for the samples of the chunk (P1: u = a_l; P2: u = λ(z_l)). p is overwritten there. */
    static void packOuter(double[] u, double[] as, int d, int from, int count, DenseMatrix p) {
        int dd = d * d;
        for (int j = 0; j < count; j++) {
            int o = (from + j) * d;
            long base = (long) j * dd;
            for (int c = 0; c < d; c++) {
                double x = as[o + c];
                for (int r = 0; r < d; r++) {
                    p.setLinear(base + r + (long) d * c, u[o + r] * x);
                }
            }
        }
    }

    /** H[(l,r',c'),(s,r,c)] = G1[(c'+d·c),(r'+d·r)] + G2[(r'+d·c),(c'+d·r)], and the mirror entry. */
    static void scatter(DenseMatrix h, int d, int l, int s, DenseMatrix g1, DenseMatrix g2) {
        int dd = d * d;
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int col = s * dd + c * d + r;
                for (int cp = 0; cp < d; cp++) {
                    for (int rp = 0; rp < d; rp++) {
                        int row = l * dd + cp * d + rp;
                        double v = g1.get(cp + d * c, rp + d * r);
                        if (g2 != null) {
                            v += g2.get(rp + d * c, cp + d * r);
                        }
                        h.set(row, col, v);
                        h.set(col, row, v);
                    }
                }
            }
        }
    }
}
