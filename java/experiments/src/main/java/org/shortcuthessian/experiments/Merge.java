package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;

/**
 * Combines the directories of the k shards of one sweep ({@link Shard}) into the files one run writes:
 * NAME.csv, NAME.cells (which a later {@code --resume} accepts), the plots and manifest.json (whose
 * {@code runner} lists the shards). Refuses, naming what differs: shards of other experiments, grids or
 * settings, of different k, a shard missing or given twice, or one that has not finished.
 */
public final class Merge {
    private Merge() {
    }

    /**
     * What a merge wrote.
     *
     * @param csv      NAME.csv
     * @param plots    the PNG files
     * @param manifest manifest.json
     * @param cells    cells in the grid
     * @param rows     rows in the CSV
     */
    public record Summary(Path csv, List<Path> plots, Path manifest, int cells, int rows) {
    }

    private record ShardDir(Path dir, JsonNode manifest, Experiment experiment, Shard shard,
                            ResultsFile.Complete results, ObjectNode parameters) {
    }

    /**
     * Merges shard directories into out (created if needed; locked while writing; all files appear together).
     *
     * @throws InvalidInputException naming the directory and what differs or is missing; nothing is written then
     */
    public static Summary merge(List<Path> shardDirs, Path out) {
        if (shardDirs.isEmpty()) {
            throw new InvalidInputException("no shard directories to merge");
        }
        List<ShardDir> shards = new ArrayList<>();
        for (Path d : shardDirs) {
            shards.add(read(d));
        }
        ShardDir first = shards.get(0);
        Experiment e = first.experiment();
        int k = first.shard().count();
        Map<Integer, Path> byIndex = new HashMap<>();
        Map<String, Path> cellOwner = new HashMap<>();
        for (ShardDir s : shards) {
            if (s.experiment() != e) {
                throw new InvalidInputException(s.dir() + ": experiment " + s.experiment().name() + ", but " + first.dir()
                        + " has " + e.name());
            }
            if (s.shard().count() != k) {
                throw new InvalidInputException(s.dir() + ": shard " + s.shard() + ", but " + first.dir() + " is shard "
                        + first.shard() + " (the shard counts differ)");
            }
            if (!s.parameters().equals(first.parameters())) {
                throw new InvalidInputException(s.dir() + ": a shard of another run (" + String.join("; ",
                        ResultsFile.differences(first.parameters().toString(), s.parameters().toString(),
                                first.dir().toString(), s.dir().toString())) + ")");
            }
            Path twice = byIndex.put(s.shard().index(), s.dir());
            if (twice != null) {
                throw new InvalidInputException(s.dir() + ": shard " + s.shard() + " again (also " + twice + ")");
            }
            for (String key : s.results().rows().keySet()) {
                Path other = cellOwner.put(key, s.dir());
                if (other != null) {
                    throw new InvalidInputException(s.dir() + ": cell " + key + " is also in " + other);
                }
            }
        }
        for (int i = 1; i <= k; i++) {
            if (!byIndex.containsKey(i)) {
                throw new InvalidInputException("shard " + i + "/" + k + " is missing (given: " + shardDirs + ")");
            }
        }
        int gridCells = first.parameters().get("cells").asInt();
        if (cellOwner.size() != gridCells) {
            throw new InvalidInputException("the shards hold " + cellOwner.size() + " cells, the grid has " + gridCells);
        }
        return write(e, shards, out, gridCells);
    }

