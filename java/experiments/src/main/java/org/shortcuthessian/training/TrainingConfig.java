package org.shortcuthessian.training;

import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.EigenvalueMethod;

/**
 * Full-batch gradient descent settings.
 *
 * @param learningRate    η &gt; 0 in θ ← θ − η·∇L(θ)
 * @param epochs          number of updates (records are kept for epochs 0…epochs)
 * @param spectrumEvery   compute the Hessian's spectrum at epochs 0, k, 2k, … and the last (0: never)
 * @param divergenceBound a run whose loss exceeds this (or becomes NaN/Inf) stops as diverged
 * @param eigensolver     LAPACK routine for the spectra
 */
public record TrainingConfig(double learningRate, int epochs, int spectrumEvery, double divergenceBound,
                             EigenvalueMethod eigensolver) {
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
    }

    /** η and epochs, no spectra, default bound and eigensolver. */
    public static TrainingConfig of(double learningRate, int epochs) {
        return new TrainingConfig(learningRate, epochs, 0, DEFAULT_DIVERGENCE_BOUND, EigenvalueMethod.AUTO);
    }

    /** @return this with spectra every k epochs. */
    public TrainingConfig withSpectrumEvery(int k) {
        return new TrainingConfig(learningRate, epochs, k, divergenceBound, eigensolver);
    }

    /** @return whether epoch e gets a spectrum. */
    public boolean spectrumAt(int e) {
        return spectrumEvery > 0 && (e % spectrumEvery == 0 || e == epochs);
    }
}
