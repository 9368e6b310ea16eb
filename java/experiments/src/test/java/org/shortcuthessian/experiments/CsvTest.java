package org.shortcuthessian.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one CSV format: quoting of text, one number format, empty for null; read back by an independent parser. */
class CsvTest {
    @TempDir
    Path tmp;

    static final List<String> COLUMNS = List.of("depth", "learning_rate", "loss", "diverged", "divergence");

    static Map<String, Object> row(int depth, double lr, Double loss, boolean diverged, String divergence) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("depth", depth);
        r.put("learning_rate", lr);
        r.put("loss", loss);
        r.put("diverged", diverged);
        r.put("divergence", divergence);
        return r;
    }

    static final List<Map<String, Object>> ROWS = List.of(
            row(2, 1e-4, 0.25, false, null),
            row(4, 3.16e-4, Double.NaN, true, "loss 1.2e+07 above the bound 1e+06, at epoch 5"),
            row(8, 0.1, Double.POSITIVE_INFINITY, true, "the \"quoted\" reason, with commas, and\na line break"),
            row(16, 1.0, 4.8e-05, false, ""));

    /** Reads with Jackson's own header-mapped reader (not {@link Csv#read}), as a user's tool would. */
    static List<Map<String, String>> readIndependently(Path file) throws IOException {
        List<Map<String, String>> out = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    @Test
    void roundTripsThroughACsvParserWithCommasAndQuotesInText() throws IOException {
        Path file = tmp.resolve("t.csv");
        Csv.write(file, COLUMNS, ROWS);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(5, lines.size(), "a header and one line per record, whatever the text holds");
        assertEquals("depth,learning_rate,loss,diverged,divergence", lines.get(0));
        assertEquals("2,1.0E-4,0.25,false,", lines.get(1), "null is an empty field; Java's number notation");
        assertEquals("4,3.16E-4,NaN,true,\"loss 1.2e+07 above the bound 1e+06, at epoch 5\"", lines.get(2));
        for (List<Map<String, String>> read : List.of(readIndependently(file), Csv.read(file))) {
            assertEquals(4, read.size());
            assertEquals("loss 1.2e+07 above the bound 1e+06, at epoch 5", read.get(1).get("divergence"));
            assertEquals("the \"quoted\" reason, with commas, and a line break", read.get(2).get("divergence"));
            assertEquals("", read.get(0).get("divergence"));
            assertEquals(0.25, Double.parseDouble(read.get(0).get("loss")));
            assertTrue(Double.isNaN(Double.parseDouble(read.get(1).get("loss"))));
            assertEquals(Double.POSITIVE_INFINITY, Double.parseDouble(read.get(2).get("loss")));
            assertEquals(4.8e-05, Double.parseDouble(read.get(3).get("loss")));
            assertEquals(3.16e-4, RowStats.num(read.get(1), "learning_rate"));
        }
    }

    @Test
    void oneNumberFormat() {
        assertEquals("4.8E-5", Csv.format(4.8e-05));
        assertEquals("1.23E-4", Csv.format(1.23e-4));
        assertEquals("1.0E-4", Csv.format(1e-4f));
        assertEquals("NaN", Csv.format(Double.NaN));
        assertEquals("-Infinity", Csv.format(Double.NEGATIVE_INFINITY));
        assertEquals("", Csv.format(null));
        assertEquals("7", Csv.format(7));
    }

    @Test
    void aTornLineIsNotARecord() {
        assertNull(Csv.parseLine("4,0.1,\"a reason, cut"));
        assertArrayEquals(new String[] {"4", "0.1", "a, b"}, Csv.parseLine("4,0.1,\"a, b\""));
    }

    @Test
    void aResumedSweepKeepsRowsWhoseTextHoldsCommas() throws IOException {
        List<String> keys = List.of("depth", "learning_rate");
        try (ResultsFile f = ResultsFile.open(tmp, "figx", COLUMNS, keys, "p", false)) {
            f.append(Map.of("depth", 4, "learning_rate", 3.16e-4), List.of(ROWS.get(1)));
            f.append(Map.of("depth", 8, "learning_rate", 0.1), List.of(ROWS.get(2)));
        }
        Files.writeString(tmp.resolve("figx.csv"), "16,1.0,\"torn", java.nio.file.StandardOpenOption.APPEND);
        try (ResultsFile f = ResultsFile.open(tmp, "figx", COLUMNS, keys, "p", true)) {
            assertEquals(2, f.doneCount());
            assertTrue(f.isDone(Map.of("depth", 4, "learning_rate", 3.16e-4)));
            List<Map<String, String>> rows = f.rows();
            assertEquals(2, rows.size());
            assertEquals("loss 1.2e+07 above the bound 1e+06, at epoch 5", rows.get(0).get("divergence"));
        }
        assertEquals(2, readIndependently(tmp.resolve("figx.csv")).size());
    }
}
