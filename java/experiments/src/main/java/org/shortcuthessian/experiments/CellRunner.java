package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where a sweep's cells run: this JVM's threads ({@link LocalCells}) or a cluster (the Spark module's runner).
 * The {@link Sweep} alone writes the results: a runner hands every finished cell back, and the sweep appends
 * its rows, so a cell retried elsewhere is never written twice.
 */
public interface CellRunner {
    /**
     * Runs every cell of todo.
     *
     * @param todo     the cells, longest first
     * @param finished called in the calling thread once per cell as it finishes (order: as they finish)
     * @throws RuntimeException the first failure of a cell (a cell's own exception where it can be kept)
     */
    void run(Experiment e, List<Cell> todo, SweepContext context, BiConsumer<Cell, CellResult> finished);

    /** @return what the manifest records about where the last {@link #run} ran: kind, policy, master, cores… */
    ObjectNode describe();
}
