package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.network.NetworkSpec;

/**
 * SIGINT and SIGTERM, 20 times each way, into a command line in a JVM of its own: mid-way through a dense
 * eigensolve (N = 4000, LAPACK on 2 BLAS threads and on 1) and mid-way through a sweep. Every time the process
 * must end within {@value #STOP_SECONDS} s with 130 or 143, say so in one line, and leave no staging file and no
 * output directory it created; the interrupted sweep then resumes to exactly the rows of an uninterrupted run.
 * The times are written to target/signal-times.txt.
 */
@Tag("slow")
class SignalTest {
    static final int TRIES = 20;
    static final long STOP_SECONDS = 5;
    static final int N = 4000;
    /**
     * Cells of the interrupted sweep (5 families × 6 depths × 3 seeds, the largest first): about 50 s of work on these
     * 2 cores. Each try is signalled at most 0.4 s after its first finished cell, so 20 tries finish at least 20 cells
     * and stay mid-sweep (a fixed delay of up to 3 s let a sweep of 60 cells finish within 9 tries once the passes
     * were native).
     */
    static final int CELLS = 90;

    @TempDir
    Path tmp;

    /** Sends a signal by name (INT, TERM) to the process. */
    static void signal(Process p, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -s " + name);
    }

    /** @return bytes the process has read (rchar of /proc/PID/io): how far it is through its input. */
    static long bytesRead(Process p) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "io"))) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException e) {
            return -1; // the process has ended
        }
        return -1;
    }

    /** Waits (at most 300 s, polling) until ready holds or the process ends. */
    static void await(Process p, java.util.function.BooleanSupplier ready) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && !ready.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
    }

    /** @return the files of dir that are some process's staging files (.NAME.partial-PID). */
    static List<String> stagingFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(f -> f.matches("\\..*\\.partial-\\d+")).toList();
        }
    }

    /**
     * Signals p (which must still be running) and checks how it ends: within STOP_SECONDS, 128 + the signal's
     * number, one line on stderr saying so.
     *
     * @return the seconds from the signal to the end of the process
     */
    static double stop(Process p, String name, Path logs, String what) throws IOException, InterruptedException {
        assertTrue(p.isAlive(), what + ": ended before the signal: " + Files.readString(logs.resolve("stderr.txt")));
        long t0 = System.nanoTime();
        signal(p, name);
        if (!p.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(what + ": still running " + STOP_SECONDS + " s after SIG" + name);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        String err = Files.readString(logs.resolve("stderr.txt"));
        assertEquals(name.equals("INT") ? 130 : 143, p.exitValue(), what + ": " + err);
        assertEquals(1, err.lines().count(), what + ": one line: " + err);
        assertTrue(err.contains("stopped by SIG" + name), what + ": " + err);
        return seconds;
    }

    @Test
    void aDenseEigensolveStopsWithinSecondsWhateverTheBlasThreads() throws Exception {
        Path h = tmp.resolve("h.npy");
        double[] a = new double[N * N];
        SplittableRandom rnd = new SplittableRandom(15);
        for (int j = 0; j < N; j++) {
            for (int i = 0; i <= j; i++) {
                a[i + j * N] = a[j + i * N] = rnd.nextDouble() - 0.5;
            }
        }
        Npy.writeMatrix(h, new HeapMatrix(N, N, a));
        a = null;
        long fileBytes = Files.size(h);
        // a network with N = 4000 (d = 10, R = 20, n = 2, linear): hessian --spectrum stages gradient.npy and
        // hessian.npy before its eigensolve, which the signal must clean up
        Path model = tmp.resolve("m.json");
        Json.write(model, NetworkSpec.linear(10, 20, 2, true).toJson());
        Path x = tmp.resolve("x.npy");
        Npy.writeArray(x, new NpyArray(new long[] {500, 10}, MatrixFreeCliTest.randomArray(5000, 3)));
        List<String> times = new ArrayList<>();
        double worst = 0;
        for (int t = 0; t < TRIES; t++) {
            String name = t % 2 == 0 ? "INT" : "TERM";
            String threads = (t / 2) % 2 == 0 ? "2" : "1";
            boolean network = (t / 4) % 2 == 1;
            Path out = tmp.resolve("out" + t);
            Path logs = tmp.resolve("log" + t);
            Process p = network
                    ? CliProcess.start(List.of(), logs, "hessian", "--model", model.toString(), "--init", "xavier",
                    "--inputs", x.toString(), "--targets", x.toString(), "--spectrum", "--threads", threads, "--out",
                    out.toString())
                    : CliProcess.start(List.of(), logs, "spectrum", "--hessian", h.toString(), "--threads", threads,
                    "--out", out.toString());
            if (network) {
                Path staged = out.resolve(".hessian.npy.partial-" + p.pid());
                await(p, () -> sizeOf(staged) >= fileBytes); // hessian.npy written: the eigensolve is next
            } else {
                await(p, () -> bytesRead(p) >= fileBytes); // the matrix read: the check and the eigensolve are next
            }
            Thread.sleep(300 + rnd.nextInt(1700));
            String what = (network ? "hessian --spectrum" : "spectrum") + " --threads " + threads + ", SIG" + name
                    + ", try " + t;
            double s = stop(p, name, logs, what);
            worst = Math.max(worst, s);
            times.add(String.format(Locale.ROOT, "%s: %.3f s", what, s));
            assertFalse(Files.exists(out), what + ": the output directory it created is removed: "
                    + (Files.exists(out) ? stagingFiles(out) : ""));
        }
        times.add(String.format(Locale.ROOT, "slowest: %.3f s", worst));
        write("signal-times-eigensolve.txt", times);
    }

    static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return -1;
        }
    }

    static void write(String name, List<String> lines) throws IOException {
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }

    /** The rows of a fig4 CSV without the columns that measure time or the machine: the results themselves. */
    static TreeSet<String> results(Path csv) {
        TreeSet<String> rows = new TreeSet<>();
        for (Map<String, String> r : ResultsFile.read(csv)) {
            StringBuilder b = new StringBuilder();
            r.forEach((k, v) -> {
                if (!k.endsWith("_seconds") && !k.equals("blas_threads")) {
                    b.append(k).append('=').append(v).append(';');
                }
            });
            rows.add(b.toString());
        }
        return rows;
    }

    @Test
    void aSweepStopsWithinSecondsAndResumesToTheSameRows() throws Exception {
        Path out = tmp.resolve("fig4");
        Path csv = out.resolve("fig4.csv");
        List<String> args = List.of("reproduce", "fig4", "--quick", "--seeds", "3", "--depths", "6,12,18,24,30,36",
                "--no-progress", "--out", out.toString());
        SplittableRandom rnd = new SplittableRandom(16);
        List<String> times = new ArrayList<>();
        double worst = 0;
        int cellsBefore = 0;
        for (int t = 0; t < TRIES; t++) {
            String name = t % 2 == 0 ? "INT" : "TERM";
            List<String> a = new ArrayList<>(args);
            if (t > 0) {
                a.add("--resume");
            }
            Path logs = tmp.resolve("sweep-log" + t);
            FileTime started = FileTime.fromMillis(System.currentTimeMillis());
            Process p = CliProcess.start(List.of(), logs, a.toArray(String[]::new));
            // the results file is (re)written when the cells start; the signal comes after this run has finished a
            // cell of its own (every try makes progress) and at a random moment of the cells that follow
            int before = cellsBefore;
            await(p, () -> Files.exists(csv) && modified(csv).compareTo(started) >= 0 && cellsFinished(out) > before);
            Thread.sleep(rnd.nextInt(400));
            String what = "reproduce fig4, SIG" + name + ", try " + t;
            double s = stop(p, name, logs, what);
            worst = Math.max(worst, s);
            assertEquals(List.of(), stagingFiles(out), what + ": staging files left");
            int cells = cellsFinished(out);
            assertTrue(cells > cellsBefore, what + ": finished cells are kept and this try added one (" + cellsBefore + " → " + cells + ")");
            cellsBefore = cells;
            times.add(String.format(Locale.ROOT, "%s: %.3f s, %d cells finished", what, s, cells));
        }
        times.add(String.format(Locale.ROOT, "slowest: %.3f s", worst));
        write("signal-times-sweep.txt", times);
        assertTrue(cellsBefore < CELLS, "the 20 tries were all mid-sweep (the sweep had not finished)");

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        CliProcess.Result finished = CliProcess.run(List.of(), tmp.resolve("sweep-resume"), 1200,
                resume.toArray(String[]::new));
        assertEquals(0, finished.code(), finished.err());
        assertTrue(finished.out().contains("fig4: " + CELLS + " cells (" + (CELLS - cellsBefore) + " run now)"), finished.out());

        Path clean = tmp.resolve("clean");
        List<String> cleanArgs = new ArrayList<>(args);
        cleanArgs.set(cleanArgs.size() - 1, clean.toString());
        CliProcess.Result reference = CliProcess.run(List.of(), tmp.resolve("sweep-clean"), 1200,
                cleanArgs.toArray(String[]::new));
        assertEquals(0, reference.code(), reference.err());
        TreeSet<String> resumed = results(csv);
        assertEquals(CELLS, resumed.size(), "every cell once");
        assertEquals(results(clean.resolve("fig4.csv")), resumed, "the same rows as an uninterrupted run, bit for bit");
        assertEquals(List.of(), stagingFiles(out));
    }

    /** @return the cells recorded as finished in out/fig4.cells (its first line is the header), 0 before it exists */
    static int cellsFinished(Path out) {
        try {
            return Math.max(0, Files.readAllLines(out.resolve("fig4.cells")).size() - 1);
        } catch (IOException e) {
            return 0;
        }
    }

    static FileTime modified(Path f) {
        try {
            return Files.getLastModifiedTime(f);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
