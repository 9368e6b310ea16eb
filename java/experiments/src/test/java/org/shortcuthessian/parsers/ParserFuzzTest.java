package org.shortcuthessian.parsers;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.datasets.Idx;
import org.shortcuthessian.experiments.ResultsFile;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Property-based fuzzing of every parser of user files (jqwik, a fixed seed and a fixed number of tries, so the
 * default suite runs the same inputs each time in a few seconds): NPY headers and bodies, IDX, model JSON and the
 * results CSV a resume reads. Inputs are well-formed files of each format with random fields, then mutated (bytes
 * flipped, inserted, deleted, the file cut), and plain random bytes.
 *
 * <p>Every input must end in a value or an {@link InvalidInputException}: never another exception, never a hang
 * (each parse has {@value #TIMEOUT_SECONDS} s), and never a heap allocation beyond a bound proportional to the
 * file's size (a header that claims a huge shape is refused before anything that size is allocated).
 */
class ParserFuzzTest {
    private static final long SEED = 20240615L;
    private static final int TRIES = 1500;
    private static final long TIMEOUT_SECONDS = 10;
    /** Heap a parse may allocate: this many times the file's size, plus a fixed allowance (buffers, tables). */
    private static final long BYTES_PER_FILE_BYTE = 64;
    private static final long FIXED_ALLOWANCE = 16L << 20;

    private static Path dir;
    private static int counter;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = Files.createTempDirectory("parser-fuzz");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    // ------------------------------------------------------------------ the contract

    /**
     * Parses bytes (written to a file) with parser: a value or an InvalidInputException, within the time and
     * allocation bounds; anything else fails the property, naming the input.
     *
     * @param allocationBase the size the allocation bound is proportional to (the file's, or its content's when
     *                       compressed)
     */
    static void assertCleanParse(String name, byte[] bytes, long allocationBase, Function<Path, ?> parser)
            throws IOException {
        Path file = Files.write(dir.resolve((counter++) + "-" + name), bytes);
        try {
            long allocated = assertTimeoutPreemptively(Duration.ofSeconds(TIMEOUT_SECONDS), () -> {
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                    parser.apply(file);
                } catch (InvalidInputException expected) {
                    if (expected.getMessage() == null || expected.getMessage().isBlank()
                            || expected.getMessage().contains("\n")) {
                        throw new AssertionError("the message must be one line: " + expected.getMessage());
                    }
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(name + ": " + e + " for the input " + describe(bytes), e);
                }
                return threads.getCurrentThreadAllocatedBytes() - before;
            }, () -> name + ": no result within " + TIMEOUT_SECONDS + " s for the input " + describe(bytes));
            long bound = BYTES_PER_FILE_BYTE * allocationBase + FIXED_ALLOWANCE;
            if (allocated > bound) {
                throw new AssertionError(name + ": allocated " + allocated + " bytes for a file of " + bytes.length
                        + " (bound " + bound + "): " + describe(bytes));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static String describe(byte[] bytes) {
        byte[] head = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 160));
        return bytes.length + " bytes, starting " + HexFormat.of().formatHex(head);
    }

    // ------------------------------------------------------------------ mutations

    /** A mutation of a well-formed file: some bytes changed, inserted or deleted, or the file cut. */
    static Arbitrary<byte[]> mutated(Arbitrary<byte[]> wellFormed) {
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMaxSize(6);
        return Combinators.combine(wellFormed, edits).as(ParserFuzzTest::mutate);
    }

    static byte[] mutate(byte[] b, int[] edits) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] cur = b;
        for (int e : edits) {
            if (cur.length == 0) {
                break;
            }
            int at = (e >>> 3) % cur.length;
            byte value = (byte) (e >>> 11);
            out.reset();
            switch (e & 7) {
                case 0, 1, 2 -> { // change a byte
                    cur = cur.clone();
                    cur[at] = value;
                    continue;
                }
                case 3 -> { // insert a byte
                    out.write(cur, 0, at);
                    out.write(value);
                    out.write(cur, at, cur.length - at);
                }
                case 4 -> out.write(cur, 0, at); // cut the file
                case 5 -> { // delete a byte
                    out.write(cur, 0, at);
                    out.write(cur, at + 1, cur.length - at - 1);
                }
                default -> { // set a little-endian int (a length or a dimension) to an extreme
                    cur = cur.clone();
                    int v = List.of(0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 65535).get((e >>> 20) % 6);
                    for (int k = 0; k < 4 && at + k < cur.length; k++) {
                        cur[at + k] = (byte) (v >>> (8 * k));
                    }
                    continue;
                }
            }
            cur = out.toByteArray();
        }
        return cur;
    }

    static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    // ------------------------------------------------------------------ NPY

    /** Well-formed NPY files (format 1, 2 or 3) with random dtype, order and shape, data present or not. */
    @Provide
    Arbitrary<byte[]> npyFiles() {
        Arbitrary<String> descr = Arbitraries.of("<f8", ">f8", "<f4", ">f4", "|u1", "<i8", "<c16", "=f8", "<f2",
                "[('a', '<f8')]", "('<f8', (2,))", "<U3", "O");
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 6).array(long[].class).ofMaxSize(4);
        Arbitrary<long[]> hugeShape = Arbitraries.of(new long[] {1L << 40}, new long[] {1L << 31, 1L << 31},
                new long[] {0, 1L << 62}, new long[] {3, 3, 1L << 33}, new long[] {Long.MAX_VALUE});
        Arbitrary<Integer> version = Arbitraries.of(1, 2, 3);
        Arbitrary<Boolean> fortran = Arbitraries.of(true, false);
        Arbitrary<Integer> dataFraction = Arbitraries.of(0, 50, 100, 100, 100, 200);
        return Combinators.combine(descr, Arbitraries.oneOf(shape, shape, shape, hugeShape), version, fortran,
                dataFraction).as(ParserFuzzTest::npy);
    }

    static byte[] npy(String descr, long[] shape, int version, boolean fortran, int dataPercent) {
        StringBuilder dims = new StringBuilder("(");
        long count = 1;
        for (int k = 0; k < shape.length; k++) {
            dims.append(k > 0 ? ", " : "").append(shape[k]);
            count = count * Math.min(shape[k], 1 << 10);
        }
        dims.append(shape.length == 1 ? ",)" : ")");
        String quoted = descr.startsWith("[") || descr.startsWith("(") ? descr : "'" + descr + "'";
        String dict = "{'descr': " + quoted + ", 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + dims + ", }";
        byte[] text = (dict + " ".repeat(64 - (dict.length() + 13) % 64) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        b.put(text);
        int dataBytes = (int) Math.min(1 << 16, count * 8 * dataPercent / 100);
        byte[] data = new byte[dataBytes];
        new java.util.SplittableRandom(dataBytes).nextBytes(data);
        byte[] out = java.util.Arrays.copyOf(b.array(), b.position() + dataBytes);
        System.arraycopy(data, 0, out, b.position(), dataBytes);
        return out;
    }

    @Provide
    Arbitrary<byte[]> npyInputs() {
        return Arbitraries.oneOf(npyFiles(), mutated(npyFiles()), mutated(npyFiles()), randomBytes());
    }

    @Property(tries = TRIES, seed = "" + SEED, shrinking = ShrinkingMode.BOUNDED)
    void npyHeaderArrayAndMatrix(@ForAll("npyInputs") byte[] bytes) throws IOException {
        assertCleanParse("header.npy", bytes, bytes.length, Npy::readHeader);
        assertCleanParse("array.npy", bytes, bytes.length, Npy::readArray);
        assertCleanParse("matrix.npy", bytes, bytes.length, f -> {
            try (var m = Npy.readMatrix(f, HeapMatrix::new)) {
                return m.rows();
            }
        });
    }

    // ------------------------------------------------------------------ IDX

    /** Well-formed IDX files: any of the six types, rank 1 to 3, dimensions small or extreme, data present or not. */
    @Provide
    Arbitrary<byte[]> idxFiles() {
        Arbitrary<Integer> type = Arbitraries.of(0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07);
        Arbitrary<int[]> dims = Arbitraries.oneOf(Arbitraries.integers().between(0, 6).array(int[].class)
                .ofMinSize(1).ofMaxSize(3), Arbitraries.of(new int[] {Integer.MAX_VALUE}, new int[] {60000, 28, 28},
                new int[] {1 << 16, 1 << 16}, new int[] {-1}));
        Arbitrary<Integer> dataPercent = Arbitraries.of(0, 50, 100, 100, 150);
        return Combinators.combine(type, dims, dataPercent).as(ParserFuzzTest::idx);
    }

    static byte[] idx(int type, int[] dims, int dataPercent) {
        long count = 1;
        for (int d : dims) {
            count *= Math.max(0, Math.min(d, 1 << 10));
        }
        int size = type == 0x0B ? 2 : type == 0x0C || type == 0x0D ? 4 : type == 0x0E ? 8 : 1;
        int dataBytes = (int) Math.min(1 << 16, count * size * dataPercent / 100);
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + dataBytes); // big-endian
        b.putInt((type << 8) | dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        byte[] data = new byte[dataBytes];
        new java.util.SplittableRandom(dataBytes).nextBytes(data);
        b.put(data);
        return b.array();
    }

    @Provide
    Arbitrary<byte[]> idxInputs() {
        return Arbitraries.oneOf(idxFiles(), mutated(idxFiles()), mutated(idxFiles()), randomBytes());
    }

    @Property(tries = TRIES, seed = "" + SEED, shrinking = ShrinkingMode.BOUNDED)
    void idxRawAndGzip(@ForAll("idxInputs") byte[] bytes) throws IOException {
        assertCleanParse("raw.idx", bytes, bytes.length, f -> Idx.read(f, 0));
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
            gz.write(bytes);
        }
        byte[] gzip = z.toByteArray();
        assertCleanParse("whole.idx.gz", gzip, bytes.length, f -> Idx.read(f, Idx.IMAGES_MAGIC));
        // a damaged gzip stream: decompresses to at most the original content, or fails
        byte[] cut = mutate(gzip, new int[] {(gzip.length / 2) << 3 | 4});
        assertCleanParse("cut.idx.gz", cut, bytes.length, f -> Idx.read(f, 0));
    }

    // ------------------------------------------------------------------ model JSON

    @Provide
    Arbitrary<byte[]> modelJson() {
        Arbitrary<String> number = Arbitraries.of("1", "3", "0", "-2", "2.5", "1e3", "99999999999999999999", "true",
                "null", "\"3\"", "2147483647", "[]", "{}");
        Arbitrary<String> activation = Arbitraries.of("\"identity\"", "\"relu\"", "\"tanh\"", "\"sigmoid\"", "1",
                "null", "\"\"");
        Arbitrary<String> key = Arbitraries.of("dim", "units", "depth", "shortcut", "pre", "mid", "post", "extra",
                "dim");
        Arbitrary<String> field = Arbitraries.oneOf(Combinators.combine(key, number)
                .as((k, v) -> "\"" + k + "\": " + v), Combinators.combine(key, activation)
                .as((k, v) -> "\"" + k + "\": " + v));
        Arbitrary<String> object = field.list().ofMaxSize(9).map(fs -> "{" + String.join(", ", fs) + "}");
        Arbitrary<String> valid = Arbitraries.of("{\"dim\": 3, \"units\": 2, \"depth\": 2, \"shortcut\": true,"
                + " \"pre\": \"identity\", \"mid\": \"relu\", \"post\": \"identity\"}");
        Arbitrary<String> text = Arbitraries.oneOf(object, valid, valid.map(v -> v + v), valid.map(v -> "[" + v + "]"),
                Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n) + "]".repeat(n)));
        Arbitrary<byte[]> bytes = text.map(t -> t.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, mutated(bytes), randomBytes());
    }

    @Property(tries = TRIES, seed = "" + SEED, shrinking = ShrinkingMode.BOUNDED)
    void modelJson(@ForAll("modelJson") byte[] bytes) throws IOException {
        assertCleanParse("model.json", bytes, bytes.length, NetworkSpec::read);
    }

    // ------------------------------------------------------------------ the results CSV a resume reads

    @Provide
    Arbitrary<byte[]> resultsCsv() {
        Arbitrary<String> cell = Arbitraries.of("", "1", "small", "0.5", "nan", "-inf", "1e308", ",", "\"a\"", "é");
        Arbitrary<String> line = cell.list().ofMaxSize(6).map(cs -> String.join(",", cs));
        Arbitrary<String> csv = line.list().ofMaxSize(8).map(ls -> String.join("\n", ls));
        Arbitrary<byte[]> bytes = csv.map(t -> t.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, mutated(bytes), randomBytes());
    }

    @Property(tries = TRIES, seed = "" + SEED, shrinking = ShrinkingMode.BOUNDED)
    void resultsCsv(@ForAll("resultsCsv") byte[] bytes) throws IOException {
        assertCleanParse("results.csv", bytes, bytes.length, ResultsFile::read);
    }

    // ------------------------------------------------------------------ the cases that once failed

    /** @return an NPY 2.0 file of the given header text (no data). */
    static byte[] npyHeader(String dict) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(text.length).put(text);
        return b.array();
    }

    @Example
    void deeplyNestedNpyHeaderIsRefusedNotAStackOverflow() throws IOException {
        byte[] b = npyHeader("{'descr': " + "[".repeat(100_000) + "]".repeat(100_000) + ", 'fortran_order': False,"
                + " 'shape': (1,), }");
        assertCleanParse("deep.npy", b, b.length, Npy::readHeader);
    }

    @Example
    void npyHeaderWithANoneKeyIsRefused() throws IOException {
        byte[] b = npyHeader("{None: 1, 'descr': '<f8', 'fortran_order': False, 'shape': (1,), }");
        assertCleanParse("none-key.npy", b, b.length, Npy::readHeader);
    }

    @Example
    void idxClaimingTwoBillionValuesInAFewBytesIsRefusedBeforeAllocating() throws IOException {
        byte[] b = idx(0x0E, new int[] {Integer.MAX_VALUE - 16}, 0);
        assertCleanParse("huge.idx", b, b.length, f -> Idx.read(f, 0));
    }

    @Example
    void emptyAndNonUtf8CsvAreRefused() throws IOException {
        assertCleanParse("empty.csv", new byte[0], 0, ResultsFile::read);
        assertCleanParse("latin1.csv", new byte[] {'a', ',', (byte) 0xe9, '\n'}, 4, ResultsFile::read);
    }

    /** Keeps the bytes helper honest: a parse that throws something else is reported (the contract can fail). */
    @Example
    void theContractCatchesOtherExceptions() {
        try {
            assertCleanParse("x", new byte[1], 1, f -> {
                throw new UncheckedIOException(new IOException("boom"));
            });
        } catch (AssertionError expected) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("an UncheckedIOException passed the contract");
    }
}
