package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;

/** The hessian command end to end: outputs equal the Java API's, and bad input is one line with exit 2. */
class HessianCliTest {
    @TempDir
    Path tmp;

    static final String MODEL = "{\"dim\": 3, \"units\": 2, \"depth\": 2, \"shortcut\": true, \"pre\": \"identity\","
            + " \"mid\": \"relu\", \"post\": \"identity\"}";

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    Path matrix(String name, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[rows * cols];
        for (int q = 0; q < v.length; q++) {
            v[q] = rnd.nextDouble() * 2 - 1;
        }
        Path p = tmp.resolve(name);
        Npy.writeArray(p, new NpyArray(new long[] {rows, cols}, v));
        return p;
    }

    String[] args(Path model, Path w, Path x, Path y, Path out, String... extra) {
        Stream<String> base = Stream.of("hessian", "--model", model.toString(), "--weights", w.toString(),
                "--inputs", x.toString(), "--targets", y.toString(), "--out", out.toString());
        return Stream.concat(base, Stream.of(extra)).toArray(String[]::new);
    }

    @Test
    void writesWhatTheJavaApiComputes() throws IOException {
        Path model = write("m.json", MODEL);
        NetworkSpec spec = NetworkSpec.read(model);
        double[] theta = Initialization.XAVIER.sample(spec, 7);
        Path w = tmp.resolve("w.npy");
        WeightsFile.write(w, spec, theta);
        assertArrayEquals(theta, WeightsFile.read(w, spec), 0.0, "weights round trip");
        Path x = matrix("x.npy", 25, 3, 1);
        Path y = matrix("y.npy", 25, 3, 2);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run(args(model, w, x, y, out, "--spectrum"));
        assertEquals(0, r.code(), r.err());
        Curvature c = new Curvature(spec, Dataset.read(x, y, 3), Backends.of(BackendKind.NATIVE));
        JsonNode result = Json.read(out.resolve("result.json"));
        assertEquals(c.loss(theta), result.get("loss").asDouble(), 0.0);
        assertEquals(36, result.get("parameters").asInt());
        assertEquals("general", result.get("path").asText());
        assertArrayEquals(c.gradient(theta), Npy.readArray(out.resolve("gradient.npy")).data(), 0.0);
        try (DenseMatrix h = c.hessian(theta)) {
            NpyArray file = Npy.readArray(out.resolve("hessian.npy"));
            assertArrayEquals(new long[] {36, 36}, file.shape());
            for (int i = 0; i < 36; i++) {
                for (int j = 0; j < 36; j++) {
                    assertEquals(h.get(i, j), file.data()[i * 36 + j], 0.0);
                }
            }
            double[] ev = Npy.readArray(out.resolve("eigenvalues.npy")).data();
            assertEquals(36, ev.length);
            JsonNode stats = Json.read(out.resolve("stats.json"));
            assertEquals(SpectrumStatistics.of(ev).negativeRatio(), stats.get("negative_ratio").asDouble(), 0.0);
        }
    }

