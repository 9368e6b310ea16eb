package org.shortcuthessian.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InitializationTest {
    static final NetworkSpec SPEC = NetworkSpec.linear(10, 8, 2, true);

    @Test
    void orthogonalMatricesAreOrthogonal() {
        double[] theta = Initialization.ORTHOGONAL.sample(SPEC, 4);
        int d = 10;
        for (int l = 0; l < SPEC.layers(); l++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    double dot = 0;
                    for (int r = 0; r < d; r++) {
                        dot += theta[l * 100 + r + d * a] * theta[l * 100 + r + d * b];
                    }
                    assertEquals(a == b ? 1.0 : 0.0, dot, 1e-14);
                }
            }
        }
    }

    /** N·var estimate ~ χ²: with 1600 draws the sample variance is within 4 standard errors of 1/d. */
    @Test
    void xavierVarianceIsOneOverDWithinSamplingError() {
        double[] theta = Initialization.XAVIER.sample(SPEC, 5);
        double mean = 0;
        for (double v : theta) {
            mean += v / theta.length;
        }
        double var = 0;
        for (double v : theta) {
            var += (v - mean) * (v - mean) / (theta.length - 1);
        }
        double expected = 0.1;
        double se = expected * Math.sqrt(2.0 / (theta.length - 1));
        assertEquals(expected, var, 4 * se, "variance");
        assertEquals(0.0, mean, 4 * Math.sqrt(expected / theta.length), "mean");
        double[] small = Initialization.SMALL.sample(SPEC, 5);
        for (int q = 0; q < theta.length; q++) {
            assertEquals(theta[q] * 1e-4, small[q], 1e-15 * Math.abs(small[q]), "small = Xavier × ε with the same seed");
        }
    }

    @Test
    void sameSeedSameBitsAndZeroIsZero() {
        for (Initialization init : Initialization.values()) {
            assertArrayEquals(init.sample(SPEC, 77), init.sample(SPEC, 77), 0.0, init.name());
        }
        assertTrue(Initialization.XAVIER.sample(SPEC, 1)[0] != Initialization.XAVIER.sample(SPEC, 2)[0]);
        assertArrayEquals(new double[SPEC.parameterCount()], Initialization.ZERO.sample(SPEC, 3), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Initialization.parse("he"));
    }

    @Test
    void parameterOrderIsUnitMatrixColumnRow() {
        NetworkSpec spec = NetworkSpec.linear(3, 2, 2, true);
        assertEquals(0, spec.index(0, 0, 0, 0));
        assertEquals(1, spec.index(0, 0, 1, 0));
        assertEquals(3, spec.index(0, 0, 0, 1));
        assertEquals(9, spec.index(0, 1, 0, 0));
        assertEquals(18, spec.index(1, 0, 0, 0));
        assertEquals(35, spec.index(1, 1, 2, 2));
        assertEquals(36, spec.parameterCount());
    }

    @Test
    void weightViewsReadAndWriteThroughTheta() {
        NetworkSpec spec = NetworkSpec.linear(3, 2, 2, true);
        double[] theta = new double[spec.parameterCount()];
        Weights w = new Weights(spec, theta);
        w.matrix(1, 0).set(2, 1, 7.5);
        assertEquals(7.5, theta[spec.index(1, 0, 2, 1)]);
        assertEquals(7.5, theta[18 + 1 * 3 + 2], "unit 1, matrix 0, column 1, row 2");
        theta[spec.index(0, 1, 0, 2)] = -1;
        assertEquals(-1, w.matrix(0, 1).get(0, 2));
        assertEquals(-1, w.matrix(0, 1).toRows()[0][2]);
        assertThrows(IndexOutOfBoundsException.class, () -> w.matrix(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> w.matrix(0, 0).get(3, 0));
    }
}
