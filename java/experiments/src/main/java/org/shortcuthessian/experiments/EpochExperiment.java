package org.shortcuthessian.experiments;

import java.util.List;

/** An experiment whose cells are training runs written one row per epoch (fig3, fig5, fig6). */
abstract class EpochExperiment implements Experiment {
    private final List<String> keys;

    /** @param keys the columns that identify a run */
    EpochExperiment(List<String> keys) {
        this.keys = List.copyOf(keys);
    }

    @Override
    public final List<String> columns() {
        return Training.columns(keys);
    }

    @Override
    public final List<String> keyColumns() {
        return keys;
    }
}
