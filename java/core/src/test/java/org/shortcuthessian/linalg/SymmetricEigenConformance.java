package org.shortcuthessian.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Conformance suite for symmetric eigensolvers, run against every backend and every method (one
 * concrete subclass each), in the manner of EJML's {@code GeneralEigenDecompositionCheck_DDRM}.
 * Quality measures: the error against a known spectrum, and for eigenvectors the residual
 * {@code ‖HV − VΛ‖_F / (‖H‖_F·N) ≤ 1e-13} and orthogonality {@code ‖VᵀV − I‖_F ≤ 1e-12·N}.
 */
public abstract class SymmetricEigenConformance {

    /** One way to solve: eigenvalues ascending, and eigenvectors (n×n) if this solver gives them. */
    protected record Solution(double[] values, DenseMatrix vectors) {
    }

    protected abstract Backend backend();

    /** Solves h (which may be destroyed). */
    protected abstract Solution solve(DenseMatrix h);

    /** Solves a copy of h in the backend's own storage; h is kept. */
    protected final Solution solveCopy(DenseMatrix h) {
        DenseMatrix work = backend().allocate(h.rows(), h.cols());
        work.copyFrom(h);
        Solution s = solve(work);
        if (s.vectors() != work) {
            work.close();
        }
        return s;
    }

    /** Checks values against the known spectrum and, if present, the eigenvector quality. */
    protected final void check(DenseMatrix h, double[] known, double relTol) {
        Solution s = solveCopy(h);
        try {
            double scale = Arrays.stream(known).map(Math::abs).max().orElse(1.0);
            double[] sortedKnown = known.clone();
            Arrays.sort(sortedKnown);
            assertEquals(sortedKnown.length, s.values().length, "number of eigenvalues");
            for (int i = 0; i < known.length; i++) {
                assertEquals(sortedKnown[i], s.values()[i], relTol * Math.max(scale, Double.MIN_NORMAL),
                        "eigenvalue " + i);
            }
            for (int i = 1; i < s.values().length; i++) {
                assertTrue(s.values()[i - 1] <= s.values()[i], "ascending at " + i);
            }
            if (s.vectors() != null) {
                checkVectors(h, s.values(), s.vectors());
            }
        } finally {
            if (s.vectors() != null) {
                s.vectors().close();
            }
        }
    }

