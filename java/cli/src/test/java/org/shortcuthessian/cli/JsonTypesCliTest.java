package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;

/**
 * Every JSON value that every command writes has its JSON type: no number, boolean or null written as text, and
 * the fields users read have the types docs/DESIGN.md ("Outputs") gives them.
 */
class JsonTypesCliTest {
    @TempDir
    Path tmp;

    /** Collects the path of every text value that reads as a number, a boolean or null. */
    static void mistyped(JsonNode node, String path, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> mistyped(e.getValue(), path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                mistyped(node.get(i), path + "[" + i + "]", out);
            }
        } else if (node.isTextual()) {
            String t = node.textValue().trim();
            if (t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|NaN|-?Infinity|nan|-?inf|true|false|null")) {
                out.add(path + " = \"" + t + "\"");
            }
        }
    }

    static JsonNode typed(Path file) {
        JsonNode n = Json.read(file);
        List<String> bad = new ArrayList<>();
        mistyped(n, file.getFileName().toString(), bad);
        assertEquals(List.of(), bad, file + ": values written as text");
        return n;
    }

    @Test
    void everyCommandsJsonHasTypedValues() throws IOException {
        Path model = tmp.resolve("m.json");
        Files.writeString(model, HessianCliTest.MODEL);
        Path x = tmp.resolve("x.npy");
        Path y = tmp.resolve("y.npy");
        double[] xs = new double[30 * 3];
        double[] ys = new double[30 * 3];
        for (int q = 0; q < xs.length; q++) {
            xs[q] = Math.sin(q * 0.7);
            ys[q] = Math.cos(q * 1.3);
        }
        Npy.writeArray(x, new NpyArray(new long[] {30, 3}, xs));
        Npy.writeArray(y, new NpyArray(new long[] {30, 3}, ys));
        String[] net = {"--model", model.toString(), "--init", "xavier", "--inputs", x.toString(), "--targets", y.toString()};

        Path demo = tmp.resolve("demo");
        assertEquals(0, CliTest.run("demo", "--units", "1", "--samples", "40", "--out", demo.toString()).code());
        for (String f : List.of("result.json", "stats.json", "model.json")) {
            typed(demo.resolve(f));
        }
        JsonNode result = typed(demo.resolve("result.json"));
        assertTrue(result.get("loss").isDouble() && result.get("parameters").isInt() && result.get("seed").isIntegralNumber());
        assertTrue(result.get("stats").isObject(), "result.json nests the statistics under stats");
        assertTrue(result.get("seconds").get("hessian").isDouble());

        Path lanczos = tmp.resolve("lanczos");
        CliTest.Run r = CliTest.run(UsabilityCliTest.concat(UsabilityCliTest.concat(new String[] {"hessian"}, net),
                "--spectrum", "--method", "lanczos", "--top", "2", "--bottom", "1", "--out", lanczos.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode stats = typed(lanczos.resolve("stats.json"));
        assertTrue(stats.get("top").isInt() && stats.get("eigenvalues_written").isInt());
        assertTrue(stats.get("residuals").isArray() && stats.get("residuals").get(0).isDouble());
        assertEquals("estimate", stats.get("lanczos").get("residual_kind").asText());
        assertTrue(stats.get("lanczos").get("all_converged").isBoolean());
        typed(lanczos.resolve("result.json"));

        Path slq = tmp.resolve("slq");
        r = CliTest.run(UsabilityCliTest.concat(UsabilityCliTest.concat(new String[] {"hessian"}, net),
                "--spectrum", "--method", "slq", "--probes", "2", "--steps", "5", "--out", slq.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode slqStats = typed(slq.resolve("stats.json"));
        assertTrue(slqStats.get("p10_abs").isDouble() && slqStats.get("p10_abs_stderr").isNumber());

        Path density = tmp.resolve("density");
        r = CliTest.run(UsabilityCliTest.concat(UsabilityCliTest.concat(new String[] {"density"}, net),
                "--probes", "2", "--steps", "5", "--out", density.toString()));
        assertEquals(0, r.code(), r.err());
        JsonNode d = typed(density.resolve("density.json"));
        assertTrue(d.get("parameters").isInt() && d.get("slq").get("probes").isInt());

        Path train = tmp.resolve("train");
        r = CliTest.run("train", "--model", model.toString(), "--init", "small", "--inputs", x.toString(), "--targets",
                y.toString(), "--learning-rate", "0.1", "--epochs", "3", "--out", train.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode t = typed(train.resolve("result.json"));
        assertTrue(t.get("diverged").isBoolean() && t.get("divergence").isNull() && t.get("epochs_run").isInt());

        CliTest.Run info = CliTest.run("info", "--json");
        assertEquals(0, info.code(), info.err());
        JsonNode facts = Json.parse(info.out());
        List<String> bad = new ArrayList<>();
        mistyped(facts, "info", bad);
        assertEquals(List.of(), bad);
        assertTrue(facts.get("cpus").isInt() && facts.get("max_heap_bytes").isIntegralNumber());
        assertTrue(facts.get("native_available").isBoolean());
        assertTrue(facts.get("openblas_threads") == null || facts.get("openblas_threads").isInt());
        assertFalse(facts.has("openblas_coretype_env") && facts.get("openblas_coretype_env").asText().equals("null")
                && facts.get("openblas_coretype_env").isTextual(), "an unset variable is JSON null");
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() throws IOException {
        var o = Json.object();
        o.put("loss", Double.NaN);
        o.putArray("values").add(1.5).add(Double.POSITIVE_INFINITY);
        Path f = tmp.resolve("n.json");
        Json.write(f, o);
        JsonNode back = typed(f);
        assertTrue(back.get("loss").isNull() && back.get("values").get(1).isNull());
        assertEquals(1.5, back.get("values").get(0).doubleValue());
        assertTrue(Double.isNaN(o.get("loss").doubleValue()), "the node written is not modified");
    }

    @Test
    void factsKeepTheirTypes() {
        JsonNode f = Json.facts(new java.util.LinkedHashMap<>(Map.of("a", "2")));
        assertTrue(f.get("a").isIntegralNumber());
        JsonNode g = Json.facts(Map.of("v", "0.3.30"));
        assertTrue(g.get("v").isTextual());
        assertTrue(Json.facts(Map.of("n", "null")).get("n").isNull());
        assertTrue(Json.facts(Map.of("b", "false")).get("b").isBoolean());
    }
}
