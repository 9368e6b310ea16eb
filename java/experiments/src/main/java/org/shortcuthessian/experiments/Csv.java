package org.shortcuthessian.experiments;

import org.shortcuthessian.InvalidInputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one CSV format of every CSV the project writes ({@code NAME.csv} of the sweeps, {@code training.csv},
 * {@code density.csv}), written and read through Jackson's CSV module: a header line of column names, then one
 * record per line ({@code \n}); a field is quoted (RFC 4180: {@code "} doubled) only when it holds a comma or a
 * quote. Values: null → empty field; a double in Java's round-trip notation ({@link Double#toString}: {@code 0.25},
 * {@code 1.0E-4}, {@code NaN}, {@code Infinity}, {@code -Infinity}; a float by {@link Float#toString}); anything else as its text, line breaks
 * replaced by spaces so that a record is always one line.
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .build();
    private static final ObjectWriter WRITER = MAPPER.writer(CsvSchema.emptySchema().withLineSeparator("\n"));
    private static final ObjectReader READER = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema());

    private Csv() {
    }

    /** @return the text of a value in a CSV field, before quoting (see the class comment). */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.toString(f);
        }
        return v.toString().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** @return one record, fields quoted where needed, ending in {@code \n}. */
    public static String line(List<String> fields) {
        try {
            return WRITER.writeValueAsString(List.of(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CSV: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param columns the header, in order
     * @param rows    column name → value; missing columns are written empty
     * @return the records of rows (no header), each ending in {@code \n}
     */
    public static String lines(List<String> columns, List<? extends Map<String, ?>> rows) {
        List<List<String>> records = new ArrayList<>(rows.size());
        for (Map<String, ?> row : rows) {
            List<String> fields = new ArrayList<>(columns.size());
            for (String c : columns) {
                fields.add(format(row.get(c)));
            }
            records.add(fields);
        }
        try {
            return WRITER.writeValueAsString(records);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("CSV: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * @param line one line of a CSV file, without its line break
     * @return its fields, unquoted; null if the line is not one whole record (a torn last line ending inside a
     *         quoted field)
     */
    public static String[] parseLine(String line) {
        try (MappingIterator<String[]> records = READER.readValues(line)) {
            return records.hasNext() ? records.next() : new String[] {""};
        } catch (IOException | RuntimeException e) { // Jackson's iterator wraps a parse error in a runtime exception
            return null;
        }
    }

    /**
     * Reads a CSV written by this class.
     *
     * @return every row as column → text (empty text for null), in file order; lines that are not a whole record
     *         with one field per column (a torn last line) are left out
     */
    public static List<Map<String, String>> read(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<Map<String, String>> out = new ArrayList<>();
            if (lines.isEmpty()) {
                throw new InvalidInputException(csv + ": empty, expected a header line of column names");
            }
            String[] header = parseLine(lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                String[] v = parseLine(line);
                if (v == null || header == null || v.length != header.length) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], v[i]);
                }
                out.add(row);
            }
            return out;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException(csv + ": no such file", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException(csv + ": not UTF-8 text (is it a results CSV?)", e);
        } catch (IOException e) {
            throw new InvalidInputException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes a whole CSV at once: the header, then the rows (missing columns empty). An existing file is replaced. */
    public static void write(Path file, List<String> columns, List<? extends Map<String, ?>> rows) {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(line(columns));
            w.write(lines(columns, rows));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
