package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.Experiment;
import org.shortcuthessian.experiments.Experiments;
import org.shortcuthessian.experiments.PaperReport;

/** {@code reproduce all}: every experiment into DIR/NAME and REPORT.md; the report again from committed results. */
class ReproduceAllTest {
    @TempDir
    Path tmp;

    static final Path COMMITTED = Path.of("..", "..", "bench", "results", "paper");

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void replotDrawsEveryFigureAgainAndWritesTheReport() throws IOException {
        Path dir = tmp.resolve("paper");
        copy(COMMITTED, dir);
        Files.deleteIfExists(dir.resolve(PaperReport.FILE));
        CliTest.Run r = CliTest.run("reproduce", "all", "--replot", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        String report = Files.readString(dir.resolve(PaperReport.FILE));
        assertTrue(report.contains("![fig4_cond_p10.png](fig4/fig4_cond_p10.png)"), report);
        assertTrue(r.out().contains("REPORT.md"), r.out());
        for (PaperReport.Claim c : PaperReport.claims(dir)) {
            assertTrue(report.contains(c.paper()), "every claim is in the report: " + c.paper());
        }
    }

    @Test
    void optionsOfOneExperimentAreRefused() throws IOException {
        Path out = tmp.resolve("out");
        for (String[] o : new String[][] {{"--depths", "6"}, {"--epochs", "3"}, {"--learning-rates", "0.1"},
                {"--shard", "1/2"}}) {
            CliTest.assertBadInput(CliTest.run("reproduce", "all", "--quick", o[0], o[1], "--out", out.toString()), out,
                    o[0], "not with reproduce all");
        }
    }

    /** Every quick grid and the report (a few minutes on 2 cores): run by .ci/run. */
    @Test
    @Tag("slow")
    void quickRunsEveryExperimentAndJudgesEveryClaim() throws IOException {
        Path dir = tmp.resolve("all");
        CliTest.Run r = CliTest.run("reproduce", "all", "--quick", "--no-progress", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        for (Experiment e : Experiments.all()) {
            assertTrue(Files.isRegularFile(dir.resolve(e.name()).resolve(e.name() + ".csv")), e.name());
            assertTrue(Files.isRegularFile(dir.resolve(e.name()).resolve("manifest.json")), e.name());
        }
        java.util.List<String> names = Experiments.all().stream().map(Experiment::name).toList();
        for (PaperReport.Claim c : PaperReport.claims(dir)) {
            // claims on directories of other runs (fig9 on Fashion-MNIST) are not reproduce all's
            assertTrue(c.verdict() != PaperReport.Verdict.NOT_RUN || !names.contains(c.experiment()),
                    c.experiment() + ": " + c.paper() + " — " + c.measured());
        }
        String report = Files.readString(dir.resolve(PaperReport.FILE));
        assertTrue(report.contains("| all |"), "the wall time of the whole run: " + report);
        CliTest.Run again = CliTest.run("reproduce", "all", "--quick", "--resume", "--no-progress", "--out",
                dir.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("(0 run now)"), "a resume of a finished run runs nothing: " + again.out());
        assertEquals(report.replaceAll("\\| \\d+ s \\|", ""),
                Files.readString(dir.resolve(PaperReport.FILE)).replaceAll("\\| \\d+ s \\|", ""),
                "the same verdicts and numbers from the same rows");
    }
}
