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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricMatrices;

/** The CLI end to end, in process: outputs, exit codes, and the one-line messages for bad input. */
class CliTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static final double[] SPECTRUM = {-2.5, -0.5, 0.0, 1e-3, 0.25, 1, 2, 3, 4, 10};

    Path knownHessian() {
        HeapMatrix h = new HeapMatrix(SPECTRUM.length, SPECTRUM.length);
        SymmetricMatrices.withSpectrum(SPECTRUM, 5, 10, h);
        Path file = tmp.resolve("H.npy");
        Npy.writeMatrix(file, h);
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "java"})
    void spectrumWritesEigenvaluesAndStats(String backend) throws IOException {
        Path h = knownHessian();
        Path out = tmp.resolve("out");
        Run r = run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--backend", backend);
        assertEquals(0, r.code(), r.err());
        double[] values = Npy.readArray(out.resolve("eigenvalues.npy")).data();
        assertArrayEquals(SPECTRUM, values, 1e-13 * 10);
        JsonNode stats = Json.read(out.resolve("stats.json"));
        assertEquals(10.0, stats.get("lambda_max_abs").asDouble(), 1e-12);
        assertEquals(0.2, stats.get("negative_ratio").asDouble(), 0.0);
        assertEquals(10, stats.get("count").asInt());
        assertTrue(stats.get("cond_p10").isNumber());
        assertFalse(Files.exists(out.resolve("eigenvectors.npy")));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void spectrumWithVectorsWritesOrthonormalEigenvectors() {
        Path h = knownHessian();
        Path out = tmp.resolve("out");
        Run r = run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--vectors");
        assertEquals(0, r.code(), r.err());
        var v = Npy.readArray(out.resolve("eigenvectors.npy"));
        assertArrayEquals(new long[] {10, 10}, v.shape());
        double[] vd = v.data(); // C order: vd[i*10 + j] = V[i, j]
        for (int a = 0; a < 10; a++) {
            double norm = 0;
            for (int i = 0; i < 10; i++) {
                norm += vd[i * 10 + a] * vd[i * 10 + a];
            }
            assertEquals(1.0, norm, 1e-13);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dsyevd", "dsyev_2stage", "dsyevr", "auto"})
    void everyEigensolverGivesTheSameSpectrum(String solver) {
        Path h = knownHessian();
        Path out = tmp.resolve("out-" + solver);
        Run r = run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--eigensolver", solver);
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(SPECTRUM, Npy.readArray(out.resolve("eigenvalues.npy")).data(), 1e-12);
    }

    // ------------------------------------------------------------------ bad input: exit 2, one line, no outputs

    /** Runs spectrum on file, expects exit 2, one stderr line containing every fragment, and no outputs. */
    void expectBadHessian(Path file, String... fragments) throws IOException {
        Path out = tmp.resolve("out-bad");
        assertBadInput(run("spectrum", "--hessian", file.toString(), "--out", out.toString()), out, fragments);
    }

    /** Exit 2, one stderr line containing every fragment, nothing on stdout, and no outputs in out. */
    static void assertBadInput(Run r, Path out, String... fragments) throws IOException {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
        }
        assertEquals("", r.out());
        if (Files.exists(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(0, files.count(), "no partial outputs");
            }
        }
    }

    /** An .npy file with the given header dict and payload. */
    Path npy(String name, String dict, byte[] payload) throws IOException {
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(magic).putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII))
                .put(payload);
        Path file = tmp.resolve(name);
        Files.write(file, b.array());
        return file;
    }

    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    @Test
    void missingFile() throws IOException {
        expectBadHessian(tmp.resolve("nope.npy"), "nope.npy", "no such file");
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = tmp.resolve("text.npy");
        Files.writeString(f, "hello, this is not numpy at all");
        expectBadHessian(f, "text.npy", "not an NPY file");
    }

    @Test
    void truncated() throws IOException {
        Path f = npy("short.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }", doubles(1, 2, 3, 4));
        expectBadHessian(f, "short.npy", "truncated", "72", "32");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path f = npy("ints.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", doubles(1, 2, 3, 4));
        expectBadHessian(f, "ints.npy", "unsupported dtype '<i8'");
    }

    @Test
    void nonSquare() throws IOException {
        Path f = npy("rect.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", doubles(1, 2, 3, 4, 5, 6));
        expectBadHessian(f, "rect.npy", "not square", "(2, 3)");
    }

    @Test
    void nonSymmetricSaysByHowMuch() throws IOException {
        Path f = npy("asym.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }",
                doubles(1, 2, 3, 2, 5, 6, 3, 6.5, 9));
        expectBadHessian(f, "asym.npy", "not symmetric", "= 0.5", "H[2, 1]");
    }

    @Test
    void nanSaysWhere() throws IOException {
        Path f = npy("nan.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 3), }",
                doubles(1, 2, 3, 2, 5, Double.NaN, 3, 6, 9));
        expectBadHessian(f, "nan.npy", "NaN at index (1, 2)");
    }

    @Test
    void infSaysWhere() throws IOException {
        Path f = npy("inf.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }",
                doubles(1, 0, 0, Double.NEGATIVE_INFINITY));
        expectBadHessian(f, "inf.npy", "-Inf at index (1, 1)");
    }

    @Test
    void unwritableOutputDirectory() throws IOException {
        Path h = knownHessian();
        Path blocker = tmp.resolve("file.txt");
        Files.writeString(blocker, "x");
        Run r = run("spectrum", "--hessian", h.toString(), "--out", blocker.resolve("sub").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("file.txt"), r.err());
        Run r2 = run("spectrum", "--hessian", h.toString(), "--out", blocker.toString());
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("not a directory"), r2.err());
    }

    @Test
    void badOptionsAreOneLineWithExit2() {
        Run r = run("spectrum", "--out", tmp.toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--hessian"), r.err());
        Run r2 = run("spectrum", "--hessian", "x.npy", "--out", tmp.toString(), "--eigensolver", "magic");
        assertEquals(2, r2.code());
        assertTrue(r2.err().contains("unknown eigenvalue method 'magic'"), r2.err());
        Run r3 = run("info", "--backend", "gpu");
        assertEquals(2, r3.code());
        assertTrue(r3.err().contains("unknown backend 'gpu'"), r3.err());
        Run r4 = run("frobnicate");
        assertEquals(2, r4.code());
        assertEquals(1, r4.err().lines().count(), r4.err());
    }

    @Test
    void helpOnEveryCommandAndVersion() {
        for (String cmd : new String[] {"spectrum", "demo", "info"}) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code(), cmd);
            assertTrue(r.out().contains("Usage: shortcut-hessian " + cmd), r.out());
        }
        Run v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("shortcut-hessian "), v.out());
    }

    @Test
    void infoReportsBackendCoreAndThreads() {
        Run r = run("info", "--backend", "native", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("backend: native"), r.out());
        assertTrue(r.out().contains("openblas_core: "), r.out());
        assertTrue(r.out().contains("openblas_threads: 1"), r.out());
        assertTrue(r.out().contains("kernels_isa: "), r.out());
        Run j = run("info", "--backend", "java");
        assertEquals(0, j.code(), j.err());
        assertTrue(j.out().contains("backend: java"), j.out());
    }

    @Test
    void demoWritesARepeatableRun() {
        Path out = tmp.resolve("demo");
        Run r = run("demo", "--out", out.toString(), "--units", "2", "--samples", "300");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("demo: N = 400, m = 300"), r.out());
        JsonNode result = Json.read(out.resolve("result.json"));
        var spec = org.shortcuthessian.network.NetworkSpec.read(out.resolve("model.json"));
        double[] theta = org.shortcuthessian.network.WeightsFile.read(out.resolve("weights.npy"), spec);
        var data = org.shortcuthessian.data.Dataset.read(out.resolve("inputs.npy"), out.resolve("targets.npy"), 10);
        var curv = new org.shortcuthessian.curvature.Curvature(spec, data, org.shortcuthessian.linalg.Backends.get());
        assertEquals(curv.loss(theta), result.get("loss").asDouble(), 0.0, "the written files reproduce the run");
        double[] ev = Npy.readArray(out.resolve("eigenvalues.npy")).data();
        assertEquals(400, ev.length);
        JsonNode stats = Json.read(out.resolve("stats.json"));
        assertEquals(org.shortcuthessian.curvature.SpectrumStatistics.of(ev).condP10(), stats.get("cond_p10").asDouble(), 0.0);
        assertFalse(Files.exists(out.resolve("hessian.npy")));
    }
}
