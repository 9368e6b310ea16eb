package org.shortcuthessian.curvature;

import java.util.Locale;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.MatrixKernels;
import org.shortcuthessian.linalg.SymmetryReport;

/** Checks that a matrix handed in as a Hessian is one: square, finite, symmetric within a tolerance. */
public final class HessianValidation {
    /** Default bound on max|H[i,j] − H[j,i]| relative to max|H[i,j]|. */
    public static final double DEFAULT_SYMMETRY_TOLERANCE = 1e-8;

    private HessianValidation() {
    }

    /**
     * @param checks    the backend that checks it (one pass over the matrix each)
     * @param h         the matrix (not modified)
     * @param label     how to name it in messages, e.g. the file name
     * @param tolerance bound on max|H[i,j] − H[j,i]| / max|H[i,j]|
     * @throws InvalidInputException one line naming the label and what is wrong, where
     */
    public static void requireHessian(MatrixKernels checks, DenseMatrix h, String label, double tolerance) {
        if (!h.isSquare()) {
            throw new InvalidInputException(label + ": not square: shape (" + h.rows() + ", " + h.cols()
                    + "), a Hessian is N×N");
        }
        if (h.rows() == 0) {
            throw new InvalidInputException(label + ": empty: shape (0, 0), a Hessian has at least one parameter");
        }
        long bad = checks.firstNonFinite(h);
        if (bad >= 0) {
            int i = (int) (bad % h.rows());
            int j = (int) (bad / h.rows());
            double v = h.getLinear(bad);
            throw new InvalidInputException(label + ": " + (Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf")
                    + " at index (" + i + ", " + j + ")");
        }
        SymmetryReport s = checks.symmetry(h);
        if (s.maxAsymmetry() > tolerance * s.maxAbs()) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: not symmetric: |H[%d, %d] - H[%d, %d]| = %.3g, %.3g relative to max|H| = %.3g"
                            + " (tolerance %.1g)", label, s.row(), s.col(), s.col(), s.row(), s.maxAsymmetry(),
                    s.relative(), s.maxAbs(), tolerance));
        }
    }
}
