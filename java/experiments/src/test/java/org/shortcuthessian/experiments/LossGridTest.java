package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Initialization;

/** Runs averaged on a common loss grid: interpolation by hand, censored points, the summary CSVs of fig3/fig5/fig6. */
class LossGridTest {
    @TempDir
    Path tmp;

    static LossGrid.Trajectory run(double[] loss, double[] value) {
        return new LossGrid.Trajectory(loss, value, new boolean[loss.length]);
    }

    @Test
    void interpolatesLinearlyInTheLossWhereTheRunFirstReachesIt() {
        LossGrid.Trajectory a = run(new double[] {4, 2, 1}, new double[] {10, 20, 40});
        // ℓ = 3 lies between 4 and 2: t = (4 − 3) / (4 − 2) = 0.5, y = 10 + 0.5 · (20 − 10) = 15
        assertEquals(15, LossGrid.at(a, 3), 1e-12);
        // ℓ = 1.25: t = (2 − 1.25) / (2 − 1) = 0.75, y = 20 + 0.75 · 20 = 35
        assertEquals(35, LossGrid.at(a, 1.25), 1e-12);
        assertEquals(10, LossGrid.at(a, 4), 0, "a recorded loss: its value");
        assertEquals(40, LossGrid.at(a, 1), 0);
        assertTrue(Double.isNaN(LossGrid.at(a, 0.5)), "never reached");
        assertTrue(Double.isNaN(LossGrid.at(a, 5)), "above the run");
        // not monotone: 4 → 1 → 3 → 0.5; ℓ = 2 is first reached between 4 and 1: t = 2/3, y = 0 + 2/3 · 3 = 2
        LossGrid.Trajectory b = run(new double[] {4, 1, 3, 0.5}, new double[] {0, 3, 100, 200});
        assertEquals(2, LossGrid.at(b, 2), 1e-12);
    }

    @Test
    void theGridIsLogSpacedOverTheLossesEveryRunShares() {
        LossGrid.Trajectory a = run(new double[] {4, 2, 1}, new double[] {10, 20, 40});
        LossGrid.Trajectory b = run(new double[] {3, 1.5, 0.5}, new double[] {1, 2, 3});
        double[] g = LossGrid.grid(List.of(a, b), 3);
        // least loss both reach: max(1, 0.5) = 1; largest both pass: min(4, 3) = 3; the middle point √3
        assertArrayEquals(new double[] {1, Math.sqrt(3), 3}, g, 1e-12);
        assertEquals(0, LossGrid.grid(List.of(a, run(new double[] {0.9, 0.5}, new double[] {1, 1})), 5).length,
                "no shared loss");
        List<LossGrid.Point> s = LossGrid.summarize(List.of(a, b), new double[] {3}, true);
        // a at 3: 15; b at 3: 1 (recorded). Geometric mean √15, geometric std exp(ln 15 / √2)
        assertEquals(1, s.size());
        assertEquals(Math.sqrt(15), s.get(0).spread().mean(), 1e-12);
        assertEquals(Math.exp(Math.log(15) / Math.sqrt(2)), s.get(0).spread().spread(), 1e-12);
        assertEquals(Math.sqrt(15) / Math.exp(Math.log(15) / Math.sqrt(2)), s.get(0).spread().lower(), 1e-12);
        assertEquals(2, s.get(0).spread().count());
        LossGrid.Spread arithmetic = LossGrid.Spread.of(List.of(15.0, 1.0), false);
        assertEquals(8, arithmetic.mean(), 0);
        assertEquals(Math.sqrt(98), arithmetic.spread(), 1e-12, "sample std: √((7² + 7²) / 1)");
        assertEquals(8 + Math.sqrt(98), arithmetic.upper(), 1e-12);
    }

    @Test
    void censoredValuesAreNotInterpolatedAcross() {
        LossGrid.Trajectory c = new LossGrid.Trajectory(new double[] {4, 2, 1}, new double[] {10, 20, 40},
                new boolean[] {false, true, false});
        assertEquals(10, LossGrid.at(c, 4), 0, "a measured point alone");
        assertTrue(Double.isNaN(LossGrid.at(c, 3)), "bracketed by a censored value");
        assertTrue(Double.isNaN(LossGrid.at(c, 2)), "the censored value itself");
        assertTrue(Double.isNaN(LossGrid.at(c, 1.5)), "bracketed by a censored value");
        assertEquals(40, LossGrid.at(c, 1), 0);
        LossGrid.Trajectory a = run(new double[] {4, 2, 1}, new double[] {10, 20, 40});
        List<LossGrid.Point> s = LossGrid.summarize(List.of(a, c), new double[] {1, 3, 4}, false);
        assertEquals(List.of(2, 1, 2), s.stream().map(p -> p.spread().count()).toList(), "runs used per grid loss");
        assertEquals(15, s.get(1).spread().mean(), 1e-12, "the uncensored run alone");
        assertEquals(0, s.get(1).spread().spread(), 0);
    }

