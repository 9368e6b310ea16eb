package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;

/**
 * The failure contract through the command line, one test per case of the bad-input battery of issue 15: exit 2,
 * one line on stderr naming the file, option, index or figure, nothing on stdout, no outputs, and no --out
 * directory left behind by a run that failed.
 */
class FailureBehaviourTest {
    @TempDir
    Path tmp;

    /** d = 3, R = 2, n = 2, relu at mid: N = 36. */
    static final String MODEL = HessianCliTest.MODEL;

    /** Exit 2, one line containing every fragment, nothing on stdout, and out does not exist at all. */
    static void assertRefused(CliTest.Run r, Path out, String... fragments) throws IOException {
        CliTest.assertBadInput(r, out, fragments);
        assertFalse(Files.exists(out), "a failed run leaves no --out directory: " + out);
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** model.json, weights w.npy (Xavier, times scale), x.npy and y.npy (25 samples); returns the four paths. */
    Path[] network(double scale) throws IOException {
        Path model = write("m.json", MODEL);
        NetworkSpec spec = NetworkSpec.read(model);
        double[] theta = Initialization.XAVIER.sample(spec, 7);
        for (int q = 0; q < theta.length; q++) {
            theta[q] *= scale;
        }
        Path w = tmp.resolve("w.npy");
        WeightsFile.write(w, spec, theta);
        Path x = tmp.resolve("x.npy");
        Path y = tmp.resolve("y.npy");
        Npy.writeArray(x, new NpyArray(new long[] {25, 3}, MatrixFreeCliTest.randomArray(75, 1)));
        Npy.writeArray(y, new NpyArray(new long[] {25, 3}, MatrixFreeCliTest.randomArray(75, 2)));
        return new Path[] {model, w, x, y};
    }

    static String[] hessian(Path[] net, Path out, String... extra) {
        return MatrixFreeCliTest.concat(new String[] {"hessian", "--model", net[0].toString(), "--weights",
            net[1].toString(), "--inputs", net[2].toString(), "--targets", net[3].toString(), "--out", out.toString()},
                extra);
    }

    @Test
    void anEmptyHessianIsRefusedDenseAndMatrixFree() throws IOException {
        Path h = tmp.resolve("empty.npy");
        Npy.writeMatrix(h, new HeapMatrix(0, 0));
        Path out = tmp.resolve("out");
        assertRefused(CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString()), out,
                "empty.npy", "empty: shape (0, 0)");
        assertRefused(CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(), "--method", "slq"),
                out, "empty.npy", "empty");
        assertRefused(CliTest.run("density", "--hessian", h.toString(), "--out", out.toString()), out, "empty.npy",
                "empty");
    }

    @Test
    void modelJsonIsReadStrictly() throws IOException {
        Path[] net = network(1.0);
        Path out = tmp.resolve("out");
        write("m.json", MODEL + "\n" + MODEL);
        assertRefused(CliTest.run(hessian(net, out)), out, "m.json", "malformed JSON", "line 2",
                "more text after the first JSON value");
        write("m.json", MODEL.replace("\"units\": 2,", "\"units\": 2, \"dim\": 4,"));
        assertRefused(CliTest.run(hessian(net, out)), out, "m.json", "Duplicate field 'dim'");
    }

    @Test
    void emptyOutIsRefused() throws IOException {
        Path[] net = network(1.0);
        CliTest.Run r = CliTest.run(hessian(net, Path.of("")));
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--out") && r.err().contains("empty path"), r.err());
        assertFalse(Files.exists(Path.of("result.json")), "nothing written to the current directory");
    }

    @Test
    void symmetryToleranceMustBeAFiniteNonNegativeNumber() throws IOException {
        Path h = tmp.resolve("h.npy");
        Npy.writeArray(h, new NpyArray(new long[] {2, 2}, new double[] {1, 5, 0, 1})); // not symmetric
        Path out = tmp.resolve("out");
        for (String bad : List.of("NaN", "-1", "Infinity")) {
            assertRefused(CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(),
                    "--symmetry-tolerance", bad), out, "--symmetry-tolerance: ", "finite number ≥ 0");
        }
        assertRefused(CliTest.run("spectrum", "--hessian", h.toString(), "--out", out.toString(),
                "--symmetry-tolerance", "0.1"), out, "h.npy", "not symmetric");
    }

    /** Weights so large that the network overflows: exit 2 naming the weights, never a NaN in an output. */
    @Test
    void overflowingWeightsAreNamedWhateverTheMethod() throws IOException {
        Path[] net = network(1e200);
        Path out = tmp.resolve("nested/out");
        List<String[]> extras = List.of(new String[0], new String[] {"--spectrum"},
                new String[] {"--spectrum", "--method", "lanczos", "--top", "2"},
                new String[] {"--spectrum", "--method", "slq"});
        for (String[] extra : extras) {
            assertRefused(CliTest.run(hessian(net, out, extra)), out, "w.npy", "at these weights", "overflow");
            assertFalse(Files.exists(tmp.resolve("nested")), "the created parent is removed too");
        }
        assertRefused(CliTest.run("density", "--model", net[0].toString(), "--weights", net[1].toString(),
                "--inputs", net[2].toString(), "--targets", net[3].toString(), "--out", out.toString()), out,
                "w.npy", "not finite");
    }

    @Test
    void lanczosAndSlqRefuseANonFiniteHessian() throws IOException {
        double[] v = MatrixFreeCliTest.randomArray(100, 3);
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < i; j++) {
                v[i * 10 + j] = v[j * 10 + i];
            }
        }
        v[3 * 10 + 3] = Double.POSITIVE_INFINITY;
        Path h = tmp.resolve("inf.npy");
        Npy.writeArray(h, new NpyArray(new long[] {10, 10}, v));
        Path out = tmp.resolve("out");
        for (String[] method : List.of(new String[] {"--method", "lanczos", "--top", "2"},
                new String[] {"--method", "slq"})) {
            assertRefused(CliTest.run(MatrixFreeCliTest.concat(new String[] {"spectrum", "--hessian", h.toString(),
                "--out", out.toString()}, method)), out, "inf.npy", "+Inf at index (3, 3)");
        }
    }

    /**
     * A full disk while the plots are written (the kernel's ENOSPC, from /dev/full: the plot's staging file is a
     * link to it) is exit 2 naming the file, as it is for hessian.npy; the finished cells stay for --resume.
     */
    @Test
    void aFullDiskIsExit2LikeAnyOtherOutput() throws IOException {
        Path full = Path.of("/dev/full");
        assertTrue(Files.isWritable(full), "/dev/full: the kernel's always-full device");
        long pid = ProcessHandle.current().pid();
        Path out = Files.createDirectories(tmp.resolve("fig4"));
        Path staged = out.resolve(".fig4_cond_p10.png.partial-" + pid);
        Files.createSymbolicLink(staged, full);
        String[] args = {"reproduce", "fig4", "--depths", "6", "--seeds", "1", "--data", "synthetic", "--samples",
            "200", "--no-progress", "--out", out.toString()};
        CliTest.Run r = CliTest.run(args);
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("fig4_cond_p10.png") && r.err().contains("No space left on device"), r.err());
        assertFalse(Files.exists(staged, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the staged plot is gone");
        assertEquals(5, ResultsFile.read(out.resolve("fig4.csv")).size(), "the cells are kept");
        CliTest.Run resumed = CliTest.run(MatrixFreeCliTest.concat(args, "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("5 cells (0 run now)"), resumed.out());

        Path[] net = network(1.0);
        Path hout = Files.createDirectories(tmp.resolve("h"));
        Files.createSymbolicLink(hout.resolve(".hessian.npy.partial-" + pid), full);
        CliTest.Run h = CliTest.run(hessian(net, hout));
        CliTest.assertBadInput(h, hout, "hessian.npy", "No space left on device");
    }

    @Test
    void densityCapsItsDefaultStepsAtNAndSaysSo() throws IOException {
        Path[] net = network(1.0);
        Path out = tmp.resolve("density");
        CliTest.Run r = CliTest.run("density", "--model", net[0].toString(), "--weights", net[1].toString(),
                "--inputs", net[2].toString(), "--targets", net[3].toString(), "--out", out.toString(),
                "--probes", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("--steps 80 (the default) exceeds N = 36; used 36 steps"), r.err());
        JsonNode d = Json.read(out.resolve("density.json"));
        assertEquals(36, d.get("slq").get("steps").asInt(), d.toString());
        Path out2 = tmp.resolve("density2");
        assertRefused(CliTest.run("density", "--model", net[0].toString(), "--weights", net[1].toString(),
                "--inputs", net[2].toString(), "--targets", net[3].toString(), "--out", out2.toString(),
                "--steps", "100"), out2, "--steps: 100 exceeds N = 36");
    }

    @Test
    void threadsBeyondWhatTheBackendCanUseAreRefused() throws IOException {
        Path[] net = network(1.0);
        Path out = tmp.resolve("out");
        assertRefused(CliTest.run(hessian(net, out, "--threads", "100000")), out, "--threads: 100000", "1…1024");
        int before = org.shortcuthessian.linalg.Backends.of(org.shortcuthessian.linalg.BackendKind.NATIVE).threads();
        assertRefused(CliTest.run(hessian(net, out, "--threads", "1000", "--backend", "native")), out,
                "--threads: 1000 exceeds the 64 threads");
        assertEquals(before, org.shortcuthessian.linalg.Backends.of(org.shortcuthessian.linalg.BackendKind.NATIVE)
                .threads(), "the refused setting is undone");
    }

    @Test
    void reproduceRefusesOptionsItWouldIgnoreAndDepthsItWouldRound() throws IOException {
        Path out = tmp.resolve("out");
        assertRefused(CliTest.run("reproduce", "fig4", "--learning-rate", "0.1", "--out", out.toString()), out,
                "--learning-rate: fig4 does not use it", "fig4 takes --seeds, --depths");
        assertRefused(CliTest.run("reproduce", "fig7", "--spectrum-every", "3", "--out", out.toString()), out,
                "--spectrum-every: fig7 does not use it");
        assertRefused(CliTest.run("reproduce", "fig3", "--learning-rates", "0.1,1", "--out", out.toString()), out,
                "--learning-rates: fig3 does not use it");
        assertRefused(CliTest.run("reproduce", "fig4", "--depths", "5", "--out", out.toString()), out,
                "--depths: 5 at index 0 is not a multiple of 2");
        assertRefused(CliTest.run("reproduce", "fig4", "--depths", "6,8", "--out", out.toString()), out,
                "--depths: 8 at index 1 is not a multiple of 3", "3-shortcut");
    }

    @Test
    void aFailedRunRemovesOnlyTheDirectoriesItCreated() throws IOException {
        Path[] net = network(1.0);
        Path deep = tmp.resolve("a/b/c");
        assertRefused(CliTest.run(hessian(new Path[] {net[0], net[1], tmp.resolve("missing.npy"), net[3]}, deep)),
                deep, "missing.npy");
        assertFalse(Files.exists(tmp.resolve("a")), "a/b/c created by nobody");
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        CliTest.Run r = CliTest.run(hessian(new Path[] {net[0], net[1], tmp.resolve("missing.npy"), net[3]}, mine));
        assertEquals(2, r.code());
        assertTrue(Files.isDirectory(mine), "a directory that existed before the run is kept");
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path[] net = network(1.0);
        Path out = tmp.resolve("out");
        Path unreadable;
        if (System.getProperty("user.name").equals("root")) {
            // root reads any file whatever its mode; a write-only sysctl is unreadable even for root
            unreadable = Path.of("/proc/sys/vm/drop_caches");
        } else {
            unreadable = Files.writeString(tmp.resolve("secret.json"), MODEL);
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("-w-------"));
        }
        assertRefused(CliTest.run(hessian(new Path[] {unreadable, net[1], net[2], net[3]}, out)), out,
                unreadable.toString(), "permission denied");
        assertRefused(CliTest.run(hessian(new Path[] {net[0], unreadable, net[2], net[3]}, out)), out,
                unreadable.toString(), "permission denied");
    }

    /** N = 33.5 million (d = 1024, R = 16, n = 2): auto is matrix-free, and refused before any work for the heap. */
    @Test
    void aMatrixFreeRunTooLargeForTheHeapIsRefusedUpFront() throws IOException {
        Path model = write("big.json", "{\"dim\": 1024, \"units\": 16, \"depth\": 2, \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"identity\", \"post\": \"identity\"}");
        Path x = tmp.resolve("x.npy");
        Npy.writeArray(x, new NpyArray(new long[] {4, 1024}, MatrixFreeCliTest.randomArray(4096, 5)));
        Path out = tmp.resolve("out");
        String[] base = {"hessian", "--model", model.toString(), "--init", "small", "--inputs", x.toString(),
            "--targets", x.toString(), "--out", out.toString()};
        long t0 = System.nanoTime();
        assertRefused(CliTest.run(MatrixFreeCliTest.concat(base, "--spectrum")), out, "N = 33554432",
                "SLQ with 80 steps", "of Java heap", "maximum heap", "-Xmx");
        assertTrue((System.nanoTime() - t0) * 1e-9 < 30, "refused before the loss and gradient");
        assertRefused(CliTest.run(MatrixFreeCliTest.concat(base, "--spectrum", "--method", "lanczos", "--top", "5")),
                out, "N = 33554432", "Lanczos for 5 eigenvalues", "-Xmx");
        for (String[] dense : List.of(new String[0], new String[] {"--spectrum", "--method", "dense"})) {
            CliTest.Run r = CliTest.run(MatrixFreeCliTest.concat(base, dense));
            assertRefused(r, out, "a dense Hessian of N = 33554432", "--method lanczos", "--method slq");
            assertFalse(r.err().contains("Curvature"), "the CLI's words, not the Java API's: " + r.err());
        }
    }

    @Test
    void aDensityGridTooLargeForTheHeapIsRefused() throws IOException {
        Path h = tmp.resolve("h.npy");
        Npy.writeArray(h, new NpyArray(new long[] {2, 2}, new double[] {2, 1, 1, 2}));
        Path out = tmp.resolve("out");
        assertRefused(CliTest.run("density", "--hessian", h.toString(), "--out", out.toString(), "--grid",
                "2000000000", "--steps", "2"), out, "a grid of 2000000000 points", "of Java heap", "--grid");
    }

    /** Under -Xmx64m: Lanczos past the heap is refused up front; an OutOfMemoryError that still happens is one line. */
    @Test
    void aSmallHeapGivesOneLineAndExit2() throws IOException, InterruptedException {
        Path model = write("m1.json", "{\"dim\": 100, \"units\": 50, \"depth\": 2, \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"identity\", \"post\": \"identity\"}");
        Path x = tmp.resolve("x100.npy");
        Npy.writeArray(x, new NpyArray(new long[] {20, 100}, MatrixFreeCliTest.randomArray(2000, 5)));
        CliProcess.Result lanczos = CliProcess.run(List.of("-Xmx64m"), tmp.resolve("log1"), 120, "hessian",
                "--model", model.toString(), "--init", "small", "--inputs", x.toString(), "--targets", x.toString(),
                "--spectrum", "--method", "lanczos", "--top", "5", "--out", tmp.resolve("o1").toString());
        assertEquals(2, lanczos.code(), lanczos.err());
        assertEquals(1, lanczos.err().lines().count(), lanczos.err());
        assertTrue(lanczos.err().contains("N = 1000000") && lanczos.err().contains("maximum heap"), lanczos.err());
        assertFalse(Files.exists(tmp.resolve("o1")));

        Path h = tmp.resolve("h3000.npy");
        Npy.writeArray(h, new NpyArray(new long[] {3000, 3000}, new double[3000 * 3000]));
        CliProcess.Result oom = CliProcess.run(List.of("-Xmx64m"), tmp.resolve("log2"), 120, "spectrum",
                "--backend", "java", "--hessian", h.toString(), "--out", tmp.resolve("o2").toString());
        assertEquals(2, oom.code(), oom.err());
        assertEquals(1, oom.err().lines().count(), "one line, no stack trace: " + oom.err());
        assertTrue(oom.err().contains("out of memory") && oom.err().contains("-Xmx"), oom.err());
        assertFalse(Files.exists(tmp.resolve("o2")));
    }
}
