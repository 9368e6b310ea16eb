package org.shortcuthessian.linalg;

import org.shortcuthessian.natives.NativeKernels;

/**
 * Whole-matrix checks (finiteness, symmetry): the project's native kernel for off-heap matrices
 * when it is loaded, a Java loop otherwise. The matrix is never modified.
 */
public final class MatrixChecks {
    private MatrixChecks() {
    }

    /** @return the column-major index of the first NaN or infinite element, or -1 if all are finite. */
    public static long firstNonFinite(DenseMatrix m) {
        if (m instanceof OffHeapMatrix off && NativeKernels.available()) {
            return NativeKernels.firstNonFinite(off);
        }
        long n = m.size();
        for (long k = 0; k < n; k++) {
            if (!Double.isFinite(m.getLinear(k))) {
                return k;
            }
        }
        return -1;
    }

    /** @return how far the square matrix h is from symmetric. */
    public static SymmetryReport symmetry(DenseMatrix h) {
        if (!h.isSquare()) {
            throw new MatrixDimensionException("symmetry: H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        if (h instanceof OffHeapMatrix off && NativeKernels.available()) {
            return NativeKernels.symmetry(off);
        }
        int n = h.rows();
        double maxAsym = 0.0;
        double maxAbs = 0.0;
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double x = h.get(i, j);
                double y = h.get(j, i);
                double d = Math.abs(x - y);
                maxAbs = Math.max(maxAbs, Math.max(Math.abs(x), Math.abs(y)));
                if (d > maxAsym) {
                    maxAsym = d;
                    bi = i;
                    bj = j;
                }
            }
        }
        return new SymmetryReport(maxAsym, maxAbs, bi, bj);
    }
}
