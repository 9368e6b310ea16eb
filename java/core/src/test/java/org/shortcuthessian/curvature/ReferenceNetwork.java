package org.shortcuthessian.curvature;

import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;

/**
 * An independent, literal per-sample implementation of docs/DESIGN.md's model, for tests. Its relus can be
 * frozen: with a mask point θ0, relu(v) becomes v·[v(θ0) &gt; 0], so that finite differences around θ0
 * never cross a kink (the loss is then smooth and equals the real loss at θ0).
 */
final class ReferenceNetwork {
    private final NetworkSpec spec;
    private final Dataset data;
    private final double[] maskTheta;

    ReferenceNetwork(NetworkSpec spec, Dataset data, double[] maskTheta) {
        this.spec = spec;
        this.data = data;
        this.maskTheta = maskTheta;
    }

    double loss(double[] theta) {
        int d = spec.dim();
        double s = 0;
        for (int j = 0; j < data.samples(); j++) {
            double[] x = new double[d];
            System.arraycopy(data.inputs(), j * d, x, 0, d);
            double[] f = run(theta, x, maskTheta == null ? null : masks(x));
            for (int r = 0; r < d; r++) {
                double e = f[r] - data.targets()[j * d + r];
                s += e * e;
            }
        }
        return s / (2.0 * data.samples());
    }

    /** The relu masks at θ0, in the order relus are met in the forward pass. */
    private java.util.List<boolean[]> masks(double[] x) {
        java.util.List<boolean[]> out = new java.util.ArrayList<>();
        run(maskTheta, x, null, out);
        return out;
    }

    private double[] run(double[] theta, double[] x, java.util.List<boolean[]> frozen) {
        return run(theta, x, frozen, null);
    }

    /** t = pre(h); t = W[i,0]·t; for k = 1..n-1: t = W[i,k]·mid(t); t = post(t); h ← h + t (or t). */
    private double[] run(double[] theta, double[] x, java.util.List<boolean[]> frozen, java.util.List<boolean[]> record) {
        int d = spec.dim();
        int n = spec.depth();
        int[] site = {0};
        double[] h = x.clone();
        for (int i = 0; i < spec.units(); i++) {
            double[] t = act(spec.pre(), h, frozen, record, site);
            t = mul(theta, i * n, t);
            for (int k = 1; k < n; k++) {
                t = mul(theta, i * n + k, act(spec.mid(), t, frozen, record, site));
            }
            t = act(spec.post(), t, frozen, record, site);
            if (spec.shortcut()) {
                for (int r = 0; r < d; r++) {
                    t[r] += h[r];
                }
            }
            h = t;
        }
        return h;
    }

    private double[] mul(double[] theta, int l, double[] v) {
        int d = spec.dim();
        double[] out = new double[d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                out[r] += theta[spec.index(l / spec.depth(), l % spec.depth(), r, c)] * v[c];
            }
        }
        return out;
    }

    private static double[] act(Activation a, double[] v, java.util.List<boolean[]> frozen,
                                java.util.List<boolean[]> record, int[] site) {
        double[] out = new double[v.length];
        if (a == Activation.RELU) {
            boolean[] mask = new boolean[v.length];
            for (int q = 0; q < v.length; q++) {
                mask[q] = frozen != null ? frozen.get(site[0])[q] : v[q] > 0;
                out[q] = mask[q] ? v[q] : 0.0;
            }
            if (record != null) {
                record.add(mask);
            }
            site[0]++;
            return out;
        }
        for (int q = 0; q < v.length; q++) {
            out[q] = a.apply(v[q]);
        }
        return out;
    }
}
