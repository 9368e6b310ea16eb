package org.shortcuthessian.experiments;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Json;

/**
 * A sweep's results as they stream in: {@code NAME.csv} (one row per measurement, a header line of
 * column names) and {@code NAME.cells} (a first line {@code # PARAMETERS}, then the key of every cell
 * whose rows are completely in the CSV, appended after those rows are flushed).
 *
 * <p>An interrupted run therefore leaves a CSV whose complete cells are listed in NAME.cells; rows of
 * an unlisted cell (or a torn last line) are dropped when the run is resumed, so every row that
 * survives is valid. The CSV format (quoting, numbers in Java's round-trip notation, empty for null) is
 * {@link Csv}'s.
 */
public final class ResultsFile implements AutoCloseable {
    private final Path dir;
    private final String name;
    private final Path csv;
    private final Path cells;
    private final List<String> columns;
    private final List<String> keyColumns;
    private final Set<String> done = new HashSet<>();
    private BufferedWriter csvOut;
    private BufferedWriter cellsOut;

    private ResultsFile(Path dir, String name, List<String> columns, List<String> keyColumns) {
        this.dir = dir;
        this.name = name;
        this.csv = dir.resolve(name + ".csv");
        this.cells = dir.resolve(name + ".cells");
        this.columns = List.copyOf(columns);
        this.keyColumns = List.copyOf(keyColumns);
    }

    /**
     * Opens the results of experiment name in dir.
     *
     * @param parameters one line describing the grid; a resumed run must have been started with the same
     * @param resume     continue an earlier run (its complete cells are kept and not run again); without
     *                   it, an existing CSV is an error rather than overwritten
     * @throws InvalidInputException if the CSV exists without resume, or was written with other columns
     *                               or parameters
     */
    public static ResultsFile open(Path dir, String name, List<String> columns, List<String> keyColumns,
                                   String parameters, boolean resume) {
        ResultsFile f = new ResultsFile(dir, name, columns, keyColumns);
        try {
            boolean exists = Files.exists(f.csv);
            if (exists && !resume) {
                throw new InvalidInputException(f.csv + ": exists (pass --resume to continue that run, or choose"
                        + " another --out)");
            }
            List<String> kept = new ArrayList<>();
            if (exists) {
                f.recover(parameters, kept);
            }
            String staging = ".partial-" + ProcessHandle.current().pid(); // removed by the next run if we die here
            Path tmp = f.csv.resolveSibling("." + name + ".csv" + staging);
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(Csv.line(columns));
                for (String line : kept) {
                    w.write(line);
                    w.write('\n');
                }
            }
            Path tmpCells = f.cells.resolveSibling("." + name + ".cells" + staging);
            try (BufferedWriter w = Files.newBufferedWriter(tmpCells, StandardCharsets.UTF_8)) {
                w.write("# " + parameters + "\n");
                for (String k : f.done) {
                    w.write(k + "\n");
                }
            }
            Files.move(tmp, f.csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmpCells, f.cells, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            f.csvOut = Files.newBufferedWriter(f.csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            f.cellsOut = Files.newBufferedWriter(f.cells, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return f;
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot write results (" + e.getMessage() + ")");
        }
    }

    private void recover(String parameters, List<String> kept) throws IOException {
        Complete c = readComplete(dir, name, columns, keyColumns);
        if (!c.parameters().equals(parameters)) {
            throw new InvalidInputException(cells + ": that run had other parameters (" + String.join("; ",
                    differences(c.parameters(), parameters, "that run", "now")) + "); a resume must not change results:"
                    + " resume it with the same settings or choose another --out");
        }
        c.rows().forEach((key, lines) -> {
            kept.addAll(lines);
            done.add(key);
        });
    }

    /**
     * The complete cells of a run, read without changing anything.
     *
     * @param parameters the parameter line of NAME.cells (without its {@code # })
     * @param rows       each complete cell's key → its CSV lines, in the order of NAME.cells
     */
    public record Complete(String parameters, Map<String, List<String>> rows) {
    }

    /**
     * Reads the complete cells of experiment name in dir: those listed in NAME.cells, with their rows in NAME.csv
     * (rows of unlisted cells and torn lines are left out).
     *
     * @throws InvalidInputException if NAME.cells is missing or empty, or the CSV's header is not columns
     */
    public static Complete readComplete(Path dir, String name, List<String> columns, List<String> keyColumns) {
        ResultsFile f = new ResultsFile(dir, name, columns, keyColumns);
        try {
            if (!Files.exists(f.cells)) {
                throw new InvalidInputException(f.cells + ": missing, cannot tell which cells of " + f.csv.getFileName()
                        + " are complete (choose another --out)");
            }
            List<String> cellLines = Files.readAllLines(f.cells, StandardCharsets.UTF_8);
            if (cellLines.isEmpty() || !cellLines.get(0).startsWith("# ")) {
                throw new InvalidInputException(f.cells + ": no parameter line (not written by a sweep?)");
            }
            Map<String, List<String>> rows = new LinkedHashMap<>();
            for (String k : cellLines.subList(1, cellLines.size())) {
                rows.put(k, new ArrayList<>());
            }
            List<String> lines = Files.readAllLines(f.csv, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
                throw new InvalidInputException(f.csv + ": its header is not this experiment's columns (written by"
                        + " another version?); choose another --out");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] v = Csv.parseLine(line);
                if (v == null || v.length != columns.size()) {
                    continue; // a torn last line
                }
                List<String> cell = rows.get(f.key(v));
                if (cell != null) {
                    cell.add(line);
                }
            }
            rows.values().removeIf(List::isEmpty); // listed before its rows were flushed? not complete
            return new Complete(cellLines.get(0).substring(2), rows);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot read results (" + e.getMessage() + ")");
        }
    }

    /**
     * The settings that differ between two parameter lines (JSON objects, as written in NAME.cells), each as
     * {@code key: A in <nameA>, B in <nameB>}; text that is not a JSON object differs as a whole.
     */
    public static List<String> differences(String a, String b, String nameA, String nameB) {
        JsonNode ja;
        JsonNode jb;
        try {
            ja = Json.parse(a);
            jb = Json.parse(b);
        } catch (RuntimeException e) {
            return List.of("parameters: " + a + " in " + nameA + ", " + b + " in " + nameB);
        }
        List<String> out = new ArrayList<>();
        Set<String> keys = new java.util.LinkedHashSet<>();
        ja.fieldNames().forEachRemaining(keys::add);
        jb.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode va = ja.get(k);
            JsonNode vb = jb.get(k);
            if (va == null || !va.equals(vb)) {
                out.add(k + ": " + (va == null ? "unset" : va.toString()) + " in " + nameA + ", "
                        + (vb == null ? "unset" : vb.toString()) + " in " + nameB);
            }
        }
        return out.isEmpty() ? List.of("the same settings, written differently") : out;
    }

