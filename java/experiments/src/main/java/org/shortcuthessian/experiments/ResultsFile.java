package org.shortcuthessian.experiments;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shortcuthessian.InvalidInputException;

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
    private final Path csv;
    private final Path cells;
    private final List<String> columns;
    private final List<String> keyColumns;
    private final Set<String> done = new HashSet<>();
    private BufferedWriter csvOut;
    private BufferedWriter cellsOut;

    private ResultsFile(Path dir, String name, List<String> columns, List<String> keyColumns) {
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
            Path tmp = f.csv.resolveSibling("." + name + ".csv.tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write(Csv.line(columns));
                for (String line : kept) {
                    w.write(line);
                    w.write('\n');
                }
            }
            Path tmpCells = f.cells.resolveSibling("." + name + ".cells.tmp");
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
        if (!Files.exists(cells)) {
            throw new InvalidInputException(cells + ": missing, cannot tell which cells of " + csv.getFileName()
                    + " are complete (choose another --out)");
        }
        List<String> cellLines = Files.readAllLines(cells, StandardCharsets.UTF_8);
        if (cellLines.isEmpty() || !cellLines.get(0).equals("# " + parameters)) {
            throw new InvalidInputException(cells + ": that run had other parameters ("
                    + (cellLines.isEmpty() ? "none" : cellLines.get(0).substring(Math.min(2, cellLines.get(0).length())))
                    + "); resume it with the same options or choose another --out");
        }
        Set<String> listed = new HashSet<>(cellLines.subList(1, cellLines.size()));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
            throw new InvalidInputException(csv + ": its header is not this experiment's columns (written by another"
                    + " version?); choose another --out");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] v = Csv.parseLine(line);
            if (v == null || v.length != columns.size()) {
                continue; // a torn last line
            }
            String key = key(v);
            if (listed.contains(key)) {
                kept.add(line);
                done.add(key);
            }
        }
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

    /** Writes a whole CSV at once (header, then the rows; missing columns empty): {@link Csv#write}. */
    public static void write(Path file, List<String> columns, List<? extends Map<String, ?>> rows) {
        Csv.write(file, columns, rows);
    }

    private static String lines(List<String> columns, List<? extends Map<String, ?>> rows) {
        return Csv.lines(columns, rows);
    }

    /** Formats a value for the CSV ({@link Csv#format}). */
    static String format(Object v) {
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
