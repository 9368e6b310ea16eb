package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.io.Json;

/** The manifest's grid block for every experiment; a resume that runs nothing keeps the producing run's account. */
class SweepManifestTest {
    @Test
    void everyExperimentsGridBlockListsEveryCellParameterAndSetting() {
        for (Experiment e : Experiments.all()) {
            for (boolean quick : List.of(true, false)) {
                ExperimentOptions o = ExperimentOptions.defaults(quick);
                List<Cell> cells = e.cells(o);
                ObjectNode grid = Sweep.grid(e, o, cells);
                for (String key : cells.get(0).params().keySet()) {
                    assertTrue(grid.get(key).isArray() && grid.get(key).size() >= 1, e.name() + " grid." + key);
                    long distinct = cells.stream().map(c -> c.params().get(key)).distinct().count();
                    assertEquals(distinct, grid.get(key).size(), e.name() + " grid." + key);
                }
                e.settings(o).forEach((k, v) -> assertEquals(Json.tree(v), grid.get(k), e.name() + " grid." + k));
                if (List.of("fig3", "fig4", "fig5", "fig6").contains(e.name())) {
                    int seeds = grid.get("seed").size();
                    assertTrue(seeds >= 3, e.name() + (quick ? " --quick" : "") + ": " + seeds + " seeds by default");
                }
            }
        }
    }

    static ObjectNode manifest(String created, int cellsRun, double wall) {
        ObjectNode m = Json.object();
        m.put("experiment", "fig4");
        m.put("created", created);
        m.put("cells_run", cellsRun);
        m.put("wall_seconds", wall);
        m.putObject("software").put("shortcut_hessian", "v-" + created);
        m.putObject("runner").put("kind", "local-" + created);
        m.putArray("files").add("fig4.csv");
        return m;
    }

    @Test
    void aResumeThatRanNothingKeepsTheAccountOfTheRunThatMadeTheRows() {
        ObjectNode producing = manifest("2026-01-01", 15, 100.0);
        producing.putArray("previous_runs").addObject().put("cells_run", 3);
        ObjectNode now = manifest("2026-02-02", 0, 2.5);
        now.putObject("grid").putArray("seed").add(1).add(2);
        now.putArray("files").add("fig4.csv").add("fig4_cond.png");
        JsonNode before = producing.deepCopy();
        ObjectNode kept = Sweep.keepProducingRun(producing, now);
        assertEquals(before, producing, "the previous manifest is not modified");
        for (String k : List.of("created", "cells_run", "wall_seconds", "software", "runner", "previous_runs")) {
            assertEquals(producing.get(k), kept.get(k), k + " is the producing run's");
        }
        assertEquals(now.get("grid"), kept.get("grid"), "the grid block is filled in");
        assertEquals(now.get("files"), kept.get("files"), "the plots just drawn");
        assertEquals(1, kept.get("runs_without_cells").size());
        assertEquals("2026-02-02", kept.get("runs_without_cells").get(0).get("created").asText());
        assertEquals(2.5, kept.get("runs_without_cells").get(0).get("wall_seconds").asDouble());
        assertEquals("v-2026-02-02", kept.get("runs_without_cells").get(0).get("shortcut_hessian").asText());
        ObjectNode again = Sweep.keepProducingRun(kept, manifest("2026-03-03", 0, 1.0).set("grid", now.get("grid")));
        assertEquals(2, again.get("runs_without_cells").size(), "later runs are appended");
        assertEquals("2026-01-01", again.get("created").asText());
    }
}