    @Test
    void initInsteadOfWeightsAndTheMomentsPathForLinearNetworks() throws IOException {
        Path model = write("lin.json", MODEL.replace("relu", "identity"));
        Path x = matrix("x.npy", 30, 3, 1);
        Path y = matrix("y.npy", 30, 3, 2);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("hessian", "--model", model.toString(), "--init", "orthogonal", "--seed", "3",
                "--inputs", x.toString(), "--targets", y.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode result = Json.read(out.resolve("result.json"));
        assertEquals("moments", result.get("path").asText());
        NetworkSpec spec = NetworkSpec.read(model);
        double[] theta = Initialization.ORTHOGONAL.sample(spec, 3);
        Curvature c = new Curvature(spec, Dataset.read(x, y, 3), Backends.get());
        assertEquals(c.loss(theta), result.get("loss").asDouble(), 0.0);
    }

    void expectBad(String[] args, String... fragments) throws IOException {
        expectBad(tmp.resolve("bad-out"), args, fragments);
    }

    /** Exit code 2, one line on stderr containing every fragment, and nothing left in out. */
    static void expectBad(Path out, String[] args, String... fragments) throws IOException {
        CliTest.Run r = CliTest.run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(0, files.count(), "no partial outputs");
            }
        }
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws IOException {
        Path model = write("m.json", MODEL);
        NetworkSpec spec = NetworkSpec.read(model);
        Path w = tmp.resolve("w.npy");
        WeightsFile.write(w, spec, Initialization.XAVIER.sample(spec, 1));
        Path x = matrix("x.npy", 25, 3, 1);
        Path y = matrix("y.npy", 25, 3, 2);
        Path out = tmp.resolve("bad-out");

        Path wBad = tmp.resolve("w-bad.npy");
        Npy.writeArray(wBad, new NpyArray(new long[] {2, 1, 3, 3}, new double[18]));
        expectBad(args(model, wBad, x, y, out), "w-bad.npy", "shape (2, 1, 3, 3)", "expected (R, n, d, d) = (2, 2, 3, 3)");

        expectBad(args(model, w, x, matrix("y20.npy", 20, 3, 3), out), "y20.npy", "20 samples", "25");
        expectBad(args(model, w, matrix("x4.npy", 25, 4, 3), y, out), "x4.npy", "width 4", "dim 3");
        Path empty = tmp.resolve("empty.npy");
        Npy.writeArray(empty, new NpyArray(new long[] {0, 3}, new double[0]));
        expectBad(args(model, w, empty, empty, out), "empty.npy", "no samples");

        double[] nan = new double[75];
        nan[3 * 7 + 2] = Double.NaN;
        Path xNan = tmp.resolve("x-nan.npy");
        Npy.writeArray(xNan, new NpyArray(new long[] {25, 3}, nan));
        expectBad(args(model, w, xNan, y, out), "x-nan.npy", "NaN at index (7, 2)");

        double[] winf = Initialization.XAVIER.sample(spec, 1);
        winf[spec.index(1, 0, 2, 1)] = Double.POSITIVE_INFINITY;
        Path wInf = tmp.resolve("w-inf.npy");
        WeightsFile.write(wInf, spec, winf);
        expectBad(args(model, wInf, x, y, out), "w-inf.npy", "Inf at index (1, 0, 2, 1)");

        expectBad(args(write("act.json", MODEL.replace("relu", "gelu")), w, x, y, out), "act.json", "field 'mid'",
                "unknown activation 'gelu'");
        expectBad(args(write("depth.json", MODEL.replace("\"depth\": 2", "\"depth\": 0")), w, x, y, out),
                "depth.json", "field 'depth' = 0");
        expectBad(args(write("units.json", MODEL.replace("\"units\": 2", "\"units\": -1")), w, x, y, out),
                "units.json", "field 'units' = -1");
        expectBad(args(write("broken.json", "{\"dim\": 3, \"units\": 2,"), w, x, y, out), "broken.json",
                "malformed JSON", "line 1");
        expectBad(args(write("missing.json", "{\"dim\": 3, \"units\": 2, \"depth\": 2, \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"relu\"}"), w, x, y, out), "missing.json", "missing field 'post'");
        expectBad(args(write("type.json", MODEL.replace("\"dim\": 3", "\"dim\": \"three\"")), w, x, y, out),
                "type.json", "field 'dim' must be an integer");
        expectBad(args(model, w, x, y, out, "--path", "moments"), "not a linear network");
        expectBad(new String[] {"hessian", "--model", model.toString(), "--weights", w.toString(), "--init", "zero",
                "--inputs", x.toString(), "--targets", y.toString(), "--out", out.toString()}, "mutually exclusive");
        expectBad(new String[] {"hessian", "--model", model.toString(), "--init", "he",
                "--inputs", x.toString(), "--targets", y.toString(), "--out", out.toString()}, "unknown initialization 'he'");
    }

    @Test
    void aHessianThatCannotFitIsRefusedUpFront() throws IOException {
        Path model = write("huge.json", "{\"dim\": 64, \"units\": 32, \"depth\": 2, \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"relu\", \"post\": \"identity\"}");
        Path x = matrix("x.npy", 5, 64, 1);
        expectBad(new String[] {"hessian", "--model", model.toString(), "--init", "xavier", "--inputs", x.toString(),
                "--targets", x.toString(), "--out", tmp.resolve("bad-out").toString()}, "N = 262144", "matrix-free");
    }

