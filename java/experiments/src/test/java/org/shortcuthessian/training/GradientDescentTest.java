package org.shortcuthessian.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** Full-batch gradient descent: convergence to the least-squares optimum, divergence, tracking, determinism. */
class GradientDescentTest {
    static final Dataset MNIST = DataSource.mnist(2000).load(Backends.get()).data();

    @Test
    void linearNetworksReachTheLeastSquaresOptimum() {
        double optimum = LeastSquares.optimum(MNIST);
        double[] sxx = MNIST.sigmaXX();
        double ls = 0;
        for (int q = 0; q < 100; q++) {
            ls += MNIST.sigmaYX()[q] * MNIST.sigmaYX()[q];
        }
        assertEquals(0.5 * (MNIST.sigmaYYTrace() - ls), optimum, 1e-10, "whitened: L* = ½(tr Σyy − ‖Σyx‖²)");
        assertEquals(1.0, sxx[0], 1e-10);
        // one layer: a convex problem; plain and 2-shortcut deep networks: non-convex, same optimum
        NetworkSpec single = NetworkSpec.linear(10, 1, 1, false);
        TrainingResult r1 = GradientDescent.train(new Curvature(single, MNIST, Backends.get()), Initialization.ZERO.sample(single, 1),
                TrainingConfig.of(0.5, 200));
        assertEquals(optimum, r1.finalLoss(), 1e-10);
        NetworkSpec deep = NetworkSpec.linear(10, 3, 2, true);
        TrainingResult r2 = GradientDescent.train(new Curvature(deep, MNIST, Backends.get()), Initialization.SMALL.sample(deep, 1),
                TrainingConfig.of(0.5, 5000));
        assertFalse(r2.diverged());
        assertEquals(optimum, r2.finalLoss(), 1e-6 * optimum);
        for (int e = 1; e < r1.records().size(); e++) {
            assertTrue(r1.records().get(e).loss() <= r1.records().get(e - 1).loss() + 1e-15, "monotone at epoch " + e);
        }
    }

    @Test
    void divergingRunsStopAndSaySo() {
        NetworkSpec spec = NetworkSpec.linear(10, 4, 2, false);
        TrainingResult r = GradientDescent.train(new Curvature(spec, MNIST, Backends.get()), Initialization.XAVIER.sample(spec, 2),
                TrainingConfig.of(50.0, 1000));
        assertTrue(r.diverged());
        assertNotNull(r.divergence());
        assertTrue(r.last().epoch() < 1000);
        for (double t : r.theta()) {
            assertTrue(Double.isFinite(t));
        }
        TrainingResult ok = GradientDescent.train(new Curvature(spec, MNIST, Backends.get()), Initialization.XAVIER.sample(spec, 2),
                TrainingConfig.of(1e-3, 5));
        assertFalse(ok.diverged());
        assertNull(ok.divergence());
        assertEquals(6, ok.records().size(), "epochs 0…5");
    }

    @Test
    void spectraEveryKEpochsMatchTheDenseHessian() {
        NetworkSpec spec = new NetworkSpec(10, 2, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        Curvature c = new Curvature(spec, MNIST, Backends.get());
        double[] theta0 = Initialization.XAVIER.sample(spec, 4);
        List<EpochRecord> heard = new ArrayList<>();
        TrainingResult r = GradientDescent.train(c, theta0, TrainingConfig.of(0.05, 7).withSpectrumEvery(3), heard::add);
        assertEquals(r.records(), heard);
        for (EpochRecord e : r.records()) {
            assertEquals(e.epoch() % 3 == 0 || e.epoch() == 7, e.spectrum() != null, "spectrum at epoch " + e.epoch());
        }
        double[] eig;
        try (org.shortcuthessian.linalg.DenseMatrix h = c.hessian(theta0)) {
            eig = Backends.get().eigenvalues(h, org.shortcuthessian.linalg.EigenvalueMethod.DIVIDE_AND_CONQUER);
        }
        assertEquals(Math.abs(eig[0]) > Math.abs(eig[eig.length - 1]) ? Math.abs(eig[0]) : Math.abs(eig[eig.length - 1]),
                r.records().get(0).spectrum().lambdaMaxAbs(), 1e-10);
        assertEquals(c.loss(theta0), r.records().get(0).loss(), 1e-14);
        assertEquals(GradientDescent.norm(c.gradient(theta0)), r.records().get(0).gradientNorm(), 1e-12);
        double wn = 0;
        for (int l = 0; l < 4; l++) {
            double s = 0;
            for (int q = 0; q < 100; q++) {
                s += theta0[l * 100 + q] * theta0[l * 100 + q];
            }
            wn += Math.sqrt(s) / 4;
        }
        assertEquals(wn, r.records().get(0).meanWeightNorm(), 1e-14);
    }

    @Test
    void sameInputsSameBits() {
        NetworkSpec spec = new NetworkSpec(10, 3, 2, true, Activation.IDENTITY, Activation.TANH, Activation.IDENTITY);
        double[] theta0 = Initialization.ORTHOGONAL.sample(spec, 9);
        TrainingResult a = GradientDescent.train(new Curvature(spec, MNIST, Backends.get()), theta0, TrainingConfig.of(0.1, 20));
        TrainingResult b = GradientDescent.train(new Curvature(spec, MNIST, Backends.get()), theta0, TrainingConfig.of(0.1, 20));
        assertArrayEquals(a.theta(), b.theta(), 0.0);
        assertEquals(a.records(), b.records());
    }

    @Test
    void lossAndGradientAgreeWithTheSeparateCalls() {
        for (Activation mid : new Activation[] {Activation.IDENTITY, Activation.RELU}) {
            NetworkSpec spec = new NetworkSpec(10, 2, 2, true, Activation.IDENTITY, mid, Activation.IDENTITY);
            Curvature c = new Curvature(spec, MNIST, Backends.get());
            double[] theta = Initialization.XAVIER.sample(spec, 3);
            Curvature.LossGradient lg = c.lossAndGradient(theta);
            assertEquals(c.loss(theta), lg.loss(), 1e-12 * c.loss(theta));
            assertArrayEquals(c.gradient(theta), lg.gradient(), 1e-11);
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertTrue(assertThrows(InvalidInputException.class, () -> TrainingConfig.of(0, 10)).getMessage()
                .contains("learning rate"));
        assertTrue(assertThrows(InvalidInputException.class, () -> TrainingConfig.of(-1, 10)).getMessage()
                .contains("learning rate"));
        assertTrue(assertThrows(InvalidInputException.class, () -> TrainingConfig.of(0.1, -1)).getMessage()
                .contains("epochs"));
    }
}
