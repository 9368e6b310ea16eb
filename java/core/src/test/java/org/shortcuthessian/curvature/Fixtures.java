package org.shortcuthessian.curvature;

import java.util.SplittableRandom;
import org.shortcuthessian.linalg.SymmetricMatrices;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;

/** SmallMatrices random networks and data for the curvature tests. */
public final class Fixtures {
    private Fixtures() {
    }

    public static Dataset data(int d, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[d * m];
        double[] y = new double[d * m];
        for (int q = 0; q < x.length; q++) {
            x[q] = SymmetricMatrices.gaussian(rnd);
            y[q] = SymmetricMatrices.gaussian(rnd) * 0.5 + 0.3 * x[q];
        }
        return new Dataset(d, x, y);
    }

    static double[] theta(NetworkSpec spec, double scale, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] t = new double[spec.parameterCount()];
        for (int q = 0; q < t.length; q++) {
            t[q] = scale * SymmetricMatrices.gaussian(rnd);
        }
        return t;
    }

    static NetworkSpec spec(int d, int units, int depth, boolean shortcut, String pre, String mid, String post) {
        return new NetworkSpec(d, units, depth, shortcut, Activation.parse(pre), Activation.parse(mid),
                Activation.parse(post));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    static double maxAbs(org.shortcuthessian.linalg.DenseMatrix m) {
        double max = 0;
        for (long q = 0; q < m.size(); q++) {
            max = Math.max(max, Math.abs(m.getLinear(q)));
        }
        return max;
    }

    /** Asserts that column col of h equals H·e_col from the Hessian-vector product, within tol, for each col. */
    static void assertColumnsMatchHvp(Curvature c, double[] theta, org.shortcuthessian.linalg.DenseMatrix h, int[] cols,
                                      double tol) {
        int n = theta.length;
        for (int col : cols) {
            double[] e = new double[n];
            e[col] = 1.0;
            double[] hv = c.hvp(theta, e);
            for (int row = 0; row < n; row++) {
                org.junit.jupiter.api.Assertions.assertEquals(hv[row], h.get(row, col), tol,
                        "HVP column " + col + " row " + row);
            }
        }
    }
}
