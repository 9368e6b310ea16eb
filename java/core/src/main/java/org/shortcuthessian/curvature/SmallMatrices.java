package org.shortcuthessian.curvature;

/** d×d column-major matrix helpers for the closed forms (d is small; plain Java). */
final class SmallMatrices {
    private SmallMatrices() {
    }

    static double[] identity(int d) {
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            m[i + d * i] = 1.0;
        }
        return m;
    }

    /** @return A·B. */
    static double[] mul(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                double bkj = b[k + d * j];
                if (bkj == 0.0) {
                    continue;
                }
                for (int i = 0; i < d; i++) {
                    c[i + d * j] += a[i + d * k] * bkj;
                }
            }
        }
        return c;
    }

    /** @return Aᵀ·B. */
    static double[] mulTN(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[k + d * i] * b[k + d * j];
                }
                c[i + d * j] = s;
            }
        }
        return c;
    }

    /** @return A·Bᵀ. */
    static double[] mulNT(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int k = 0; k < d; k++) {
            for (int j = 0; j < d; j++) {
                double bjk = b[j + d * k];
                for (int i = 0; i < d; i++) {
                    c[i + d * j] += a[i + d * k] * bjk;
                }
            }
        }
        return c;
    }

    /** @return A + B. */
    static double[] add(double[] a, double[] b) {
        double[] c = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    /** @return the d×d matrix at θ[l·d², (l+1)·d²). */
    static double[] layer(double[] theta, int l, int d) {
        return java.util.Arrays.copyOfRange(theta, l * d * d, (l + 1) * d * d);
    }
}
