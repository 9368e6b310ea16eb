package org.shortcuthessian.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.cli.Main;
import org.shortcuthessian.experiments.SweepRows;
import org.shortcuthessian.io.Json;

/** reproduce --spark local[2]: the same rows as the local runner, the same files, the same resume. */
class SparkLocalTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> fig4(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "fig4", "--depths", "6,12,24", "--seeds", "2", "--samples",
                "2000", "--no-progress", "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void localTwoGivesTheLocalRunnersRowsFilesAndResume() throws Exception {
        Path local = tmp.resolve("local");
        Run l = run(fig4(local));
        assertEquals(0, l.code(), l.err());
        Path spark = tmp.resolve("spark");
        Run s = run(fig4(spark, "--spark", "local[2]"));
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("fig4: 30 cells (30 run now)"), s.out());
        List<String> rows = SweepRows.comparable(local.resolve("fig4.csv"));
        assertEquals(30, rows.size());
        assertEquals(rows, SweepRows.comparable(spark.resolve("fig4.csv")), "identical rows (timing columns aside)");
        assertEquals(Files.readAllLines(local.resolve("fig4.cells")).get(0),
                Files.readAllLines(spark.resolve("fig4.cells")).get(0), "same parameters: a local run resumes it");
        for (String png : List.of("fig4_cond_p10.png", "fig4_cond.png", "fig4_lambda_max_abs.png")) {
            assertTrue(Files.size(spark.resolve(png)) > 1000, png);
        }
        JsonNode runner = Json.read(spark.resolve("manifest.json")).get("runner");
        assertEquals("spark", runner.get("kind").asText());
        assertEquals("local[2]", runner.get("master").asText());
        assertEquals(2, runner.get("cores").asInt());
        int cells = 0;
        for (JsonNode x : runner.get("executors")) {
            cells += x.get("cells").asInt();
        }
        assertEquals(30, cells, "every cell ran on an executor once: " + runner);

        // an interrupted Spark run: the last three cells unfinished, a torn row; resumed with Spark
        Path cellsFile = spark.resolve("fig4.cells");
        List<String> lines = Files.readAllLines(cellsFile);
        Files.write(cellsFile, lines.subList(0, lines.size() - 3));
        String text = Files.readString(spark.resolve("fig4.csv"));
        Files.writeString(spark.resolve("fig4.csv"), text.substring(0, text.length() - 30));
        Run resumed = run(fig4(spark, "--spark", "local[2]", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("30 cells (3 run now)"), resumed.out());
        assertEquals(rows, SweepRows.comparable(spark.resolve("fig4.csv")), "none lost, none doubled");
        Run refused = run(fig4(spark, "--spark", "local[2]", "--resume", "--backend", "java"));
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("backend"), refused.err());
        Run local2 = run(fig4(spark, "--resume"));
        assertEquals(0, local2.code(), "a Spark run resumes locally: " + local2.err());
        assertTrue(local2.out().contains("30 cells (0 run now)"), local2.out());
    }
}
