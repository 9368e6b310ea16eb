package org.shortcuthessian.data;

import java.nio.file.Path;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.io.NpyHeader;

/**
 * Inputs X and targets Y: m samples of dimension d. Stored as d×m column-major arrays (sample j is
 * column j), which is exactly the C-order layout of an (m, d) NumPy array. Immutable (the arrays are
 * not exposed for writing by this class's users; do not modify what {@link #inputs()} returns).
 */
public final class Dataset {
    private final int dim;
    private final int samples;
    private final double[] x;
    private final double[] y;
    private volatile double[] sxx; // the moments, computed once on first use (the data never change)
    private volatile double[] syx;
    private volatile double syy = Double.NaN;

    /**
     * @param dim     d
     * @param inputs  X, length d·m, sample j at [j·d, (j+1)·d) (not copied)
     * @param targets Y, same layout (not copied)
     */
    public Dataset(int dim, double[] inputs, double[] targets) {
        if (dim < 1) {
            throw new IllegalArgumentException("Dataset: dim = " + dim);
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException("Dataset: inputs have " + inputs.length / dim + " samples, targets "
                    + targets.length / dim);
        }
        if (inputs.length % dim != 0 || inputs.length == 0) {
            throw new IllegalArgumentException("Dataset: " + inputs.length + " values is not m·d with m ≥ 1, d = " + dim);
        }
        this.dim = dim;
        this.samples = inputs.length / dim;
        this.x = inputs;
        this.y = targets;
    }

    /**
     * Reads inputs and targets from .npy files of shape (m, d), float64 or float32. Targets may instead be
     * integer class labels of shape (m,) ({@code <i8} and the other integer dtypes), one-hot encoded with d
     * classes ({@link ClassLabels}).
     *
     * @param dim the network's d (the files' width must match; labels must lie in 0 … d − 1)
     * @throws InvalidInputException naming the file: rank, width ≠ d, m = 0, different m, NaN/Inf (with index),
     *                               a label outside 0 … d − 1 (with index)
     */
    public static Dataset read(Path inputs, Path targets, int dim) {
        NpyArray xa = Npy.readArray(inputs);
        long mx = check(xa, inputs, dim);
        NpyHeader th = Npy.readHeader(targets);
        double[] y;
        long my;
        if (ClassLabels.isIntegerDtype(th.descr())) {
            int[] labels = ClassLabels.read(targets, th, dim);
            y = ClassLabels.oneHot(labels, dim);
            my = labels.length;
        } else {
            NpyArray ya = Npy.readArray(targets);
            my = check(ya, targets, dim);
            y = ya.data();
        }
        if (mx != my) {
            throw new InvalidInputException(targets + ": " + my + " samples, but " + inputs + " has " + mx
                    + " (inputs and targets must have the same m)");
        }
        return new Dataset(dim, xa.data(), y);
    }

    private static long check(NpyArray a, Path file, int dim) {
        long[] s = a.shape();
        if (s.length != 2) {
            throw new InvalidInputException(file + ": shape " + NpyHeader.shapeString(s) + ", expected (m, " + dim + ")");
        }
        if (s[1] != dim) {
            throw new InvalidInputException(file + ": width " + s[1] + " (shape " + NpyHeader.shapeString(s) + "), but the model has dim "
                    + dim);
        }
        if (s[0] == 0) {
            throw new InvalidInputException(file + ": no samples (shape " + NpyHeader.shapeString(s) + "), m must be at least 1");
        }
        double[] d = a.data();
        for (int k = 0; k < d.length; k++) {
            if (!Double.isFinite(d[k])) {
                throw new InvalidInputException(file + ": " + (Double.isNaN(d[k]) ? "NaN" : "Inf") + " at index ("
                        + k / dim + ", " + k % dim + ")");
            }
        }
        return s[0];
    }

    public int dim() {
        return dim;
    }

    /** @return m. */
    public int samples() {
        return samples;
    }

    /** @return X as d×m column-major (shared, do not modify). */
    public double[] inputs() {
        return x;
    }

    /** @return Y as d×m column-major (shared, do not modify). */
    public double[] targets() {
        return y;
    }

    /** @return Σxx = X·Xᵀ/m (d×d column-major; a new copy, computed once per data set). */
    public double[] sigmaXX() {
        double[] s = sxx;
        if (s == null) {
            sxx = s = moment(x, x);
        }
        return s.clone();
    }

    /** @return Σyx = Y·Xᵀ/m (d×d column-major; a new copy, computed once per data set). */
    public double[] sigmaYX() {
        double[] s = syx;
        if (s == null) {
            syx = s = moment(y, x);
        }
        return s.clone();
    }

    /** @return Σyy = tr(Y·Yᵀ)/m. */
    public double sigmaYYTrace() {
        double t = syy;
        if (Double.isNaN(t)) {
            double s = 0;
            for (double v : y) {
                s += v * v;
            }
            syy = t = s / samples;
        }
        return t;
    }

    /** (1/m)·Σ_j a_j b_jᵀ, d×d column-major: entry (r, c) = (1/m) Σ_j a[j·d + r]·b[j·d + c]. */
    private double[] moment(double[] a, double[] b) {
        int d = dim;
        double[] out = new double[d * d];
        for (int j = 0; j < samples; j++) {
            int o = j * d;
            for (int c = 0; c < d; c++) {
                double bc = b[o + c];
                int col = c * d;
                for (int r = 0; r < d; r++) {
                    out[col + r] += a[o + r] * bc;
                }
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= samples;
        }
        return out;
    }
}