    @Test
    void censoredColumnsAreReadAndAMissingColumnIsFalse() {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(Map.of("epoch", "0", "loss", "4", "p10_abs", "1.0", "p10_censored", "false"));
        rows.add(Map.of("epoch", "10", "loss", "2", "p10_abs", "1e-20", "p10_censored", "true"));
        rows.add(Map.of("epoch", "5", "loss", "3", "p10_abs", ""));
        rows.add(Map.of("epoch", "20", "loss", "1", "p10_abs", "2.0"));
        LossGrid.Trajectory t = LossGrid.trajectory(rows, "p10_abs");
        assertArrayEquals(new double[] {4, 2, 1}, t.loss(), 0, "rows with the statistic, in epoch order");
        assertArrayEquals(new boolean[] {false, true, false}, t.censored());
        assertTrue(LossGrid.censored(Map.of("cond_p10", "1", "p10_censored", "true"), "cond_p10"));
        assertTrue(!LossGrid.censored(Map.of("lambda_max_abs", "1", "p10_censored", "true"), "lambda_max_abs"));
    }

    /** Rows of a run of fig5: every epoch a loss, every other epoch a spectrum. */
    static List<Map<String, String>> fig5Rows(Family f, int seed, double scale) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int epoch = 0; epoch <= 10; epoch++) {
            Map<String, String> r = new LinkedHashMap<>();
            r.put("init", f.initName());
            r.put("shortcut", "" + f.shortcut());
            r.put("depth", "6");
            r.put("seed", "" + seed);
            r.put("learning_rate", "0.05");
            r.put("epoch", "" + epoch);
            double loss = 5 * Math.pow(0.8, epoch) * (1 + 0.01 * seed);
            r.put("loss", "" + loss);
            r.put("gradient_norm", "" + loss / 10);
            boolean spectrum = epoch % 2 == 0;
            r.put("lambda_max_abs", spectrum ? "" + scale * (1 + loss) : "");
            r.put("p10_abs", spectrum ? "" + 0.1 : "");
            r.put("cond_p10", spectrum ? "" + scale * (1 + loss) / 0.1 : "");
            r.put("negative_ratio", spectrum ? "" + 0.1 * scale : "");
            r.put("p10_censored", spectrum && seed == 1 && epoch == 4 ? "true" : "false");
            rows.add(r);
        }
        return rows;
    }

    static List<Map<String, String>> fig5Rows() {
        List<Map<String, String>> rows = new ArrayList<>();
        Family two = new Family(Initialization.SMALL, 2);
        Family orthogonal = new Family(Initialization.ORTHOGONAL, 0);
        for (int seed = 1; seed <= 3; seed++) {
            rows.addAll(fig5Rows(two, seed, 1));
            rows.addAll(fig5Rows(orthogonal, seed, 3));
        }
        return rows;
    }

    @Test
    void fig5WritesASummaryBesideTheRawCsvAndChecksTheClaim() {
        List<String> files;
        try (OutputDirectory out = OutputDirectory.open(tmp)) {
            files = new Fig5().plot(fig5Rows(), null, out);
            out.commit();
        }
        assertTrue(files.containsAll(List.of("fig5_summary.csv", "fig5_comparison.csv", "fig5_cond_p10.png")), "" + files);
        List<Map<String, String>> summary = Csv.read(tmp.resolve("fig5_summary.csv"));
        assertEquals(LossGrid.SUMMARY_COLUMNS, List.copyOf(summary.get(0).keySet()));
        List<Map<String, String>> two = RowStats.filter(summary, r -> r.get("family").equals("small 2-shortcut")
                && r.get("statistic").equals("p10_abs"));
        assertEquals(LossGrid.POINTS, two.size(), "every grid loss has a run");
        assertTrue(two.stream().allMatch(r -> r.get("runs_total").equals("3") && r.get("summary").equals("geometric")));
        assertTrue(two.stream().anyMatch(r -> r.get("runs").equals("2")), "seed 1's censored spectrum is left out");
        List<Map<String, String>> cmp = Csv.read(tmp.resolve("fig5_comparison.csv"));
        assertEquals(LossGrid.COMPARISON_COLUMNS, List.copyOf(cmp.get(0).keySet()));
        Map<String, String> cond = RowStats.filter(cmp, r -> r.get("statistic").equals("cond_p10")
                && r.get("other").equals("orthogonal plain")).get(0);
        assertEquals(1.0, RowStats.num(cond, "smaller_fraction"), 0, "2-shortcut cond_p10 is a third of the other's");
        assertEquals(3.0, RowStats.num(cond, "ratio_min"), 1e-9);
        assertEquals(3.0, RowStats.num(cond, "ratio_max"), 1e-9);
    }

    @Test
    void fig6WritesTheRatioSummaryAndTheDynamicsDistance() {
        List<String> files;
        try (OutputDirectory out = OutputDirectory.open(tmp)) {
            files = new Fig6().plot(fig5Rows(), null, out);
            out.commit();
        }
        assertTrue(files.containsAll(List.of("fig6_summary.csv", "fig6_comparison.csv", "fig6_dynamics_distance.csv",
                "fig6_dynamics_loss.png", "fig6_dynamics_cond_p10.png", "fig6_dynamics_lambda_max_abs.png")), "" + files);
        for (String f : files) {
            assertTrue(Files.exists(tmp.resolve(f)), f);
        }
        List<Map<String, String>> summary = Csv.read(tmp.resolve("fig6_summary.csv"));
        assertTrue(summary.stream().allMatch(r -> r.get("statistic").equals("negative_ratio")
                && r.get("summary").equals("arithmetic")));
        List<Map<String, String>> d = Csv.read(tmp.resolve("fig6_dynamics_distance.csv"));
        Map<String, String> loss = RowStats.filter(d, r -> r.get("statistic").equals("loss")
                && r.get("other").equals("orthogonal plain")).get(0);
        assertEquals(11, RowStats.num(loss, "epochs"), 0);
        assertEquals(0, RowStats.num(loss, "rms_log10_ratio"), 1e-12, "the same losses");
        Map<String, String> max = RowStats.filter(d, r -> r.get("statistic").equals("lambda_max_abs")
                && r.get("other").equals("orthogonal plain")).get(0);
        assertEquals(6, RowStats.num(max, "epochs"), 0, "epochs 0, 2, … 10");
        assertEquals(Math.log10(3), RowStats.num(max, "rms_log10_ratio"), 1e-12, "a factor 3 at every epoch");
        Map<String, String> cond = RowStats.filter(d, r -> r.get("statistic").equals("cond_p10")
                && r.get("other").equals("orthogonal plain")).get(0);
        assertEquals(6, RowStats.num(cond, "epochs"), 0, "epoch 4 of seed 1 is censored: the other seeds remain");
        assertEquals(0, RowStats.num(RowStats.filter(d, r -> r.get("other").equals("xavier plain")).get(0), "epochs"),
                "no Xavier runs");
    }

    @Test
    void fig3AveragesTheWeightNormOverSeeds() {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            for (int epoch = 0; epoch <= 2; epoch++) {
                rows.add(Map.of("mid", "identity", "depth", "4", "seed", "" + seed, "epoch", "" + epoch,
                        "weight_norm", "" + (epoch + seed), "loss", "" + (1.0 / (epoch + 1))));
            }
        }
        try (OutputDirectory out = OutputDirectory.open(tmp)) {
            new Fig3().plot(rows, null, out);
            out.commit();
        }
        List<Map<String, String>> s = Csv.read(tmp.resolve("fig3_summary.csv"));
        assertEquals(Fig3.SUMMARY_COLUMNS, List.copyOf(s.get(0).keySet()));
        assertEquals(1, s.size(), "no relu rows");
        assertEquals(4, RowStats.num(s.get(0), "weight_norm_mean"), 1e-12, "(3 + 4 + 5) / 3 at epoch 2");
        assertEquals(1, RowStats.num(s.get(0), "weight_norm_std"), 1e-12);
        assertEquals(1.0 / 3, RowStats.num(s.get(0), "loss_mean"), 1e-12);
        assertEquals(3, RowStats.num(s.get(0), "seeds"), 0);
    }
}
