package org.shortcuthessian.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.data.Dataset;

class SyntheticDataTest {
    @Test
    void inputsAreExactlyWhitenedAndTargetsOneHot() {
        Dataset data = SyntheticData.whitenedOneHot(10, 500, 3, Backends.of(BackendKind.NATIVE));
        double[] sxx = data.sigmaXX();
        for (int a = 0; a < 10; a++) {
            for (int b = 0; b < 10; b++) {
                assertEquals(a == b ? 1.0 : 0.0, sxx[a + 10 * b], 1e-10, "Σxx[" + a + "," + b + "]");
            }
        }
        double[] mean = new double[10];
        for (int j = 0; j < 500; j++) {
            double sum = 0;
            int ones = 0;
            for (int c = 0; c < 10; c++) {
                double y = data.targets()[j * 10 + c];
                sum += y;
                ones += y == 1.0 ? 1 : 0;
                mean[c] += data.inputs()[j * 10 + c] / 500;
            }
            assertEquals(1.0, sum, 0.0);
            assertEquals(1, ones);
        }
        assertArrayEquals(new double[10], mean, 1e-12);
    }

    @Test
    void sameSeedSameBitsOnBothBackends() {
        Dataset a = SyntheticData.whitenedOneHot(5, 100, 9, Backends.of(BackendKind.NATIVE));
        Dataset b = SyntheticData.whitenedOneHot(5, 100, 9, Backends.of(BackendKind.NATIVE));
        assertArrayEquals(a.inputs(), b.inputs(), 0.0);
        assertArrayEquals(a.targets(), b.targets(), 0.0);
    }
}