    /**
     * hessian --zero-point for n = 1, 2, 3 (and relu at mid, where H(0) = 0): the predicted spectrum equals the exact
     * Hessian's to rounding and the API's bit for bit; zero_point.json holds both condition numbers (null where the
     * Hessian is zero).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"1, identity", "2, identity", "2, relu", "3, identity"})
    void zeroPointWritesPredictedAndExactSpectra(int n, String mid) throws IOException {
        Path model = write("m.json", "{\"dim\": 3, \"units\": 2, \"depth\": " + n + ", \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"" + mid + "\", \"post\": \"identity\"}");
        Path x = matrix("x.npy", 30, 3, 1);
        Path y = matrix("y.npy", 30, 3, 2);
        Path out = tmp.resolve("zp");
        CliTest.Run r = CliTest.run("hessian", "--zero-point", "--model", model.toString(), "--inputs", x.toString(),
                "--targets", y.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        double[] predicted = Npy.readArray(out.resolve("predicted_eigenvalues.npy")).data();
        double[] exact = Npy.readArray(out.resolve("eigenvalues.npy")).data();
        NetworkSpec spec = NetworkSpec.read(model);
        assertEquals(spec.parameterCount(), predicted.length);
        assertArrayEquals(org.shortcuthessian.curvature.ZeroPoint.predictedSpectrum(Backends.get(), spec,
                Dataset.read(x, y, 3)), predicted, 0.0, "the API's prediction");
        double scale = 0;
        for (double v : exact) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int q = 1; q < predicted.length; q++) {
            assertTrue(predicted[q - 1] <= predicted[q], "ascending");
        }
        assertArrayEquals(exact, predicted, 1e-12 * Math.max(scale, 1e-300));
        JsonNode z = Json.read(out.resolve("zero_point.json"));
        boolean zero = n >= 3 || "relu".equals(mid);
        assertEquals(zero, z.get("hessian_is_zero").asBoolean());
        assertTrue(z.get("theorem").asText().contains(zero ? "zero" : "n = " + n), z.get("theorem").asText());
        if (zero) {
            assertTrue(z.get("cond").get("predicted").isNull() && z.get("cond").get("exact").isNull());
            assertTrue(z.get("exact").get("min_censored").asBoolean(), "a zero matrix is all rounding floor");
        } else {
            double pc = z.get("cond").get("predicted").asDouble();
            assertEquals(z.get("cond").get("exact").asDouble(), pc, 1e-8 * pc);
            double pp = z.get("cond_p10").get("predicted").asDouble();
            assertEquals(z.get("cond_p10").get("exact").asDouble(), pp, 1e-8 * pp);
        }
    }

    @Test
    void zeroPointBadInputIsOneLineWithNoOutput() throws IOException {
        Path model = write("m.json", MODEL);
        Path plain = write("plain.json", MODEL.replace("\"shortcut\": true", "\"shortcut\": false"));
        Path x = matrix("x.npy", 25, 3, 1);
        Path y = matrix("y.npy", 25, 3, 2);
        Path out = tmp.resolve("bad-out");
        expectBad(new String[] {"hessian", "--zero-point", "--model", model.toString(), "--init", "xavier", "--inputs",
            x.toString(), "--targets", y.toString(), "--out", out.toString()}, "--zero-point", "--init");
        expectBad(new String[] {"hessian", "--zero-point", "--model", plain.toString(), "--inputs", x.toString(),
            "--targets", y.toString(), "--out", out.toString()}, "plain.json", "shortcut");
        expectBad(new String[] {"hessian", "--zero-point", "--model", model.toString(), "--inputs", x.toString(),
            "--targets", tmp.resolve("missing.npy").toString(), "--out", out.toString()}, "missing.npy");
        expectBad(new String[] {"hessian", "--model", model.toString(), "--inputs", x.toString(), "--targets",
            y.toString(), "--out", out.toString()}, "--weights", "--init");
        assertTrue(!Files.exists(out), "no output directory");
    }
}
