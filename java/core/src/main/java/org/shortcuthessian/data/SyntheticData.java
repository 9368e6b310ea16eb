package org.shortcuthessian.data;

import java.util.SplittableRandom;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricMatrices;
import org.shortcuthessian.data.Dataset;

/**
 * Synthetic data in the paper's setting: whitened inputs (sample mean 0, sample covariance exactly I)
 * and one-hot targets (the class is the argmax of a random linear teacher). Seeded and reproducible.
 */
public final class SyntheticData {
    private SyntheticData() {
    }

    /**
     * @param d    dimension (inputs and one-hot targets)
     * @param m    samples, at least d + 1 so that the covariance can be whitened
     * @param seed seed of the draws
     * @param eigen solves the d×d covariance for whitening (not modified otherwise)
     */
    public static Dataset whitenedOneHot(int d, int m, long seed, Backend eigen) {
        return whitenedOneHot(d, m, seed, eigen, 0.0);
    }

    /**
     * As {@link #whitenedOneHot(int, int, long, Backend)}, with the paper's Assumption 2: Gaussian draws
     * closer than minDistance to an earlier accepted point are rejected and redrawn (O(m²·d) checks),
     * before whitening. Whitening is a linear map close to the identity for m ≫ d, so the final minimum
     * distance is close to, not exactly, minDistance; {@link #minimumDistance(Dataset)} measures it.
     *
     * @param minDistance smallest distance between raw draws (0: no rejection)
     */
    public static Dataset whitenedOneHot(int d, int m, long seed, Backend eigen, double minDistance) {
        if (m <= d) {
            throw new IllegalArgumentException("whitenedOneHot: m = " + m + " samples cannot be whitened in dimension " + d);
        }
        if (!(minDistance >= 0) || minDistance > 1) {
            throw new IllegalArgumentException("whitenedOneHot: minDistance = " + minDistance + " (expected 0…1)");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[d * m];
        double min2 = minDistance * minDistance;
        for (int j = 0; j < m; j++) {
            boolean accepted;
            do {
                for (int c = 0; c < d; c++) {
                    x[j * d + c] = SymmetricMatrices.gaussian(rnd);
                }
                accepted = min2 == 0 || nearest2(x, d, j, j) >= min2;
            } while (!accepted);
        }
        double[] mean = new double[d];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                mean[c] += x[j * d + c] / m;
            }
        }
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                x[j * d + c] -= mean[c];
            }
        }
        // Σ = X·Xᵀ/m = V·diag(λ)·Vᵀ; x ← V·diag(λ^{-1/2})·Vᵀ·x makes the sample covariance I
        Dataset centered = new Dataset(d, x, x);
        double[] sigma = centered.sigmaXX();
        double[] w = new double[d * d];
        try (DenseMatrix v = eigen.allocate(d, d)) {
            v.copyFrom(new HeapMatrix(d, d, sigma));
            double[] lambda = eigen.eigenpairs(v);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        s += v.get(a, k) * v.get(b, k) / Math.sqrt(lambda[k]);
                    }
                    w[a + d * b] = s;
                }
            }
        }
        double[] white = new double[d * m];
        for (int j = 0; j < m; j++) {
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += w[a + d * b] * x[j * d + b];
                }
                white[j * d + a] = s;
            }
        }
        double[] teacher = new double[d * d];
        for (int q = 0; q < teacher.length; q++) {
            teacher[q] = SymmetricMatrices.gaussian(rnd);
        }
        double[] y = new double[d * m];
        for (int j = 0; j < m; j++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b < d; b++) {
                    s += teacher[a + d * b] * white[j * d + b];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = a;
                }
            }
            y[j * d + best] = 1.0;
        }
        return new Dataset(d, white, y);
    }

    /** @return the smallest Euclidean distance between two inputs of the data set (O(m²·d)). */
    public static double minimumDistance(Dataset data) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 1; j < data.samples(); j++) {
            best = Math.min(best, nearest2(data.inputs(), data.dim(), j, j));
        }
        return Math.sqrt(best);
    }

    /** Smallest squared distance from point j to points 0…count−1 of x (d per point). */
    private static double nearest2(double[] x, int d, int j, int count) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                double t = x[i * d + c] - x[j * d + c];
                s += t * t;
            }
            best = Math.min(best, s);
        }
        return best;
    }
}
