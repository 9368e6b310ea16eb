package org.shortcuthessian.linalg.purejava;

/**
 * Eigenpairs of a symmetric tridiagonal matrix by the implicit QL algorithm with Wilkinson shifts
 * (EISPACK's {@code tql2}, as in JAMA, which is in the public domain): the pure-Java counterpart of
 * LAPACK's {@code dstev}.
 */
final class TridiagonalQL {
    private TridiagonalQL() {
    }

    /**
     * @param d diagonal (length n), overwritten with the eigenvalues in ascending order
     * @param e off-diagonal (length n − 1); destroyed
     * @param z null, or an n×n column-major array that receives the eigenvectors as columns
     */
    static void solve(double[] d, double[] e, double[] z) {
        int n = d.length;
        double[] off = new double[n];
        System.arraycopy(e, 0, off, 0, n - 1);
        if (z != null) {
            java.util.Arrays.fill(z, 0.0);
            for (int i = 0; i < n; i++) {
                z[i + i * n] = 1.0;
            }
        }
        double f = 0.0;
        double tst1 = 0.0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(off[l]));
            int m = l;
            while (m < n && Math.abs(off[m]) > eps * tst1) {
                m++;
            }
            if (m == n) {
                m = n - 1;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    if (++iterations > 60 * n) {
                        throw new ArithmeticException("tridiagonal QL: no convergence (n = " + n + ")");
                    }
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2.0 * off[l]);
                    double r = Math.hypot(p, 1.0);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = off[l] / (p + r);
                    d[l + 1] = off[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1.0;
                    double c2 = c;
                    double c3 = c;
                    double el1 = off[l + 1];
                    double s = 0.0;
                    double s2 = 0.0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * off[i];
                        h = c * p;
                        r = Math.hypot(p, off[i]);
                        off[i + 1] = s * r;
                        s = off[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        if (z != null) {
                            for (int k = 0; k < n; k++) {
                                h = z[k + (i + 1) * n];
                                z[k + (i + 1) * n] = s * z[k + i * n] + c * h;
                                z[k + i * n] = c * z[k + i * n] - s * h;
                            }
                        }
                    }
                    p = -s * s2 * c3 * el1 * off[l] / dl1;
                    off[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(off[l]) > eps * tst1);
            }
            d[l] = d[l] + f;
            off[l] = 0.0;
        }
        // selection sort into ascending order, columns of z along
        for (int i = 0; i < n - 1; i++) {
            int k = i;
            double p = d[i];
            for (int j = i + 1; j < n; j++) {
                if (d[j] < p) {
                    k = j;
                    p = d[j];
                }
            }
            if (k != i) {
                d[k] = d[i];
                d[i] = p;
                if (z != null) {
                    for (int j = 0; j < n; j++) {
                        double t = z[j + i * n];
                        z[j + i * n] = z[j + k * n];
                        z[j + k * n] = t;
                    }
                }
            }
        }
    }
}
