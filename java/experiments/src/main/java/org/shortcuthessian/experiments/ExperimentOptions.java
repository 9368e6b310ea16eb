package org.shortcuthessian.experiments;

import java.util.List;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.network.Initialization;

/**
 * What a user may change in an experiment; null fields take the experiment's default (which depends
 * on {@code quick}).
 *
 * @param quick         the reduced grid (under two minutes on two cores) instead of the paper's
 * @param data          the data source; null: built-in MNIST (the quick grids use fewer samples)
 * @param seeds         number of seeds (1…seeds)
 * @param depths        depths (weight layers R·n) to sweep
 * @param epochs        training epochs
 * @param learningRate  training learning rate (fig3, fig5, fig6)
 * @param learningRates the learning-rate grid (fig7, fig8)
 * @param spectrumEvery epochs between spectra (fig5, fig6)
 * @param eigensolver   LAPACK routine for spectra
 * @param jobs          cells side by side (null: as many as BLAS threads and memory allow, see {@link LocalCells})
 * @param epsilon       the scale ε of the small initialization (Xavier normal × ε; null: {@link
 *                      Initialization#DEFAULT_EPSILON} = 1e-4)
 *
 * <p>Serializable: a cluster runner ships the options to its executors.
 */
public record ExperimentOptions(boolean quick, DataSource data, Integer seeds, List<Integer> depths, Integer epochs,
                                Double learningRate, List<Double> learningRates, Integer spectrumEvery,
                                EigenvalueMethod eigensolver, Integer jobs, Double epsilon) implements java.io.Serializable {
    public ExperimentOptions {
        if (seeds != null && seeds < 1) {
            throw InvalidInputException.ofField("seeds", "" + seeds + " (must be at least 1)");
        }
        if (depths != null) {
            if (depths.isEmpty()) {
                throw InvalidInputException.ofField("depths", "empty list");
            }
            for (int i = 0; i < depths.size(); i++) {
                if (depths.get(i) < 1 || depths.get(i) > 4096) {
                    throw InvalidInputException.ofField("depths", "" + depths.get(i) + " at index " + i
                            + " (must be 1…4096 weight layers)");
                }
            }
            depths = List.copyOf(depths);
        }
        if (epochs != null && epochs < 0) {
            throw InvalidInputException.ofField("epochs", "" + epochs + " (must be ≥ 0)");
        }
        if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
            throw InvalidInputException.ofField("learningRate", "" + learningRate + " (must be a finite number > 0)");
        }
        if (learningRates != null) {
            if (learningRates.isEmpty()) {
                throw InvalidInputException.ofField("learningRates", "empty list");
            }
            for (int i = 0; i < learningRates.size(); i++) {
                double v = learningRates.get(i);
                if (!(v > 0 && Double.isFinite(v))) {
                    throw InvalidInputException.ofField("learningRates", "" + v + " at index " + i
                            + " (must be a finite number > 0)");
                }
            }
            learningRates = List.copyOf(learningRates);
        }
        if (spectrumEvery != null && spectrumEvery < 1) {
            throw InvalidInputException.ofField("spectrumEvery", "" + spectrumEvery + " (must be at least 1)");
        }
        if (jobs != null && jobs < 1) {
            throw InvalidInputException.ofField("jobs", "" + jobs + " (must be at least 1)");
        }
        if (epsilon != null && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw InvalidInputException.ofField("epsilon", "" + epsilon + " (must be a finite number > 0)");
        }
        if (eigensolver == null) {
            eigensolver = EigenvalueMethod.AUTO;
        }
    }

    /**
     * The settings an experiment may use or not ({@link Experiment#settingsUsed()}), by component name; quick,
     * data, eigensolver and jobs apply to every experiment.
     */
    public static final List<String> SETTINGS = List.of("seeds", "depths", "epochs", "learningRate", "learningRates",
            "spectrumEvery", "epsilon");

    /** @return the settings of {@link #SETTINGS} that are set (not null), in that order. */
    public List<String> settingsGiven() {
        List<String> given = new java.util.ArrayList<>();
        Object[] values = {seeds, depths, epochs, learningRate, learningRates, spectrumEvery, epsilon};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                given.add(SETTINGS.get(i));
            }
        }
        return given;
    }

    /** Defaults everywhere: the paper's grid, or the quick one. */
    public static ExperimentOptions defaults(boolean quick) {
        return new ExperimentOptions(quick, null, null, null, null, null, null, null, null, null, null);
    }

    /** @return seeds, or def if unset. */
    public int seedsOr(int def) {
        return seeds != null ? seeds : def;
    }

    /** @return epochs, or def if unset. */
    public int epochsOr(int def) {
        return epochs != null ? epochs : def;
    }

    /** @return the learning rate, or def if unset. */
    public double learningRateOr(double def) {
        return learningRate != null ? learningRate : def;
    }

    /** @return the learning-rate grid, or def if unset. */
    public List<Double> learningRatesOr(List<Double> def) {
        return learningRates != null ? learningRates : def;
    }

    /** @return the spectrum interval, or def if unset. */
    public int spectrumEveryOr(int def) {
        return spectrumEvery != null ? spectrumEvery : def;
    }

    /** @return ε of the small initialization: the one given, or {@link Initialization#DEFAULT_EPSILON}. */
    public double epsilonOr() {
        return epsilon != null ? epsilon : Initialization.DEFAULT_EPSILON;
    }

    /** @return the data source, or the built-in MNIST with the given number of samples if unset. */
    public DataSource dataOr(int samples) {
        return data != null ? data : DataSource.mnist(samples);
    }
}
