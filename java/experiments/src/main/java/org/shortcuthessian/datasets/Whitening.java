package org.shortcuthessian.datasets;

import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.Transpose;
import org.shortcuthessian.linalg.Uplo;
import org.shortcuthessian.data.Dataset;

/**
 * The paper's input pipeline (Appendix B): pixels scaled to [0, 1], centered, projected on the top k
 * principal components and divided by the square roots of their variances; one-hot labels as targets.
 *
 * <p>With x_j the scaled pixels, μ their mean, C = (1/m)·Σ_j (x_j − μ)(x_j − μ)ᵀ = V·diag(λ)·Vᵀ
 * (LAPACK dsyevd through the backend, λ descending), the input of sample j is
 * z_j = diag(λ_1…λ_k)^{−1/2}·V_kᵀ·(x_j − μ), so that (1/m)·Σ_j z_j z_jᵀ = I and Σ_j z_j = 0. Each column
 * of V_k has its loading of largest magnitude positive ({@link #signOfLargestLoading}): the whitened data are the
 * same on every backend.
 * The target is e_{label} in R^d, d = k (k must be at least the number of classes; coordinates past
 * the classes stay 0).
 */
public final class Whitening {
    /** Pixel values are divided by this (unsigned bytes 0…255 → [0, 1]). */
    public static final double PIXEL_SCALE = 255.0;

    private Whitening() {
    }

    /**
     * The whitened data set and what produced it.
     *
     * @param data      inputs z (k-dimensional, covariance I) and one-hot targets
     * @param variances λ_1 ≥ … ≥ λ_k, the variances of the kept components (pixels in [0, 1])
     * @param explained Σ_{i≤k} λ_i / tr C, the fraction of the pixel variance kept
     */
    public record Result(Dataset data, double[] variances, double explained) {
    }

    /**
     * @param images     the images and labels (not modified)
     * @param components k, the number of principal components and the dimension d of the network
     * @param backend    computes the covariance (SYRK) and its eigenvectors (dsyevd)
     * @throws InvalidInputException if k exceeds the pixel count, is below the number of classes, or
     *                               exceeds the rank of the centered pixels
     */
    public static Result pcaOneHot(LabeledImages images, int components, Backend backend) {
        int p = images.width();
        int m = images.count();
        int classes = images.classes();
        if (components < 1 || components > p) {
            throw new InvalidInputException("components: k = " + components + " must be between 1 and the pixel count "
                    + p + " of " + images.source());
        }
        if (components < classes) {
            throw new InvalidInputException("components: k = " + components + " is below the " + classes
                    + " classes of " + images.source() + " (one-hot targets need d = k ≥ classes)");
        }
        if (m <= components) {
            throw new InvalidInputException("samples: m = " + m + " images cannot be whitened in k = " + components
                    + " dimensions (need m > k)");
        }
        double[] x = new double[p * m];
        double[] mean = new double[p];
        double[] pix = images.pixels();
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < p; i++) {
                double v = pix[j * p + i] / PIXEL_SCALE;
                x[j * p + i] = v;
                mean[i] += v;
            }
        }
        for (int i = 0; i < p; i++) {
            mean[i] /= m;
        }
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < p; i++) {
                x[j * p + i] -= mean[i];
            }
        }
        double[] variances = new double[components];
        double[] proj = new double[p * components]; // column c: V_c / sqrt(λ_c)
        double total = 0;
        try (DenseMatrix c = backend.allocate(p, p)) {
            backend.syrk(Uplo.LOWER, Transpose.NO, 1.0 / m, new HeapMatrix(p, m, x), 0.0, c);
            for (int i = 0; i < p; i++) {
                total += c.get(i, i);
                for (int jj = i + 1; jj < p; jj++) {
                    c.set(i, jj, c.get(jj, i));
                }
            }
            double[] lambda = backend.eigenpairs(c); // ascending; c holds the eigenvectors
            for (int k = 0; k < components; k++) {
                int col = p - 1 - k;
                double l = lambda[col];
                if (!(l > 1e-12 * Math.max(lambda[p - 1], Double.MIN_NORMAL))) {
                    throw new InvalidInputException("components: k = " + components + " exceeds the rank of the"
                            + " centered pixels of " + images.source() + " (component " + (k + 1) + " has variance "
                            + l + ")");
                }
                variances[k] = l;
                double s = signOfLargestLoading(c, col) / Math.sqrt(l);
                for (int i = 0; i < p; i++) {
                    proj[k * p + i] = c.get(i, col) * s;
                }
            }
        }
        double[] z = new double[components * m];
        backend.gemm(Transpose.YES, Transpose.NO, 1.0, new HeapMatrix(p, components, proj), new HeapMatrix(p, m, x), 0.0,
                new HeapMatrix(components, m, z)); // z (k×m) = projᵀ·x
        double[] y = new double[components * m];
        int[] labels = images.labels();
        for (int j = 0; j < m; j++) {
            y[j * components + labels[j]] = 1.0;
        }
        double kept = 0;
        for (double v : variances) {
            kept += v;
        }
        return new Result(new Dataset(components, z, y), variances, kept / total);
    }

    /**
     * An eigenvector's sign is arbitrary (LAPACK and the pure-Java solver may return v or −v), and so would be the
     * sign of a whitened coordinate. The convention: the loading of largest magnitude is positive (of equal
     * magnitudes, within a relative 1e-9, the first pixel's), so every backend whitens to the same data.
     *
     * @return +1 or −1, the factor that makes column col of v follow the convention
     */
    static double signOfLargestLoading(DenseMatrix v, int col) {
        int rows = v.rows();
        double max = 0;
        for (int i = 0; i < rows; i++) {
            max = Math.max(max, Math.abs(v.get(i, col)));
        }
        for (int i = 0; i < rows; i++) {
            double x = v.get(i, col);
            if (Math.abs(x) >= max * (1 - 1e-9)) {
                return x > 0 ? 1.0 : -1.0;
            }
        }
        return 1.0;
    }
}
