package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** Theorem 2 of the paper: the Hessian at θ = 0, in closed form, against the exact general path. */
class ZeroPointTest {
    static final Backend NATIVE = Backends.of(BackendKind.NATIVE);
    static final Dataset DATA = Fixtures.data(3, 40, 5);

    @ParameterizedTest
    @CsvSource({
        "2, identity, identity, identity", "2, tanh, tanh, tanh", "2, relu, identity, tanh", "2, identity, relu, identity",
        "1, identity, identity, identity", "1, relu, identity, identity", "1, tanh, identity, tanh",
        "3, identity, identity, identity", "4, tanh, tanh, identity"})
    void closedFormEqualsTheGeneralPath(int depth, String pre, String mid, String post) {
        NetworkSpec spec = Fixtures.spec(3, 3, depth, true, pre, mid, post);
        int n = spec.parameterCount();
        Curvature c = new Curvature(spec, DATA, NATIVE);
        double[] zero = new double[n];
        try (DenseMatrix general = c.hessian(zero, Curvature.HessianPath.GENERAL);
             DenseMatrix closed = NATIVE.allocate(n, n)) {
            ZeroPoint.fillHessian(spec, DATA, closed);
            double max = 0;
            for (long q = 0; q < general.size(); q++) {
                max = Math.max(max, Math.abs(general.getLinear(q)));
                assertEquals(general.getLinear(q), closed.getLinear(q), 1e-14, "entry " + q);
            }
            if (depth >= 3 || "relu".equals(mid) && depth == 2) {
                assertEquals(0.0, max, 0.0, "zero Hessian");
            } else {
                assertTrue(max > 1e-3, "a non-trivial Hessian");
            }
        }
        if (depth >= 3) {
            assertEquals(0.0, Fixtures.maxAbs(c.gradient(zero)), 0.0, "n ≥ 3: zero gradient");
        }
    }

    @Test
    void twoShortcutStructureIsBlockDiagonalAntiDiagonal() {
        NetworkSpec spec = NetworkSpec.linear(3, 4, 2, true);
        int n = spec.parameterCount();
        int block = 2 * 9;
        try (DenseMatrix h = NATIVE.allocate(n, n)) {
            ZeroPoint.fillHessian(spec, DATA, h);
            for (int col = 0; col < n; col++) {
                for (int row = 0; row < n; row++) {
                    boolean sameUnit = row / block == col / block;
                    boolean sameLayer = row / 9 == col / 9;
                    if (!sameUnit || sameLayer) {
                        assertEquals(0.0, h.get(row, col), 0.0, "zero outside the [[0,B],[Bᵀ,0]] blocks");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"identity, identity", "tanh, tanh", "relu, identity"})
    void twoShortcutSpectrumIsPlusMinusCSigmaWithMultiplicityRd(String pre, String post) {
        NetworkSpec spec = Fixtures.spec(3, 4, 2, true, pre, "identity", post);
        int n = spec.parameterCount();
        double[] predicted = ZeroPoint.predictedSpectrum(Backends.get(), spec, DATA);
        try (DenseMatrix h = NATIVE.allocate(n, n)) {
            ZeroPoint.fillHessian(spec, DATA, h);
            double[] actual = NATIVE.eigenvalues(h, EigenvalueMethod.AUTO);
            assertEquals(n, predicted.length);
            for (int q = 0; q < n; q++) {
                assertEquals(predicted[q], actual[q], 1e-13, "eigenvalue " + q);
            }
        }
        Double cond = ZeroPoint.predictedCondition(Backends.get(), spec, DATA);
        assertNotNull(cond);
        double[] sv = ZeroPoint.singularValues(Backends.get(), ZeroPoint.residualMoment(spec, DATA), 3);
        assertEquals(sv[2] / sv[0], cond, 1e-12 * cond);
    }

    /**
     * Near the zero point (small init, ε = 1e-4) the condition number of a 2-shortcut network stays at
     * σ_max(M)/σ_min(M) whatever the depth, while a 1-shortcut network's grows with R.
     */
    @Test
    void nearZeroConditionNumberIsDepthInvariantForTwoShortcutsAndGrowsForOne() {
        Dataset data = Fixtures.data(3, 200, 8);
        double predicted = ZeroPoint.predictedCondition(Backends.get(), NetworkSpec.linear(3, 1, 2, true), data);
        double[] cond1 = new double[4];
        int q = 0;
        for (int units : new int[] {1, 2, 4, 8}) {
            NetworkSpec two = NetworkSpec.linear(3, units, 2, true);
            double c2 = condition(two, data);
            assertEquals(predicted, c2, 1e-2 * predicted, "2-shortcut, R = " + units);
            cond1[q++] = condition(NetworkSpec.linear(3, units, 1, true), data);
        }
        for (int k = 1; k < cond1.length; k++) {
            assertTrue(cond1[k] > 1.5 * cond1[k - 1], "1-shortcut condition grows with R: " + java.util.Arrays.toString(cond1));
        }
    }

    /**
     * The API's prediction against the exact Hessian at θ = 0 (assembled by the ordinary path, decomposed by the
     * eigensolver) for n = 1, 2, 3, linear and nonlinear, every eigenvalue: agreement to rounding.
     */
    @ParameterizedTest
    @CsvSource({"1, identity, identity, identity", "1, tanh, identity, tanh", "2, identity, identity, identity",
        "2, tanh, tanh, identity", "2, identity, relu, identity", "3, identity, identity, identity", "3, relu, relu, tanh"})
    void predictedSpectrumEqualsTheExactHessiansSpectrum(int depth, String pre, String mid, String post) {
        NetworkSpec spec = Fixtures.spec(3, 3, depth, true, pre, mid, post);
        int n = spec.parameterCount();
        double[] predicted = ZeroPoint.predictedSpectrum(NATIVE, spec, DATA);
        double[] exact;
        try (Curvature c = new Curvature(spec, DATA, NATIVE); DenseMatrix h = c.hessian(new double[n])) {
            exact = NATIVE.eigenvalues(h, EigenvalueMethod.AUTO);
        }
        assertEquals(n, predicted.length);
        double scale = Math.max(1e-300, Fixtures.maxAbs(exact));
        for (int q = 0; q < n; q++) {
            assertEquals(exact[q], predicted[q], 1e-12 * scale, "eigenvalue " + q);
        }
        Double cond = ZeroPoint.predictedCondition(NATIVE, spec, DATA);
        boolean zeroHessian = depth >= 3 || "relu".equals(mid);
        assertEquals(zeroHessian, Fixtures.maxAbs(exact) == 0.0, "H(0) = 0 exactly when n ≥ 3 or relu'(0) = 0 at mid");
        if (zeroHessian) {
            assertNull(cond, "no condition number of a zero matrix");
            assertTrue(ZeroPoint.statement(spec).contains("zero"), ZeroPoint.statement(spec));
        } else {
            Double exactCond = SpectrumStatistics.of(exact).cond();
            assertNotNull(cond);
            assertEquals(exactCond, cond, 1e-8 * exactCond, "condition number");
        }
    }

    static double condition(NetworkSpec spec, Dataset data) {
        Curvature c = new Curvature(spec, data, NATIVE);
        double[] theta = Initialization.SMALL.sample(spec, 1);
        try (DenseMatrix h = c.hessian(theta)) {
            return SpectrumStatistics.of(NATIVE.eigenvalues(h, EigenvalueMethod.AUTO)).cond();
        }
    }
}
