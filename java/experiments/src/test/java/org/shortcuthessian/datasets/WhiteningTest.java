package org.shortcuthessian.datasets;

import org.shortcuthessian.data.SyntheticData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.data.Dataset;

/** PCA whitening: covariance I, mean 0, one-hot targets; refusals with clear messages. */
class WhiteningTest {
    @TempDir
    Path tmp;

    static void assertWhitenedOneHot(Dataset data, int[] labels) {
        int d = data.dim();
        int m = data.samples();
        double[] sxx = data.sigmaXX();
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                assertEquals(a == b ? 1.0 : 0.0, sxx[a + d * b], 1e-10, "Σxx[" + a + "," + b + "]");
            }
        }
        double[] mean = new double[d];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                mean[c] += data.inputs()[j * d + c] / m;
                assertEquals(c == labels[j] ? 1.0 : 0.0, data.targets()[j * d + c], "target of sample " + j);
            }
        }
        for (int c = 0; c < d; c++) {
            assertEquals(0.0, mean[c], 1e-12, "mean of component " + c);
        }
    }

    /**
     * Covariance I and mean 0 on both backends; and since the sign of each principal direction is fixed (largest
     * loading positive), both whiten to the same data: a resumed sweep on the other backend measures the same cells.
     */
    @Test
    void builtinMnistWhitenedToIdentityAndToTheSameDataOnBothBackends() {
        LabeledImages mnist = LabeledImages.builtin();
        double[][] inputs = new double[2][];
        BackendKind[] kinds = {BackendKind.NATIVE, BackendKind.JAVA};
        for (int b = 0; b < 2; b++) {
            Whitening.Result w = Whitening.pcaOneHot(mnist, 10, Backends.of(kinds[b]));
            assertWhitenedOneHot(w.data(), mnist.labels());
            assertTrue(w.explained() > 0.3 && w.explained() < 0.8, "kept variance " + w.explained());
            for (int k = 1; k < 10; k++) {
                assertTrue(w.variances()[k - 1] >= w.variances()[k], "variances descending");
            }
            inputs[b] = w.data().inputs();
        }
        assertEquals(inputs[0].length, inputs[1].length);
        double worst = 0;
        for (int q = 0; q < inputs[0].length; q++) {
            worst = Math.max(worst, Math.abs(inputs[0][q] - inputs[1][q]));
        }
        // a component flipped on one backend would differ by 2·|z|, of order 1
        assertTrue(worst <= 1e-10, "largest difference of the whitened inputs, native against pure Java: " + worst);
    }

    @Test
    void signConventionMakesTheLargestLoadingPositive() {
        HeapMatrix v = new HeapMatrix(3, 2, new double[] {0.1, -0.9, 0.3, 0.5, 0.5, -0.2});
        assertEquals(-1.0, Whitening.signOfLargestLoading(v, 0), "−0.9 is the largest loading");
        assertEquals(1.0, Whitening.signOfLargestLoading(v, 1), "a tie goes to the first pixel (0.5)");
    }

    @Test
    void moreComponentsThanClassesPadTargetsWithZeros() throws IOException {
        LabeledImages li = LabeledImages.readDirectory(IdxFiles.directory(tmp.resolve("d"), 200, 5, 3, 7));
        Whitening.Result w = Whitening.pcaOneHot(li, 6, Backends.get());
        assertEquals(6, w.data().dim());
        assertWhitenedOneHot(w.data(), li.labels());
    }

    @Test
    void refusals() throws IOException {
        Backend b = Backends.get();
        LabeledImages li = LabeledImages.readDirectory(IdxFiles.directory(tmp.resolve("d"), 60, 3, 3, 7));
        String tooMany = assertThrows(InvalidInputException.class, () -> Whitening.pcaOneHot(li, 10, b)).getMessage();
        assertTrue(tooMany.contains("k = 10") && tooMany.contains("pixel count 9"), tooMany);
        String fewer = assertThrows(InvalidInputException.class, () -> Whitening.pcaOneHot(li, 2, b)).getMessage();
        assertTrue(fewer.contains("3 classes"), fewer);
        LabeledImages flat = new LabeledImages("flat", new double[20 * 4], 4, new int[20]);
        String rank = assertThrows(InvalidInputException.class, () -> Whitening.pcaOneHot(flat, 1, b)).getMessage();
        assertTrue(rank.contains("rank"), rank);
    }

    @Test
    void syntheticDataKeepsAMinimumDistance() {
        Dataset d = SyntheticData.whitenedOneHot(4, 400, 5, Backends.get(), 0.3);
        assertTrue(SyntheticData.minimumDistance(d) > 0.25, "min distance " + SyntheticData.minimumDistance(d));
        Dataset free = SyntheticData.whitenedOneHot(4, 400, 5, Backends.get(), 0.0);
        assertTrue(SyntheticData.minimumDistance(free) < 0.25, "without rejection, points come closer");
    }
}
