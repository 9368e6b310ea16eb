package org.shortcuthessian.network;

import java.util.Locale;
import java.util.SplittableRandom;
import org.shortcuthessian.linalg.SymmetricMatrices;

/**
 * Initializations of θ as the paper uses them, seeded and reproducible (same seed, same bits: the
 * draws are sequential in parameter order, whatever the thread count).
 */
public enum Initialization {
    /** Xavier (Glorot) normal: every entry N(0, 2/(fan_in + fan_out)) = N(0, 1/d). */
    XAVIER,
    /** Each W[i,k] a random orthogonal matrix (QR of a Gaussian matrix, signs fixed by R's diagonal). */
    ORTHOGONAL,
    /** Xavier normal scaled by ε (default 1e-4): a point near zero. */
    SMALL,
    /** θ = 0: the zero initial point of Theorem 2. */
    ZERO;

    /** The default ε of {@link #SMALL}. */
    public static final double DEFAULT_EPSILON = 1e-4;

    /** @return θ for the network with the given seed (SMALL uses ε = 1e-4). */
    public double[] sample(NetworkSpec spec, long seed) {
        return sample(spec, seed, DEFAULT_EPSILON);
    }

    /** @return θ for the network with the given seed; epsilon scales SMALL. */
    public double[] sample(NetworkSpec spec, long seed, double epsilon) {
        int d = spec.dim();
        double[] theta = new double[spec.parameterCount()];
        if (this == ZERO) {
            return theta;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double std = Math.sqrt(2.0 / (d + d));
        for (int l = 0; l < spec.layers(); l++) {
            int off = l * d * d;
            if (this == ORTHOGONAL) {
                double[] q = orthogonal(d, rnd);
                System.arraycopy(q, 0, theta, off, d * d);
            } else {
                double scale = this == SMALL ? std * epsilon : std;
                for (int q = 0; q < d * d; q++) {
                    theta[off + q] = scale * SymmetricMatrices.gaussian(rnd);
                }
            }
        }
        return theta;
    }

    /** A d×d orthogonal matrix, column-major: modified Gram–Schmidt (two passes) on a Gaussian matrix, Q·sign(diag R). */
    static double[] orthogonal(int d, SplittableRandom rnd) {
        double[] a = new double[d * d];
        for (int q = 0; q < a.length; q++) {
            a[q] = SymmetricMatrices.gaussian(rnd);
        }
        for (int j = 0; j < d; j++) {
            for (int pass = 0; pass < 2; pass++) { // "twice is enough": orthogonal to rounding
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < d; i++) {
                        dot += a[i + d * k] * a[i + d * j];
                    }
                    for (int i = 0; i < d; i++) {
                        a[i + d * j] -= dot * a[i + d * k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < d; i++) {
                norm += a[i + d * j] * a[i + d * j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < d; i++) {
                a[i + d * j] /= norm; // R's diagonal is +norm: the sign convention is already Q·sign(diag R)
            }
        }
        return a;
    }

    /** @return the initialization named s (xavier, orthogonal, small, zero), case-insensitive. */
    public static Initialization parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown initialization '" + s + "' (expected xavier, orthogonal, small or zero)");
        }
    }
}
