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

    @Test
    void builtinMnistWhitenedToIdentityOnBothBackends() {
        LabeledImages mnist = LabeledImages.builtin().prefix(3000);
        for (BackendKind kind : new BackendKind[] {BackendKind.NATIVE, BackendKind.JAVA}) {
            Whitening.Result w = Whitening.pcaOneHot(mnist, 10, Backends.of(kind));
            assertWhitenedOneHot(w.data(), mnist.labels());
            assertTrue(w.explained() > 0.3 && w.explained() < 0.8, "kept variance " + w.explained());
            for (int k = 1; k < 10; k++) {
                assertTrue(w.variances()[k - 1] >= w.variances()[k], "variances descending");
            }
        }
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
