package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.network.NetworkSpec;

/** {@code train} with a step learning-rate schedule, and the analogues fig2 and fig9 from the command line. */
class AnaloguesCliTest {
    @TempDir
    Path tmp;

    @Test
    void trainFollowsTheStepScheduleAndRecordsTheRateOfEachEpoch() throws IOException {
        Path model = tmp.resolve("model.json");
        Json.write(model, NetworkSpec.linear(10, 2, 2, true).toJson());
        Path out = tmp.resolve("train");
        CliTest.Run r = CliTest.run("train", "--model", model.toString(), "--init", "small", "--seed", "3",
                "--samples", "500", "--learning-rate", "0.4", "--epochs", "12", "--learning-rate-steps", "6,9",
                "--learning-rate-factor", "0.5", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = ResultsFile.read(out.resolve("training.csv"));
        assertEquals(13, rows.size());
        for (Map<String, String> row : rows) {
            int e = Integer.parseInt(row.get("epoch"));
            assertEquals(e < 6 ? 0.4 : e < 9 ? 0.2 : 0.1, Double.parseDouble(row.get("learning_rate")), 0.0, "epoch " + e);
        }
        JsonNode res = Json.read(out.resolve("result.json"));
        assertEquals("[6,9]", res.get("learning_rate_steps").toString());
        assertEquals(0.5, res.get("learning_rate_factor").asDouble(), 0.0);
        assertEquals(0.1, res.get("final_learning_rate").asDouble(), 0.0);
        // without steps: a constant rate, recorded too
        Path constant = tmp.resolve("constant");
        CliTest.Run c = CliTest.run("train", "--model", model.toString(), "--init", "small", "--samples", "500",
                "--learning-rate", "0.4", "--epochs", "3", "--out", constant.toString(), "--no-progress");
        assertEquals(0, c.code(), c.err());
        assertTrue(ResultsFile.read(constant.resolve("training.csv")).stream().allMatch(x -> x.get("learning_rate").equals("0.4")));
        assertEquals("[]", Json.read(constant.resolve("result.json")).get("learning_rate_steps").toString());
    }

    @Test
    void badSchedulesAreOneLineNamingTheOption() throws IOException {
        Path model = tmp.resolve("model.json");
        Json.write(model, NetworkSpec.linear(10, 2, 2, true).toJson());
        Path out = tmp.resolve("bad");
        String[][] cases = {
            {"--learning-rate-steps", "0", "--learning-rate-steps: 0 at index 0 (must be an epoch 1…10"},
            {"--learning-rate-steps", "5,11", "--learning-rate-steps: 11 at index 1"},
            {"--learning-rate-steps", "7,4", "--learning-rate-steps: 4 at index 1 (must be after 7"},
            {"--learning-rate-factor", "0.5", "--learning-rate-factor: needs --learning-rate-steps"},
            {"--learning-rate-steps", "5", "--learning-rate-factor", "-1", "--learning-rate-factor: -1.0"},
            {"--learning-rate-steps", "5", "--learning-rate-factor", "NaN", "--learning-rate-factor: NaN"},
        };
        for (String[] k : cases) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--model", model.toString(), "--init", "small",
                    "--samples", "200", "--learning-rate", "0.1", "--epochs", "10", "--out", out.toString(), "--no-progress"));
            args.addAll(List.of(k).subList(0, k.length - 1));
            CliTest.assertBadInput(CliTest.run(args.toArray(String[]::new)), out, k[k.length - 1]);
        }
    }

    @Test
    void fig2AndFig9RunFromTheCommandLine() throws IOException {
        Path fig2 = tmp.resolve("fig2");
        CliTest.Run a = CliTest.run("reproduce", "fig2", "--depths", "2", "--seeds", "2", "--epochs", "4",
                "--samples", "200", "--out", fig2.toString(), "--no-progress");
        assertEquals(0, a.code(), a.err());
        assertEquals(4 * 2 * 5, ResultsFile.read(fig2.resolve("fig2.csv")).size(), "2 mids × 2 families × 2 seeds × 5 epochs");
        assertTrue(Files.exists(fig2.resolve("fig2_relu.png")));
        Path fig9 = tmp.resolve("fig9");
        CliTest.Run b = CliTest.run("reproduce", "fig9", "--depths", "12", "--seeds", "1", "--epochs", "3",
                "--learning-rates", "0.1", "--samples", "200", "--out", fig9.toString(), "--no-progress");
        assertEquals(0, b.code(), b.err());
        assertEquals(5, ResultsFile.read(fig9.resolve("fig9.csv")).size(), "n = 1 (pre, none), 2, 3, 4");
        assertTrue(Files.exists(fig9.resolve("fig9_loss_vs_shortcut.png")));
        // the depth must suit every n: 6 is not a multiple of 4
        Path bad = tmp.resolve("fig9-bad");
        CliTest.assertBadInput(CliTest.run("reproduce", "fig9", "--depths", "6", "--out", bad.toString(),
                "--no-progress"), bad, "--depths: 6 at index 0 is not a multiple of 4");
        Path unused = tmp.resolve("fig2-bad");
        CliTest.assertBadInput(CliTest.run("reproduce", "fig2", "--learning-rates", "0.1,1", "--out", unused.toString(),
                "--no-progress"), unused, "--learning-rates");
    }
}
