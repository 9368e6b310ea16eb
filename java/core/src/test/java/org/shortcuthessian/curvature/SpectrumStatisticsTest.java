package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;

class SpectrumStatisticsTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/stats");

    @Test
    void smallExampleByHand() {
        // |λ| sorted: 0.5 1 2 3; p10 at position 0.3: 0.5 + 0.3·0.5 = 0.65
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {-2, -1, 0.5, 3});
        assertEquals(3.0, s.lambdaMaxAbs());
        assertEquals(0.5, s.lambdaMinAbs());
        assertEquals(0.65, s.p10Abs(), 1e-15);
        assertEquals(6.0, s.cond());
        assertEquals(3.0 / 0.65, s.condP10(), 1e-14);
        assertEquals(0.5, s.negativeRatio());
        assertEquals(4, s.count());
    }

    @Test
    void divisionByZeroIsNull() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {0, 0, 0, 1, 2});
        assertNull(s.cond());
        assertNull(s.condP10(), "p10 of |λ| is 0 here");
        assertEquals(0.0, s.lambdaMinAbs());
        SpectrumStatistics zero = SpectrumStatistics.of(new double[] {0, 0});
        assertNull(zero.cond());
        assertEquals(0.0, zero.negativeRatio());
    }

    @Test
    void emptySpectrumIsAllNull() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[0]);
        assertNull(s.lambdaMaxAbs());
        assertNull(s.p10Abs());
        assertNull(s.negativeRatio());
    }

    @Test
    void negativesWithinRoundingOfZeroDoNotCount() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {-1e-13, -2e-12, 1.0});
        assertEquals(1.0 / 3, s.negativeRatio(), 0.0);
    }

    @Test
    void singleEigenvalue() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {-4});
        assertEquals(4.0, s.p10Abs());
        assertEquals(1.0, s.cond());
        assertEquals(1.0, s.negativeRatio());
    }

    /** Fixtures computed by NumPy (np.percentile, linear) in make_fixtures.py: equal to the last bit. */
    @ParameterizedTest
    @ValueSource(strings = {"random1000", "saddle37", "tiny_negatives"})
    void matchesNumPy(String name) {
        double[] lambda = Npy.readArray(FIXTURES.resolve("eigenvalues_" + name + ".npy")).data();
        JsonNode expected = Json.read(FIXTURES.resolve("stats_" + name + ".json"));
        SpectrumStatistics s = SpectrumStatistics.of(lambda);
        assertSame(expected.get("lambda_max_abs"), s.lambdaMaxAbs());
        assertSame(expected.get("lambda_min_abs"), s.lambdaMinAbs());
        assertSame(expected.get("p10_abs"), s.p10Abs());
        assertSame(expected.get("cond"), s.cond());
        assertSame(expected.get("cond_p10"), s.condP10());
        assertSame(expected.get("negative_ratio"), s.negativeRatio());
    }

    private static void assertSame(JsonNode expected, Double actual) {
        if (expected.isNull()) {
            assertNull(actual);
        } else {
            assertEquals(expected.asDouble(), actual, 0.0);
        }
    }

    /** Q·diag(λ)·Qᵀ with Q = I − 2vvᵀ/‖v‖² (a Householder reflection, exactly orthogonal up to rounding). */
    private static org.shortcuthessian.linalg.DenseMatrix similar(org.shortcuthessian.linalg.Backend b, double[] lambda) {
        int n = lambda.length;
        double[] v = new double[n];
        double vv = 0;
        for (int i = 0; i < n; i++) {
            v[i] = Math.sin(1.3 * i + 0.4) + 0.1;
            vv += v[i] * v[i];
        }
        org.shortcuthessian.linalg.DenseMatrix a = b.allocate(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    double qik = (i == k ? 1 : 0) - 2 * v[i] * v[k] / vv;
                    double qjk = (j == k ? 1 : 0) - 2 * v[j] * v[k] / vv;
                    s += qik * lambda[k] * qjk;
                }
                a.set(i, j, s);
            }
        }
        for (int i = 0; i < n; i++) { // exactly symmetric
            for (int j = 0; j < i; j++) {
                a.set(j, i, a.get(i, j));
            }
        }
        return a;
    }

    /**
     * A matrix with eigenvalues 1e-20 (six of 40: below the 10th percentile too) and the rest in [1, 2]: the computed
     * tiny eigenvalues are rounding noise within the floor ε·√N·max|λ| of the truth, and both p10 and min are flagged.
     */
    @Test
    void tinyEigenvaluesAreCensored() {
        var backend = org.shortcuthessian.linalg.Backends.of(org.shortcuthessian.linalg.BackendKind.NATIVE);
        int n = 40;
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = k < 6 ? 1e-20 : 1 + k / (double) n;
        }
        double[] computed;
        try (var a = similar(backend, lambda)) {
            computed = backend.eigenvalues(a, org.shortcuthessian.linalg.EigenvalueMethod.AUTO);
        }
        SpectrumStatistics s = SpectrumStatistics.of(computed);
        double floor = SpectrumStatistics.EPSILON * Math.sqrt(n) * s.lambdaMaxAbs();
        assertEquals(floor, s.roundingFloor(), 0.0);
        for (int k = 0; k < 6; k++) {
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(computed[k] - 1e-20) <= floor,
                    "the rule's floor bounds the computed error: " + computed[k] + " vs floor " + floor);
        }
        org.junit.jupiter.api.Assertions.assertTrue(s.minCensored(), "min|λ| = " + s.lambdaMinAbs() + " ≤ " + floor);
        org.junit.jupiter.api.Assertions.assertTrue(s.p10Censored(), "p10 = " + s.p10Abs() + " ≤ " + floor);
        org.junit.jupiter.api.Assertions.assertTrue(s.conditionLowerBound() > 1e13, "cond ≥ " + s.conditionLowerBound());
        JsonNode json = s.toJson();
        org.junit.jupiter.api.Assertions.assertTrue(json.get("min_censored").booleanValue());
        org.junit.jupiter.api.Assertions.assertTrue(json.get("p10_censored").booleanValue());
        assertEquals(true, s.row().get("p10_censored"));
    }

    @Test
    void wellConditionedSpectrumIsNotCensored() {
        var backend = org.shortcuthessian.linalg.Backends.of(org.shortcuthessian.linalg.BackendKind.NATIVE);
        int n = 40;
        double[] lambda = new double[n];
        for (int k = 0; k < n; k++) {
            lambda[k] = (k % 2 == 0 ? -1 : 1) * (1e-3 + k);
        }
        try (var a = similar(backend, lambda)) {
            SpectrumStatistics s = SpectrumStatistics.of(backend.eigenvalues(a, org.shortcuthessian.linalg.EigenvalueMethod.AUTO));
            org.junit.jupiter.api.Assertions.assertFalse(s.minCensored());
            org.junit.jupiter.api.Assertions.assertFalse(s.p10Censored());
            org.junit.jupiter.api.Assertions.assertFalse(s.toJson().get("min_censored").booleanValue());
        }
    }

    @Test
    void zeroMatrixIsCensoredWithoutADivisionByZero() {
        SpectrumStatistics s = SpectrumStatistics.of(new double[] {0, 0, 0});
        assertEquals(0.0, s.roundingFloor());
        org.junit.jupiter.api.Assertions.assertTrue(s.minCensored() && s.p10Censored());
        assertNull(s.conditionLowerBound());
        SpectrumStatistics empty = SpectrumStatistics.of(new double[0]);
        org.junit.jupiter.api.Assertions.assertFalse(empty.minCensored() || empty.p10Censored());
    }
}
