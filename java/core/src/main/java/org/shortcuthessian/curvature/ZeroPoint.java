package org.shortcuthessian.curvature;

import java.util.Arrays;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;

/**
 * The Hessian at the zero initial point θ = 0 of a shortcut network, in closed form (Theorem 2 of
 * "Demystifying ResNet"). With W = 0 every unit adds post(0) = 0, so f(x) = x and the residual is x − y.
 * <ul>
 *   <li>n = 2: block-diagonal over units; unit i's block is [[0, B], [Bᵀ, 0]] with
 *       {@code H[(i,0,p,q), (i,1,r,s)] = c·δ(s,p)·M[r,q]}, M = (1/m)·Σ_j (x_j − y_j)·pre(x_j)ᵀ,
 *       c = post'(0)·mid'(0). Eigenvalues ±c·σ_k(M), each R·d times: the condition number
 *       σ_max(M)/σ_min(M) does not depend on the depth.</li>
 *   <li>n = 1: block-Toeplitz over units (the block between units i and i' depends only on the sign of
 *       i' − i), with p = post'(0): diagonal blocks p²·(Σuu ⊗ I), Σuu = (1/m)·Σ pre(x)pre(x)ᵀ, and for
 *       i &lt; i' {@code H[(i,r,c),(i',r',c')] = p²·(Σuu[c,c']·δ(r,r') + δ(c',r)·K_{c'}[r',c])},
 *       K_{c'}[r',c] = (1/m)·Σ_j (x−y)[r']·pre'(x[c'])·pre(x)[c]. Its condition number grows with R.</li>
 *   <li>n ≥ 3: the gradient and the Hessian are exactly zero (an (n−1)th-order stationary point).</li>
 * </ul>
 */
public final class ZeroPoint {
    private ZeroPoint() {
    }

    private static void requireShortcut(NetworkSpec spec) {
        if (!spec.shortcut()) {
            throw new IllegalArgumentException("the zero-point closed form is for shortcut networks; a plain network"
                    + " at θ = 0 has f = 0: use the general Hessian");
        }
    }

    /** @return c = post'(0)·mid'(0) (relu'(0) = 0, so c = 0 when relu is at mid or post). */
    public static double constant(NetworkSpec spec) {
        return spec.post().d1(0.0) * spec.mid().d1(0.0);
    }

