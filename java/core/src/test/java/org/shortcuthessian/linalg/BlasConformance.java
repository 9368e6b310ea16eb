package org.shortcuthessian.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;

/** GEMM and SYRK of one backend against naive loops, on odd shapes and every transpose. */
public abstract class BlasConformance {
    protected abstract Backend backend();

    /** Storage under test: true for off-heap matrices. */
    protected abstract boolean offHeap();

    DenseMatrix random(int r, int c, long seed) {
        DenseMatrix m = offHeap() ? new OffHeapMatrix(r, c) : new HeapMatrix(r, c);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long k = 0; k < m.size(); k++) {
            m.setLinear(k, rnd.nextDouble() * 2 - 1);
        }
        return m;
    }

    static Stream<Arguments> shapes() {
        int[][] mnk = {{1, 1, 1}, {7, 13, 5}, {13, 7, 1}, {130, 70, 33}, {70, 130, 129}, {1, 50, 9}, {64, 1, 64}};
        Stream.Builder<Arguments> b = Stream.builder();
        for (int[] s : mnk) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    b.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "gemm {0}x{1}x{2} {3} {4}")
    @MethodSource("shapes")
    void gemmMatchesNaiveLoop(int m, int n, int k, Transpose ta, Transpose tb) {
        try (DenseMatrix a = ta == Transpose.NO ? random(m, k, 1) : random(k, m, 1);
             DenseMatrix b = tb == Transpose.NO ? random(k, n, 2) : random(n, k, 2);
             DenseMatrix c = random(m, n, 3)) {
            double[] c0 = c.toArray();
            double alpha = 1.5;
            double beta = -0.25;
            backend().gemm(ta, tb, alpha, a, b, beta, c);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    double s = 0;
                    for (int l = 0; l < k; l++) {
                        double x = ta == Transpose.NO ? a.get(i, l) : a.get(l, i);
                        double y = tb == Transpose.NO ? b.get(l, j) : b.get(j, l);
                        s += x * y;
                    }
                    double expected = alpha * s + beta * c0[i + j * m];
                    assertEquals(expected, c.get(i, j), 1e-13 * (k + 1), "C(" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void gemmWithBetaZeroIgnoresNaNInC() {
        try (DenseMatrix a = random(7, 13, 1); DenseMatrix b = random(13, 5, 2); DenseMatrix c = random(7, 5, 3)) {
            c.fill(Double.NaN);
            backend().gemm(Transpose.NO, Transpose.NO, 1.0, a, b, 0.0, c);
            for (long q = 0; q < c.size(); q++) {
                assertTrue(Double.isFinite(c.getLinear(q)));
            }
        }
    }

    @Test
    void gemmRejectsMismatchedShapesNamingTheArgument() {
        try (DenseMatrix a = random(7, 13, 1); DenseMatrix b = random(12, 5, 2); DenseMatrix c = random(7, 5, 3)) {
            MatrixDimensionException e = assertThrows(MatrixDimensionException.class,
                    () -> backend().gemm(Transpose.NO, Transpose.NO, 1.0, a, b, 0.0, c));
            assertTrue(e.getMessage().startsWith("gemm:") && e.getMessage().contains("op(B) is 12×5"), e.getMessage());
            DenseMatrix b2 = random(13, 5, 2);
            DenseMatrix c2 = random(5, 7, 3);
            e = assertThrows(MatrixDimensionException.class,
                    () -> backend().gemm(Transpose.NO, Transpose.NO, 1.0, a, b2, 0.0, c2));
            assertTrue(e.getMessage().contains("C is 5×7, expected 7×5"), e.getMessage());
        }
    }

    static Stream<Arguments> syrkShapes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int[] s : new int[][] {{1, 1}, {7, 13}, {13, 7}, {130, 70}, {70, 130}}) {
            for (Uplo u : Uplo.values()) {
                for (Transpose t : Transpose.values()) {
                    b.add(Arguments.of(s[0], s[1], u, t));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "syrk n={0} k={1} {2} {3}")
    @MethodSource("syrkShapes")
    void syrkMatchesNaiveLoopOnItsTriangle(int n, int k, Uplo uplo, Transpose trans) {
        try (DenseMatrix a = trans == Transpose.NO ? random(n, k, 4) : random(k, n, 4); DenseMatrix c = random(n, n, 5)) {
            double[] c0 = c.toArray();
            backend().syrk(uplo, trans, 0.75, a, 2.0, c);
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    if (!uplo.contains(i, j)) {
                        assertEquals(c0[i + j * n], c.get(i, j), 0.0, "other triangle untouched at " + i + "," + j);
                        continue;
                    }
                    double s = 0;
                    for (int l = 0; l < k; l++) {
                        double x = trans == Transpose.NO ? a.get(i, l) : a.get(l, i);
                        double y = trans == Transpose.NO ? a.get(j, l) : a.get(l, j);
                        s += x * y;
                    }
                    assertEquals(0.75 * s + 2.0 * c0[i + j * n], c.get(i, j), 1e-13 * (k + 1));
                }
            }
        }
    }
}
