package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.NetworkSpec;

/**
 * 10 000 dense Hessians (native memory, each closed) and then 10 000 Hessian-vector products in one JVM: JavaCPP's
 * native allocations (at least 8·N² bytes while a Hessian is open) come back to the same figure after every
 * Hessian, and the process's resident set stays
 * flat. The curve (every {@value #EVERY} calls: JavaCPP's total and physical bytes, the resident set, the heap in
 * use) is written to target/soak-memory.csv.
 */
@Tag("slow")
class SoakTest {
    static final int CALLS = 10_000;
    static final int EVERY = 250;
    /** Growth of the resident set allowed over the last 80 % of each phase (heap sizing, allocator caches). */
    static final long RSS_GROWTH_BOUND = 32L << 20;

    record Sample(String phase, int calls, long javacppTotal, long physical, long rss, long heapUsed) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d", phase, calls, javacppTotal, physical, rss, heapUsed);
        }
    }

    static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    static Sample sample(String phase, int calls) throws IOException {
        Runtime rt = Runtime.getRuntime();
        return new Sample(phase, calls, Pointer.totalBytes(), Pointer.physicalBytes(), rss(),
                rt.totalMemory() - rt.freeMemory());
    }

    @Test
    void tenThousandHessiansAndProductsKeepMemoryFlat() throws IOException {
        NetworkSpec spec = Fixtures.spec(5, 2, 2, true, "identity", "relu", "identity"); // N = 100
        Dataset data = Fixtures.data(5, 600, 8);
        Curvature curv = new Curvature(spec, data, Backends.of(BackendKind.NATIVE));
        double[] theta = Fixtures.theta(spec, 0.3, 1);
        double[] v = Fixtures.theta(spec, 1.0, 2);
        List<Sample> curve = new ArrayList<>();
        double first = Double.NaN;
        for (int i = 1; i <= CALLS; i++) {
            try (DenseMatrix h = curv.hessian(theta)) {
                if (i == 1) {
                    first = h.get(3, 7);
                }
                assertEquals(first, h.get(3, 7), 0.0, "the same Hessian every time");
                if (i % EVERY == 0) { // while it is open, the matrix is JavaCPP's: the figure below is not trivially 0
                    long n = spec.parameterCount();
                    assertTrue(Pointer.totalBytes() >= 8 * n * n, "the open Hessian in native memory: "
                            + Pointer.totalBytes());
                }
            }
            if (i % EVERY == 0) {
                curve.add(sample("hessian", i));
            }
        }
        double[] hv0 = curv.hvp(theta, v);
        for (int i = 1; i <= CALLS; i++) {
            double[] hv = curv.hvp(theta, v);
            assertEquals(hv0[11], hv[11], 0.0, "the same product every time");
            if (i % EVERY == 0) {
                curve.add(sample("hvp", i));
            }
        }
        Path out = Path.of("target", "soak-memory.csv");
        List<String> lines = new ArrayList<>(List.of("phase,calls,javacpp_total_bytes,javacpp_physical_bytes,"
                + "rss_bytes,heap_used_bytes"));
        curve.forEach(s -> lines.add(s.csv()));
        Files.createDirectories(out.getParent());
        Files.write(out, lines);
        for (String phase : List.of("hessian", "hvp")) {
            List<Sample> s = curve.stream().filter(x -> x.phase().equals(phase)).toList();
            Sample from = s.get(s.size() / 5);
            Sample last = s.get(s.size() - 1);
            long nativeMax = s.stream().skip(s.size() / 5).mapToLong(Sample::javacppTotal).max().orElseThrow();
            assertEquals(from.javacppTotal(), nativeMax, phase + ": JavaCPP's native bytes after each call come back"
                    + " to the same figure (every matrix is freed when closed)");
            long rssMax = s.stream().skip(s.size() / 5).mapToLong(Sample::rss).max().orElseThrow();
            assertTrue(rssMax - from.rss() <= RSS_GROWTH_BOUND, phase + ": resident set grew by "
                    + (rssMax - from.rss()) + " bytes after " + from.calls() + " calls (bound " + RSS_GROWTH_BOUND
                    + "); the curve is in " + out.toAbsolutePath() + "; last " + last);
        }
    }
}
