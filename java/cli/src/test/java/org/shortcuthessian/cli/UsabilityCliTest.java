package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import picocli.CommandLine;

/**
 * What a new user meets first: help texts without warnings, --version everywhere, the list of commands,
 * one overwrite rule, label-vector targets, train's progress, demo's --shortcut-length.
 */
class UsabilityCliTest {
    @TempDir
    Path tmp;

    /** @return every subcommand's name but picocli's own {@code help}. */
    static List<String> commands() {
        return new CommandLine(new Main()).getSubcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
    }

    /** Runs the CLI with System.err captured too (picocli prints its own warnings there, not to the CLI's err). */
    static CliTest.Run runCapturingSystemErr(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
            CliTest.Run r = CliTest.run(args);
            return new CliTest.Run(r.code(), r.out(), r.err() + systemErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void everyHelpTextPrintsWithoutWarnings() {
        assertTrue(commands().containsAll(List.of("hessian", "spectrum", "density", "demo", "reproduce", "train", "info")));
        for (String c : commands()) {
            CliTest.Run r = runCapturingSystemErr(c, "--help");
            assertEquals(0, r.code(), c);
            assertEquals("", r.err(), c + " --help wrote to stderr");
            assertTrue(r.out().startsWith("Usage: shortcut-hessian " + c), c);
            assertFalse(r.out().contains("<"), c + ": every option has a label, no <field> placeholder:\n" + r.out());
        }
        CliTest.Run top = runCapturingSystemErr("--help");
        assertEquals("", top.err());
        assertTrue(top.out().contains("density"));
    }

    @Test
    void everySubcommandAnswersVersion() {
        String expected = "shortcut-hessian " + Main.version() + System.lineSeparator();
        for (String c : commands()) {
            for (String flag : List.of("--version", "-V")) {
                CliTest.Run r = CliTest.run(c, flag);
                assertEquals(0, r.code(), c + " " + flag);
                assertEquals(expected, r.out(), c + " " + flag);
                assertEquals("", r.err(), c + " " + flag);
            }
        }
        assertEquals(expected, CliTest.run("--version").out());
    }

    @Test
    void noCommandListsEveryCommand() {
        CliTest.Run r = CliTest.run();
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        for (String c : commands()) {
            assertTrue(r.err().contains(c), c + " missing from: " + r.err());
        }
    }

    @Test
    void reproduceHelpShowsTheDefaultsAndACleanSynopsis() {
        String help = CliTest.run("reproduce", "--help").out();
        String synopsis = help.replaceAll("\\s+", ""); // picocli wraps the synopsis anywhere
        assertTrue(synopsis.contains("[--depths=L[,L...]]...[--learning-rates=ETA[,ETA...]]..."), help);
        assertTrue(help.contains("spectrum every 10 [20] epochs"), help);
        assertTrue(help.contains("0.05 for fig5"), help);
        assertTrue(help.contains("--eigensolver=ROUTINE") && help.contains("dsyev_2stage or dsyevr"), help);
        String train = CliTest.run("train", "--help").out();
        assertFalse(train.contains("experiment"), "train --samples speaks of train's data only");
        assertTrue(train.contains("--epochs=E") && train.contains("--seed=S"), train);
    }

    // ---- one overwrite rule

    Path knownHessian() {
        Path h = tmp.resolve("H.npy");
        Npy.writeArray(h, new NpyArray(new long[] {3, 3}, new double[] {2, 0, 0, 0, -1, 0, 0, 0, 5}));
        return h;
    }

    @Test
    void aNonEmptyOutputDirectoryNeedsOverwrite() throws IOException {
        Path h = knownHessian();
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliTest.Run refused = CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, refused.code());
        assertEquals("shortcut-hessian spectrum: " + out + ": exists and is not empty (pass --overwrite to replace its"
                + " files or choose another --out)" + System.lineSeparator(), refused.err());
        assertFalse(Files.exists(out.resolve("stats.json")), "nothing written");
        CliTest.Run again = CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--overwrite");
        assertEquals(0, again.code(), again.err());
        assertTrue(Files.exists(out.resolve("stats.json")));
        assertEquals("mine", Files.readString(out.resolve("notes.txt")), "other files are left alone");
        // an empty existing directory is fine without --overwrite
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(0, CliTest.run("spectrum", "--hessian", h.toString(), "--out", empty.toString()).code());
        // the same rule for density, and reproduce offers --resume too
        CliTest.Run density = CliTest.run("density", "--hessian", h.toString(), "--out", out.toString(),
                "--steps", "3", "--probes", "2");
        assertEquals(ExitCodes.BAD_INPUT, density.code());
        assertTrue(density.err().contains("exists and is not empty"), density.err());
        CliTest.Run reproduce = CliTest.run("reproduce", "fig4", "--quick", "--out", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, reproduce.code());
        assertTrue(reproduce.err().contains("--resume to continue the run in it"), reproduce.err());
    }

    @Test
    void everyWritingCommandTakesOverwrite() {
        for (String c : List.of("hessian", "spectrum", "density", "demo", "reproduce", "train")) {
            assertTrue(CliTest.run(c, "--help").out().contains("--overwrite"), c);
        }
    }

    // ---- label-vector targets

    /** Writes a version-1.0 .npy of little-endian int64 values, shape (m,). */
    static void writeInt64Labels(Path file, long[] labels) throws IOException {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + labels.length + ",), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (long l : labels) {
            b.putLong(l);
        }
        Files.write(file, b.array());
    }

