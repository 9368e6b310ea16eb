package org.shortcuthessian.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The tridiagonal eigensolver (dstev / implicit QL) against the dense solver, on both backends. */
class TridiagonalEigenTest {
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NATIVE", "JAVA"})
    void matchesTheDenseSolverWithOrthonormalVectors(BackendKind kind) {
        Backend b = Backends.of(kind);
        int n = 60;
        SplittableRandom rnd = new SplittableRandom(4);
        double[] d = new double[n];
        double[] e = new double[n - 1];
        HeapMatrix t = new HeapMatrix(n, n);
        for (int i = 0; i < n; i++) {
            d[i] = rnd.nextDouble() * 4 - 2;
            t.set(i, i, d[i]);
            if (i < n - 1) {
                e[i] = rnd.nextDouble() + (i % 9 == 0 ? 0 : 0.1);
                t.set(i + 1, i, e[i]);
                t.set(i, i + 1, e[i]);
            }
        }
        double[] dense = b.eigenvalues(t, EigenvalueMethod.AUTO);
        EigenDecomposition r = b.tridiagonal(d, e, true);
        for (int i = 0; i < n; i++) {
            assertEquals(dense[i], r.values()[i], 1e-13, "eigenvalue " + i);
        }
        DenseMatrix z = r.vectors();
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += z.get(i, p) * z.get(i, q);
                }
                assertEquals(p == q ? 1.0 : 0.0, dot, 1e-12);
            }
            for (int i = 0; i < n; i++) {
                double tz = d[i] * z.get(i, p) + (i > 0 ? e[i - 1] * z.get(i - 1, p) : 0)
                        + (i < n - 1 ? e[i] * z.get(i + 1, p) : 0);
                assertEquals(r.values()[p] * z.get(i, p), tz, 1e-12, "T·z = λ·z");
            }
        }
        assertEquals(3.0, b.tridiagonal(new double[] {3.0}, new double[0], false).values()[0]);
        assertThrows(MatrixDimensionException.class, () -> b.tridiagonal(d, new double[3], false));
        assertThrows(IllegalArgumentException.class, () -> b.tridiagonal(new double[] {1, Double.NaN}, new double[1], false));
    }
}
