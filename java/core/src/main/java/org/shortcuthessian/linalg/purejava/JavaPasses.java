package org.shortcuthessian.linalg.purejava;

import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Passes;
import org.shortcuthessian.linalg.passes.SampleHvp;
import org.shortcuthessian.linalg.passes.SampleTrace;

/**
 * The pure-Java twin of the native passes: each chunk's forward and backward pass ({@link SampleTrace}) and
 * forward-over-reverse product ({@link SampleHvp}) on per-layer d×C arrays, partials summed in chunk order.
 * The baseline of the benchmarks and the fallback where the native library does not load.
 */
final class JavaPasses extends Passes {
    private final double[] inputs;
    private final double[] targets;
    private double[] theta;
    private double[] v;
    private final double[] lossPartials;
    private double[][] partials;

    JavaPasses(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads) {
        super(shape, samples, threads);
        this.inputs = inputs.clone();
        this.targets = targets.clone();
        this.lossPartials = new double[chunks];
    }

    @Override
    public String implementation() {
        return "java";
    }

    @Override
    protected void prepare(Op op, double[] theta, double[] v, int k) {
        this.theta = theta;
        this.v = v;
        int width = op == Op.LOSS ? 0 : shape.parameters() * (op == Op.HVP ? k : 1);
        if (partials == null || partials[0].length != width) {
            partials = new double[chunks][width];
        }
    }

    @Override
    protected void chunkPartials(Op op, int slot, int c0, int c1, int k) {
        int n = shape.parameters();
        for (int c = c0; c < c1; c++) {
            SampleTrace t = new SampleTrace(shape, theta, inputs, targets, c * chunk, Math.min(samples, (c + 1) * chunk));
            lossPartials[c] = t.lossSum() / (2.0 * samples);
            if (op == Op.LOSS) {
                continue;
            }
            t.backward(samples);
            double[] p = partials[c];
            java.util.Arrays.fill(p, 0.0);
            if (op == Op.LOSS_GRADIENT) {
                t.addGradient(p);
            } else {
                for (int d = 0; d < k; d++) {
                    double[] hv = new double[n];
                    SampleHvp.accumulate(shape, theta, t, samples, java.util.Arrays.copyOfRange(v, d * n, (d + 1) * n), hv);
                    System.arraycopy(hv, 0, p, d * n, n);
                }
            }
        }
    }

    @Override
    protected void reduce(Op op, int k, double[] scalar, double[] vector) {
        if (scalar != null) {
            double s = +0.0;
            for (double p : lossPartials) {
                s += p;
            }
            scalar[0] = s;
        }
        if (vector != null && op != Op.LOSS) {
            java.util.Arrays.fill(vector, +0.0);
            for (double[] p : partials) {
                for (int e = 0; e < vector.length; e++) {
                    vector[e] += p[e];
                }
            }
        }
    }

    @Override
    protected void doForward(double[] theta, double[] f) {
        int d = shape.dim();
        for (int c = 0; c < chunks; c++) {
            int from = c * chunk;
            SampleTrace t = new SampleTrace(shape, theta, inputs, targets, from, Math.min(samples, (c + 1) * chunk));
            double[] out = t.state(shape.units());
            System.arraycopy(out, 0, f, from * d, out.length);
        }
    }

    @Override
    protected void release() {
        partials = null;
    }
}
