package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.datasets.IdxFiles;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** The analogues of Figures 2 and 9: their grids, their networks, their summaries, and tiny runs end to end. */
class AnaloguesTest {
    @TempDir
    Path tmp;

    static Sweep.Summary run(Experiment e, ExperimentOptions o, Path dir) {
        Backend b = Backends.get();
        return Sweep.run(e, o, dir, false, b, BlasThreads.fixed(b), new Sweep.Listener() { });
    }

    static ExperimentOptions options(DataSource data, int seeds, List<Integer> depths, int epochs, List<Double> rates) {
        return new ExperimentOptions(false, data, seeds, depths, epochs, null, rates, null, null, 1, null);
    }

    @Test
    void fig2TrainsWithTheStepScheduleAndDrawsMeanAndSpreadOverSeeds() throws IOException {
        ExperimentOptions o = options(DataSource.mnist(300), 3, List.of(2, 4), 8, null);
        Path dir = tmp.resolve("fig2");
        Sweep.Summary s = run(new Fig2(), o, dir);
        assertEquals(2 * 2 * 2 * 3, s.cells(), "linear and relu × small 2-shortcut and Xavier plain × 2 depths × 3 seeds");
        List<Map<String, String>> rows = ResultsFile.read(s.csv());
        assertEquals(24 * 9, rows.size(), "epochs 0…8 of every run");
        for (Map<String, String> r : rows) {
            int e = Integer.parseInt(r.get("epoch"));
            double expected = e < 4 ? 0.1 : e < 6 ? 0.1 * 0.1 : 0.1 * 0.1 * 0.1;
            assertEquals(expected, RowStats.num(r, "learning_rate"), 0.0, "η at epoch " + e);
            assertEquals("0.1", r.get("initial_learning_rate"));
        }
        assertEquals("4, 6", Fig2.stepsOf(rows));
        JsonNode manifest = Json.read(s.manifest());
        assertEquals("[4,6]", manifest.get("grid").get("learning_rate_steps").toString());
        assertEquals(0.1, manifest.get("grid").get("learning_rate_factor").asDouble(), 0.0);
        // small init stays small, Xavier plain does not start small
        for (Map<String, String> r : rows) {
            double norm = RowStats.num(r, "weight_norm");
            assertTrue(r.get("init").equals("small") ? norm < 0.05 : norm > 1, r.toString());
        }
        for (String base : List.of("fig2_linear", "fig2_relu", "fig2_linear_xavier_plain_loss", "fig2_relu_xavier_plain")) {
            assertTrue(Files.size(dir.resolve(base + ".png")) > 1000, base);
        }
    }

    @Test
    void fig2LinesAreTheMeanOverSeedsWithABandOfOneStandardDeviation() {
        List<Map<String, String>> rows = new ArrayList<>();
        double[][] norms = {{1, 2}, {3, 6}, {5, 10}}; // seeds × epochs 0, 1
        for (int seed = 0; seed < 3; seed++) {
            for (int e = 0; e < 2; e++) {
                rows.add(Map.of("depth", "8", "seed", "" + seed, "epoch", "" + e, "weight_norm", "" + norms[seed][e],
                        "diverged", seed == 2 && e == 1 ? "true" : "false"));
            }
        }
        List<Plots.Line> lines = Fig2.byDepth(rows, "weight_norm", false, 2);
        assertEquals(1, lines.size());
        Plots.Line l = lines.get(0);
        assertEquals("depth 8 (R = 4), 1 diverged", l.name());
        assertEquals(3, l.y()[0], 1e-15);
        assertEquals(3 - 2, l.lower()[0], 1e-15, "sample std of 1, 3, 5 is 2");
        assertEquals(4, l.y()[1], 1e-15, "epoch 1 of seed 2 diverged: the mean of 2 and 6");
        assertEquals(4 + Math.sqrt(8), l.upper()[1], 1e-15, "sample std of 2, 6 is √8");
    }

    @Test
    void fig9HoldsTheNumberOfLayersFixedAndPlacesTheRelu() {
        ExperimentOptions o = ExperimentOptions.defaults(false);
        List<Cell> cells = new Fig9().cells(o);
        Set<String> networks = new TreeSet<>();
        for (Cell c : cells) {
            networks.add(c.param("shortcut") + "/" + c.param("relu") + "/" + c.param("depth"));
            NetworkSpec spec = Fig9.Relu.valueOf(c.param("relu").toUpperCase(java.util.Locale.ROOT))
                    .spec(Family.of(c), 10, c.intParam("depth"));
            assertEquals(c.intParam("depth"), spec.layers(), "L = R·n weight layers");
            assertEquals(c.intParam("depth") * 100, spec.parameterCount(), "the same parameter count for every n");
            assertEquals(Initialization.SMALL, Family.of(c).init());
        }
        assertEquals(Set.of("1/none/12", "1/none/24", "1/pre/12", "1/pre/24", "2/mid/12", "2/mid/24", "3/mid/12",
                "3/mid/24", "4/mid/12", "4/mid/24"), networks);
        assertEquals(10 * 5 * 3, cells.size(), "10 networks × 5 learning rates × 3 seeds");
        Family one = new Family(Initialization.SMALL, 1);
        assertEquals(Activation.RELU, Fig9.Relu.PRE.spec(one, 10, 12).pre());
        assertTrue(Fig9.Relu.NONE.spec(one, 10, 12).isLinear());
        assertEquals(Activation.RELU, Fig9.Relu.MID.spec(new Family(Initialization.SMALL, 3), 10, 12).mid());
    }