    private static ShardDir read(Path dir) {
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new InvalidInputException(dir + ": no manifest.json (not a shard, or it has not finished: resume it)");
        }
        JsonNode m;
        try {
            m = Json.read(manifestFile);
        } catch (RuntimeException ex) {
            throw new InvalidInputException(manifestFile + ": " + ex.getMessage());
        }
        JsonNode sh = m.get("shard");
        if (sh == null || !m.hasNonNull("experiment")) {
            throw new InvalidInputException(manifestFile + ": not the manifest of a shard (no \"shard\")");
        }
        Experiment e = Experiments.get(m.get("experiment").asText());
        Shard shard = new Shard(sh.path("index").asInt(), sh.path("count").asInt());
        ResultsFile.Complete results = ResultsFile.readComplete(dir, e.name(), e.columns(), e.keyColumns());
        JsonNode p;
        try {
            p = Json.parse(results.parameters());
        } catch (RuntimeException ex) {
            throw new InvalidInputException(dir.resolve(e.name() + ".cells") + ": parameter line: " + ex.getMessage());
        }
        if (!(p instanceof ObjectNode parameters) || !shard.toString().equals(p.path(Sweep.SHARD_PARAMETER).asText())) {
            throw new InvalidInputException(dir.resolve(e.name() + ".cells") + ": not the cells of shard " + shard
                    + " named in " + manifestFile);
        }
        int expected = sh.path("cells").asInt();
        if (results.rows().size() != expected) {
            throw new InvalidInputException(dir + ": shard " + shard + " has " + results.rows().size() + " of its "
                    + expected + " cells; finish it (resume it) first");
        }
        parameters.remove(Sweep.SHARD_PARAMETER);
        return new ShardDir(dir, m, e, shard, results, parameters);
    }

    private static Summary write(Experiment e, List<ShardDir> shards, Path out, int gridCells) {
        shards = new ArrayList<>(shards);
        shards.sort((a, b) -> Integer.compare(a.shard().index(), b.shard().index()));
        try (OutputDirectory dir = OutputDirectory.open(out).lock()) {
            Sweep.refuseAnotherExperiment(out, e);
            for (String f : List.of(e.name() + ".csv", e.name() + ".cells")) {
                if (Files.exists(out.resolve(f))) {
                    throw new InvalidInputException(out.resolve(f) + ": exists (merge into a new directory)");
                }
            }
            ObjectNode parameters = shards.get(0).parameters();
            List<String> lines = new ArrayList<>();
            Path stagedCsv = dir.stage(e.name() + ".csv");
            try (BufferedWriter csv = Files.newBufferedWriter(stagedCsv, StandardCharsets.UTF_8);
                 BufferedWriter cells = Files.newBufferedWriter(dir.stage(e.name() + ".cells"), StandardCharsets.UTF_8)) {
                csv.write(String.join(",", e.columns()) + "\n");
                cells.write("# " + parameters + "\n");
                for (ShardDir s : shards) {
                    for (Map.Entry<String, List<String>> c : s.results().rows().entrySet()) {
                        for (String line : c.getValue()) {
                            csv.write(line + "\n");
                            lines.add(line);
                        }
                        cells.write(c.getKey() + "\n");
                    }
                }
            } catch (IOException ex) {
                throw new InvalidInputException(out + ": cannot write (" + ex.getMessage() + ")");
            }
            List<Map<String, String>> rows = ResultsFile.readCanonical(stagedCsv);
            List<String> plots = e.plot(rows, shards.get(0).manifest().get("data"), dir);
            Json.write(dir.stage("manifest.json"), manifest(e, shards, parameters, rows.size(), plots));
            dir.commit();
            return new Summary(out.resolve(e.name() + ".csv"), plots.stream().map(out::resolve).toList(),
                    out.resolve("manifest.json"), gridCells, lines.size());
        }
    }

    /** The manifest of one run, from the shards' (their common fields from shard 1; sums and a list of shards). */
    private static ObjectNode manifest(Experiment e, List<ShardDir> shards, ObjectNode parameters, int rows,
                                       List<String> plots) {
        ObjectNode m = ((ObjectNode) shards.get(0).manifest()).deepCopy();
        m.remove("shard");
        m.remove("load_average"); // each shard's machine had its own: kept per shard below
        m.put("created", Instant.now().toString());
        m.set("parameters", parameters);
        double wall = 0;
        double eigen = 0;
        double hessian = 0;
        int ran = 0;
        int resumed = 0;
        ObjectNode runner = Json.object();
        runner.put("kind", "merge");
        ArrayNode list = runner.putArray("shards");
        for (ShardDir s : shards) {
            JsonNode sm = s.manifest();
            wall = Math.max(wall, sm.path("wall_seconds").asDouble());
            eigen += sm.path("eigen_seconds_sum").asDouble();
            hessian += sm.path("hessian_seconds_sum").asDouble();
            ran += sm.path("cells_run").asInt();
            resumed += sm.path("cells_resumed").asInt();
            ObjectNode one = list.addObject();
            one.put("shard", s.shard().toString());
            one.put("directory", s.dir().toAbsolutePath().toString());
            for (String key : List.of("created", "cells_run", "cells_resumed", "wall_seconds", "load_average", "runner",
                    "software", "previous_runs")) {
                if (sm.has(key)) {
                    one.set(key, sm.get(key));
                }
            }
        }
        m.put("rows", rows);
        m.put("cells_run", ran);
        m.put("cells_resumed", resumed);
        m.put("wall_seconds", wall); // the longest shard: the wall time when they run at once
        m.put("eigen_seconds_sum", eigen);
        m.put("hessian_seconds_sum", hessian);
        m.put("wall_over_eigen", eigen > 0 ? wall / eigen : null);
        m.set("runner", runner);
        m.putArray("previous_runs");
        ArrayNode files = m.putArray("files");
        files.add(e.name() + ".csv");
        plots.forEach(files::add);
        return m;
    }
}