    static void checkVectors(DenseMatrix h, double[] values, DenseMatrix v) {
        int n = h.rows();
        int k = values.length;
        assertEquals(n, v.rows());
        assertEquals(k, v.cols());
        if (n == 0) {
            return;
        }
        double hNorm = 0;
        for (long q = 0; q < h.size(); q++) {
            hNorm += h.getLinear(q) * h.getLinear(q);
        }
        hNorm = Math.sqrt(hNorm);
        double[] hd = h.toArray();
        double[] vd = v.toArray();
        double res = 0;
        double[] col = new double[n];
        for (int j = 0; j < k; j++) {
            Arrays.fill(col, 0.0);
            for (int l = 0; l < n; l++) {
                double x = vd[l + j * n];
                for (int i = 0; i < n; i++) {
                    col[i] += hd[i + l * n] * x;
                }
            }
            for (int i = 0; i < n; i++) {
                double r = col[i] - values[j] * vd[i + j * n];
                res += r * r;
            }
        }
        res = Math.sqrt(res);
        if (hNorm > 0) {
            assertTrue(res / (hNorm * n) <= 1e-13, "residual ‖HV − VΛ‖/(‖H‖·N) = " + res / (hNorm * n));
        } else {
            assertEquals(0.0, res, 0.0);
        }
        double orth = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += vd[i + a * n] * vd[i + b * n];
                }
                double d = dot - (a == b ? 1.0 : 0.0);
                orth += d * d;
            }
        }
        orth = Math.sqrt(orth);
        assertTrue(orth <= 1e-12 * n, "orthogonality ‖VᵀV − I‖ = " + orth);
    }

    static HeapMatrix diagonal(double... d) {
        HeapMatrix m = new HeapMatrix(d.length, d.length);
        for (int i = 0; i < d.length; i++) {
            m.set(i, i, d[i]);
        }
        return m;
    }

    static HeapMatrix withSpectrum(double[] lambda, long seed, int reflectors) {
        HeapMatrix m = new HeapMatrix(lambda.length, lambda.length);
        SymmetricMatrices.withSpectrum(lambda, seed, reflectors, m);
        return m;
    }

    @Test
    void sizeZero() {
        Solution s = solve(backend().allocate(0, 0));
        assertEquals(0, s.values().length);
    }

    @Test
    void sizeOne() {
        check(diagonal(-3.5), new double[] {-3.5}, 0.0);
    }

    @Test
    void identity() {
        double[] ones = new double[40];
        Arrays.fill(ones, 1.0);
        check(diagonal(ones), ones, 1e-15);
    }

    @Test
    void diagonalUnsorted() {
        check(diagonal(3, -1, 2, 0, -7), new double[] {3, -1, 2, 0, -7}, 1e-15);
    }

    @Test
    void repeatedEigenvalues() {
        double[] l = {1, 1, 1, 1, 2, 2, 2, -4, -4, 9, 9, 9, 9, 9, 0.5};
        check(withSpectrum(l, 7, l.length), l, 1e-14);
    }

    @Test
    void singular() {
        // A = B·Bᵀ with B 60×20: rank 20, forty zero eigenvalues; the rest known through a reflection basis.
        double[] l = new double[60];
        for (int i = 0; i < 20; i++) {
            l[40 + i] = 1 + i;
        }
        check(withSpectrum(l, 11, 60), l, 2e-14);
    }

    @Test
    void tinyScale() {
        double[] l = new double[50];
        for (int i = 0; i < l.length; i++) {
            l[i] = 1e-150 * (i - 20);
        }
        check(withSpectrum(l, 3, 50), l, 1e-13);
    }

    @Test
    void hugeScale() {
        double[] l = new double[50];
        for (int i = 0; i < l.length; i++) {
            l[i] = 1e150 * (i - 20) / 7.0;
        }
        check(withSpectrum(l, 5, 50), l, 1e-13);
    }

    /** Wilkinson's W21+: diagonal |10 − i|, off-diagonal 1; its top eigenvalues come in near-equal pairs. */
    @Test
    void wilkinsonW21() {
        int n = 21;
        HeapMatrix w = new HeapMatrix(n, n);
        for (int i = 0; i < n; i++) {
            w.set(i, i, Math.abs(10 - i));
            if (i + 1 < n) {
                w.set(i, i + 1, 1.0);
                w.set(i + 1, i, 1.0);
            }
        }
        Solution s = solveCopy(w);
        try {
            double[] v = s.values();
            // reference values: NumPy eigvalsh (LAPACK dsyevd) on the same matrix; the top pair differs by 7e-14
            assertEquals(10.746194182903393, v[20], 1e-13);
            assertEquals(10.746194182903322, v[19], 1e-13);
            assertEquals(9.210678647361332, v[18], 1e-13);
            assertEquals(-1.125441522119985, v[0], 1e-13);
            double trace = Arrays.stream(v).sum();
            assertEquals(110.0, trace, 1e-12);
            if (s.vectors() != null) {
                checkVectors(w, v, s.vectors());
            }
        } finally {
            if (s.vectors() != null) {
                s.vectors().close();
            }
        }
    }

    @Test
    void randomKnownSpectrumUpTo500() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int n : new int[] {2, 3, 17, 64, 129, 250, 500}) {
            double[] l = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = 10 * (rnd.nextDouble() - 0.3);
            }
            check(withSpectrum(l, n, Math.min(n, 40)), l, 1e-12 * Math.max(1, Math.sqrt(n)));
        }
    }

    @Test
    void agreesWithTheOtherBackend() {
        Backend other = backend().kind() == BackendKind.JAVA ? Backends.of(BackendKind.NATIVE) : Backends.of(BackendKind.JAVA);
        int n = 300;
        HeapMatrix h = new HeapMatrix(n, n);
        SplittableRandom rnd = new SplittableRandom(99);
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double x = SymmetricMatrices.gaussian(rnd);
                h.set(i, j, x);
                h.set(j, i, x);
            }
        }
        Solution mine = solveCopy(h);
        HeapMatrix copy = new HeapMatrix(n, n);
        copy.copyFrom(h);
        double[] theirs = other.eigenvalues(copy, EigenvalueMethod.AUTO);
        double scale = Math.max(Math.abs(theirs[0]), Math.abs(theirs[n - 1]));
        for (int i = 0; i < n; i++) {
            assertEquals(theirs[i], mine.values()[i], 1e-12 * scale, "eigenvalue " + i);
        }
        if (mine.vectors() != null) {
            checkVectors(h, mine.values(), mine.vectors());
            mine.vectors().close();
        }
    }

    @Test
    void readsOnlyTheLowerTriangle() {
        HeapMatrix h = diagonal(1, 2, 3);
        h.set(1, 0, 0.5);
        h.set(0, 1, 1e6); // garbage above the diagonal must be ignored
        HeapMatrix ref = diagonal(1, 2, 3);
        ref.set(1, 0, 0.5);
        ref.set(0, 1, 0.5);
        double lo = (3 - Math.sqrt(1 + 4 * 0.25)) / 2;
        double hi = (3 + Math.sqrt(1 + 4 * 0.25)) / 2;
        Solution s = solveCopy(h);
        assertArrayEquals(new double[] {lo, hi, 3}, s.values(), 1e-14);
        if (s.vectors() != null) {
            checkVectors(ref, s.values(), s.vectors());
            s.vectors().close();
        }
    }
}