    private String key(String[] values) {
        StringBuilder b = new StringBuilder();
        for (String c : keyColumns) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(c).append('=').append(values[columns.indexOf(c)]);
        }
        return b.toString();
    }

    /** @return the key of a cell from its parameters (the key columns' values, formatted as in the CSV). */
    public String key(Map<String, ?> params) {
        String[] v = new String[columns.size()];
        for (String c : keyColumns) {
            v[columns.indexOf(c)] = format(params.get(c));
        }
        return key(v);
    }

    /** @return whether a cell with these parameters is complete in the file. */
    public synchronized boolean isDone(Map<String, ?> params) {
        return done.contains(key(params));
    }

    /** @return the number of complete cells. */
    public synchronized int doneCount() {
        return done.size();
    }

    /**
     * Appends a cell's rows and then marks the cell complete (both flushed).
     *
     * @param params the cell's parameters (its key columns)
     * @param rows   column name → value; missing columns are written empty
     */
    public synchronized void append(Map<String, ?> params, List<? extends Map<String, ?>> rows) {
        try {
            csvOut.write(lines(columns, rows));
            csvOut.flush();
            String k = key(params);
            cellsOut.write(k + "\n");
            cellsOut.flush();
            done.add(k);
        } catch (IOException e) {
            throw new UncheckedIOException(csv + ": " + e.getMessage(), e);
        }
    }

    /** @return every row of the CSV as column → text (empty text for null). */
    public synchronized List<Map<String, String>> rows() {
        return read(csv);
    }

    /** Reads a CSV written by this class ({@link Csv#read}: header line, then rows; torn lines left out). */
    public static List<Map<String, String>> read(Path csv) {
        return Csv.read(csv);
    }

    /**
     * Reads a CSV as {@link #read} does, in canonical order: rows sorted by every column from left to right, numbers
     * as numbers (before text), the sort stable. A sweep's CSV holds its cells in the order they finished, which
     * varies from run to run; every summary, derived CSV and plot computed from these rows (a mean over seeds sums in
     * row order) is then the same, bit for bit, whatever that order was. Within a cell the rows keep their order (its
     * key columns are equal, an epoch column ascends).
     */
    public static List<Map<String, String>> readCanonical(Path csv) {
        return canonical(read(csv));
    }

    /** @return the rows in canonical order ({@link #readCanonical}); rows is not modified */
    static List<Map<String, String>> canonical(List<Map<String, String>> rows) {
        if (rows.isEmpty()) {
            return rows;
        }
        List<String> columns = new ArrayList<>(rows.get(0).keySet());
        record Keyed(Object[] key, Map<String, String> row) {
        }
        List<Keyed> keyed = new ArrayList<>(rows.size());
        for (Map<String, String> r : rows) {
            Object[] key = new Object[columns.size()];
            for (int i = 0; i < key.length; i++) {
                String v = r.getOrDefault(columns.get(i), "");
                key[i] = number(v);
                if (key[i] == null) {
                    key[i] = v;
                }
            }
            keyed.add(new Keyed(key, r));
        }
        keyed.sort((a, b) -> {
            for (int i = 0; i < a.key().length; i++) {
                int c = compareField(a.key()[i], b.key()[i]);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return keyed.stream().map(Keyed::row).toList();
    }

    private static Double number(String v) {
        if (v.isEmpty() || !(Character.isDigit(v.charAt(0)) || v.charAt(0) == '-' || v.charAt(0) == '+'
                || v.charAt(0) == '.' || v.equals("NaN") || v.endsWith("Infinity"))) {
            return null;
        }
        try {
            return Double.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int compareField(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Double) {
            return -1;
        }
        if (b instanceof Double) {
            return 1;
        }
        return ((String) a).compareTo((String) b);
    }

    /** Writes a whole CSV at once (header, then the rows; missing columns empty): {@link Csv#write}. */
    public static void write(Path file, List<String> columns, List<? extends Map<String, ?>> rows) {
        Csv.write(file, columns, rows);
    }

    private static String lines(List<String> columns, List<? extends Map<String, ?>> rows) {
        return Csv.lines(columns, rows);
    }

    /** Formats a value for the CSV ({@link Csv#format}). */
    public static String format(Object v) {
        return Csv.format(v);
    }

    /** @return the CSV's path. */
    public Path csv() {
        return csv;
    }

    @Override
    public synchronized void close() {
        try {
            if (csvOut != null) {
                csvOut.close();
            }
            if (cellsOut != null) {
                cellsOut.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