    @Test
    void integerLabelTargetsGiveTheHessianOfTheirOneHotForm() throws IOException {
        int d = 3;
        int m = 40;
        Path model = tmp.resolve("m.json");
        Files.writeString(model, HessianCliTest.MODEL);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] x = new double[m * d];
        for (int q = 0; q < x.length; q++) {
            x[q] = rnd.nextDouble() * 2 - 1;
        }
        long[] labels = new long[m];
        double[] oneHot = new double[m * d];
        for (int j = 0; j < m; j++) {
            labels[j] = rnd.nextInt(d);
            oneHot[j * d + (int) labels[j]] = 1;
        }
        Path xs = tmp.resolve("x.npy");
        Npy.writeArray(xs, new NpyArray(new long[] {m, d}, x));
        Path y = tmp.resolve("y.npy");
        Npy.writeArray(y, new NpyArray(new long[] {m, d}, oneHot));
        Path labelFile = tmp.resolve("labels.npy");
        writeInt64Labels(labelFile, labels);
        for (String[] pair : new String[][] {{y.toString(), "onehot"}, {labelFile.toString(), "labels"}}) {
            CliTest.Run r = CliTest.run("hessian", "--model", model.toString(), "--init", "xavier", "--seed", "3",
                    "--inputs", xs.toString(), "--targets", pair[0], "--out", tmp.resolve(pair[1]).toString());
            assertEquals(0, r.code(), r.err());
        }
        assertArrayEquals(Npy.readArray(tmp.resolve("onehot/hessian.npy")).data(),
                Npy.readArray(tmp.resolve("labels/hessian.npy")).data(), 0.0);
        assertEquals(Json.read(tmp.resolve("onehot/result.json")).get("loss").asDouble(),
                Json.read(tmp.resolve("labels/result.json")).get("loss").asDouble(), 0.0);

        labels[17] = d; // not a class of a 3-dimensional network
        writeInt64Labels(labelFile, labels);
        CliTest.Run bad = CliTest.run("hessian", "--model", model.toString(), "--init", "xavier", "--inputs",
                xs.toString(), "--targets", labelFile.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code());
        assertEquals("shortcut-hessian hessian: " + labelFile + ": label 3 at index 17 is not a class 0 … 2 (the"
                + " model's dim d = 3 is the number of classes)" + System.lineSeparator(), bad.err());
        assertFalse(Files.exists(tmp.resolve("bad/result.json")));
    }

    // ---- train's progress, demo's names

    @Test
    void trainReportsProgressWithVerboseAndIsSilentWithNoProgress() throws IOException {
        Path model = tmp.resolve("m.json");
        Files.writeString(model, HessianCliTest.MODEL);
        String[] base = {"train", "--model", model.toString(), "--init", "small", "--data", "synthetic", "--samples",
                "50", "--components", "3", "--learning-rate", "0.1", "--epochs", "20", "--spectrum-every", "10"};
        CliTest.Run quiet = CliTest.run(concat(base, "--out", tmp.resolve("a").toString(), "--no-progress"));
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals("", quiet.err());
        CliTest.Run verbose = CliTest.run(concat(base, "--out", tmp.resolve("b").toString(), "--no-progress", "-v"));
        assertEquals(0, verbose.code(), verbose.err());
        assertTrue(verbose.err().contains("shortcut-hessian: train: epoch 0: loss "), verbose.err());
        assertTrue(verbose.err().contains("train: epoch 10: loss ") && verbose.err().contains("max|λ|"), verbose.err());
        assertTrue(verbose.err().contains("train: epoch 20: loss "), verbose.err());
    }

    @Test
    void progressBarCountsEpochs() {
        var sink = new java.io.StringWriter();
        ProgressBar bar = new ProgressBar(new java.io.PrintWriter(sink), "train", false, "epochs");
        assertEquals("train [###############...............] 50/100 epochs  50% 0:03 elapsed, ETA 0:03",
                bar.render(50, 100, 0.5, 3));
    }

    @Test
    void demoTakesShortcutLengthAndStillTheOldDepth() throws IOException {
        for (String option : List.of("--shortcut-length", "--depth")) {
            Path out = tmp.resolve(option.substring(2));
            CliTest.Run r = CliTest.run("demo", "--units", "1", option, "3", "--samples", "40", "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode m = Json.read(out.resolve("model.json"));
            assertEquals(3, m.get("depth").asInt(), option);
            assertEquals(1, m.get("units").asInt());
        }
        assertFalse(CliTest.run("demo", "--help").out().contains("--depth"), "the old name is hidden");
    }

    @Test
    void libraryLogsAreOneLineWarningsAndDebugOnlyWithVerbose() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.shortcuthessian.linalg.Backends");
            CommonOptions.configureLogging(false);
            log.warn("native backend unavailable ({}); using the pure-Java backend", "reason");
            log.debug("backend: java");
            org.slf4j.LoggerFactory.getLogger("org.apache.pdfbox.Some").debug("third-party chatter");
            CommonOptions.configureLogging(true);
            log.debug("backend: native");
            org.slf4j.LoggerFactory.getLogger("org.apache.pdfbox.Some").debug("third-party chatter");
        } finally {
            System.setErr(saved);
            CommonOptions.configureLogging(false);
        }
        String nl = System.lineSeparator();
        assertEquals("shortcut-hessian: warning: native backend unavailable (reason); using the pure-Java backend" + nl
                + "shortcut-hessian: debug: backend: native" + nl, err.toString(StandardCharsets.UTF_8));
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
