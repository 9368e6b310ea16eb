package org.shortcuthessian.network;

import java.nio.file.Path;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.io.NpyHeader;

/**
 * Weights as .npy files (docs/DESIGN.md): float64, shape (R, n, d, d), {@code weights[i, k]} is W[i,k]
 * acting as W·h (row index first, C order). θ stores each matrix column-major, so reading and writing
 * transpose every d×d block.
 */
public final class WeightsFile {
    private WeightsFile() {
    }

    /**
     * @return θ in the parameter order of docs/DESIGN.md
     * @throws InvalidInputException naming the file: wrong shape for the model, NaN or Inf (with index)
     */
    public static double[] read(Path file, NetworkSpec spec) {
        NpyArray a = Npy.readArray(file);
        long[] s = a.shape();
        int d = spec.dim();
        long[] expected = {spec.units(), spec.depth(), d, d};
        if (!java.util.Arrays.equals(s, expected)) {
            throw new InvalidInputException(file + ": shape " + NpyHeader.shapeString(s) + ", expected (R, n, d, d) = " + NpyHeader.shapeString(expected)
                    + " for the model");
        }
        double[] w = a.data();
        double[] theta = new double[spec.parameterCount()];
        int dd = d * d;
        for (int l = 0; l < spec.layers(); l++) {
            for (int row = 0; row < d; row++) {
                for (int col = 0; col < d; col++) {
                    double v = w[l * dd + row * d + col];
                    if (!Double.isFinite(v)) {
                        throw new InvalidInputException(file + ": " + (Double.isNaN(v) ? "NaN" : "Inf") + " at index ("
                                + l / spec.depth() + ", " + l % spec.depth() + ", " + row + ", " + col + ")");
                    }
                    theta[l * dd + col * d + row] = v;
                }
            }
        }
        return theta;
    }

    /** Writes θ as a (R, n, d, d) float64 array, weights[i, k] = W[i,k]. */
    public static void write(Path file, NetworkSpec spec, double[] theta) {
        int d = spec.dim();
        int dd = d * d;
        double[] w = new double[theta.length];
        for (int l = 0; l < spec.layers(); l++) {
            for (int row = 0; row < d; row++) {
                for (int col = 0; col < d; col++) {
                    w[l * dd + row * d + col] = theta[l * dd + col * d + row];
                }
            }
        }
        Npy.writeArray(file, new NpyArray(new long[] {spec.units(), spec.depth(), d, d}, w));
    }
}
