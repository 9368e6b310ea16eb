package org.shortcuthessian.cli;

import org.shortcuthessian.experiments.*;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.network.Initialization;

/** The experiments end to end from the CLI: fig4 --quick reproduces the paper's claim; resume; every figure runs. */
class ReproduceTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        int code = Main.run(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void assertPng(Path file) throws IOException {
        assertTrue(Files.exists(file), file + " exists");
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img, file + " is a PNG");
        assertTrue(img.getWidth() >= 600 && img.getHeight() >= 400, file + " size");
    }

    /** max/min over depths of the per-depth mean of cond_p10 of one family. */
    static double spread(List<Map<String, String>> rows, Family f) {
        double[][] s = Fig4.series(rows, f, "cond_p10");
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (double v : s[1]) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertTrue(s[0].length >= 4, "depths of " + f.label());
        return max / min;
    }

    @Test
    void fig4QuickReproducesTheDepthInvariance() throws IOException {
        Path out = tmp.resolve("fig4");
        Run r = run("reproduce", "fig4", "--quick", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = ResultsFile.read(out.resolve("fig4.csv"));
        assertTrue(rows.get(0).keySet().containsAll(List.of("init", "shortcut", "depth", "seed", "cond", "cond_p10",
                "negative_ratio")), rows.get(0).keySet().toString());
        assertEquals(5 * 5 * 3 - 3, rows.size(), "5 families × 5 depths × 3 seeds (3-shortcut: 2 and 4 both give 3)");
        double flat = spread(rows, new Family(Initialization.SMALL, 2));
        double xavier = spread(rows, new Family(Initialization.XAVIER, 0));
        assertTrue(flat < 2, "2-shortcut cond_p10 max/min over depth = " + flat);
        assertTrue(xavier > 10, "Xavier cond_p10 max/min over depth = " + xavier);
        assertTrue(spread(rows, new Family(Initialization.SMALL, 1)) > 10, "1-shortcut grows");
        for (String png : List.of("fig4_cond_p10.png", "fig4_cond.png", "fig4_lambda_max_abs.png")) {
            assertPng(out.resolve(png));
        }
        JsonNode m = Json.read(out.resolve("manifest.json"));
        assertEquals("fig4", m.get("experiment").asText());
        assertEquals(rows.size(), m.get("cells").asInt());
        assertTrue(m.get("wall_seconds").asDouble() > 0);
        assertTrue(m.get("eigen_seconds_sum").asDouble() > 0);
        // Linux gives a load average: the machine's load at the start and end of the run, the run's own among it
        assertTrue(m.get("load_average").get("start").asDouble() >= 0, m.get("load_average").toString());
        assertTrue(m.get("load_average").get("end").asDouble() > 0, m.get("load_average").toString());
        assertTrue(m.get("software").has("openblas_core") || m.get("software").get("backend").asText().equals("java"));
        assertEquals(10000, m.get("data").get("samples").asInt());
        assertTrue(r.out().contains("fig4: 72 cells"), r.out());
    }

    static Set<String> keysAndValues(List<Map<String, String>> rows) {
        return rows.stream().map(r -> r.get("init") + r.get("shortcut") + r.get("depth") + r.get("seed") + "="
                + r.get("cond_p10") + "," + r.get("loss")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void interruptedRunsResumeWithValidRows() throws IOException {
        Path out = tmp.resolve("resume");
        String[] args = {"reproduce", "fig4", "--depths", "6", "--seeds", "3", "--out", out.toString(),
            "--no-progress", "--threads", "1"};
        assertEquals(0, run(args).code());
        Set<String> complete = keysAndValues(ResultsFile.read(out.resolve("fig4.csv")));
        assertEquals(15, complete.size());
        // simulate an interruption: the last two cells were not marked complete, the last row is torn
        Path cells = out.resolve("fig4.cells");
        List<String> lines = Files.readAllLines(cells);
        Files.write(cells, lines.subList(0, lines.size() - 2));
        Path csv = out.resolve("fig4.csv");
        String text = Files.readString(csv);
        Files.writeString(csv, text.substring(0, text.length() - 20));
        Run again = run(args);
        assertEquals(2, again.code(), "an existing run is not overwritten: " + again.err());
        assertTrue(again.err().contains("--resume"), again.err());
        List<String> resumeArgs = new ArrayList<>(List.of(args));
        resumeArgs.add("--resume");
        Run resumed = run(resumeArgs.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("15 cells (2 run now)"), resumed.out());
        assertEquals(complete, keysAndValues(ResultsFile.read(csv)), "same rows, none lost or doubled");
        JsonNode manifest = Json.read(out.resolve("manifest.json"));
        assertEquals(2, manifest.get("cells_run").asInt());
        assertEquals(1, manifest.get("previous_runs").size(), "the first run's account is kept");
        assertEquals(15, manifest.get("previous_runs").get(0).get("cells_run").asInt());
        List<String> otherArgs = new ArrayList<>(resumeArgs);
        otherArgs.set(3, "12");
        Run other = run(otherArgs.toArray(String[]::new));
        assertEquals(2, other.code());
        assertTrue(other.err().contains("other parameters"), other.err());
    }

    @Test
    void aResumeThatRunsNoCellKeepsTheManifestOfTheRunThatMadeTheRows() throws IOException {
        Path out = tmp.resolve("nothing");
        String[] args = {"reproduce", "fig4", "--depths", "6", "--seeds", "1", "--out", out.toString(),
            "--no-progress", "--threads", "1", "--resume"};
        assertEquals(0, run(args).code());
        JsonNode first = Json.read(out.resolve("manifest.json"));
        assertEquals(5, first.get("cells_run").asInt());
        Run again = run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(0 run now)"), again.out());
        JsonNode kept = Json.read(out.resolve("manifest.json"));
        for (String k : List.of("created", "cells_run", "wall_seconds", "eigen_seconds_sum", "software", "grid")) {
            assertEquals(first.get(k), kept.get(k), k + ": the run that made the rows");
        }
        assertEquals(1, kept.get("runs_without_cells").size(), kept.toString());
        assertFalse(kept.get("runs_without_cells").get(0).get("created").equals(first.get("created")));
        assertEquals(first.get("files"), kept.get("files"), "the same plots, drawn again");
        assertEquals(0, run(args).code());
        assertEquals(2, Json.read(out.resolve("manifest.json")).get("runs_without_cells").size());
    }

    @Test
    void everyFigureRunsOnATinyGrid() throws IOException {
        for (String fig : List.of("fig3", "fig4", "fig5", "fig6", "fig7", "fig8")) {
            Path out = tmp.resolve(fig);
            // each experiment takes only the options it uses; fig5/fig6 have 3-layer units: depths are multiples of 6
            List<String> own = switch (fig) {
                case "fig3" -> List.of("--depths", "2,4");
                case "fig4" -> List.of("--depths", "6", "--seeds", "2");
                case "fig5", "fig6" -> List.of("--depths", "6", "--spectrum-every", "3");
                default -> List.of("--depths", "2,4", "--learning-rates", "0.01,0.1");
            };
            List<String> args = new ArrayList<>(List.of("reproduce", fig, "--samples", "300", "--out",
                    out.toString(), "--no-progress"));
            if (!fig.equals("fig4")) {
                args.addAll(List.of("--epochs", "6"));
            }
            args.addAll(own);
            Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.code(), fig + ": " + r.err());
            List<Map<String, String>> rows = ResultsFile.read(out.resolve(fig + ".csv"));
            assertFalse(rows.isEmpty(), fig);
            try (Stream<Path> files = Files.list(out)) {
                List<Path> pngs = files.filter(p -> p.toString().endsWith(".png")).toList();
                assertTrue(pngs.size() >= 2, fig + " plots: " + pngs);
                for (Path p : pngs) {
                    assertPng(p);
                }
            }
            JsonNode grid = Json.read(out.resolve("manifest.json")).get("grid");
            assertNotNull(grid, fig + ": manifest.json has a grid block");
            for (String key : List.of("init", "depth", "seed")) {
                assertTrue(grid.get(key).isArray() && grid.get(key).size() >= 1, fig + ": grid." + key + " " + grid);
            }
            long seeds = rows.stream().map(x -> x.get("seed")).distinct().count();
            assertEquals(List.of("fig7", "fig8").contains(fig) ? grid.get("seed").size() : fig.equals("fig4") ? 2 : 3,
                    seeds, fig + ": seeds (fig3, fig5, fig6: 3 by default)");
            assertEquals(seeds, grid.get("seed").size());
            if (fig.equals("fig5") || fig.equals("fig6")) {
                long spectra = rows.stream().filter(x -> !x.get("cond_p10").isEmpty()).count();
                long runs = rows.stream().map(x -> x.get("init") + x.get("shortcut") + x.get("depth")).distinct().count();
                assertEquals(5, runs, "5 families at depth 6");
                assertEquals(3 * runs * seeds, spectra, fig + ": epochs 0, 3, 6 of every run");
                assertTrue(Files.exists(out.resolve(fig + "_summary.csv")), fig + "_summary.csv");
                assertTrue(Files.exists(out.resolve(fig + "_comparison.csv")), fig + "_comparison.csv");
            }
            if (fig.equals("fig3")) {
                assertTrue(Files.exists(out.resolve("fig3_summary.csv")));
            }
        }
    }

    /**
     * --epsilon reaches the small initialization, the manifest and the CSV; fig4 carries Theorem 2's prediction and
     * the censoring flags; a bad ε is one line.
     */
    @Test
    void epsilonIsRecordedAndFig4CarriesThePrediction() throws IOException {
        Path out = tmp.resolve("eps");
        Run r = run("reproduce", "fig4", "--depths", "6", "--seeds", "1", "--epsilon", "1e-3", "--out", out.toString(),
                "--no-progress");
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = ResultsFile.read(out.resolve("fig4.csv"));
        JsonNode m = Json.read(out.resolve("manifest.json"));
        assertEquals(1e-3, m.get("grid").get("epsilon").asDouble(), 0.0);
        assertEquals(1e-3, m.get("parameters").get("epsilon").asDouble(), 0.0);
        for (Map<String, String> row : rows) {
            boolean small = row.get("init").equals("small");
            assertEquals(small ? "0.001" : "", row.get("epsilon"), row.toString());
            assertTrue(Set.of("true", "false").contains(row.get("p10_censored")), row.toString());
            assertTrue(Set.of("true", "false").contains(row.get("min_censored")), row.toString());
            boolean predicted = small && !row.get("shortcut").equals("3");
            assertEquals(predicted, !row.get("predicted_cond_p10").isEmpty(), row.toString());
            if (small && row.get("shortcut").equals("2")) {
                double measured = Double.parseDouble(row.get("cond_p10"));
                double theorem = Double.parseDouble(row.get("predicted_cond_p10"));
                assertEquals(theorem, measured, 0.05 * theorem, "near zero the 2-shortcut Hessian is Theorem 2's");
            }
        }
        Path bad = tmp.resolve("bad");
        Run refused = run("reproduce", "fig4", "--epsilon", "0", "--out", bad.toString());
        assertEquals(2, refused.code());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("--epsilon") && refused.err().contains("> 0"), refused.err());
        assertFalse(Files.exists(bad.resolve("fig4.csv")));
        Run unused = run("reproduce", "zero-point", "--epsilon", "1e-3", "--out", bad.toString());
        assertEquals(2, unused.code());
        assertTrue(unused.err().contains("--epsilon: zero-point does not use it"), unused.err());
    }

    /**
     * reproduce zero-point --quick: linear 2-shortcut networks match Theorem 2 while ε is small and leave it as ε → 1;
     * relu at mid has no prediction (H(0) = 0) and a depth-invariant cond_p10 near zero.
     */
    @Test
    void zeroPointSweepShowsWhereTheoremTwoHolds() throws IOException {
        Path out = tmp.resolve("zp");
        Run r = run("reproduce", "zero-point", "--quick", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = ResultsFile.read(out.resolve("zero-point.csv"));
        assertEquals(2 * 2 * 7, rows.size(), "2 activations × R = 1, 4 × ε = 1e-6 … 1");
        for (String units : List.of("1", "4")) {
            Map<String, String> tiny = find(rows, "identity", units, "1.0E-6");
            double theorem = Double.parseDouble(tiny.get("predicted_cond_p10"));
            assertEquals(theorem, Double.parseDouble(tiny.get("cond_p10")), 1e-3 * theorem, "linear, R = " + units);
            Map<String, String> one = find(rows, "identity", units, "1.0");
            assertTrue(Math.abs(Double.parseDouble(one.get("cond_p10")) / theorem - 1) > 0.1,
                    "at ε = 1 the prediction no longer holds: " + one.get("cond_p10") + " vs " + theorem);
            assertEquals("", find(rows, "relu", units, "1.0E-4").get("predicted_cond_p10"), "relu: H(0) = 0");
        }
        double relu1 = Double.parseDouble(find(rows, "relu", "1", "1.0E-4").get("cond_p10"));
        double relu4 = Double.parseDouble(find(rows, "relu", "4", "1.0E-4").get("cond_p10"));
        assertEquals(relu1, relu4, 0.2 * relu1, "relu at mid near zero: cond_p10 depth-invariant");
        for (String png : List.of("zero_point_cond_p10.png", "zero_point_lambda_max_abs.png")) {
            assertPng(out.resolve(png));
        }
    }

    private static Map<String, String> find(List<Map<String, String>> rows, String mid, String units, String eps) {
        return rows.stream().filter(x -> x.get("mid").equals(mid) && x.get("units").equals(units)
                && x.get("epsilon").equals(eps)).findFirst().orElseThrow(() -> new AssertionError(mid + " " + units
                + " " + eps + " not in the rows"));
    }
}
