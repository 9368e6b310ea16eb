package org.shortcuthessian.linalg;

/**
 * How far a square matrix H is from symmetric: {@code maxAsymmetry = max |H[i,j] − H[j,i]|}, attained
 * at (row, col); {@code maxAbs = max |H[i,j]|}.
 */
public record SymmetryReport(double maxAsymmetry, double maxAbs, int row, int col) {
    /** @return maxAsymmetry / maxAbs, or 0 for a zero matrix. */
    public double relative() {
        return maxAbs == 0.0 ? 0.0 : maxAsymmetry / maxAbs;
    }
}
