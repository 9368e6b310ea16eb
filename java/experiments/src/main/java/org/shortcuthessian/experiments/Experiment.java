package org.shortcuthessian.experiments;

import org.shortcuthessian.io.OutputDirectory;
import java.util.List;
import java.util.Map;

/**
 * One of the paper's experiments: a grid of independent cells, how to run a cell, and how to plot the
 * rows. {@link Sweep} runs it (in parallel, streaming, resumable); {@link Experiments} lists them.
 */
public interface Experiment {
    /** @return the name on the command line, e.g. {@code fig4}. */
    String name();

    /** @return one line: what the experiment shows. */
    String description();

    /** @return the CSV columns, in order. */
    List<String> columns();

    /** @return the columns that identify a cell (a prefix of {@link #columns()} is typical). */
    List<String> keyColumns();

    /** @return the cells of the grid for these options (default or quick). */
    List<Cell> cells(ExperimentOptions options);

    /** @return where the data come from (default: the user's choice, else all of the built-in MNIST). */
    default org.shortcuthessian.datasets.DataSource data(ExperimentOptions options) {
        return options.dataOr(0);
    }

    /**
     * @return the settings of {@link ExperimentOptions#SETTINGS} this experiment uses (default: all); a run that
     *         sets another is refused rather than silently ignoring it
     */
    default List<String> settingsUsed() {
        return ExperimentOptions.SETTINGS;
    }

    /** @return settings that are not cell parameters (epochs, spectrum interval…), for the manifest. */
    default Map<String, Object> settings(ExperimentOptions options) {
        return Map.of();
    }

    /** Runs one cell. Must be thread-safe: cells run concurrently. */
    CellResult run(Cell cell, SweepContext context);

    /**
     * Draws the figures from all rows of the CSV (strings as written), staged in out (the sweep commits them
     * with the manifest); each figure as PNG, SVG and PDF ({@link Plots#save}).
     *
     * @param data the data's provenance (the manifest's {@code data}: source, samples, dim …), for the subtitles
     * @return the names of the files
     */
    List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data, OutputDirectory out);
}