    @Test
    void fig9BestPicksTheRateOfTheSmallestMeanAndFlagsTheGridEdge() {
        List<Map<String, String>> rows = new ArrayList<>();
        // n = 2 at L = 12: rate 0.1 → losses 0.3, 0.5 (mean 0.4); 0.3 → 0.2, 0.4 (mean 0.3, best); 1 → one diverged
        String[][] v = {{"0.1", "1", "0.3", "false"}, {"0.1", "2", "0.5", "false"}, {"0.3", "1", "0.2", "false"},
            {"0.3", "2", "0.4", "false"}, {"1.0", "1", "0.01", "false"}, {"1.0", "2", "nan", "true"}};
        for (String[] r : v) {
            Map<String, String> row = new HashMap<>(Map.of("shortcut", "2", "relu", "mid", "depth", "12",
                    "learning_rate", r[0], "seed", r[1], "final_loss", r[2], "diverged", r[3]));
            rows.add(row);
            Map<String, String> n3 = new HashMap<>(row);
            n3.put("shortcut", "3");
            n3.put("final_loss", r[0].equals("0.1") ? "0.05" : "0.9");
            n3.put("diverged", "false");
            rows.add(n3);
        }
        List<Map<String, Object>> best = Fig9.best(rows);
        assertEquals(2, best.size());
        Map<String, Object> two = best.get(0);
        assertEquals(2, two.get("shortcut"));
        assertEquals(0.3, (double) two.get("best_learning_rate"), 0.0);
        assertEquals(0.3, (double) two.get("final_loss_mean"), 1e-15);
        assertEquals(Math.sqrt(0.02), (double) two.get("final_loss_std"), 1e-15);
        assertEquals(2, two.get("seeds"));
        assertEquals(false, two.get("best_at_grid_edge"), "0.3 inside 0.1…1");
        assertEquals(0.1, (double) best.get(1).get("best_learning_rate"), 0.0);
        assertEquals(true, best.get(1).get("best_at_grid_edge"), "0.1 is the smallest rate of the grid");
        assertEquals("0.3", two.get("tied_rates"), "1.0 had a diverged seed");
        assertEquals("0.1", best.get(1).get("tied_rates"));
        List<Map<String, String>> flat = new ArrayList<>();
        for (String lr : List.of("0.01", "0.1", "1.0")) {
            flat.add(Map.of("learning_rate", lr, "final_loss", lr.equals("0.1") ? "5.0000000001" : "5.0", "diverged", "false"));
        }
        assertEquals("0.01;0.1;1.0", Fig9.tiedRates(flat, 5.0), "a network at its saddle: every rate ties");
    }

    @Test
    void fig9RunsOnAnIdxDirectory() throws IOException {
        Path images = IdxFiles.directory(tmp.resolve("idx"), 80, 5, 4, 11);
        ExperimentOptions o = options(new DataSource(images.toString(), 0, 10, 0), 2, List.of(12), 4, List.of(0.1, 0.3));
        Path dir = tmp.resolve("fig9");
        Sweep.Summary s = run(new Fig9(), o, dir);
        assertEquals(5 * 2 * 2, s.cells());
        JsonNode manifest = Json.read(s.manifest());
        assertEquals(images.toString(), manifest.get("data").get("source").asText());
        assertEquals(80, manifest.get("data").get("samples").asInt());
        List<Map<String, String>> rows = ResultsFile.read(s.csv());
        for (Map<String, String> r : rows) {
            assertFalse("true".equals(r.get("diverged")), r.toString());
            assertTrue(RowStats.num(r, "final_loss") <= RowStats.num(r, "initial_loss"), r.toString());
        }
        List<Map<String, String>> best = ResultsFile.read(dir.resolve("fig9_best.csv"));
        assertEquals(5, best.size(), "one row per network at L = 12");
        for (String base : List.of("fig9_loss_vs_shortcut", "fig9_loss_vs_depth")) {
            assertTrue(Files.size(dir.resolve(base + ".png")) > 1000, base);
        }
    }
}
