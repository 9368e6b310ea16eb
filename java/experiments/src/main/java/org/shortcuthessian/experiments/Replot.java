package org.shortcuthessian.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.OutputDirectory;

/**
 * Draws an experiment's figures again from the results of an earlier run ({@code DIR/NAME.csv} and the data
 * recorded in {@code DIR/manifest.json}), without running any cell: for a new plot style, or results copied from
 * elsewhere. The manifest's {@code files} list is brought up to date; nothing else in it changes.
 */
public final class Replot {
    private Replot() {
    }

    /**
     * @param e   the experiment whose results are in dir
     * @param dir the directory of a run (NAME.csv; manifest.json if present)
     * @return the files written (the figures in every format, and manifest.json when there is one)
     * @throws InvalidInputException naming the file if NAME.csv is missing or holds no rows
     */
    public static List<Path> run(Experiment e, Path dir) {
        Path csv = dir.resolve(e.name() + ".csv");
        if (!Files.isRegularFile(csv)) {
            throw new InvalidInputException(csv + ": no results of " + e.name() + " to plot (run reproduce "
                    + e.name() + " first)");
        }
        List<Map<String, String>> rows = ResultsFile.readCanonical(csv);
        if (rows.isEmpty()) {
            throw new InvalidInputException(csv + ": no rows to plot");
        }
        Path manifestFile = dir.resolve("manifest.json");
        JsonNode manifest = Files.isRegularFile(manifestFile) ? Json.read(manifestFile) : null;
        try (OutputDirectory out = OutputDirectory.open(dir)) {
            List<String> names = e.plot(rows, manifest != null ? manifest.get("data") : null, out);
            if (manifest instanceof ObjectNode m) {
                ArrayNode files = m.putArray("files");
                files.add(csv.getFileName().toString());
                names.forEach(files::add);
                Json.write(out.stage("manifest.json"), m);
            }
            out.commit();
            List<Path> written = new java.util.ArrayList<>(names.stream().map(dir::resolve).toList());
            if (manifest instanceof ObjectNode) {
                written.add(manifestFile);
            }
            return written;
        }
    }
}
