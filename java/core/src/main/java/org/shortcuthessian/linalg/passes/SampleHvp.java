package org.shortcuthessian.linalg.passes;


/**
 * Exact Hessian-vector product H·v by forward-over-reverse differentiation, without forming H:
 * a forward pass, a backward pass, then a forward tangent pass along v and the tangent of the
 * backward pass. Memory O(N + s·d·layers) for a range of s samples; cost a few passes over them.
 *
 * <p>With direction V (the d×d matrices V_l of v), forward tangents ż_l = W_l·ȧ_l + V_l·a_l,
 * ȧ = σ'(·)⊙(tangent of σ's input), ḣ_{i+1} = ḣ_i + ȯ_i; reverse tangents
 * λ̇(a_l) = W_lᵀ·λ̇(z_l) + V_lᵀ·λ(z_l), λ̇(input of σ) = σ'⊙λ̇(output) + σ''⊙λ(output)⊙(tangent of input);
 * and (H·v)_l = Σ_j λ̇(z_l)_j·a_{l,j}ᵀ + λ(z_l)_j·ȧ_{l,j}ᵀ.
 */
public final class SampleHvp {
    private SampleHvp() {
    }

    /**
     * Adds this range's part of H·v to hv. trace must have had {@link SampleTrace#backward} called with mTotal.
     *
     * @param v  direction, length N (not modified)
     * @param hv accumulator, length N (modified)
     */
    public static void accumulate(NetworkShape spec, double[] theta, SampleTrace t, int mTotal, double[] v, double[] hv) {
        int d = spec.dim();
        int n = spec.depth();
        int units = spec.units();
        int m = t.samples();
        int size = d * m;
        int dd = d * d;
        double[][] zd = new double[spec.layers()][];
        double[][] ad = new double[spec.layers()][];
        double[][] hd = new double[units + 1][];
        hd[0] = new double[size];
        for (int i = 0; i < units; i++) {
            for (int k = 0; k < n; k++) {
                int l = i * n + k;
                ad[l] = k == 0 ? SampleOps.derivativeTimes(spec.pre(), t.state(i), hd[i])
                        : SampleOps.derivativeTimes(spec.mid(), t.output(l - 1), zd[l - 1]);
                zd[l] = new double[size];
                SampleOps.mul(theta, l * dd, d, ad[l], zd[l], m);
                SampleOps.mulAdd(v, l * dd, d, t.input(l), zd[l], m);
            }
            double[] od = SampleOps.derivativeTimes(spec.post(), t.output(i * n + n - 1), zd[i * n + n - 1]);
            double[] next = new double[size];
            for (int q = 0; q < size; q++) {
                next[q] = (spec.shortcut() ? hd[i][q] : 0.0) + od[q];
            }
            hd[i + 1] = next;
        }
        double[] lhd = new double[size];
        double inv = 1.0 / mTotal;
        for (int q = 0; q < size; q++) {
            lhd[q] = hd[units][q] * inv;
        }
        double[] lad = new double[size];
        for (int i = units - 1; i >= 0; i--) {
            int last = i * n + n - 1;
            double[] lzd = reverseTangent(spec.post(), t.output(last), lhd, t.adjointState(i + 1), zd[last]);
            for (int k = n - 1; k >= 0; k--) {
                int l = i * n + k;
                SampleOps.addOuter(lzd, t.input(l), hv, l * dd, d, m);
                SampleOps.addOuter(t.adjointOutput(l), ad[l], hv, l * dd, d, m);
                SampleOps.mulTransposed(theta, l * dd, d, lzd, lad, m);
                SampleOps.mulTransposedAdd(v, l * dd, d, t.adjointOutput(l), lad, m);
                if (k > 0) {
                    lzd = reverseTangent(spec.mid(), t.output(l - 1), lad, t.adjointInput(l), zd[l - 1]);
                }
            }
            double[] back = reverseTangent(spec.pre(), t.state(i), lad, t.adjointInput(i * n), hd[i]);
            double[] nl = new double[size];
            for (int q = 0; q < size; q++) {
                nl[q] = (spec.shortcut() ? lhd[q] : 0.0) + back[q];
            }
            lhd = nl;
        }
    }

    /** σ'(x)⊙gd + σ''(x)⊙g⊙xd: the tangent of the adjoint of σ's input (a fresh array). */
    private static double[] reverseTangent(Nonlinearity act, double[] x, double[] gd, double[] g, double[] xd) {
        double[] out = new double[gd.length];
        if (act == Nonlinearity.IDENTITY) {
            System.arraycopy(gd, 0, out, 0, gd.length);
            return out;
        }
        boolean curved = !act.piecewiseLinear();
        for (int q = 0; q < gd.length; q++) {
            double s = act.d1(x[q]) * gd[q];
            if (curved) {
                s += act.d2(x[q]) * g[q] * xd[q];
            }
            out[q] = s;
        }
        return out;
    }
}
