package org.shortcuthessian.curvature.matrixfree;

import java.util.SplittableRandom;
import org.shortcuthessian.linalg.SymmetricMatrices;

/** Level-1 loops on double[] vectors, sequential so that results do not depend on threads. */
final class Vectors {
    private Vectors() {
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** y ← y + a·x. */
    static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    /** x ← a·x. */
    static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    /** A probe vector: entries ±1 (Rademacher) or standard normal (Gaussian), from rnd. */
    static double[] probe(int n, Probe kind, SplittableRandom rnd) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = kind == Probe.RADEMACHER ? (rnd.nextBoolean() ? 1.0 : -1.0) : SymmetricMatrices.gaussian(rnd);
        }
        return z;
    }

    /**
     * Orthogonalizes w against basis[0..count) twice (classical Gram–Schmidt with one repetition, which
     * keeps orthogonality to working precision).
     *
     * @return the summed coefficients basis[i]ᵀw of both passes
     */
    static double[] orthogonalize(double[][] basis, int count, double[] w) {
        double[] c = new double[count];
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < count; i++) {
                double a = dot(basis[i], w);
                c[i] += a;
                axpy(-a, basis[i], w);
            }
        }
        return c;
    }
}
