package org.shortcuthessian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shortcuthessian.experiments.SweepRows;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;

/**
 * A results directory across processes (issue 15): its exclusive lock, staging files of dead processes, a
 * resume that would change results; and shards (issue 12): three shards merged are one run, mismatched shards
 * are refused, a shard killed with SIGKILL resumes.
 */
class SweepDirectoryTest {
    @TempDir
    Path tmp;

    static String[] fig4(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("reproduce", "fig4", "--samples", "2000", "--no-progress", "--out",
                out.toString()));
        a.addAll(Arrays.asList(extra));
        if (!a.contains("--depths")) {
            a.addAll(List.of("--depths", "6,12", "--seeds", "2"));
        }
        return a.toArray(String[]::new);
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderUntilTheHolderDies() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("locked"));
        Process holder = SweepRows.startJvm(List.of(), LockHolder.class.getName(), out.toString());
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", said.readLine());
            CliTest.Run r = CliTest.run(fig4(out));
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains("in use by another run") && r.err().contains("pid " + holder.pid()), r.err());
            assertFalse(Files.exists(out.resolve("fig4.csv")), "nothing written");
            CliTest.Run merge = CliTest.run("merge", "--out", out.toString(), tmp.resolve("nowhere").toString());
            assertEquals(2, merge.code(), merge.err());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: the OS releases the lock
        }
        CliTest.Run r = CliTest.run(fig4(out));
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void stagingFilesOfDeadProcessesAreRemovedByTheNextRun() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("staging"));
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path stale = Files.writeString(out.resolve(".fig4.csv.partial-" + dead.pid()), "torn");
        Path staleManifest = Files.writeString(out.resolve(".manifest.json.partial-" + dead.pid()), "{");
        Path live = Files.writeString(out.resolve(".other.npy.partial-" + ProcessHandle.current().pid()), "mine");
        CliTest.Run r = CliTest.run(fig4(out));
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(staleManifest));
        assertTrue(Files.exists(live), "a live process's staging file stays");
        String manifest = Files.readString(out.resolve("manifest.json"));
        CliTest.Run refused = CliTest.run("reproduce", "fig3", "--depths", "6", "--epochs", "2", "--samples", "300",
                "--no-progress", "--out", out.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("not empty"), "the overwrite rule comes first: " + refused.err());
        // even with --overwrite, another experiment's results are not replaced
        CliTest.Run other = CliTest.run("reproduce", "fig3", "--depths", "6", "--epochs", "2", "--samples", "300",
                "--no-progress", "--overwrite", "--out", out.toString());
        assertEquals(2, other.code(), other.err());
        assertTrue(other.err().contains("holds the results of fig4"), other.err());
        assertEquals(manifest, Files.readString(out.resolve("manifest.json")), "fig4's manifest stays");
        assertFalse(Files.exists(out.resolve("fig3.csv")));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(live.getFileName().toString()), files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".partial-")).toList());
        }
    }

    @Test
    void aResumeRefusesEverySettingThatChangesResultsByName() throws IOException {
        Path out = tmp.resolve("resume");
        CliTest.Run first = CliTest.run(fig4(out, "--backend", "native"));
        assertEquals(0, first.code(), first.err());
        String before = Files.readString(out.resolve("fig4.csv"));
        String[][] changes = {{"--backend", "java"}, {"--eigensolver", "dsyevr"}, {"--samples", "1999"},
            {"--depths", "6,18"}, {"--seeds", "3"}};
        String[] named = {"backend: \"native\" in that run, \"java\" in now", "eigensolver", "samples", "depths",
            "seeds"};
        for (int i = 0; i < changes.length; i++) {
            List<String> args = new ArrayList<>(List.of(fig4(out, "--resume", "--backend", "native")));
            int at = args.indexOf(changes[i][0]);
            if (at >= 0) {
                args.set(at + 1, changes[i][1]);
            } else {
                args.addAll(List.of(changes[i]));
            }
            CliTest.Run r = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(named[i]) && r.err().contains("must not change results"), r.err());
        }
        assertEquals(before, Files.readString(out.resolve("fig4.csv")), "refused resumes change nothing");
        CliTest.Run same = CliTest.run(fig4(out, "--resume", "--backend", "native", "--threads", "1"));
        assertEquals(0, same.code(), "threads do not change results: " + same.err());
        assertTrue(same.out().contains("(0 run now)"), same.out());
    }

    @Test
    void threeShardsMergedAreOneRunAndAKilledShardResumes() throws Exception {
        String[] grid = {"--depths", "6,12,18", "--seeds", "2"};
        Path whole = tmp.resolve("whole");
        CliTest.Run w = CliTest.run(fig4(whole, grid));
        assertEquals(0, w.code(), w.err());
        List<Path> shards = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            shards.add(tmp.resolve("shard-" + i));
        }
        // shard 2 in another JVM, killed (SIGKILL) after its first finished cell
        Process killed = SweepRows.startJvm(List.of("-Xmx1g"), Main.class.getName(), fig4(shards.get(1),
                concat(grid, "--shard", "2/3")));
        Path cells = shards.get(1).resolve("fig4.cells");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(cells) && Files.readAllLines(cells).size() >= 2) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(shards.get(1).resolve("manifest.json")), "killed before the end");
        for (int i : new int[] {1, 3}) {
            CliTest.Run r = CliTest.run(fig4(shards.get(i - 1), concat(grid, "--shard", i + "/3")));
            assertEquals(0, r.code(), r.err());
        }
        CliTest.Run early = CliTest.run("merge", "--out", tmp.resolve("early").toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(2).toString());
        assertEquals(2, early.code(), early.err());
        assertTrue(early.err().contains(shards.get(1).toString()) && early.err().contains("resume"), early.err());
        CliTest.Run resumed = CliTest.run(fig4(shards.get(1), concat(grid, "--shard", "2/3", "--resume")));
        assertEquals(0, resumed.code(), resumed.err());
        try (Stream<Path> files = Files.list(shards.get(1))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".partial-")), "no staging files left");
        }

        Path merged = tmp.resolve("merged");
        CliTest.Run m = CliTest.run("merge", "--out", merged.toString(), shards.get(2).toString(),
                shards.get(0).toString(), shards.get(1).toString());
        assertEquals(0, m.code(), m.err());
        List<String> one = SweepRows.comparable(whole.resolve("fig4.csv"));
        assertEquals(30, one.size(), "5 families × 3 depths × 2 seeds");
        assertEquals(one, SweepRows.comparable(merged.resolve("fig4.csv")), "three shards merged == one run");
        int sum = 0;
        for (Path s : shards) {
            int n = SweepRows.comparable(s.resolve("fig4.csv")).size();
            assertTrue(n >= 1, "every shard has its part: " + n);
            sum += n;
        }
        assertEquals(30, sum, "every cell in exactly one shard");
        JsonNode manifest = Json.read(merged.resolve("manifest.json"));
        assertEquals(Json.read(whole.resolve("manifest.json")).get("parameters"), manifest.get("parameters"));
        assertEquals(3, manifest.get("runner").get("shards").size());
        assertTrue(!manifest.has("load_average") && manifest.get("runner").get("shards").get(2).has("load_average"),
                "each shard's load average stays with its shard, none is the merged run's");
        assertEquals(9, manifest.get("files").size() - 1, "plots of the whole grid (3 figures as PNG, SVG and PDF)");
        assertEquals(Files.readAllLines(whole.resolve("fig4.cells")).get(0),
                Files.readAllLines(merged.resolve("fig4.cells")).get(0));
        CliTest.Run resumeMerged = CliTest.run(fig4(merged, concat(grid, "--resume")));
        assertEquals(0, resumeMerged.code(), resumeMerged.err());
        assertTrue(resumeMerged.out().contains("30 cells (0 run now)"), "a merged directory resumes as one run: "
                + resumeMerged.out());

        // refusals: exit 2, one line naming what differs; nothing written
        Path otherGrid = tmp.resolve("other-1");
        assertEquals(0, CliTest.run(fig4(otherGrid, "--depths", "6,12,18", "--seeds", "1", "--shard", "1/3")).code());
        Path out = tmp.resolve("refused");
        CliTest.assertBadInput(CliTest.run("merge", "--out", out.toString(), otherGrid.toString(),
                shards.get(1).toString(), shards.get(2).toString()), out, "seeds", "other-1", "another run");
        CliTest.assertBadInput(CliTest.run("merge", "--out", out.toString(), shards.get(0).toString(),
                shards.get(1).toString()), out, "shard 3/3 is missing");
        CliTest.assertBadInput(CliTest.run("merge", "--out", out.toString(), shards.get(0).toString(),
                shards.get(0).toString(), shards.get(2).toString()), out, "shard 1/3 again");
        CliTest.assertBadInput(CliTest.run("merge", "--out", out.toString(), whole.toString()), out, "not the manifest"
                + " of a shard");
        CliTest.assertBadInput(CliTest.run("merge", "--out", out.toString(), shards.get(0).toString(),
                shards.get(1).toString(), shards.get(2).toString(), tmp.resolve("nowhere").toString()), out,
                "nowhere", "no manifest.json");
        CliTest.assertBadInput(CliTest.run(fig4(out, "--shard", "4/3")), out, "--shard", "4/3");
        CliTest.assertBadInput(CliTest.run(fig4(out, "--spark", "local[2]")), out, "--spark", "shortcut-hessian-spark.jar");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
