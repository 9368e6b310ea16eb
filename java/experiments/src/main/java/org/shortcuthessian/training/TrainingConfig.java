package org.shortcuthessian.training;

import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.EigenvalueMethod;

import java.util.List;

/**
 * Full-batch gradient descent settings.
 *
 * @param learningRate    η &gt; 0 in θ ← θ − η·∇L(θ)
 * @param epochs          number of updates (records are kept for epochs 0…epochs)
 * @param spectrumEvery   compute the Hessian's spectrum at epochs 0, k, 2k, … and the last (0: never)
 * @param divergenceBound a run whose loss exceeds this (or becomes NaN/Inf) stops as diverged
 * @param eigensolver     LAPACK routine for the spectra
 * @param learningRateSteps  a step schedule: the epochs s₁ &lt; s₂ &lt; … (each 1…epochs) from which on the learning
 *                           rate is multiplied by learningRateFactor once more (empty: a constant rate)
 * @param learningRateFactor the factor f &gt; 0 of each step: the update at epoch e uses η_e = η·f^k, k = #{s_j ≤ e}
 *                           (e.g. f = 0.1 at 50 % and 75 % of the epochs, as in the ResNet papers)
 */
public record TrainingConfig(double learningRate, int epochs, int spectrumEvery, double divergenceBound,
                             EigenvalueMethod eigensolver, List<Integer> learningRateSteps, double learningRateFactor) {
    /** Default divergence bound on the loss. */
    public static final double DEFAULT_DIVERGENCE_BOUND = 1e6;

    public TrainingConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidInputException("learning rate: " + learningRate + " (must be a finite number > 0)");
        }
        if (epochs < 0) {
            throw new InvalidInputException("epochs: " + epochs + " (must be ≥ 0)");
        }
        if (spectrumEvery < 0) {
            throw new InvalidInputException("spectrum every: " + spectrumEvery + " (must be ≥ 0; 0 = never)");
        }
        if (!(divergenceBound > 0)) {
            throw new InvalidInputException("divergence bound: " + divergenceBound + " (must be > 0)");
        }
        if (learningRateSteps == null) {
            throw InvalidInputException.ofField("learningRateSteps", "missing (give an empty list for a constant rate)");
        }
        for (int i = 0; i < learningRateSteps.size(); i++) {
            Integer s = learningRateSteps.get(i);
            if (s == null || s < 1 || s > epochs) {
                throw InvalidInputException.ofField("learningRateSteps", s + " at index " + i + " (must be an epoch 1…"
                        + epochs + ", the number of epochs)");
            }
            if (i > 0 && s <= learningRateSteps.get(i - 1)) {
                throw InvalidInputException.ofField("learningRateSteps", s + " at index " + i + " (must be after "
                        + learningRateSteps.get(i - 1) + ": the steps are increasing epochs)");
            }
        }
        if (!(learningRateFactor > 0) || !Double.isFinite(learningRateFactor)) {
            throw InvalidInputException.ofField("learningRateFactor", learningRateFactor
                    + " (must be a finite number > 0)");
        }
        learningRateSteps = List.copyOf(learningRateSteps);
    }

    /** The default factor of a step schedule: ×0.1 at each step. */
    public static final double DEFAULT_LEARNING_RATE_FACTOR = 0.1;

    /** A constant learning rate (no steps). */
    public TrainingConfig(double learningRate, int epochs, int spectrumEvery, double divergenceBound,
                          EigenvalueMethod eigensolver) {
        this(learningRate, epochs, spectrumEvery, divergenceBound, eigensolver, List.of(), DEFAULT_LEARNING_RATE_FACTOR);
    }

    /** η and epochs, no spectra, default bound and eigensolver. */
    public static TrainingConfig of(double learningRate, int epochs) {
        return new TrainingConfig(learningRate, epochs, 0, DEFAULT_DIVERGENCE_BOUND, EigenvalueMethod.AUTO);
    }

    /** @return this with spectra every k epochs. */
    public TrainingConfig withSpectrumEvery(int k) {
        return new TrainingConfig(learningRate, epochs, k, divergenceBound, eigensolver, learningRateSteps,
                learningRateFactor);
    }

    /** @return this with the step schedule: η multiplied by factor at each of the epochs steps. */
    public TrainingConfig withLearningRateSteps(List<Integer> steps, double factor) {
        return new TrainingConfig(learningRate, epochs, spectrumEvery, divergenceBound, eigensolver, steps, factor);
    }

    /**
     * @return the steps at the given fractions of the epochs, ⌊fraction·epochs⌋, e.g. {0.5, 0.75} → 500, 750 for
     *         1000 epochs; steps that would fall on epoch 0 or on one another are dropped
     */
    public static List<Integer> stepsAtFractions(int epochs, double... fractions) {
        List<Integer> out = new java.util.ArrayList<>();
        for (double f : fractions) {
            int s = (int) Math.floor(f * epochs);
            if (s >= 1 && s <= epochs && (out.isEmpty() || s > out.get(out.size() - 1))) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * @return η_e, the learning rate of the update at epoch e (from θ_e to θ_{e+1}): η multiplied by the factor once
     *         for each step s ≤ e (repeated multiplication, so η_e is bit for bit the rate a run restarted at a step
     *         with η·f would use)
     */
    public double learningRateAt(int e) {
        double eta = learningRate;
        for (int s : learningRateSteps) {
            if (s <= e) {
                eta *= learningRateFactor;
            }
        }
        return eta;
    }

    /** @return whether epoch e gets a spectrum. */
    public boolean spectrumAt(int e) {
        return spectrumEvery > 0 && (e % spectrumEvery == 0 || e == epochs);
    }
}
