package org.shortcuthessian.linalg.passes;

/** SmallMatrices dense loops on d×m sample blocks (d is small: these stay in Java, no JNI per call). */
final class SampleOps {
    private SampleOps() {
    }

    /** out[:, j] = W·x[:, j] for j &lt; m; W is d×d column-major at w[off..]. out is overwritten. */
    public static void mul(double[] w, int off, int d, double[] x, double[] out, int m) {
        java.util.Arrays.fill(out, 0, d * m, 0.0);
        mulAdd(w, off, d, x, out, m);
    }

    /** out[:, j] += W·x[:, j] (accumulating form of {@link #mul}). out is modified. */
    public static void mulAdd(double[] w, int off, int d, double[] x, double[] out, int m) {
        for (int j = 0; j < m; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                double xc = x[o + c];
                if (xc == 0.0) {
                    continue;
                }
                int col = off + c * d;
                for (int r = 0; r < d; r++) {
                    out[o + r] += w[col + r] * xc;
                }
            }
        }
    }

    /** out[:, j] = Wᵀ·x[:, j]. out is overwritten. */
    public static void mulTransposed(double[] w, int off, int d, double[] x, double[] out, int m) {
        java.util.Arrays.fill(out, 0, d * m, 0.0);
        mulTransposedAdd(w, off, d, x, out, m);
    }

    /** out[:, j] += Wᵀ·x[:, j]. out is modified. */
    public static void mulTransposedAdd(double[] w, int off, int d, double[] x, double[] out, int m) {
        for (int j = 0; j < m; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                int col = off + c * d;
                double s = 0;
                for (int r = 0; r < d; r++) {
                    s += w[col + r] * x[o + r];
                }
                out[o + c] += s;
            }
        }
    }

    /** g[off + c·d + r] += Σ_j u[r, j]·v[c, j]: the d×d matrix Σ_j u_j v_jᵀ, column-major. g is modified. */
    public static void addOuter(double[] u, double[] v, double[] g, int off, int d, int m) {
        for (int j = 0; j < m; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                double vc = v[o + c];
                if (vc == 0.0) {
                    continue;
                }
                int col = off + c * d;
                for (int r = 0; r < d; r++) {
                    g[col + r] += u[o + r] * vc;
                }
            }
        }
    }

    /**
     * σ'(v) ⊙ g, elementwise: a new array, or g itself for the identity (callers never modify either).
     */
    public static double[] derivativeTimes(Nonlinearity act, double[] v, double[] g) {
        if (act == Nonlinearity.IDENTITY) {
            return g;
        }
        double[] out = new double[g.length];
        for (int q = 0; q < g.length; q++) {
            out[q] = act.d1(v[q]) * g[q];
        }
        return out;
    }
}
