package org.shortcuthessian.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** The step learning-rate schedule: η_e per epoch, equal to training in phases bit for bit, bad values refused. */
class StepScheduleTest {
    static final Dataset DATA = DataSource.mnist(500).load(Backends.get()).data();

    static TrainingConfig schedule(double eta, int epochs, List<Integer> steps, double factor) {
        return TrainingConfig.of(eta, epochs).withLearningRateSteps(steps, factor);
    }

    @Test
    void theRateOfEachEpochIsEtaTimesTheFactorOncePerStepReached() {
        TrainingConfig c = schedule(0.5, 10, List.of(4, 7), 0.1);
        for (int e = 0; e <= 10; e++) {
            double expected = e < 4 ? 0.5 : e < 7 ? 0.5 * 0.1 : 0.5 * 0.1 * 0.1;
            assertEquals(expected, c.learningRateAt(e), 0.0, "epoch " + e);
        }
        assertEquals(0.5, TrainingConfig.of(0.5, 10).learningRateAt(10), 0.0, "no steps: constant");
        assertEquals(List.of(500, 750), TrainingConfig.stepsAtFractions(1000, 0.5, 0.75));
        assertEquals(List.of(2, 3), TrainingConfig.stepsAtFractions(5, 0.5, 0.75));
        assertEquals(List.of(1), TrainingConfig.stepsAtFractions(2, 0.5, 0.75), "⌊1.5⌋ = 1 falls on the first step");
        assertEquals(List.of(), TrainingConfig.stepsAtFractions(1, 0.5), "a step at epoch 0 is no step");
        // the records carry the rate of their epoch's update
        NetworkSpec spec = new NetworkSpec(10, 2, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        try (Curvature curvature = new Curvature(spec, DATA, Backends.get())) {
            TrainingResult r = GradientDescent.train(curvature, Initialization.SMALL.sample(spec, 1), c);
            assertEquals(11, r.records().size());
            for (EpochRecord e : r.records()) {
                assertEquals(c.learningRateAt(e.epoch()), e.learningRate(), 0.0);
                assertEquals(e.learningRate(), e.row().get("learning_rate"));
            }
            assertEquals("learning_rate", EpochRecord.COLUMNS.get(1));
        }
    }

    @Test
    void aScheduleIsTrainingInPhasesBitForBit() {
        NetworkSpec spec = new NetworkSpec(10, 3, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        double[] theta0 = Initialization.SMALL.sample(spec, 7);
        double eta = 0.3;
        double f = 0.1;
        try (Curvature curvature = new Curvature(spec, DATA, Backends.get())) {
            TrainingResult scheduled = GradientDescent.train(curvature, theta0, schedule(eta, 60, List.of(30, 45), f));
            TrainingResult first = GradientDescent.train(curvature, theta0, TrainingConfig.of(eta, 30));
            TrainingResult second = GradientDescent.train(curvature, first.theta(), TrainingConfig.of(eta * f, 15));
            TrainingResult third = GradientDescent.train(curvature, second.theta(), TrainingConfig.of(eta * f * f, 15));
            assertFalse(scheduled.diverged());
            assertArrayEquals(third.theta(), scheduled.theta(), 0.0, "the same bits");
            List<EpochRecord> rs = scheduled.records();
            for (int k = 0; k <= 15; k++) {
                assertEquals(second.records().get(k).loss(), rs.get(30 + k).loss(), 0.0, "epoch " + (30 + k));
                assertEquals(third.records().get(k).loss(), rs.get(45 + k).loss(), 0.0, "epoch " + (45 + k));
                assertEquals(third.records().get(k).meanWeightNorm(), rs.get(45 + k).meanWeightNorm(), 0.0);
            }
            // and the steps change the run: without them the weights end elsewhere
            TrainingResult constant = GradientDescent.train(curvature, theta0, TrainingConfig.of(eta, 60));
            assertTrue(constant.last().meanWeightNorm() != scheduled.last().meanWeightNorm());
        }
    }

    @Test
    void badSchedulesAreRefusedNamingTheFieldAndIndex() {
        record Bad(List<Integer> steps, double factor, String field, String detail) {
        }
        for (Bad b : List.of(new Bad(List.of(0), 0.1, "learningRateSteps", "0 at index 0"),
                new Bad(List.of(5, 11), 0.1, "learningRateSteps", "11 at index 1"),
                new Bad(List.of(5, 5), 0.1, "learningRateSteps", "must be after 5"),
                new Bad(List.of(6, 3), 0.1, "learningRateSteps", "3 at index 1"),
                new Bad(List.of(-2), 0.1, "learningRateSteps", "-2 at index 0"),
                new Bad(List.of(5), 0.0, "learningRateFactor", "0.0"),
                new Bad(List.of(5), -0.5, "learningRateFactor", "-0.5"),
                new Bad(List.of(5), Double.NaN, "learningRateFactor", "NaN"),
                new Bad(List.of(5), Double.POSITIVE_INFINITY, "learningRateFactor", "Infinity"))) {
            InvalidInputException ex = assertThrows(InvalidInputException.class, () -> schedule(0.1, 10, b.steps(), b.factor()));
            assertEquals(b.field(), ex.field(), b.toString());
            assertTrue(ex.detail().contains(b.detail()), ex.detail());
        }
        assertThrows(InvalidInputException.class, () -> new TrainingConfig(0.1, 10, 0, 1e6, EigenvalueMethod.AUTO,
                null, 0.1));
    }
}
