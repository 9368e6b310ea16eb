package org.shortcuthessian.linalg.passes;


/**
 * The batched forward and backward pass of a network over samples [from, to) of a data set, with
 * every intermediate value kept (what the gradient, the Hessian-vector product and the Hessian need).
 * All per-sample vectors are stored as d×m column-major arrays (sample j at [j·d, (j+1)·d)).
 *
 * <p>Notation (layer l = i·n + k is matrix W[i,k]; a_l is its input, z_l = W_l·a_l its output):
 * h_i is the state entering unit i (h_0 = x), a_{i,0} = pre(h_i), a_{i,k} = mid(z_{i,k−1}),
 * o_i = post(z_{i,n−1}), h_{i+1} = h_i + o_i (or o_i). Adjoints λ(·) = ∂L/∂(·) of the full-batch loss
 * L = 1/(2m)·Σ‖f − y‖², where m is the data set's size (not the range's).
 */
public final class SampleTrace {
    final NetworkShape spec;
    final double[] theta;
    final int m;
    final double[][] h;
    final double[][] a;
    final double[][] z;
    final double[] y;
    double[][] lz;
    double[][] la;
    double[][] lh;
    final double lossSum;

    /**
     * Runs the forward pass over samples [from, to) (the loss sum is over that range).
     *
     * @param inputs  d×m column-major (sample j at [j·d, (j+1)·d)); not modified
     * @param targets the same layout; not modified
     */
    public SampleTrace(NetworkShape spec, double[] theta, double[] inputs, double[] targets, int from, int to) {
        this.spec = spec;
        this.theta = theta;
        int d = spec.dim();
        int units = spec.units();
        int n = spec.depth();
        int layers = spec.layers();
        this.m = to - from;
        this.h = new double[units + 1][];
        this.a = new double[layers][];
        this.z = new double[layers][];
        h[0] = java.util.Arrays.copyOfRange(inputs, from * d, to * d);
        y = java.util.Arrays.copyOfRange(targets, from * d, to * d);
        for (int i = 0; i < units; i++) {
            int l0 = i * n;
            for (int k = 0; k < n; k++) {
                int l = l0 + k;
                a[l] = k == 0 ? map(spec.pre(), h[i]) : map(spec.mid(), z[l - 1]);
                z[l] = new double[d * m];
                SampleOps.mul(theta, l * d * d, d, a[l], z[l], m);
            }
            double[] o = map(spec.post(), z[l0 + n - 1]);
            if (spec.shortcut()) {
                double[] hi = h[i];
                double[] sum = new double[o.length];
                for (int q = 0; q < o.length; q++) {
                    sum[q] = hi[q] + o[q];
                }
                o = sum;
            }
            h[i + 1] = o;
        }
        double s = 0;
        double[] f = h[units];
        for (int q = 0; q < f.length; q++) {
            double r = f[q] - y[q];
            s += r * r;
        }
        this.lossSum = s;
    }

    private static double[] map(Nonlinearity act, double[] v) {
        if (act == Nonlinearity.IDENTITY) {
            return v;
        }
        double[] out = new double[v.length];
        for (int q = 0; q < v.length; q++) {
            out[q] = act.apply(v[q]);
        }
        return out;
    }

    /** @return the number of samples in this range. */
    public int samples() {
        return m;
    }

    /** @return a_l, the input of layer l (d×m; shared, do not modify). */
    public double[] input(int l) {
        return a[l];
    }

    /** @return z_l = W_l·a_l (d×m; shared). */
    public double[] output(int l) {
        return z[l];
    }

    /** @return h_i, the state entering unit i; h_R is f (d×m; shared). */
    public double[] state(int i) {
        return h[i];
    }

    /** @return the targets of this range (d×m; shared). */
    public double[] targets() {
        return y;
    }

    /** @return λ(z_l) (after {@link #backward}; shared). */
    public double[] adjointOutput(int l) {
        return lz[l];
    }

    /** @return λ(a_l) (after {@link #backward}; shared). */
    public double[] adjointInput(int l) {
        return la[l];
    }

    /** @return λ(h_i) (after {@link #backward}; shared). */
    public double[] adjointState(int i) {
        return lh[i];
    }

    /** @return Σ_j ‖f(x_j) − y_j‖² over this range. */
    public double lossSum() {
        return lossSum;
    }

    /**
     * Backward pass: the adjoints λ(z_l), λ(a_l), λ(h_i) of the loss with 1/(2·mTotal) scaling.
     *
     * @param mTotal the m of the whole data set
     */
    public void backward(int mTotal) {
        int d = spec.dim();
        int units = spec.units();
        int n = spec.depth();
        int layers = spec.layers();
        lz = new double[layers][];
        la = new double[layers][];
        lh = new double[units + 1][];
        double[] f = h[units];
        double[] g = new double[f.length];
        double inv = 1.0 / mTotal;
        for (int q = 0; q < g.length; q++) {
            g[q] = (f[q] - y[q]) * inv;
        }
        lh[units] = g;
        for (int i = units - 1; i >= 0; i--) {
            int l0 = i * n;
            double[] lo = lh[i + 1];
            int last = l0 + n - 1;
            lz[last] = SampleOps.derivativeTimes(spec.post(), z[last], lo);
            for (int k = n - 1; k >= 0; k--) {
                int l = l0 + k;
                la[l] = new double[d * m];
                SampleOps.mulTransposed(theta, l * d * d, d, lz[l], la[l], m);
                if (k > 0) {
                    lz[l - 1] = SampleOps.derivativeTimes(spec.mid(), z[l - 1], la[l]);
                }
            }
            double[] back = SampleOps.derivativeTimes(spec.pre(), h[i], la[l0]);
            if (spec.shortcut()) {
                double[] sum = back == la[l0] ? back.clone() : back;
                for (int q = 0; q < sum.length; q++) {
                    sum[q] += lo[q];
                }
                back = sum;
            }
            lh[i] = back;
        }
    }


    /**
     * Adds this range's gradient to grad (length N): ∂L/∂W_l = Σ_j λ(z_l)_j a_{l,j}ᵀ.
     * Requires {@link #backward}. grad is modified.
     */
    public void addGradient(double[] grad) {
        int d = spec.dim();
        for (int l = 0; l < spec.layers(); l++) {
            SampleOps.addOuter(lz[l], a[l], grad, l * d * d, d, m);
        }
    }
}
