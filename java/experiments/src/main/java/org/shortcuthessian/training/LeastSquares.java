package org.shortcuthessian.training;

import org.shortcuthessian.data.Dataset;

/**
 * The best any linear network can do on a data set: L* = min_P ½·E‖P·x − y‖² =
 * ½·(tr Σyy − tr(Σyx·Σxx⁻¹·Σyxᵀ)), at P* = Σyx·Σxx⁻¹ (with whitened inputs, Σxx = I: L* = ½·(tr Σyy − ‖Σyx‖_F²)).
 */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * @return L*, by Gaussian elimination on the d×d system Σxx·Pᵀ = Σyxᵀ (Σxx symmetric positive definite)
     * @throws IllegalArgumentException if Σxx is singular
     */
    public static double optimum(Dataset data) {
        int d = data.dim();
        double[] sxx = data.sigmaXX();
        double[] syx = data.sigmaYX();
        double[][] a = new double[d][2 * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = sxx[i + d * j];
                a[i][d + j] = syx[j + d * i]; // Σyxᵀ[i, j]
            }
        }
        for (int c = 0; c < d; c++) {
            if (!(Math.abs(a[c][c]) > 1e-300)) {
                throw new IllegalArgumentException("LeastSquares: Σxx is singular (pivot " + c + ")");
            }
            for (int r = c + 1; r < d; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k < 2 * d; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[][] pt = new double[d][d];
        for (int r = d - 1; r >= 0; r--) {
            for (int j = 0; j < d; j++) {
                double s = a[r][d + j];
                for (int k = r + 1; k < d; k++) {
                    s -= a[r][k] * pt[k][j];
                }
                pt[r][j] = s / a[r][r];
            }
        }
        double cross = 0; // tr(Σyx·Pᵀ) at the optimum
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                cross += syx[j + d * i] * pt[i][j];
            }
        }
        return 0.5 * (data.sigmaYYTrace() - cross);
    }
}
