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
}
