package org.shortcuthessian.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.OffHeapMatrix;

/**
 * The NPY reader and writer: fixtures written by NumPy ({@code fixtures/npy/make_fixtures.py}),
 * bit-exact round trips in both matrix storages, header layout, and every error message.
 */
class NpyTest {
    @TempDir
    Path tmp;

    /** The two matrix storages, as readMatrix allocators. */
    enum Storage {
        HEAP(HeapMatrix::new), OFF_HEAP(OffHeapMatrix::new);

        final BiFunction<Integer, Integer, DenseMatrix> allocator;

        Storage(BiFunction<Integer, Integer, DenseMatrix> allocator) {
            this.allocator = allocator;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Fixtures written by NumPy

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/fixtures/npy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name, e);
        }
    }

    @Test
    void headerOfNumpyFiles() {
        NpyHeader c = Npy.readHeader(fixture("f8_c_2x3.npy"));
        assertEquals("<f8", c.descr());
        assertFalse(c.fortranOrder());
        assertArrayEquals(new long[] {2, 3}, c.shape());
        assertEquals(1, c.majorVersion());
        assertEquals(128, c.dataOffset());
        assertEquals(6, c.elementCount());
        assertEquals(8, c.itemSize());
        assertEquals("(2, 3)", c.shapeString());

        assertTrue(Npy.readHeader(fixture("f8_f_2x3.npy")).fortranOrder());
        assertEquals(2, Npy.readHeader(fixture("f8_v2_header.npy")).majorVersion());
        assertEquals(3, Npy.readHeader(fixture("f8_v3_header.npy")).majorVersion());
        assertEquals("(5,)", Npy.readHeader(fixture("f8_1d_5.npy")).shapeString());
        NpyHeader scalar = Npy.readHeader(fixture("f8_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.elementCount());
        assertEquals("()", scalar.shapeString());
        // readHeader reports unsupported dtypes as written; only reading the data rejects them.
        assertEquals("<i8", Npy.readHeader(fixture("i8_c_2x2.npy")).descr());
        assertEquals(16, Npy.readHeader(fixture("c16_2.npy")).itemSize());
        assertEquals(-1, Npy.readHeader(fixture("obj_3.npy")).itemSize());
        NpyHeader struct = Npy.readHeader(fixture("struct_2.npy"));
        assertEquals("[('a', '<f8'), ('b', '<i4')]", struct.descr());
        assertEquals(-1, struct.itemSize());
    }

    @Test
    void readsNumpy2x3InBothOrders() {
        double[] expected = {0, 1, 2, 3, 4, 5};
        for (String name : new String[] {"f8_c_2x3.npy", "f8_f_2x3.npy"}) {
            NpyArray a = Npy.readArray(fixture(name));
            assertArrayEquals(new long[] {2, 3}, a.shape(), name);
            assertBitsEqual(expected, a.data());
            assertEquals(5.0, a.get(1, 2));
        }
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void readsNumpyMatricesIntoBothStorages(Storage storage) {
        for (String name : new String[] {"f8_c_2x3.npy", "f8_f_2x3.npy", "f8_big_endian.npy"}) {
            double offset = name.contains("big") ? 0.5 : 0.0;
            try (DenseMatrix m = Npy.readMatrix(fixture(name), storage.allocator)) {
                assertEquals(storage == Storage.OFF_HEAP, m.isOffHeap());
                assertEquals(2, m.rows(), name);
                assertEquals(3, m.cols(), name);
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(3 * i + j + offset, m.get(i, j), name + " (" + i + ", " + j + ")");
                    }
                }
            }
        }
        try (DenseMatrix s = Npy.readMatrix(fixture("sym_4x4.npy"), storage.allocator)) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(1.25 * (i + j), s.get(i, j));
                }
            }
        }
        try (DenseMatrix v3 = Npy.readMatrix(fixture("f8_v3_header.npy"), storage.allocator)) {
            assertBitsEqual(new double[] {1, 2, -1, -2}, v3.toArray());
        }
        try (DenseMatrix f4 = Npy.readMatrix(fixture("f4_c_3x2.npy"), storage.allocator)) {
            assertBitsEqual(new double[] {0.1f, 3.25f, 65504f, -2.5f, 1e-3f, -0.0}, f4.toArray());
        }
        try (DenseMatrix empty = Npy.readMatrix(fixture("f8_empty_0x3.npy"), storage.allocator)) {
            assertEquals(0, empty.rows());
            assertEquals(3, empty.cols());
        }
    }

    @Test
    void readsNumpyFloat32WidenedExactly() {
        NpyArray a = Npy.readArray(fixture("f4_c_3x2.npy"));
        assertArrayEquals(new long[] {3, 2}, a.shape());
        assertBitsEqual(new double[] {0.1f, -2.5f, 3.25f, 1e-3f, 65504f, -0.0}, a.data());
        NpyArray be = Npy.readArray(fixture("f4_big_endian_2.npy"));
        assertBitsEqual(new double[] {1.5, -0.1f}, be.data());
    }

    @Test
    void readsNumpyVectorScalarAndOtherVersions() {
        assertBitsEqual(new double[] {0.0, -1.5, Math.PI, 1e-300, Double.POSITIVE_INFINITY},
                Npy.readArray(fixture("f8_1d_5.npy")).data());
        NpyArray s = Npy.readArray(fixture("f8_scalar.npy"));
        assertEquals(0, s.rank());
        assertEquals(42.5, s.get());
        NpyArray v2 = Npy.readArray(fixture("f8_v2_header.npy"));
        assertArrayEquals(new long[] {4}, v2.shape());
        assertBitsEqual(new double[] {0, 0.25, 0.5, 0.75}, v2.data());
        assertBitsEqual(new double[] {1, -1, 2, -2}, Npy.readArray(fixture("f8_v3_header.npy")).data());
        assertBitsEqual(new double[] {0.5, 1.5, 2.5, 3.5, 4.5, 5.5}, Npy.readArray(fixture("f8_big_endian.npy")).data());
        NpyArray empty = Npy.readArray(fixture("f8_empty_0x3.npy"));
        assertArrayEquals(new long[] {0, 3}, empty.shape());
        assertEquals(0, empty.data().length);
    }

    @Test
    void readsNumpyRank3InBothOrders() {
        for (String name : new String[] {"f8_3d_2x3x4.npy", "f8_f_3d_2x3x4.npy"}) {
            NpyArray a = Npy.readArray(fixture(name));
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), name);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(12 * i + 4 * j + k, a.get(i, j, k), name);
                    }
                }
            }
            assertBitsEqual(ramp(24), a.data());
        }
    }

    /** The writer produces exactly the bytes np.save produces for the same array. */
    @Test
    void writesTheSameBytesAsNumpy() throws IOException {
        Path c = tmp.resolve("c.npy");
        Npy.writeArray(c, new NpyArray(new long[] {2, 3}, ramp(6)));
        assertArrayEquals(Files.readAllBytes(fixture("f8_c_2x3.npy")), Files.readAllBytes(c));

        Path f = tmp.resolve("f.npy");
        Npy.writeMatrix(f, HeapMatrix.fromRows(new double[][] {{0, 1, 2}, {3, 4, 5}}));
        assertArrayEquals(Files.readAllBytes(fixture("f8_f_2x3.npy")), Files.readAllBytes(f));

        Path v = tmp.resolve("v.npy");
        Npy.writeVector(v, new double[] {0.0, -1.5, Math.PI, 1e-300, Double.POSITIVE_INFINITY});
        assertArrayEquals(Files.readAllBytes(fixture("f8_1d_5.npy")), Files.readAllBytes(v));

        Path s = tmp.resolve("s.npy");
        Npy.writeArray(s, NpyArray.scalar(42.5));
        assertArrayEquals(Files.readAllBytes(fixture("f8_scalar.npy")), Files.readAllBytes(s));

        Path r3 = tmp.resolve("r3.npy");
        Npy.writeArray(r3, new NpyArray(new long[] {2, 3, 4}, ramp(24)));
        assertArrayEquals(Files.readAllBytes(fixture("f8_3d_2x3x4.npy")), Files.readAllBytes(r3));

        Path e = tmp.resolve("e.npy");
        Npy.writeArray(e, new NpyArray(new long[] {0, 3}, new double[0]));
        assertArrayEquals(Files.readAllBytes(fixture("f8_empty_0x3.npy")), Files.readAllBytes(e));
    }

    // ------------------------------------------------------------------------------------------
    // Round trips

    @Test
    void vectorRoundTripIsBitExact() {
        double[] v = random(1000, 1);
        v[0] = -0.0;
        v[1] = Double.NaN;
        v[2] = Double.longBitsToDouble(0x7ff0000000000123L); // NaN with a payload
        v[3] = Double.NEGATIVE_INFINITY;
        v[4] = Double.MIN_VALUE;
        v[5] = Double.MAX_VALUE;
        Path p = tmp.resolve("v.npy");
        Npy.writeVector(p, v);
        NpyArray a = Npy.readArray(p);
        assertArrayEquals(new long[] {1000}, a.shape());
        assertBitsEqual(v, a.data());
    }

    @Test
    void rank3RoundTripIsBitExact() {
        NpyArray a = new NpyArray(new long[] {3, 5, 7}, random(105, 2));
        Path p = tmp.resolve("a.npy");
        Npy.writeArray(p, a);
        NpyArray b = Npy.readArray(p);
        assertArrayEquals(a.shape(), b.shape());
        assertBitsEqual(a.data(), b.data());
        assertEquals(a, b);
    }

    @ParameterizedTest
    @CsvSource({"HEAP,HEAP", "HEAP,OFF_HEAP", "OFF_HEAP,HEAP", "OFF_HEAP,OFF_HEAP"})
    void matrixRoundTripIsBitExact(Storage written, Storage read) {
        int[][] shapes = {{1, 1}, {6, 6}, {70, 70}, {7, 5}, {5, 7}, {1, 9}, {9, 1}, {0, 3}, {3, 0}, {0, 0}};
        for (int[] s : shapes) {
            try (DenseMatrix m = written.allocator.apply(s[0], s[1])) {
                fillRandom(m, 31L * s[0] + s[1]);
                Path p = tmp.resolve("m.npy");
                Npy.writeMatrix(p, m);
                NpyHeader h = Npy.readHeader(p);
                assertTrue(h.fortranOrder());
                assertArrayEquals(new long[] {s[0], s[1]}, h.shape());
                try (DenseMatrix back = Npy.readMatrix(p, read.allocator)) {
                    assertEquals(read == Storage.OFF_HEAP, back.isOffHeap());
                    assertEquals(s[0], back.rows());
                    assertEquals(s[1], back.cols());
                    assertBitsEqual(m.toArray(), back.toArray());
                }
                // And as an array: readArray turns the Fortran-order file into C order.
                NpyArray a = Npy.readArray(p);
                for (int i = 0; i < s[0]; i++) {
                    for (int j = 0; j < s[1]; j++) {
                        assertEquals(Double.doubleToRawLongBits(m.get(i, j)),
                                Double.doubleToRawLongBits(a.get(i, j)));
                    }
                }
            }
        }
    }

    /** A C-order file read with readMatrix lands transposed into column-major storage. */
    @ParameterizedTest
    @EnumSource(Storage.class)
    void cOrderFileLandsColumnMajor(Storage storage) {
        int[][] shapes = {{3, 4}, {4, 3}, {2, 2}, {33, 33}, {70, 70}, {65, 3}, {1, 5}, {5, 1}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            double[] rowMajor = new double[r * c];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    rowMajor[i * c + j] = 1000 * i + j;
                }
            }
            Path p = tmp.resolve("c.npy");
            Npy.writeArray(p, new NpyArray(new long[] {r, c}, rowMajor));
            assertFalse(Npy.readHeader(p).fortranOrder());
            try (DenseMatrix m = Npy.readMatrix(p, storage.allocator)) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) {
                        assertEquals(1000 * i + j, m.get(i, j), r + "×" + c + " (" + i + ", " + j + ")");
                        assertEquals(1000 * i + j, m.getLinear(i + (long) j * r));
                    }
                }
            }
        }
    }

    /** Shapes big enough to cross the 16 MiB I/O chunks and the transpose tiles, in both orders. */
    @ParameterizedTest
    @EnumSource(Storage.class)
    void largeMatricesCrossChunks(Storage storage) {
        int[][] shapes = {{1500, 1500}, {1500, 1700}, {1700, 1500}};
        for (int[] s : shapes) {
            int r = s[0];
            int c = s[1];
            double[] rowMajor = random(r * c, r + c);
            Path p = tmp.resolve("big.npy");
            Npy.writeArray(p, new NpyArray(new long[] {r, c}, rowMajor));
            try (DenseMatrix m = Npy.readMatrix(p, storage.allocator)) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) {
                        if (Double.doubleToRawLongBits(rowMajor[i * c + j]) != Double.doubleToRawLongBits(m.get(i, j))) {
                            throw new AssertionError(r + "×" + c + " C order: element (" + i + ", " + j + ")");
                        }
                    }
                }
                Path q = tmp.resolve("big_f.npy");
                Npy.writeMatrix(q, m);
                try (DenseMatrix back = Npy.readMatrix(q, storage.allocator)) {
                    assertBitsEqual(m.toArray(), back.toArray());
                }
            }
        }
    }

    @Test
    void float32LargerThanAChunkConverts() throws IOException {
        int r = 1100;
        int c = 2000; // 8.8 MB of float32, 17.6 MB as doubles: more than one chunk
        ByteBuffer data = ByteBuffer.allocate(4 * r * c).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < r * c; k++) {
            data.putFloat(k * 0.5f - 7);
        }
        Path p = tmp.resolve("f4.npy");
        Files.write(p, npy(1, "{'descr': '>f4', 'fortran_order': True, 'shape': (" + r + ", " + c + "), }", data.array()));
        for (Storage storage : Storage.values()) {
            try (DenseMatrix m = Npy.readMatrix(p, storage.allocator)) {
                for (long k = 0; k < m.size(); k += 997) {
                    assertEquals(k * 0.5f - 7, m.getLinear(k));
                }
                assertEquals((r * c - 1) * 0.5f - 7, m.getLinear(m.size() - 1));
            }
        }
    }

    @Test
    void emptyShapesRoundTrip() {
        Path p = tmp.resolve("e.npy");
        Npy.writeVector(p, new double[0]);
        NpyArray v = Npy.readArray(p);
        assertArrayEquals(new long[] {0}, v.shape());
        assertEquals(0, v.data().length);

        Npy.writeArray(p, new NpyArray(new long[] {0, 3}, new double[0]));
        NpyArray a = Npy.readArray(p);
        assertArrayEquals(new long[] {0, 3}, a.shape());
        for (Storage storage : Storage.values()) {
            try (DenseMatrix m = Npy.readMatrix(p, storage.allocator)) {
                assertEquals(0, m.rows());
                assertEquals(3, m.cols());
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Header layout

    @Test
    void writtenHeadersAre64ByteAlignedAndParseBack() throws IOException {
        long[][] shapes = {{}, {0}, {5}, {2, 3}, {2, 3, 4}, {123456789L, 7}, {1, 1, 1, 1, 1, 1, 1, 1}};
        for (long[] shape : shapes) {
            for (boolean fortran : new boolean[] {false, true}) {
                byte[] h = Npy.headerBytes(shape, fortran);
                assertEquals(0, h.length % 64, Arrays.toString(shape));
                assertEquals('\n', h[h.length - 1]);
                assertEquals(1, h[6]);
                assertEquals(h.length - 10, ByteBuffer.wrap(h, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff);
                String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("{'descr': '<f8', 'fortran_order': " + (fortran ? "True" : "False")
                        + ", 'shape': " + NpyHeader.shapeString(shape) + ", }"), text);
                NpyHeader back = Npy.parseHeaderDict(Path.of("x.npy"), text, 1, h.length);
                assertEquals(new NpyHeader("<f8", fortran, shape, 1, h.length), back);
            }
        }
        // Written files: header aligned, data right after it, exactly 8 bytes per element.
        Path p = tmp.resolve("m.npy");
        Npy.writeMatrix(p, new HeapMatrix(3, 4));
        NpyHeader h = Npy.readHeader(p);
        assertEquals(0, h.dataOffset() % 64);
        assertEquals(h.dataOffset() + 8 * 12, Files.size(p));
        assertEquals("<f8", h.descr());
    }

    @Test
    void hugeHeaderIsWrittenAsVersion2() throws IOException {
        long[] shape = new long[22000]; // "1, " per axis: a header above 65535 bytes
        Arrays.fill(shape, 1);
        Path p = tmp.resolve("v2.npy");
        Npy.writeArray(p, new NpyArray(shape, new double[] {7.5}));
        byte[] bytes = Files.readAllBytes(p);
        assertEquals(2, bytes[6]);
        NpyHeader h = Npy.readHeader(p);
        assertEquals(2, h.majorVersion());
        assertEquals(0, h.dataOffset() % 64);
        assertEquals(h.dataOffset() + 8, bytes.length);
        assertEquals(7.5, Npy.readArray(p).data()[0]);
    }

    @Test
    void parsesHandWrittenHeadersRobustly() throws IOException {
        byte[] data = le(ramp(6));
        String[] headers = {
            "{\"shape\": (2, 3) , \"fortran_order\" : False, \"descr\": \"<f8\"}",
            "{ 'fortran_order':False,'descr':'<f8','shape':(2,3,) }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }",
            "{u'descr': u'<f8',\n 'fortran_order': False,\n 'shape': ( 2 , 3 ),\n}",
        };
        for (String header : headers) {
            Path p = tmp.resolve("h.npy");
            Files.write(p, npyUnaligned(1, header + "\n", data));
            NpyArray a = Npy.readArray(p);
            assertArrayEquals(new long[] {2, 3}, a.shape(), header);
            assertBitsEqual(ramp(6), a.data());
        }
        Path p = tmp.resolve("scalar.npy");
        Files.write(p, npy(2, "{'descr':'<f8','fortran_order':True,'shape':()}", le(new double[] {3.0})));
        assertEquals(3.0, Npy.readArray(p).get());
        // Format 3.0 headers are UTF-8.
        Files.write(p, npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le(new double[] {2.0})));
        assertEquals(2.0, Npy.readArray(p).get(0));
        byte[] bad = npy(3, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le(new double[] {2.0}));
        bad[12 + 60] = (byte) 0xff; // in the padding
        Files.write(p, bad);
        assertMessage(() -> Npy.readArray(p), p, "malformed header: not valid UTF-8");
    }

    // ------------------------------------------------------------------------------------------
    // Errors

    @Test
    void missingFile() {
        Path p = tmp.resolve("H.npy");
        assertEquals(p + ": no such file", error(() -> Npy.readMatrix(p, HeapMatrix::new), p));
        assertMessage(() -> Npy.readArray(p), p, "no such file");
        assertMessage(() -> Npy.readHeader(tmp.resolve("nodir").resolve("H.npy")), tmp.resolve("nodir").resolve("H.npy"),
                "no such file");
    }

    @Test
    void directory() {
        assertMessage(() -> Npy.readArray(tmp), tmp, "is a directory");
    }

    @Test
    void emptyAndShortFiles() throws IOException {
        Path p = tmp.resolve("empty.npy");
        Files.write(p, new byte[0]);
        assertMessage(() -> Npy.readArray(p), p, "empty file (0 bytes)");

        Files.write(p, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P'});
        assertMessage(() -> Npy.readHeader(p), p, "truncated header: the file has 5 bytes");

        byte[] full = npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", le(new double[] {1, 2}));
        Files.write(p, Arrays.copyOf(full, 50));
        assertMessage(() -> Npy.readHeader(p), p, "truncated header: the header length field says 118 bytes, the file has 40");
    }

    @Test
    void wrongMagic() throws IOException {
        Path p = tmp.resolve("H.npy");
        Files.write(p, new byte[] {0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0, 0, 0, 0, 0, 0});
        String m = assertMessage(() -> Npy.readArray(p), p,
                "not an NPY file (first bytes are 50 4B 03 04 14 00, expected \\x93NUMPY)");
        assertTrue(m.contains(".npz"), m);
        assertMessage(() -> Npy.readArray(fixture("pair.npz")), fixture("pair.npz"), "50 4B 03 04");

        Files.writeString(p, "1.0,2.0\n3.0,4.0\n");
        assertMessage(() -> Npy.readArray(p), p, "first bytes are 31 2E 30 2C 32 2E \"1.0,2.\"");
        Files.write(p, new byte[] {1, 2});
        assertMessage(() -> Npy.readArray(p), p, "first bytes are 01 02,");
    }

    @Test
    void unsupportedVersion() throws IOException {
        Path p = tmp.resolve("v4.npy");
        byte[] b = npy(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", le(new double[] {1}));
        b[6] = 4;
        Files.write(p, b);
        assertMessage(() -> Npy.readArray(p), p, "unsupported NPY format version 4.0 (supported: 1.0, 2.0, 3.0)");
        b[6] = 1;
        b[7] = 1;
        Files.write(p, b);
        assertMessage(() -> Npy.readHeader(p), p, "version 1.1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "{'descr': '<f8', 'fortran_order': False}|missing 'shape'",
        "{'shape': (2,), 'fortran_order': False}|missing 'descr'",
        "{'descr': '<f8', 'shape': (2,)}|missing 'fortran_order'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'extra': 1}|unexpected key 'extra'",
        "{'descr': '<f8', 'fortran_order': 0, 'shape': (2,)}|'fortran_order' must be True or False, got 0",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2)}|'shape' must be a tuple of integers, got 2 (a 1-D shape is written (n,))",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1)}|non-negative integers, got (2, -1)",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2.0,)}|expected an integer, found a float",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,) |expected ',' or '}'",
        "{'descr' = '<f8', 'fortran_order': False, 'shape': (2,)}|expected ':' at character 9",
        "{'descr': '<f8, 'fortran_order': False, 'shape': (2,)}|expected ',' or '}'",
        "{'descr': 8, 'fortran_order': False, 'shape': (2,)}|'descr' is not a dtype descriptor: 8",
        "['descr', '<f8']|expected a Python dict literal",
        "{'descr': '<f8', 'fortran_order': false, 'shape': (2,)}|unexpected name 'false'",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}|out of range",
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296)}|more than 2^63 elements",
    })
    void malformedHeader(String header, String detail) throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.write(p, npy(1, header, le(new double[] {1, 2})));
        String m = assertMessage(() -> Npy.readArray(p), p, "malformed header: ");
        assertTrue(m.contains(detail), m);
    }

    @Test
    void unsupportedDtypesAreNamed() throws IOException {
        String expected = "; expected float64 '<f8' or float32 '<f4'";
        assertMessage(() -> Npy.readArray(fixture("i8_c_2x2.npy")), fixture("i8_c_2x2.npy"),
                "unsupported dtype '<i8' (64-bit integer)" + expected);
        assertMessage(() -> Npy.readMatrix(fixture("i8_c_2x2.npy"), HeapMatrix::new), fixture("i8_c_2x2.npy"),
                "unsupported dtype '<i8' (64-bit integer)" + expected);
        assertMessage(() -> Npy.readArray(fixture("c16_2.npy")), fixture("c16_2.npy"),
                "unsupported dtype '<c16' (128-bit complex: two float64)" + expected);
        assertMessage(() -> Npy.readArray(fixture("obj_3.npy")), fixture("obj_3.npy"),
                "unsupported dtype '|O' (Python objects, stored pickled)" + expected);
        assertMessage(() -> Npy.readArray(fixture("struct_2.npy")), fixture("struct_2.npy"),
                "unsupported dtype [('a', '<f8'), ('b', '<i4')] (structured dtype with named fields)" + expected);

        String[][] cases = {
            {"'<i4'", "32-bit integer"}, {"'|u1'", "8-bit unsigned integer"}, {"'<f2'", "16-bit half-precision float"},
            {"'<f16'", "128-bit extended-precision float"}, {"'|b1'", "boolean"}, {"'<U3'", "unicode string"},
            {"'<c8'", "64-bit complex: two float32"}, {"'<M8[ns]'", "datetime64"}, {"'=f8'", "float64 with byte order '='"},
            {"('<f8', (2,))", "sub-array dtype"},
        };
        for (String[] c : cases) {
            Path p = tmp.resolve("dtype.npy");
            Files.write(p, npy(1, "{'descr': " + c[0] + ", 'fortran_order': False, 'shape': (1,), }", new byte[64]));
            assertMessage(() -> Npy.readArray(p), p, "unsupported dtype " + c[0] + " (" + c[1]);
        }
    }

    @Test
    void truncatedData() throws IOException {
        Path p = tmp.resolve("H.npy");
        Files.write(p, npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (100, 100), }", new byte[7992]));
        String detail = "truncated: shape (100, 100) of <f8 needs 80000 bytes of data, the file has 7992";
        assertMessage(() -> Npy.readArray(p), p, detail);
        AtomicInteger allocations = new AtomicInteger();
        assertMessage(() -> Npy.readMatrix(p, (r, c) -> {
            allocations.incrementAndGet();
            return new OffHeapMatrix(r, c);
        }), p, detail);
        assertEquals(0, allocations.get(), "the check comes before the allocation");

        Files.write(p, npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (3,), }", new byte[11]));
        assertMessage(() -> Npy.readArray(p), p, "truncated: shape (3,) of <f4 needs 12 bytes of data, the file has 11");
    }

    @Test
    void readMatrixNeedsRank2() {
        assertMessage(() -> Npy.readMatrix(fixture("f8_1d_5.npy"), HeapMatrix::new), fixture("f8_1d_5.npy"),
                "expected a 2-D matrix, got shape (5,) (1-D)");
        assertMessage(() -> Npy.readMatrix(fixture("f8_3d_2x3x4.npy"), OffHeapMatrix::new), fixture("f8_3d_2x3x4.npy"),
                "expected a 2-D matrix, got shape (2, 3, 4) (3-D)");
        assertMessage(() -> Npy.readMatrix(fixture("f8_scalar.npy"), HeapMatrix::new), fixture("f8_scalar.npy"),
                "got shape () (a 0-D scalar)");
    }

    @Test
    void allocatorOfWrongShapeIsRejectedAndClosed() {
        OffHeapMatrix[] made = new OffHeapMatrix[1];
        assertThrows(IllegalStateException.class, () -> Npy.readMatrix(fixture("f8_c_2x3.npy"), (r, c) -> {
            made[0] = new OffHeapMatrix(c, r);
            return made[0];
        }));
        assertThrows(IllegalStateException.class, made[0]::pointer, "the matrix was closed");
    }

    @Test
    void failedWritesNameTheFile() throws IOException {
        Path missingDir = tmp.resolve("no").resolve("such").resolve("out.npy");
        assertMessage(() -> Npy.writeVector(missingDir, new double[] {1}), missingDir, "cannot write: directory");
        assertMessage(() -> Npy.writeMatrix(missingDir, new HeapMatrix(2, 2)), missingDir, "does not exist");
        assertMessage(() -> Npy.writeVector(tmp, new double[] {1}), tmp, "cannot write: is a directory");
        Path fileAsDir = tmp.resolve("plain");
        Files.writeString(fileAsDir, "x");
        Path under = fileAsDir.resolve("out.npy");
        assertMessage(() -> Npy.writeArray(under, NpyArray.scalar(1)), under, "cannot write: ");
    }

    @Test
    void npyArrayChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new long[] {2, 3}, new double[5]));
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new long[] {-1}, new double[0]));
        NpyArray a = new NpyArray(new long[] {2, 3}, ramp(6));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(1));
        assertEquals(2, a.rank());
        assertEquals(4.0, a.get(1, 1));
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    /** Asserts an InvalidInputException whose one-line message starts with the file and contains detail. */
    private static String assertMessage(Executable call, Path file, String detail) {
        String m = error(call, file);
        assertTrue(m.contains(detail), "expected «" + detail + "» in: " + m);
        return m;
    }

    private static String error(Executable call, Path file) {
        InvalidInputException e = assertThrows(InvalidInputException.class, call);
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), "should start with the file name: " + m);
        assertFalse(m.contains("\n"), "should be one line: " + m);
        return m;
    }

    /** An NPY file with the given header dict, padded as NumPy pads it (64-byte alignment). */
    static byte[] npy(int major, String dict, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pad = 64 - (prefix + text.length + 1) % 64;
        return npyUnaligned(major, dict + " ".repeat(pad) + "\n", data, text.length + pad + 1);
    }

    /** An NPY file whose header is exactly the given text, without alignment. */
    static byte[] npyUnaligned(int major, String header, byte[] data) {
        return npyUnaligned(major, header, data, header.getBytes(StandardCharsets.ISO_8859_1).length);
    }

    private static byte[] npyUnaligned(int major, String header, byte[] data, int headerLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) headerLength);
        } else {
            len.putInt(headerLength);
        }
        out.writeBytes(len.array());
        out.writeBytes(header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] le(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(v);
        return b.array();
    }

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = k;
        }
        return v;
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30));
        }
        return v;
    }

    private static void fillRandom(DenseMatrix m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long k = 0; k < m.size(); k++) {
            m.setLinear(k, rnd.nextDouble() * 2 - 1);
        }
    }

    private static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "length");
        for (int k = 0; k < expected.length; k++) {
            if (Double.doubleToRawLongBits(expected[k]) != Double.doubleToRawLongBits(actual[k])) {
                throw new AssertionError("element " + k + ": expected " + expected[k] + " ("
                        + Long.toHexString(Double.doubleToRawLongBits(expected[k])) + "), got " + actual[k] + " ("
                        + Long.toHexString(Double.doubleToRawLongBits(actual[k])) + ")");
            }
        }
    }
}
