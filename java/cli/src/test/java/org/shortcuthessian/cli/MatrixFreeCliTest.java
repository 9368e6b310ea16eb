package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricMatrices;

/** --method/--top/--bottom on spectrum and hessian, the density command, and their bad input. */
class MatrixFreeCliTest {
    @TempDir
    Path tmp;

    static final int N = 300;

    Path hessian(double[] lam) {
        HeapMatrix h = new HeapMatrix(lam.length, lam.length);
        SymmetricMatrices.withSpectrum(lam, 5, 4, h);
        Path file = tmp.resolve("H.npy");
        Npy.writeMatrix(file, h);
        return file;
    }

    static double[] spectrum() {
        double[] lam = new double[N];
        for (int i = 0; i < N; i++) {
            lam[i] = -3 + 0.02 * i + 0.001 * Math.sin(i);
        }
        return lam;
    }

    @Test
    void topAndBottomByEachMethod() throws IOException {
        double[] lam = spectrum();
        Path h = hessian(lam);
        for (String method : new String[] {"dense", "lanczos", "auto"}) {
            Path out = tmp.resolve("out-" + method);
            CliTest.Run r = CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(),
                    "--method", method, "--top", "4", "--bottom", "3");
            assertEquals(0, r.code(), r.err());
            double[] values = Npy.readArray(out.resolve("eigenvalues.npy")).data();
            double[] want = {lam[0], lam[1], lam[2], lam[N - 4], lam[N - 3], lam[N - 2], lam[N - 1]};
            assertArrayEquals(want, values, 1e-8 * 3);
            JsonNode stats = Json.read(out.resolve("stats.json"));
            assertEquals(method.equals("auto") ? "dense" : method, stats.get("method").asText());
            assertEquals(4, stats.get("top").intValue());
            assertEquals(3, stats.get("bottom").intValue());
            assertEquals(7, stats.get("eigenvalues_written").intValue());
            assertFalse(stats.has("eigenvalues"), "no description string beside the counts");
            if (method.equals("lanczos")) {
                assertEquals(7, stats.get("converged").size());
                assertTrue(stats.get("lanczos").get("all_converged").asBoolean());
                assertTrue(stats.get("residuals").get(0).asDouble() < 1e-9);
            }
        }
        Path out = tmp.resolve("out-slq");
        CliTest.Run r = CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--method", "slq",
                "--probes", "4", "--steps", "40", "--bottom", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode stats = Json.read(out.resolve("stats.json"));
        assertEquals("slq", stats.get("method").asText());
        assertTrue(stats.get("estimated").asBoolean());
        for (String key : new String[] {"p10_abs", "p10_abs_stderr", "p10_abs_resolution", "cond_p10", "negative_ratio",
                "negative_ratio_stderr", "trace", "trace_stderr"}) {
            assertTrue(stats.has(key), key);
        }
        assertEquals(2, Npy.readArray(out.resolve("eigenvalues.npy")).data().length);
    }

    @Test
    void hessianSpectrumByLanczosWritesNoHessian() throws IOException {
        Path model = tmp.resolve("m.json");
        Files.writeString(model, HessianCliTest.MODEL);
        Path x = tmp.resolve("x.npy");
        Npy.writeMatrix(x, new HeapMatrix(25, 3, randomArray(75, 1)));
        Path y = tmp.resolve("y.npy");
        Npy.writeMatrix(y, new HeapMatrix(25, 3, randomArray(75, 2)));
        Path dense = tmp.resolve("dense");
        Path lz = tmp.resolve("lz");
        String[] common = {"hessian", "--model", model.toString(), "--init", "xavier", "--inputs", x.toString(),
                "--targets", y.toString(), "--spectrum"};
        assertEquals(0, CliTest.run(concat(common, "--out", dense.toString())).code());
        CliTest.Run r = CliTest.run(concat(common, "--out", lz.toString(), "--method", "lanczos", "--top", "3", "--bottom", "2"));
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(lz.resolve("hessian.npy")));
        double[] all = Npy.readArray(dense.resolve("eigenvalues.npy")).data();
        double[] ends = Npy.readArray(lz.resolve("eigenvalues.npy")).data();
        double[] want = {all[0], all[1], all[33], all[34], all[35]};
        for (int i = 0; i < 5; i++) {
            assertEquals(want[i], ends[i], 1e-8 * Math.abs(want[i]));
        }
        JsonNode result = Json.read(lz.resolve("result.json"));
        assertEquals("matrix-free", result.get("path").asText());
        assertArrayEquals(Npy.readArray(dense.resolve("gradient.npy")).data(), Npy.readArray(lz.resolve("gradient.npy")).data());
    }

    @Test
    void densityWritesCsvPngAndJson() throws IOException {
        Path h = hessian(spectrum());
        Path out = tmp.resolve("density");
        CliTest.Run r = CliTest.run("density", "--hessian", h.toString(), "--out", out.toString(), "--probes", "3",
                "--steps", "30", "--grid", "50", "--probe-seed", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals(51, Files.readAllLines(out.resolve("density.csv")).size());
        assertEquals("lambda,density,stderr", Files.readAllLines(out.resolve("density.csv")).get(0));
        byte[] png = Files.readAllBytes(out.resolve("density.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        JsonNode d = Json.read(out.resolve("density.json"));
        assertEquals(3, d.get("nodes").size());
        assertEquals(90, d.get("slq").get("products").asInt());
        assertTrue(Math.abs(d.get("trace").asDouble() - Arrays.stream(spectrum()).sum())
                <= 4 * d.get("trace_stderr").asDouble() + 1e-9);
        Path again = tmp.resolve("density-again");
        CliTest.run("density", "--hessian", h.toString(), "--out", again.toString(), "--probes", "3",
                "--steps", "30", "--grid", "50", "--probe-seed", "4");
        assertEquals(Files.readString(out.resolve("density.csv")), Files.readString(again.resolve("density.csv")));
    }

    void expectBad(String[] args, String... fragments) throws IOException {
        HessianCliTest.expectBad(tmp.resolve("bad-out"), args, fragments);
    }

    @Test
    void badInputIsOneLineNamingTheOption() throws IOException {
        String h = hessian(spectrum()).toString();
        String out = tmp.resolve("bad-out").toString();
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--top", "0"}, "--top", "at least 1");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--bottom", "-2"}, "--bottom");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--top", "301"}, "--top: 301 exceeds N = 300");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--top", "200", "--bottom", "200"}, "--top + --bottom");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--method", "arpack"}, "--method", "unknown method 'arpack'");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--method", "lanczos"}, "--method lanczos", "--top");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--method", "slq", "--probes", "0"}, "--probes");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--method", "slq", "--probe", "uniform"}, "--probe");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--top", "2", "--vectors"}, "--vectors");
        expectBad(new String[] {"spectrum", "--hessian", h, "--out", out, "--top", "2", "--reorthogonalization", "none"},
                "--reorthogonalization");
        expectBad(new String[] {"density", "--hessian", h, "--out", out, "--steps", "400"}, "--steps: 400 exceeds N = 300");
        expectBad(new String[] {"density", "--hessian", h, "--out", out, "--sigma", "-1"}, "--sigma");
        expectBad(new String[] {"density", "--out", out}, "density");
    }

    static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    static double[] randomArray(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }
}