    /** @return M = (1/m)·Σ_j (x_j − y_j)·pre(x_j)ᵀ, d×d column-major. */
    public static double[] residualMoment(NetworkSpec spec, Dataset data) {
        int d = spec.dim();
        int m = data.samples();
        double[] x = data.inputs();
        double[] y = data.targets();
        Activation pre = spec.pre();
        double[] mm = new double[d * d];
        for (int j = 0; j < m; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                double u = pre.apply(x[o + c]);
                for (int r = 0; r < d; r++) {
                    mm[r + d * c] += (x[o + r] - y[o + r]) * u;
                }
            }
        }
        for (int q = 0; q < mm.length; q++) {
            mm[q] /= m;
        }
        return mm;
    }

    /** Fills h (N×N) with the Hessian at θ = 0. h is overwritten. */
    public static void fillHessian(NetworkSpec spec, Dataset data, DenseMatrix h) {
        requireShortcut(spec);
        int d = spec.dim();
        int dd = d * d;
        int n = spec.depth();
        h.fill(0.0);
        if (n >= 3) {
            return;
        }
        if (n == 2) {
            double c = constant(spec);
            double[] mm = residualMoment(spec, data);
            for (int i = 0; i < spec.units(); i++) {
                int base0 = i * 2 * dd;
                int base1 = base0 + dd;
                for (int p = 0; p < d; p++) {
                    for (int q = 0; q < d; q++) {
                        int row = base0 + q * d + p;          // W[i,0][p, q]
                        for (int r = 0; r < d; r++) {
                            int col = base1 + p * d + r;      // W[i,1][r, s = p]
                            double v = c * mm[r + d * q];
                            h.set(row, col, v);
                            h.set(col, row, v);
                        }
                    }
                }
            }
            return;
        }
        // n = 1
        double p2 = Math.pow(spec.post().d1(0.0), 2);
        int m = data.samples();
        double[] x = data.inputs();
        double[] y = data.targets();
        double[] suu = new double[dd];
        double[] k3 = new double[dd * d]; // K_{c'}[r', c] at r' + d·c + dd·c'
        for (int j = 0; j < m; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                double uc = spec.pre().apply(x[o + c]);
                for (int cp = 0; cp < d; cp++) {
                    suu[c + d * cp] += uc * spec.pre().apply(x[o + cp]);
                    double g = spec.pre().d1(x[o + cp]) * uc;
                    for (int rp = 0; rp < d; rp++) {
                        k3[rp + d * c + dd * cp] += (x[o + rp] - y[o + rp]) * g;
                    }
                }
            }
        }
        for (int q = 0; q < dd; q++) {
            suu[q] /= m;
        }
        for (int q = 0; q < k3.length; q++) {
            k3[q] /= m;
        }
        int units = spec.units();
        for (int i = 0; i < units; i++) {
            for (int ip = i; ip < units; ip++) {
                for (int c = 0; c < d; c++) {
                    for (int r = 0; r < d; r++) {
                        int row = i * dd + c * d + r;
                        for (int cp = 0; cp < d; cp++) {
                            for (int rp = 0; rp < d; rp++) {
                                int col = ip * dd + cp * d + rp;
                                double v = (r == rp ? suu[c + d * cp] : 0.0);
                                if (ip > i && cp == r) {
                                    v += k3[rp + d * c + dd * cp];
                                }
                                v *= p2;
                                h.set(row, col, v);
                                h.set(col, row, v);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The spectrum Theorem 2 predicts at θ = 0, ascending, N = R·n·d² values with their multiplicities:
     * <ul>
     *   <li>n = 2: ±c·σ_k(M), k = 1..d, each R·d times (c = 0, e.g. relu at mid or post: all zero);</li>
     *   <li>n = 1: the theorem gives the matrix (the block-Toeplitz form of {@link #fillHessian}), not its eigenvalues:
     *       they are computed from that closed form, built from the data's moments alone, by the backend's
     *       eigensolver (N×N memory);</li>
     *   <li>n ≥ 3: N zeros (the Hessian is the zero matrix).</li>
     * </ul>
     */
    public static double[] predictedSpectrum(Backend backend, NetworkSpec spec, Dataset data) {
        requireShortcut(spec);
        if (spec.depth() >= 3) {
            return new double[spec.parameterCount()];
        }
        if (spec.depth() == 1) {
            int n = spec.parameterCount();
            try (DenseMatrix h = backend.allocate(n, n)) {
                fillHessian(spec, data, h);
                double[] ev = backend.eigenvalues(h, EigenvalueMethod.AUTO);
                Arrays.sort(ev);
                return ev;
            }
        }
        double c = Math.abs(constant(spec));
        double[] sv = singularValues(backend, residualMoment(spec, data), spec.dim());
        int mult = spec.units() * spec.dim();
        double[] out = new double[2 * sv.length * mult];
        int q = 0;
        for (double s : sv) {
            for (int k = 0; k < mult; k++) {
                out[q++] = c * s;
                out[q++] = -c * s;
            }
        }
        Arrays.sort(out);
        return out;
    }

    /**
     * The condition number max|λ|/min|λ| Theorem 2 predicts at θ = 0:
     * <ul>
     *   <li>n = 2: σ_max(M)/σ_min(M), whatever the depth; null if σ_min(M) = 0 or c = 0 (then H(0) = 0);</li>
     *   <li>n = 1: max|λ|/min|λ| of {@link #predictedSpectrum} (grows with R); null if min|λ| = 0;</li>
     *   <li>n ≥ 3: null (H(0) = 0: no condition number).</li>
     * </ul>
     */
    public static Double predictedCondition(Backend backend, NetworkSpec spec, Dataset data) {
        requireShortcut(spec);
        if (spec.depth() >= 3) {
            return null;
        }
        if (spec.depth() == 1) {
            return SpectrumStatistics.of(predictedSpectrum(backend, spec, data)).cond();
        }
        double[] sv = singularValues(backend, residualMoment(spec, data), spec.dim());
        double min = sv[0];
        double max = sv[sv.length - 1];
        return min == 0.0 || constant(spec) == 0.0 ? null : max / min;
    }

    /**
     * @return in words, what Theorem 2 says of this network at θ = 0 (for reports: which case applies and why a
     *         condition number is undefined where it is)
     */
    public static String statement(NetworkSpec spec) {
        requireShortcut(spec);
        int n = spec.depth();
        if (n >= 3) {
            return "n = " + n + " ≥ 3: θ = 0 is a stationary point of order " + (n - 1)
                    + "; gradient and Hessian are exactly zero, so no condition number exists";
        }
        if (n == 1) {
            return "n = 1: block-Toeplitz Hessian over units (closed form from the moments); its condition number"
                    + " grows with the number of units R";
        }
        if (constant(spec) == 0.0) {
            return "n = 2 with c = post'(0)·mid'(0) = 0 (relu'(0) = 0 at mid or post): the Hessian is exactly zero,"
                    + " so no condition number exists; at any θ ≠ 0 relu' is the indicator of its input > 0, whatever"
                    + " the scale, so near zero the Hessian is O(1) and not continuous at 0: its conditioning is"
                    + " measured (reproduce zero-point), not predicted";
        }
        return "n = 2: eigenvalues ±c·σ_k(M), each R·d times, M = (1/m)·Σ (x − y)·pre(x)ᵀ;"
                + " condition number σ_max(M)/σ_min(M), independent of the depth";
    }

    /** @return σ_k(M), ascending, of the residual moment M = (1/m)·Σ_j (x_j − y_j)·pre(x_j)ᵀ (Theorem 2, n = 2). */
    public static double[] singularValues(Backend backend, NetworkSpec spec, Dataset data) {
        return singularValues(backend, residualMoment(spec, data), spec.dim());
    }

    /**
     * Singular values of a d×d column-major matrix A, ascending: the d largest eigenvalues of the symmetric
     * 2d×2d matrix [[0, A], [Aᵀ, 0]] (whose spectrum is ±σ_k(A)), by the backend's symmetric eigensolver
     * (accurate to ε·‖A‖, unlike the square roots of AᵀA's eigenvalues).
     */
    static double[] singularValues(Backend backend, double[] a, int d) {
        try (DenseMatrix aug = backend.allocate(2 * d, 2 * d)) {
            for (int c = 0; c < d; c++) {
                for (int r = 0; r < d; r++) {
                    aug.set(r, d + c, a[r + d * c]);
                    aug.set(d + c, r, a[r + d * c]);
                }
            }
            double[] ev = backend.eigenvalues(aug, EigenvalueMethod.DIVIDE_AND_CONQUER);
            double[] s = new double[d];
            for (int k = 0; k < d; k++) {
                s[k] = Math.max(0.0, ev[d + k]);
            }
            return s;
        }
    }
}
