package org.shortcuthessian.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.shortcuthessian.InvalidInputException;

/** JSON files of the project (Jackson): spectrum statistics, results, model descriptions. */
public final class Json {
    /**
     * The one mapper (pretty output, nulls written as JSON null); private: nobody can reconfigure it. Reading is
     * strict: a duplicated key and anything after the first value are errors, not silently resolved.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** The largest JSON file read: model descriptions and manifests are a few KB. */
    static final int MAX_FILE_BYTES = 16 << 20;

    private Json() {
    }

    /** @return a new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** @return value as a JSON tree (numbers, strings, lists, maps, records), for manifests and reports. */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * @return node, or for a NaN or infinite number JSON null (JSON has no such numbers; Jackson would write the
     *         text "NaN"); objects and arrays are copied with their non-finite numbers replaced, node is not modified
     */
    static JsonNode finite(JsonNode node) {
        if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        if (node.isObject()) {
            ObjectNode o = object();
            node.fields().forEachRemaining(e -> o.set(e.getKey(), finite(e.getValue())));
            return o;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode a = MAPPER.createArrayNode();
            node.forEach(v -> a.add(finite(v)));
            return a;
        }
        return node;
    }

    /**
     * Facts kept as text (a backend's {@code info()}, system properties) as a JSON object with their types: a
     * decimal integer becomes a number, {@code true}/{@code false} a boolean, {@code null} (a value that is not
     * set, e.g. an unset environment variable) JSON null, anything else (versions such as {@code 0.3.30},
     * names) stays text.
     *
     * @param facts name → text, in order (not modified)
     * @return a new object with the same names in the same order
     */
    public static ObjectNode facts(java.util.Map<String, String> facts) {
        ObjectNode o = object();
        facts.forEach((k, v) -> {
            if (v == null || v.equals("null")) {
                o.putNull(k);
            } else if (v.equals("true") || v.equals("false")) {
                o.put(k, Boolean.parseBoolean(v));
            } else if (v.matches("-?(0|[1-9][0-9]{0,17})")) {
                o.put(k, Long.parseLong(v));
            } else {
                o.put(k, v);
            }
        });
        return o;
    }

    /**
     * @return the JSON value in text
     * @throws IllegalArgumentException if text is not JSON
     */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Writes a JSON value to a file, pretty-printed with a final newline; a NaN or infinite number is written as
     * null (every JSON value the project writes has its JSON type).
     */
    public static void write(Path file, JsonNode node) {
        try {
            Files.writeString(file, MAPPER.writeValueAsString(finite(node)) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a JSON object from a file.
     *
     * @throws InvalidInputException naming the file, and the line and column of a syntax error
     */
    public static JsonNode read(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a directory, expected a JSON file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(file + ": not readable (permission denied)");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")");
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidInputException(file + ": larger than " + (MAX_FILE_BYTES >> 20)
                    + " MiB, too large for a JSON description (is it the right file?)");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes); // the encoding (UTF-8, 16 or 32) is detected from the bytes
            if (node == null || node.isMissingNode()) {
                throw new InvalidInputException(file + ": empty, expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            if (what != null && what.startsWith("Trailing token")) { // FAIL_ON_TRAILING_TOKENS, in Jackson's words
                what = "more text after the first JSON value (one value per file)";
            }
            throw new InvalidInputException(file + ": malformed JSON" + where + ": "
                    + String.valueOf(what).replaceAll("\\s*[\\r\\n]+\\s*", " "));
        }
    }
}
