package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.datasets.Idx;
import org.shortcuthessian.datasets.IdxFiles;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.network.NetworkSpec;

/** reproduce and train from the command line: outputs, and one clear line with exit 2 for bad input. */
class ReproduceCliTest {
    @TempDir
    Path tmp;

    /** Expects exit 2, one stderr line containing every fragment, nothing on stdout, no outputs in out. */
    void expectBad(Path out, String[] args, String... fragments) throws IOException {
        CliTest.assertBadInput(CliTest.run(args), out, fragments);
    }

    String[] reproduce(Path out, String... extra) {
        // fig4's families have units of 1, 2 and 3 layers: its depths are multiples of 6
        String[] base = {"reproduce", "fig4", "--depths", "6", "--seeds", "1", "--out", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void badExperimentOptionsAndData() throws IOException {
        Path out = tmp.resolve("out");
        expectBad(out, new String[] {"reproduce", "fig10", "--out", out.toString()}, "unknown experiment 'fig10'", "fig4");
        expectBad(out, new String[] {"reproduce", "fig5", "--learning-rate", "0", "--out", out.toString()},
                "--learning-rate", "0.0");
        expectBad(out, new String[] {"reproduce", "fig7", "--learning-rates", "0.1,-1", "--out", out.toString()},
                "--learning-rates", "index 1");
        expectBad(out, reproduce(out, "--components", "1000"), "k = 1000", "pixel count 784");
        expectBad(out, reproduce(out, "--seeds", "0"), "--seeds");
        expectBad(out, reproduce(out, "--data", tmp.resolve("nowhere").toString()), "nowhere", "not a directory");

        Path wrongMagic = Files.createDirectories(tmp.resolve("magic"));
        IdxFiles.write(wrongMagic.resolve("train-images-idx3-ubyte"),
                IdxFiles.bytes(Idx.LABELS_MAGIC, new int[] {2}, new int[] {1, 2}), false);
        IdxFiles.write(wrongMagic.resolve("train-labels-idx1-ubyte"),
                IdxFiles.bytes(Idx.LABELS_MAGIC, new int[] {2}, new int[] {1, 2}), false);
        expectBad(out, reproduce(out, "--data", wrongMagic.toString()), "train-images-idx3-ubyte", "magic number 2049");

        Path truncated = IdxFiles.directory(tmp.resolve("trunc"), 40, 4, 2, 1);
        Path labels = truncated.resolve("train-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        Files.write(labels, java.util.Arrays.copyOf(b, b.length - 4));
        expectBad(out, reproduce(out, "--data", truncated.toString()), "train-labels-idx1-ubyte", "truncated");

        Path counts = IdxFiles.directory(tmp.resolve("counts"), 40, 4, 2, 1);
        IdxFiles.write(counts.resolve("train-labels-idx1-ubyte"),
                IdxFiles.bytes(Idx.LABELS_MAGIC, new int[] {39}, new int[39]), false);
        expectBad(out, reproduce(out, "--data", counts.toString()), "39 labels for 40 images");
    }

    @Test
    void reproduceRunsOnAnIdxDirectoryAndSyntheticData() throws IOException {
        Path dir = IdxFiles.directory(tmp.resolve("idx"), 300, 5, 10, 3);
        Path out = tmp.resolve("idx-out");
        CliTest.Run r = CliTest.run(reproduce(out, "--data", dir.toString(), "--no-progress"));
        assertEquals(0, r.code(), r.err());
        JsonNode m = JsonTypesCliTest.typed(out.resolve("manifest.json")); // every value typed
        assertEquals(300, m.get("data").get("samples").asInt());
        assertTrue(m.get("software").get("processors").isInt());
        for (String format : List.of("png", "svg", "pdf")) {
            assertTrue(Files.size(out.resolve("fig4_cond_p10." + format)) > 1000, format);
        }
        // --replot draws the figures again from the CSV, without running a cell
        Files.delete(out.resolve("fig4_cond.svg"));
        String csv = Files.readString(out.resolve("fig4.csv"));
        CliTest.Run again = CliTest.run("reproduce", "fig4", "--replot", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().startsWith("fig4: 10 files redrawn"), again.out());
        assertTrue(Files.exists(out.resolve("fig4_cond.svg")));
        assertEquals(csv, Files.readString(out.resolve("fig4.csv")), "the results are not touched");
        assertEquals(10, Json.read(out.resolve("manifest.json")).get("files").size(), "the CSV and 9 figure files");
        CliTest.Run none = CliTest.run("reproduce", "fig7", "--replot", "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, none.code());
        assertTrue(none.err().contains("fig7.csv: no results of fig7 to plot"), none.err());
        Path syn = tmp.resolve("syn-out");
        CliTest.Run s = CliTest.run(reproduce(syn, "--data", "synthetic", "--samples", "500", "--no-progress"));
        assertEquals(0, s.code(), s.err());
        assertEquals("synthetic", Json.read(syn.resolve("manifest.json")).get("data").get("source").asText());
    }

    @Test
    void trainWritesTheRunAndRefusesBadRates() throws IOException {
        Path model = tmp.resolve("model.json");
        Json.write(model, NetworkSpec.linear(10, 2, 2, true).toJson());
        Path out = tmp.resolve("train");
        CliTest.Run r = CliTest.run("train", "--model", model.toString(), "--init", "small", "--seed", "3",
                "--samples", "1000", "--learning-rate", "0.2", "--epochs", "40", "--spectrum-every", "20",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = ResultsFile.read(out.resolve("training.csv"));
        assertEquals(41, rows.size());
        assertFalse(rows.get(20).get("cond_p10").isEmpty());
        assertTrue(rows.get(19).get("cond_p10").isEmpty());
        JsonNode res = Json.read(out.resolve("result.json"));
        assertTrue(res.get("final_loss").asDouble() < res.get("initial_loss").asDouble());
        assertTrue(Files.exists(out.resolve("weights.npy")));
        Path bad = tmp.resolve("bad");
        expectBad(bad, new String[] {"train", "--model", model.toString(), "--init", "small", "--learning-rate", "-0.1",
            "--out", bad.toString()}, "learning rate", "-0.1");
        expectBad(bad, new String[] {"train", "--model", model.toString(), "--init", "small", "--learning-rate", "0.1",
            "--components", "12", "--out", bad.toString()}, "--components = 12", "dim = 10");
    }

    @Test
    void progressBarRendersCellsPercentAndEta() {
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(new java.io.StringWriter()), "fig4", false);
        String line = bar.render(12, 50, 0.25, 30);
        assertTrue(line.startsWith("fig4 [########......................] 12/50 cells  25% 0:30 elapsed, ETA 1:30"), line);
        assertEquals("1:01:01", ProgressBar.time(3661));
    }
}
