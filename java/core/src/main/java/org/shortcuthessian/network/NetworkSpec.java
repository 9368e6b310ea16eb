package org.shortcuthessian.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.io.Json;

/**
 * An n-shortcut network on R^d (docs/DESIGN.md): R units applied in order to h (h starts as the input x);
 * unit i has matrices W[i,0..n-1], each d×d, and computes
 * <pre>
 *   t = pre(h); t = W[i,0]·t; for k = 1..n-1: t = W[i,k]·mid(t); t = post(t)
 *   h ← h + t  (shortcut)   or   h ← t  (plain network)
 * </pre>
 * The output is f(x) = h after the last unit, the loss L = 1/(2m)·Σ_j ‖f(x_j) − y_j‖².
 * Immutable; validated on construction.
 *
 * @param dim      d ≥ 1
 * @param units    R ≥ 1
 * @param depth    n ≥ 1, the number of weight layers a shortcut spans
 * @param shortcut true for h ← h + t, false for a plain network h ← t
 */
public record NetworkSpec(int dim, int units, int depth, boolean shortcut, Activation pre, Activation mid,
                          Activation post) {
    private static final Set<String> FIELDS = Set.of("dim", "units", "depth", "shortcut", "pre", "mid", "post");

    public NetworkSpec {
        if (dim < 1) {
            throw new IllegalArgumentException("dim = " + dim + ", must be at least 1");
        }
        if (units < 1) {
            throw new IllegalArgumentException("units = " + units + ", must be at least 1");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth = " + depth + ", must be at least 1");
        }
        Objects.requireNonNull(pre, "pre");
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(post, "post");
        long n = (long) units * depth * dim * dim;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("R·n·d² = " + n + " parameters is more than this library indexes");
        }
    }

    /** A linear network (all activations identity). */
    public static NetworkSpec linear(int dim, int units, int depth, boolean shortcut) {
        return new NetworkSpec(dim, units, depth, shortcut, Activation.IDENTITY, Activation.IDENTITY, Activation.IDENTITY);
    }

    /** @return a copy with other activations. */
    public NetworkSpec withActivations(Activation pre, Activation mid, Activation post) {
        return new NetworkSpec(dim, units, depth, shortcut, pre, mid, post);
    }

    /** @return N = R·n·d², the number of parameters. */
    public int parameterCount() {
        return units * depth * dim * dim;
    }

    /** @return R·n, the number of weight layers. */
    public int layers() {
        return units * depth;
    }

    /** @return true if every activation is the identity (the moments path applies). */
    public boolean isLinear() {
        return pre == Activation.IDENTITY && post == Activation.IDENTITY
                && (mid == Activation.IDENTITY || depth == 1);
    }

    /**
     * Position of W[i,k][row, col] in θ: {@code ((i·n + k)·d + col)·d + row} (unit, matrix within unit,
     * column, row; each matrix column-major).
     */
    public int index(int unit, int k, int row, int col) {
        return ((unit * depth + k) * dim + col) * dim + row;
    }

    /** @return this network as the kernels see it (linear-algebra terms). */
    public org.shortcuthessian.linalg.passes.NetworkShape shape() {
        return new org.shortcuthessian.linalg.passes.NetworkShape(dim, units, depth, shortcut, pre.nonlinearity(),
                mid.nonlinearity(), post.nonlinearity());
    }

    /** @return the model JSON of docs/DESIGN.md. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("dim", dim);
        o.put("units", units);
        o.put("depth", depth);
        o.put("shortcut", shortcut);
        o.put("pre", pre.jsonName());
        o.put("mid", mid.jsonName());
        o.put("post", post.jsonName());
        return o;
    }

    /**
     * Reads a model JSON file: {@code {"dim": d, "units": R, "depth": n, "shortcut": true,
     * "pre": "identity", "mid": "relu", "post": "identity"}}. All fields are required; unknown fields
     * are errors (they are likely typos).
     *
     * @throws InvalidInputException naming the file and the field
     */
    public static NetworkSpec read(Path file) {
        return fromJson(Json.read(file), file.toString());
    }

    /** Parses a model JSON object; {@code label} names the source in messages. */
    public static NetworkSpec fromJson(JsonNode node, String label) {
        if (!node.isObject()) {
            throw new InvalidInputException(label + ": expected a JSON object with fields dim, units, depth,"
                    + " shortcut, pre, mid, post");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new InvalidInputException(label + ": unknown field '" + f
                        + "' (expected dim, units, depth, shortcut, pre, mid, post)");
            }
        }
        int dim = intField(node, "dim", label);
        int units = intField(node, "units", label);
        int depth = intField(node, "depth", label);
        JsonNode sc = required(node, "shortcut", label);
        if (!sc.isBoolean()) {
            throw new InvalidInputException(label + ": field 'shortcut' must be true or false, got " + sc);
        }
        Activation pre = activation(node, "pre", label);
        Activation mid = activation(node, "mid", label);
        Activation post = activation(node, "post", label);
        try {
            return new NetworkSpec(dim, units, depth, sc.booleanValue(), pre, mid, post);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(label + ": field '" + e.getMessage().split(" ")[0] + "': "
                    + e.getMessage());
        }
    }

    private static JsonNode required(JsonNode node, String field, String label) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidInputException(label + ": missing field '" + field + "'");
        }
        return v;
    }

    private static int intField(JsonNode node, String field, String label) {
        JsonNode v = required(node, field, label);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidInputException(label + ": field '" + field + "' must be an integer, got " + v);
        }
        int x = v.intValue();
        if (x < 1) {
            throw new InvalidInputException(label + ": field '" + field + "' = " + x + ", must be at least 1");
        }
        return x;
    }

    private static Activation activation(JsonNode node, String field, String label) {
        JsonNode v = required(node, field, label);
        if (!v.isTextual()) {
            throw new InvalidInputException(label + ": field '" + field + "' must be a string, got " + v);
        }
        try {
            return Activation.parse(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(label + ": field '" + field + "': " + e.getMessage());
        }
    }
}
