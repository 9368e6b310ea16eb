package org.shortcuthessian.linalg;

/**
 * A selection of eigenvalues for {@link SymmetricEigen#subset}: LAPACK RANGE = 'I' (indices
 * {@code lo..hi}, 0-based, inclusive, in ascending order) or RANGE = 'V' (values in the half-open
 * interval {@code (lo, hi]}).
 */
public record SpectrumRange(Kind kind, double lo, double hi) {
    /** LAPACK RANGE flag. */
    public enum Kind {
        INDEX('I'), VALUE('V');

        private final char lapack;

        Kind(char lapack) {
            this.lapack = lapack;
        }

        public char lapackChar() {
            return lapack;
        }
    }

    /** Eigenvalues number lo..hi (0-based, inclusive) in ascending order. */
    public static SpectrumRange byIndex(int lo, int hi) {
        return new SpectrumRange(Kind.INDEX, lo, hi);
    }

    /** Eigenvalues λ with lo &lt; λ ≤ hi. */
    public static SpectrumRange byValue(double lo, double hi) {
        return new SpectrumRange(Kind.VALUE, lo, hi);
    }

    /** The k largest eigenvalues of an n×n matrix. */
    public static SpectrumRange largest(int k, int n) {
        return byIndex(n - k, n - 1);
    }

    /** The k smallest (algebraic) eigenvalues. */
    public static SpectrumRange smallest(int k) {
        return byIndex(0, k - 1);
    }

    public int loIndex() {
        return (int) lo;
    }

    public int hiIndex() {
        return (int) hi;
    }
}
