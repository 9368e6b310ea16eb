package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** fig7/fig8 summaries: reference optima, the best rate with its ties, the grid's edges. */
class Fig7BestTest {
    /** A fig7 row (L* = 0.5): excess given, or diverged when excess is NaN. */
    static Map<String, String> linear(int depth, double rate, int seed, double excess) {
        boolean diverged = Double.isNaN(excess);
        return new java.util.HashMap<>(Map.of("depth", "" + depth, "learning_rate", "" + rate, "seed", "" + seed,
                "final_loss", diverged ? "" : "" + (0.5 + excess), "excess_loss", diverged ? "" : "" + excess,
                "diverged", "" + diverged));
    }

    /** A fig8 row: final and polished loss, or diverged (both empty). */
    static Map<String, String> relu(int depth, double rate, int seed, double loss, double polished) {
        boolean diverged = Double.isNaN(loss);
        return new java.util.HashMap<>(Map.of("depth", "" + depth, "learning_rate", "" + rate, "seed", "" + seed,
                "final_loss", diverged ? "" : "" + loss, "diverged", "" + diverged,
                "polished_loss", diverged ? "" : "" + polished, "polish_iterations", diverged ? "" : "12",
                "polish_gradient_norm", diverged ? "" : "1e-9", "polish_stop", diverged ? "" : "gradient"));
    }

    @Test
    void theBestRateCarriesItsTiesAndTheGridsEdges() {
        List<Map<String, String>> rows = new ArrayList<>();
        double[] rates = {0.1, 0.316, 1.0, 3.16};
        double[][] excess = {{1e-2, 1.2e-2}, {1.04e-4, 1.14e-4}, {1.0e-4, 1.0e-4}, {1e-6, Double.NaN}}; // per rate, seeds
        for (int i = 0; i < rates.length; i++) {
            for (int s = 0; s < 2; s++) {
                rows.add(linear(4, rates[i], s + 1, excess[i][s]));
                rows.add(linear(8, rates[i], s + 1, i == 0 ? 3e-3 * (s + 1) : i == 1 ? 5e-3 : 1e-2)); // best at the bottom
                rows.add(linear(16, rates[i], s + 1, Double.NaN)); // all diverge
                rows.add(linear(2, rates[i], s + 1, i == 3 ? 0.0 : 1e-3)); // at the optimum only at the top
            }
        }
        TreeMap<Integer, Fig7.Reference> refs = Fig7.references(rows);
        assertEquals(0.5, refs.get(4).loss(), 1e-15);
        List<Fig7.Best> best = Fig7.best(rows, refs);
        assertEquals(List.of(2, 4, 8, 16), best.stream().map(Fig7.Best::depth).toList());

        Fig7.Best top = best.get(0);
        assertEquals(3.16, top.bestRate());
        assertEquals(Fig7.EXCESS_FLOOR, top.excessMean(), 0.0, "an excess of 0 is rounding: shown at the floor");
        assertEquals(List.of(3.16), top.tied());
        assertEquals("top", top.edge());

        Fig7.Best mid = best.get(1);
        assertEquals(1.0, mid.bestRate(), "3.16 had a diverged seed: excluded although its other seed is lower");
        assertEquals(List.of(0.316, 1.0), mid.tied(), "0.316 (mean 1.09e-4) is within 10 % of 1e-4; 0.1 is not");
        assertEquals(1e-5, mid.tolerance(), 1e-15);
        assertEquals("none", mid.edge());
        assertEquals(3.16, mid.divergedFrom());
        assertEquals(0.5 + 1e-4, mid.bestLossMean(), 1e-15);
        assertEquals(2, mid.seeds());

        Fig7.Best bottom = best.get(2);
        assertEquals(0.1, bottom.bestRate());
        assertEquals(4.5e-3, bottom.excessMean(), 1e-15);
        assertEquals(Math.sqrt(4.5e-6), bottom.excessStd(), 1e-15, "sample std of 3e-3, 6e-3");
        assertEquals(List.of(0.1, 0.316), bottom.tied(), "5e-3 lies within the best (4.5e-3) plus its seed spread (2.1e-3)");
        assertEquals("bottom", bottom.edge());

        Fig7.Best none = best.get(3);
        assertEquals("all_diverged", none.edge());
        assertTrue(none.tied().isEmpty());
        assertEquals(0.1, none.divergedFrom());
        assertEquals("", none.row(Family.PAPER.get(0)).get("tied_learning_rates"));
        assertEquals(null, none.row(Family.PAPER.get(0)).get("best_learning_rate"), "NaN written as an empty field");
    }

    @Test
    void fig8sReferenceIsTheLeastPolishOverRunsThatDidNotDiverge() {
        List<Map<String, String>> rows = List.of(relu(2, 0.1, 1, 1.30, 1.20), relu(2, 0.316, 1, 1.25, 1.166),
                relu(2, 0.316, 2, 1.27, 1.17), relu(2, 1.0, 1, Double.NaN, Double.NaN), relu(4, 0.1, 1, 0.3, 0.2));
        TreeMap<Integer, Fig7.Reference> refs = Fig7.references(rows);
        Fig7.Reference r = refs.get(2);
        assertEquals(1.166, r.loss());
        assertEquals(0.316, r.startRate());
        assertEquals(1, r.startSeed());
        assertEquals(1.25, r.startLoss());
        assertEquals(12, r.iterations());
        assertEquals("gradient", r.stop());
        List<Fig7.Best> best = Fig7.best(rows, refs);
        assertEquals(0.316, best.get(0).bestRate());
        assertEquals(1.26 - 1.166, best.get(0).excessMean(), 1e-12, "excess above L_ref, mean over seeds");
        assertEquals(1.0, best.get(0).divergedFrom());
        assertEquals("none", best.get(0).edge(), "0.316 is inside the grid 0.1 … 1.0");
        assertEquals(0.2, refs.get(4).loss(), "its own depth's runs");
    }

    @Test
    void plottingWritesTheSummaryAndReferenceCsvs(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Family f : Family.PAPER) {
            for (double rate : new double[] {0.1, 1.0, 10.0}) {
                Map<String, String> r = relu(2, rate, 1, rate == 10.0 ? Double.NaN : 1.0 + rate, 0.9 + rate);
                r.put("init", f.initName());
                r.put("shortcut", "" + f.shortcut());
                r.put("epochs", "5");
                rows.add(r);
            }
        }
        List<String> files;
        try (org.shortcuthessian.io.OutputDirectory out = org.shortcuthessian.io.OutputDirectory.open(dir)) {
            files = new Fig7(true).plot(rows, null, out);
            out.commit();
        }
        assertTrue(files.containsAll(List.of("fig8_best.csv", "fig8_reference.csv", "fig8_best_loss.png",
                "fig8_best_learning_rate.png")), files.toString());
        List<Map<String, String>> best = Csv.read(dir.resolve("fig8_best.csv"));
        assertEquals(3, best.size(), "a row per family and depth");
        assertEquals(Fig7.BEST_COLUMNS, List.copyOf(best.get(0).keySet()));
        assertEquals("small 2-shortcut", best.get(2).get("family"));
        assertEquals("0.1", best.get(2).get("best_learning_rate"));
        assertEquals("bottom", best.get(2).get("edge"));
        assertEquals("10.0", best.get(2).get("diverged_from"));
        List<Map<String, String>> ref = Csv.read(dir.resolve("fig8_reference.csv"));
        assertEquals(1.0, RowStats.num(ref.get(0), "reference_loss"), 1e-15, "the least polish: 0.9 + 0.1");
        assertEquals("0.1", ref.get(0).get("start_learning_rate"));
    }
}
