package org.shortcuthessian.experiments;

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

/** The reproduction report: verdicts by the stated rules on results whose verdict is known, and byte-stable output. */
class PaperReportTest {
    @TempDir
    Path tmp;

    /** The index of fig4's first claim: fig3's come first (figure order). */
    static final int ZERO = (int) PaperReport.claims(Path.of("nowhere")).stream()
            .takeWhile(c -> !c.experiment().equals("fig4")).count();

    static final List<String> FIG4 = List.of("init", "shortcut", "depth", "seed", "lambda_max_abs", "cond_p10",
            "p10_censored");

    /** fig4 rows: cond_p10 = cond(family, depth), max|λ| = max(family, depth), two seeds each. */
    static void fig4(Path dir, double twoShortcutGrowth, boolean censorDeepXavier) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int[] depths = {6, 12, 24};
        for (int k = 0; k < depths.length; k++) {
            int depth = depths[k];
            for (int seed = 1; seed <= 2; seed++) {
                rows.add(row("xavier", 0, depth, seed, 50, Math.pow(100, k + 1), censorDeepXavier && k == 2));
                rows.add(row("small", 1, depth, seed, 30, 4.0 * (k + 1) * (k + 1), false));
                rows.add(row("small", 2, depth, seed, 1.2, 1.48 * Math.pow(twoShortcutGrowth, k), false));
                rows.add(row("small", 3, depth, seed, 3e-4, 5.0, false));
            }
        }
        ResultsFile.write(dir.resolve("fig4").resolve("fig4.csv"), FIG4, rows);
    }

    static Map<String, Object> row(String init, int n, int depth, int seed, double max, double condP10,
                                   boolean censored) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("init", init);
        r.put("shortcut", n);
        r.put("depth", depth);
        r.put("seed", seed);
        r.put("lambda_max_abs", max);
        r.put("cond_p10", condP10 * (censored && seed == 2 ? 1e6 : 1));
        r.put("p10_censored", censored && seed == 2);
        return r;
    }

    @Test
    void verdictsFollowTheStatedRules() throws Exception {
        Files.createDirectories(tmp.resolve("fig4"));
        fig4(tmp, 1.0, true);
        List<PaperReport.Claim> claims = PaperReport.claims(tmp);
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO).verdict(), claims.get(ZERO).measured());
        assertTrue(claims.get(ZERO).measured().contains("max/min over depths 1.00"), claims.get(ZERO).measured());
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO + 1).verdict(), claims.get(ZERO + 1).measured());
        assertTrue(claims.get(ZERO + 1).measured().contains("1 seed(s) censored"), "a censored seed is named, not averaged: "
                + claims.get(ZERO + 1).measured());
        assertTrue(claims.get(ZERO + 1).measured().contains("depth 24 ≥ 1.00e+06"), "a censored depth gives the plot's"
                + " lower bound (here the uncensored seed's value: the censored row has no N for its own bound): "
                + claims.get(ZERO + 1).measured());
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO + 2).verdict(), claims.get(ZERO + 2).measured());
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO + 3).verdict(), claims.get(ZERO + 3).measured());
        for (PaperReport.Claim c : claims) {
            if (!c.experiment().equals("fig4")) {
                assertEquals(PaperReport.Verdict.NOT_RUN, c.verdict(), c.experiment() + " was not run");
            }
        }

        fig4(tmp, 1.5, false); // 2-shortcut cond_p10 × 1.5 per depth: 2.25 over the grid
        assertEquals(PaperReport.Verdict.NOT_REPRODUCED, PaperReport.claims(tmp).get(ZERO).verdict());
        fig4(tmp, 1.2, false); // × 1.44: within 2
        assertEquals(PaperReport.Verdict.PARTLY, PaperReport.claims(tmp).get(ZERO).verdict());
    }

    @Test
    void theReportIsTheSameFromTheSameFiles() throws Exception {
        Files.createDirectories(tmp.resolve("fig4"));
        fig4(tmp, 1.0, false);
        Path report = PaperReport.write(tmp);
        byte[] first = Files.readAllBytes(report);
        PaperReport.write(tmp);
        assertEquals(new String(first, java.nio.charset.StandardCharsets.UTF_8), Files.readString(report));
        String text = Files.readString(report);
        assertTrue(text.contains("| " + (ZERO + 1) + " | `fig4` |"), text);
        assertTrue(text.contains("**reproduced**"), text);
        assertTrue(text.contains("**not run**"), text);
    }

    @Test
    void theWallTimeTableAndTheMachineComeFromTheManifests() throws Exception {
        Files.createDirectories(tmp.resolve("fig4"));
        fig4(tmp, 1.0, false);
        for (String name : List.of("fig3", "fig4", "fig9-fashion-mnist")) {
            Files.createDirectories(tmp.resolve(name));
            Files.writeString(tmp.resolve(name).resolve("manifest.json"), "{\"experiment\": \"" + name + "\", \"cells\": "
                    + (name.equals("fig4") ? 290 : 36) + ", \"wall_seconds\": " + (name.equals("fig4") ? 407.6 : 100.2)
                    + (name.equals("fig3") ? ", \"previous_runs\": [{\"wall_seconds\": 50.0}]" : "") // a resume
                    + ", \"created\": \"2026-12-01T21:00:00Z\", \"parameters\": {\"quick\": false}, \"software\": {"
                    + "\"processors\": 2, \"openblas_version\": \"0.3.30\", \"openblas_core\": \""
                    + (name.equals("fig4") ? "Cooperlake" : "Haswell") + "\", \"openblas_threads\": 2,"
                    + " \"kernels_isa\": \"avx512\", \"java\": \"17.0.15\"}, \"runner\": {\"kind\": \"local\"}}");
        }
        String text = Files.readString(PaperReport.write(tmp));
        assertTrue(text.contains("| `fig3` | 36 | 150 s in 2 runs | default | 2026-12-01T21:00:00Z |"),
                "a resume adds the runs before it: " + text);
        assertTrue(text.contains("| `fig4` | 290 | 408 s | default | 2026-12-01T21:00:00Z |"), text);
        assertTrue(text.contains("| all | | 558 s | | |"), "a run by hand is not summed into all: " + text);
        assertTrue(text.contains("| `fig9-fashion-mnist` (not in `all`) | 36 | 100 s | default |"), text);
        assertTrue(text.contains("these manifests do not tell which (they record no load average)"), text);
        // two machines: each named with its experiments
        assertTrue(text.contains("Machine, as the manifests record it: 2 processors, OpenBLAS 0.3.30 core Haswell on 2"
                + " thread(s), kernels avx512, Java 17.0.15, local runner (`fig3`, `fig9-fashion-mnist`); 2 processors, OpenBLAS 0.3.30 core"
                + " Cooperlake on 2 thread(s), kernels avx512, Java 17.0.15, local runner (`fig4`)."), text);

        // a manifest with the load average: a column, "—" for the runs without one
        Path fig4 = tmp.resolve("fig4").resolve("manifest.json");
        Files.writeString(fig4, Files.readString(fig4).replaceFirst("\\{", "{\"load_average\": {\"start\": 0.78,"
                + " \"end\": 2.0}, "));
        text = Files.readString(PaperReport.write(tmp));
        assertTrue(text.contains("| experiment | cells | wall time | grid | run | load average |"), text);
        assertTrue(text.contains("| `fig4` | 290 | 408 s | default | 2026-12-01T21:00:00Z | 0.78 → 2.00 |"), text);
        assertTrue(text.contains("| `fig3` | 36 | 150 s in 2 runs | default | 2026-12-01T21:00:00Z | — |"), text);
        assertTrue(text.contains("| all | | 558 s | | | |"), text);
    }

    @Test
    void theCommittedResultsGiveTheirVerdicts() {
        Path committed = Path.of("..", "..", "bench", "results", "paper");
        assertTrue(Files.isDirectory(committed.resolve("fig4")), committed.toAbsolutePath().toString());
        List<PaperReport.Claim> claims = PaperReport.claims(committed);
        // the committed fig4: 2-shortcut cond_p10 1.48 at every depth; Xavier 45 → 2.0e18
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO).verdict(), claims.get(ZERO).measured());
        assertEquals(PaperReport.Verdict.REPRODUCED, claims.get(ZERO + 1).verdict(), claims.get(ZERO + 1).measured());
        for (PaperReport.Claim c : claims) {
            assertTrue(c.verdict() != PaperReport.Verdict.NOT_RUN || !Files.isDirectory(committed.resolve(c.experiment())),
                    c.experiment() + ": its results are committed, so its claims are judged");
        }
    }
}
