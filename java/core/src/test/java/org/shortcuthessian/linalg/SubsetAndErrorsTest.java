package org.shortcuthessian.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** dsyevr subsets (by index and by value) against the full spectrum; error reporting of the facade. */
class SubsetAndErrorsTest {
    private static final double[] KNOWN = knownSpectrum(200);

    static double[] knownSpectrum(int n) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = (i - 30) * 0.37 + Math.sin(i);
        }
        Arrays.sort(l);
        return l;
    }

    static DenseMatrix matrix(Backend b) {
        DenseMatrix h = b.allocate(KNOWN.length, KNOWN.length);
        SymmetricMatrices.withSpectrum(KNOWN, 17, 30, h);
        return h;
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NATIVE", "JAVA"})
    void topAndBottomByIndex(BackendKind kind) {
        Backend b = Backends.of(kind);
        int n = KNOWN.length;
        try (DenseMatrix h = matrix(b); DenseMatrix ref = matrix(b);
             EigenDecomposition top = b.subset(h, SpectrumRange.largest(10, n), true)) {
            assertArrayEquals(Arrays.copyOfRange(KNOWN, n - 10, n), top.values(), 1e-12 * 80);
            SymmetricEigenConformance.checkVectors(ref, top.values(), top.vectors());
        }
        try (DenseMatrix h = matrix(b); EigenDecomposition bottom = b.subset(h, SpectrumRange.smallest(5), false)) {
            assertArrayEquals(Arrays.copyOfRange(KNOWN, 0, 5), bottom.values(), 1e-12 * 80);
            assertEquals(null, bottom.vectors());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NATIVE", "JAVA"})
    void byValueInterval(BackendKind kind) {
        Backend b = Backends.of(kind);
        double lo = -1.0;
        double hi = 4.0;
        double[] expected = Arrays.stream(KNOWN).filter(x -> x > lo && x <= hi).toArray();
        try (DenseMatrix h = matrix(b); DenseMatrix ref = matrix(b);
             EigenDecomposition d = b.subset(h, SpectrumRange.byValue(lo, hi), true)) {
            assertArrayEquals(expected, d.values(), 1e-12 * 80);
            assertEquals(expected.length, d.vectors().cols());
            SymmetricEigenConformance.checkVectors(ref, d.values(), d.vectors());
        }
    }

    @Test
    void subsetRejectsBadRanges() {
        Backend b = Backends.of(BackendKind.NATIVE);
        try (DenseMatrix h = matrix(b)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> b.subset(h, SpectrumRange.byIndex(190, 200), false));
            assertTrue(e.getMessage().contains("subset: index range [190, 200] outside 0..199"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> b.subset(h, SpectrumRange.byValue(2, 1), false));
            assertTrue(e.getMessage().startsWith("subset: value range"), e.getMessage());
        }
    }

    @Test
    void nonSquareIsRejectedNamingTheRoutine() {
        Backend b = Backends.of(BackendKind.NATIVE);
        try (DenseMatrix h = b.allocate(3, 4)) {
            MatrixDimensionException e = assertThrows(MatrixDimensionException.class,
                    () -> b.eigenvalues(h, EigenvalueMethod.AUTO));
            assertEquals("eigenvalues: H is 3×4, not square", e.getMessage());
        }
    }

    /** LAPACKE checks its input for NaN and answers info = −5 (argument 5, A): that must surface as LapackException. */
    @ParameterizedTest
    @EnumSource(value = EigenvalueMethod.class, names = {"DIVIDE_AND_CONQUER", "TWO_STAGE", "RRR"})
    void lapackInfoBecomesAnExceptionNamingTheRoutine(EigenvalueMethod method) {
        Backend b = Backends.of(BackendKind.NATIVE);
        try (DenseMatrix h = b.allocate(4, 4)) {
            h.set(2, 1, Double.NaN);
            LapackException e = assertThrows(LapackException.class, () -> b.eigenvalues(h, method));
            assertEquals(method.routine(), e.routine());
            assertTrue(e.info() < 0, "info " + e.info());
            assertTrue(e.getMessage().startsWith("LAPACK " + method.routine() + " failed: info = -"), e.getMessage());
        }
    }

    @Test
    void autoUsesTwoStageFromTheCrossoverOn() {
        assertEquals(EigenvalueMethod.DIVIDE_AND_CONQUER, EigenvalueMethod.AUTO.resolve(SymmetricEigen.TWO_STAGE_CROSSOVER - 1));
        assertEquals(EigenvalueMethod.TWO_STAGE, EigenvalueMethod.AUTO.resolve(SymmetricEigen.TWO_STAGE_CROSSOVER));
        assertEquals(EigenvalueMethod.RRR, EigenvalueMethod.RRR.resolve(5));
    }

    @Test
    void threadsAreSettableAndReported() {
        Backend b = Backends.of(BackendKind.NATIVE);
        int before = b.threads();
        try {
            b.setThreads(1);
            assertEquals(1, b.threads());
            assertEquals("1", b.info().get("openblas_threads"));
            assertThrows(IllegalArgumentException.class, () -> b.setThreads(0));
        } finally {
            b.setThreads(before);
        }
        assertTrue(b.info().get("openblas_core").length() > 0);
    }
}
