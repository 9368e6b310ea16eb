package org.shortcuthessian.curvature.matrixfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.io.Json;

/**
 * Past the dense limit: N = 262 144 (d = 64, R = 32, n = 2, m = 2000; a dense Hessian is 8·N² = 550 GB). In a
 * JVM of its own with a 4 GB heap, the top 10 eigenvalues and an SLQ density are computed matrix-free, and the
 * memory high-water marks are asserted: live heap after any GC below 2 GB, JavaCPP native allocations below
 * 256 MB, the process's peak resident set below 5 GB (heap limit plus the JVM). Tagged slow: minutes.
 */
@Tag("slow")
class MemoryTest {
    @Test
    void topTenAndDensityAtN262144InA4GbHeap() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Xmx4g", "-cp", System.getProperty("java.class.path"),
                MemoryHighWaterMark.class.getName())).redirectErrorStream(false).start();
        p.getErrorStream().transferTo(System.err);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String line = out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
        System.out.println("memory test: " + line);
        JsonNode r = Json.parse(line);
        assertEquals(262_144, r.get("parameters").asInt());
        assertEquals("lanczos", r.get("top_method").asText(), "auto chose matrix-free");
        assertEquals("slq", r.get("slq_method").asText());
        assertTrue(r.get("top_converged").asBoolean(), line);
        assertEquals(10, r.get("top").size());
        assertTrue(r.get("live_heap_peak_bytes").asLong() < 2L << 30, "live heap " + line);
        assertTrue(r.get("javacpp_peak_bytes").asLong() < 256L << 20, "native " + line);
        assertTrue(r.get("vm_hwm_bytes").asLong() < 5L << 30, "resident " + line);
    }
}
