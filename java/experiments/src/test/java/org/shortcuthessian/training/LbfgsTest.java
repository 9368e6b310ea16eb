package org.shortcuthessian.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** L-BFGS: known minima (Rosenbrock, the least-squares optimum of linear networks) and against gradient descent. */
class LbfgsTest {
    static final Dataset MNIST = DataSource.mnist(500).load(Backends.get()).data();

    /** f(x) = Σ_i 100·(x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at x = (1, …, 1). */
    static Curvature.LossGradient rosenbrock(double[] x) {
        double f = 0;
        double[] g = new double[x.length];
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return new Curvature.LossGradient(f, g);
    }

    @Test
    void findsTheMinimumOfRosenbrock() {
        double[] start = {-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1};
        Lbfgs.Result r = Lbfgs.minimize(LbfgsTest::rosenbrock, start, new Lbfgs.Config(1000, 10, 1e-10));
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), "stopped by " + r.stop() + " after " + r.iterations());
        assertTrue(r.loss() < 1e-18, "f = " + r.loss());
        for (double v : r.x()) {
            assertEquals(1.0, v, 1e-9);
        }
        assertTrue(r.gradientNorm() <= 1e-10);
        assertTrue(r.iterations() < 200, "quasi-Newton, not gradient descent: " + r.iterations() + " iterations");
        assertEquals(-1.2, start[0], "the start is not modified");
        Lbfgs.Result again = Lbfgs.minimize(LbfgsTest::rosenbrock, start, new Lbfgs.Config(1000, 10, 1e-10));
        assertArrayEquals(r.x(), again.x(), 0.0, "deterministic");
    }

    @Test
    void stopsAtItsLimitsAndNeverEndsAboveTheStart() {
        double[] start = {-1.2, 1};
        Lbfgs.Result none = Lbfgs.minimize(LbfgsTest::rosenbrock, start, new Lbfgs.Config(0, 5, 0));
        assertEquals(Lbfgs.Stop.ITERATIONS, none.stop());
        assertArrayEquals(start, none.x(), 0.0);
        assertEquals(rosenbrock(start).loss(), none.loss());
        assertEquals(1, none.evaluations());
        Lbfgs.Result few = Lbfgs.minimize(LbfgsTest::rosenbrock, start, new Lbfgs.Config(3, 5, 0));
        assertEquals(3, few.iterations());
        assertTrue(few.loss() < none.loss());
        // a flat function whose gradient says otherwise (as at a kink, or at rounding): nothing lower, said so
        Lbfgs.Result flat = Lbfgs.minimize(x -> new Curvature.LossGradient(1.0, new double[] {1.0}),
                new double[] {0.75}, new Lbfgs.Config(100, 5, 0));
        assertEquals(Lbfgs.Stop.NO_DECREASE, flat.stop());
        assertArrayEquals(new double[] {0.75}, flat.x(), 0.0, "no step that does not lower f");
        assertThrows(InvalidInputException.class, () -> new Lbfgs.Config(-1, 5, 0));
        assertThrows(InvalidInputException.class, () -> new Lbfgs.Config(1, 0, 0));
        assertThrows(InvalidInputException.class, () -> new Lbfgs.Config(1, 5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Lbfgs.minimize(
                x -> new Curvature.LossGradient(Double.NaN, new double[1]), new double[1], new Lbfgs.Config(1, 1, 0)));
    }

    @Test
    void linearNetworksReachTheLeastSquaresOptimum() {
        double optimum = LeastSquares.optimum(MNIST);
        for (NetworkSpec spec : new NetworkSpec[] {NetworkSpec.linear(10, 4, 1, false), NetworkSpec.linear(10, 2, 2, true)}) {
            try (Curvature c = new Curvature(spec, MNIST, Backends.get())) {
                Lbfgs.Result r = Lbfgs.minimize(c, Initialization.XAVIER.sample(spec, 3), new Lbfgs.Config(2000, 10, 1e-10));
                assertEquals(optimum, r.loss(), 1e-10 * optimum, spec + " stopped by " + r.stop());
                assertEquals(c.loss(r.x()), r.loss(), 1e-14, "the reported loss is the loss at x");
                if (spec.shortcut()) {
                    TrainingResult gd = GradientDescent.train(c, Initialization.SMALL.sample(spec, 3), TrainingConfig.of(0.5, 5000));
                    double above = gd.finalLoss() - r.loss();
                    assertTrue(above >= 0 && above < 1e-5 * optimum, "5000 epochs of descent end just above: " + above);
                }
            }
        }
    }

    @Test
    void polishesAReluNetworkToAStationaryPointBelowGradientDescent() {
        Dataset data = DataSource.mnist(200).load(Backends.get()).data();
        NetworkSpec spec = new NetworkSpec(10, 1, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        try (Curvature c = new Curvature(spec, data, Backends.get())) {
            double[] theta0 = Initialization.XAVIER.sample(spec, 5);
            Lbfgs.Config config = new Lbfgs.Config(5000, 10, 1e-9);
            // a short run is polished far below where it stopped, to a stationary point
            TrainingResult shortRun = GradientDescent.train(c, theta0, TrainingConfig.of(0.2, 300));
            Lbfgs.Result fromShort = Lbfgs.minimize(c, shortRun.theta(), config);
            assertTrue(shortRun.finalLoss() - fromShort.loss() > 0.1, shortRun.finalLoss() + " → " + fromShort.loss());
            assertTrue(fromShort.gradientNorm() < 1e-6, "‖∇L‖ = " + fromShort.gradientNorm());
            // a long run has converged (its last 15 000 epochs changed the loss by less than 1e-9): the polish of
            // its end gains no more than that, and takes far fewer steps than the descent did
            TrainingResult longRun = GradientDescent.train(c, theta0, TrainingConfig.of(0.2, 20_000));
            double settled = longRun.records().get(5000).loss() - longRun.finalLoss();
            assertTrue(settled >= 0 && settled < 1e-9, "descent converged: " + settled);
            Lbfgs.Result fromLong = Lbfgs.minimize(c, longRun.theta(), config);
            assertTrue(fromLong.loss() <= longRun.finalLoss());
            assertEquals(longRun.finalLoss(), fromLong.loss(), 1e-9, "the same minimum");
            assertTrue(fromLong.iterations() < 200, fromLong.iterations() + " iterations");
        }
    }
}
