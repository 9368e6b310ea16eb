package org.shortcuthessian.linalg;

import java.util.SplittableRandom;

/** Symmetric matrices with a known spectrum, for examples, tests and benchmarks. */
public final class SymmetricMatrices {
    private SymmetricMatrices() {
    }

    /**
     * Fills {@code out} with {@code A = Q·diag(λ)·Qᵀ}, where Q is the product of {@code reflectors}
     * random Householder reflections {@code P = I − 2uuᵀ} (u uniform on the sphere, seeded). Each
     * reflection costs O(n²): {@code A ← P·A·P = A − 2uwᵀ − 2wuᵀ + 4(uᵀw)uuᵀ} with w = A·u.
     * The eigenvalues of A are exactly λ up to rounding.
     *
     * @param lambda     the spectrum (length n; not modified)
     * @param seed       seed of the reflections
     * @param reflectors how many reflections (n gives a Q close to Haar-distributed; 3–4 are dense enough)
     * @param out        n×n matrix; overwritten
     */
    public static void withSpectrum(double[] lambda, long seed, int reflectors, DenseMatrix out) {
        int n = lambda.length;
        if (out.rows() != n || out.cols() != n) {
            throw new MatrixDimensionException("withSpectrum: out is " + out.rows() + "×" + out.cols()
                    + ", expected " + n + "×" + n);
        }
        out.fill(0.0);
        for (int i = 0; i < n; i++) {
            out.set(i, i, lambda[i]);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] u = new double[n];
        double[] w = new double[n];
        for (int r = 0; r < reflectors && n > 1; r++) {
            double norm2 = 0;
            for (int i = 0; i < n; i++) {
                u[i] = gaussian(rnd);
                norm2 += u[i] * u[i];
            }
            double inv = 1.0 / Math.sqrt(norm2);
            for (int i = 0; i < n; i++) {
                u[i] *= inv;
            }
            java.util.Arrays.fill(w, 0.0);
            for (int j = 0; j < n; j++) {
                double uj = u[j];
                for (int i = 0; i < n; i++) {
                    w[i] += out.get(i, j) * uj;
                }
            }
            double c = 0;
            for (int i = 0; i < n; i++) {
                c += u[i] * w[i];
            }
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    out.set(i, j, out.get(i, j) - 2 * u[i] * w[j] - 2 * w[i] * u[j] + 4 * c * u[i] * u[j]);
                }
            }
        }
        // exact symmetry (rounding in the updates above is symmetric, but make it bitwise so)
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                out.set(j, i, out.get(i, j));
            }
        }
    }

    /** A standard normal deviate (Box–Muller) from a seeded generator. */
    public static double gaussian(SplittableRandom rnd) {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
