package org.shortcuthessian.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.OffHeapMatrix;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0; see {@link NpyHeader}
 * for the layout).
 *
 * <p>Reading accepts the dtypes float64 and float32 in either byte order ({@code <f8}, {@code >f8},
 * {@code <f4}, {@code >f4}) and converts to double; the data may be in C or Fortran order. Bytes
 * after the data are ignored, as NumPy does. Writing always produces little-endian float64
 * ({@code <f8}) with a header formatted as NumPy formats it (same dict text, same spare space,
 * padded with spaces and a newline so that the data starts on a 64-byte boundary), format 1.0 unless
 * the header needs 2.0.
 *
 * <p>Every problem with a file, read or written, is an {@link InvalidInputException} with a one-line
 * message that starts with the file name, e.g. {@code H.npy: unsupported dtype '<i8' (64-bit integer);
 * expected float64 '<f8' or float32 '<f4'}. Large matrices move between the file and native memory
 * in chunks through a {@link FileChannel}, without a full-size Java array.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data start to this many bytes. */
    private static final int ARRAY_ALIGN = 64;
    /** NumPy leaves room in the header for the growth axis to reach this many digits. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Refuse headers above this size: a plain float array's header is well under 1 KB. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    /** Bytes moved per read or write call. */
    private static final int CHUNK_BYTES = 1 << 24;
    /** Largest Java array length that is safe on every JVM. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Tile edge of the in-place transpose. */
    private static final int TILE = 32;
    private static final String EXPECTED_DTYPES = "expected float64 '<f8' or float32 '<f4'";

    private Npy() {
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /**
     * Reads and checks the header of an {@code .npy} file: magic, version (1.0, 2.0 or 3.0) and the
     * header dict. The dtype is reported as written, supported or not, and the data is not checked.
     *
     * @param file the file to read; not modified
     * @return the header
     * @throws InvalidInputException if the file is missing, unreadable, a directory, not an NPY file,
     *                               of an unsupported version or has a malformed header
     */
    public static NpyHeader readHeader(Path file) {
        try (FileChannel ch = openRead(file)) {
            return readHeader(file, ch);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /**
     * Reads a whole array of any rank (a scalar has rank 0) as doubles in C (row-major) order;
     * Fortran-order files are reordered.
     *
     * @param file the file to read; not modified
     * @return the array; its data is a new array owned by the caller
     * @throws InvalidInputException if the header is bad (see {@link #readHeader}), the dtype is not
     *                               {@code <f8}, {@code >f8}, {@code <f4} or {@code >f4}, the data is
     *                               shorter than the shape calls for, or the array has 2³¹ − 8
     *                               elements or more
     */
    public static NpyArray readArray(Path file) {
        try (FileChannel ch = openRead(file)) {
            NpyHeader h = readHeader(file, ch);
            FloatType type = checkData(file, ch, h);
            long n = h.elementCount();
            if (n > MAX_ARRAY_LENGTH) {
                throw bad(file, "shape " + h.shapeString() + " has " + n
                        + " elements, too many for one Java array (read it as a matrix instead)");
            }
            double[] data = new double[(int) n];
            new ElementReader(file, ch, type, h.dataOffset()).read(data, 0, data.length);
            long[] shape = h.shape();
            if (h.fortranOrder() && shape.length > 1) {
                data = fortranToC(data, shape);
            }
            return new NpyArray(shape, data);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /**
     * Reads a 2-D array into a column-major matrix made by allocator.
     *
     * <p>A Fortran-order file maps straight into the matrix storage (for an {@link OffHeapMatrix},
     * read from the file into native memory in chunks). A C-order file is transposed: a square matrix
     * in place after the read, a non-square one band of rows by band of rows. float32 data is
     * widened to double.
     *
     * @param file      the file to read; not modified
     * @param allocator called once with (rows, cols) to make the matrix, e.g. {@code HeapMatrix::new}
     *                  or {@code OffHeapMatrix::new}; it must return a matrix of that shape
     * @return the matrix from allocator, filled; the caller owns (and closes) it. On any failure it is
     *         closed before the exception propagates.
     * @throws InvalidInputException if the file is not a rank-2 array (the message names its shape)
     *                               or fails any check of {@link #readArray}
     * @throws IllegalStateException if allocator returns a matrix of another shape
     */
    public static DenseMatrix readMatrix(Path file, BiFunction<Integer, Integer, DenseMatrix> allocator) {
        DenseMatrix m = null;
        try {
            try (FileChannel ch = openRead(file)) {
                NpyHeader h = readHeader(file, ch);
                if (h.rank() != 2) {
                    throw bad(file, "expected a 2-D matrix, got shape " + h.shapeString() + " ("
                            + (h.rank() == 0 ? "a 0-D scalar" : h.rank() + "-D") + ")");
                }
                FloatType type = checkData(file, ch, h);
                long[] shape = h.shape();
                if (shape[0] > Integer.MAX_VALUE || shape[1] > Integer.MAX_VALUE) {
                    throw bad(file, "shape " + h.shapeString() + " is too large for a matrix (each dimension must be below 2^31)");
                }
                int rows = (int) shape[0];
                int cols = (int) shape[1];
                m = allocator.apply(rows, cols);
                if (m.rows() != rows || m.cols() != cols) {
                    throw new IllegalStateException("Npy.readMatrix: allocator returned " + m + " for "
                            + rows + "×" + cols);
                }
                fillMatrix(new ElementReader(file, ch, type, h.dataOffset()), m, h.fortranOrder());
            }
            DenseMatrix result = m;
            m = null;
            return result;
        } catch (IOException e) {
            throw readError(file, e);
        } finally {
            if (m != null) {
                m.close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /**
     * Writes a matrix as {@code <f8} with {@code fortran_order: True} and shape (rows, cols),
     * straight from its column-major storage (an off-heap matrix goes to the file in chunks, without a
     * Java copy). An existing file is replaced.
     *
     * @param file the file to create or overwrite; on failure a partly written file is deleted
     * @param m    the matrix; not modified
     * @throws InvalidInputException naming the file if it cannot be written
     */
    public static void writeMatrix(Path file, DenseMatrix m) {
        byte[] header = headerBytes(new long[] {m.rows(), m.cols()}, true);
        write(file, header, ch -> {
            if (m instanceof HeapMatrix hm) {
                writeDoubles(ch, hm.data(), 0, hm.data().length);
            } else {
                writeNative(ch, (OffHeapMatrix) m, m.size());
            }
        });
    }

    /**
     * Writes an array of any rank as {@code <f8} in C order. An existing file is replaced.
     *
     * @param file the file to create or overwrite; on failure a partly written file is deleted
     * @param a    the array; not modified
     * @throws InvalidInputException naming the file if it cannot be written
     */
    public static void writeArray(Path file, NpyArray a) {
        byte[] header = headerBytes(a.shape(), false);
        double[] data = a.data();
        write(file, header, ch -> writeDoubles(ch, data, 0, data.length));
    }

    /**
     * Writes a vector as a 1-D {@code <f8} array of shape {@code (v.length,)}. An existing file is
     * replaced.
     *
     * @param file the file to create or overwrite; on failure a partly written file is deleted
     * @param v    the values; not modified
     * @throws InvalidInputException naming the file if it cannot be written
     */
    public static void writeVector(Path file, double[] v) {
        writeArray(file, NpyArray.vector(v));
    }

    // ------------------------------------------------------------------------------------------
    // Header

    /** Reads and validates the header from an open channel. */
    private static NpyHeader readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            throw bad(file, "empty file (0 bytes), not an NPY file");
        }
        ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(file, ch, pre, 0);
        int magicSeen = Math.min(MAGIC.length, pre.limit());
        for (int k = 0; k < magicSeen; k++) {
            if (pre.get(k) != MAGIC[k]) {
                throw bad(file, "not an NPY file (first bytes are " + describeBytes(pre, magicSeen)
                        + ", expected \\x93NUMPY)" + magicHint(pre));
            }
        }
        if (size < 10) {
            throw bad(file, "truncated header: the file has " + size
                    + " bytes, an NPY file needs at least 10 before the header text");
        }
        int major = pre.get(6) & 0xff;
        int minor = pre.get(7) & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw bad(file, "unsupported NPY format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (size < prefix) {
            throw bad(file, "truncated header: the file has " + size + " bytes, an NPY " + major
                    + ".0 file needs at least " + prefix + " before the header text");
        }
        long headerLength = major == 1 ? pre.getShort(8) & 0xffffL : pre.getInt(8) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw bad(file, "header length " + headerLength + " bytes is implausibly large (limit "
                    + MAX_HEADER_BYTES + "); the file is corrupt or not a plain array");
        }
        if (prefix + headerLength > size) {
            throw bad(file, "truncated header: the header length field says " + headerLength
                    + " bytes, the file has " + (size - prefix) + " after the first " + prefix);
        }
        ByteBuffer raw = ByteBuffer.allocate((int) headerLength);
        readFully(file, ch, raw, prefix);
        raw.flip();
        String text;
        if (major == 3) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(raw).toString();
            } catch (CharacterCodingException e) {
                throw bad(file, "malformed header: not valid UTF-8 (format 3.0 headers are UTF-8)");
            }
        } else {
            text = new String(raw.array(), StandardCharsets.ISO_8859_1);
        }
        return parseHeaderDict(file, text, major, prefix + headerLength);
    }

    /** Parses and validates the header dict text. */
    static NpyHeader parseHeaderDict(Path file, String text, int major, long dataOffset) {
        Object parsed;
        try {
            PyParser p = new PyParser(text);
            parsed = p.parseDocument();
        } catch (PyParser.SyntaxError e) {
            throw bad(file, "malformed header: " + e.getMessage() + " in " + snippet(text));
        }
        if (!(parsed instanceof Map<?, ?> dict)) {
            throw bad(file, "malformed header: expected a Python dict literal, found " + snippet(text));
        }
        for (String key : new String[] {"descr", "fortran_order", "shape"}) {
            if (!dict.containsKey(key)) {
                throw bad(file, "malformed header: missing '" + key + "' in " + snippet(text));
            }
        }
        for (Object key : dict.keySet()) {
            if (!"descr".equals(key) && !"fortran_order".equals(key) && !"shape".equals(key)) {
                throw bad(file, "malformed header: unexpected key " + PyParser.repr(key)
                        + " (an NPY header has exactly 'descr', 'fortran_order' and 'shape')");
            }
        }
        Object descr = dict.get("descr");
        String descrText;
        if (descr instanceof String s) {
            descrText = s;
        } else if (descr instanceof List<?> || descr instanceof PyParser.Tuple) {
            descrText = PyParser.repr(descr);
        } else {
            throw bad(file, "malformed header: 'descr' is not a dtype descriptor: " + PyParser.repr(descr));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw bad(file, "malformed header: 'fortran_order' must be True or False, got "
                    + PyParser.repr(dict.get("fortran_order")));
        }
        Object shapeValue = dict.get("shape");
        List<?> dims = shapeValue instanceof PyParser.Tuple t ? t.items()
                : shapeValue instanceof List<?> l ? l : null;
        String shapeHint = shapeValue instanceof Long ? " (a 1-D shape is written (n,))" : "";
        if (dims == null) {
            throw bad(file, "malformed header: 'shape' must be a tuple of integers, got "
                    + PyParser.repr(shapeValue) + shapeHint);
        }
        long[] shape = new long[dims.size()];
        for (int k = 0; k < shape.length; k++) {
            if (!(dims.get(k) instanceof Long d) || d < 0) {
                throw bad(file, "malformed header: 'shape' must be a tuple of non-negative integers, got "
                        + PyParser.repr(shapeValue));
            }
            shape[k] = d;
        }
        try {
            NpyHeader.elementCount(shape);
        } catch (ArithmeticException e) {
            throw bad(file, "malformed header: shape " + NpyHeader.shapeString(shape) + " has more than 2^63 elements");
        }
        return new NpyHeader(descrText, fortran, shape, major, dataOffset);
    }

    /**
     * The full header (magic, version, length, dict, padding, newline) for a {@code <f8} array,
     * formatted byte for byte as NumPy's {@code np.save} formats it.
     */
    static byte[] headerBytes(long[] shape, boolean fortranOrder) {
        StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False")
                .append(", 'shape': ").append(NpyHeader.shapeString(shape)).append(", }");
        if (shape.length > 0) {
            long growthAxis = shape[fortranOrder ? shape.length - 1 : 0];
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growthAxis).length())));
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        long headerLength = text.length + 1L; // with the final newline
        int major = 1;
        int prefix = 10;
        long pad = ARRAY_ALIGN - (prefix + headerLength) % ARRAY_ALIGN;
        if (headerLength + pad > 0xffff) {
            major = 2;
            prefix = 12;
            pad = ARRAY_ALIGN - (prefix + headerLength) % ARRAY_ALIGN;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(prefix + headerLength + pad)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) (headerLength + pad));
        } else {
            b.putInt(Math.toIntExact(headerLength + pad));
        }
        b.put(text);
        for (long k = 0; k < pad; k++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    // ------------------------------------------------------------------------------------------
    // Dtypes

    /** A supported element type: float32 or float64 in a given byte order. */
    private record FloatType(int size, ByteOrder order) {
        boolean isNativeDouble() {
            return size == 8 && order == ByteOrder.nativeOrder();
        }
    }

    /**
     * Checks the dtype and that the file holds all the data the shape calls for.
     *
     * @return the element type
     */
    private static FloatType checkData(Path file, FileChannel ch, NpyHeader h) throws IOException {
        String d = h.descr();
        FloatType type = null;
        if (d.length() == 3 && d.charAt(1) == 'f' && (d.charAt(2) == '8' || d.charAt(2) == '4')
                && (d.charAt(0) == '<' || d.charAt(0) == '>')) {
            type = new FloatType(d.charAt(2) - '0', d.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        }
        if (type == null) {
            String shown = d.startsWith("[") || d.startsWith("(") ? d : "'" + d + "'";
            throw bad(file, "unsupported dtype " + shown + " (" + describeDtype(d) + "); " + EXPECTED_DTYPES);
        }
        long need;
        try {
            need = Math.multiplyExact(h.elementCount(), (long) type.size());
        } catch (ArithmeticException e) {
            throw bad(file, "shape " + h.shapeString() + " is too large");
        }
        long have = ch.size() - h.dataOffset();
        if (have < need) {
            throw bad(file, "truncated: shape " + h.shapeString() + " of " + d + " needs " + need
                    + " bytes of data, the file has " + have);
        }
        return type;
    }

    /** @return what a NumPy dtype descriptor is, in words, e.g. "64-bit integer". */
    static String describeDtype(String descr) {
        if (descr.startsWith("[")) {
            return "structured dtype with named fields";
        }
        if (descr.startsWith("(")) {
            return "sub-array dtype";
        }
        int k = 0;
        char order = 0;
        if (!descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            order = descr.charAt(0);
            k = 1;
        }
        if (k >= descr.length()) {
            return "unknown type code";
        }
        int size = NpyHeader.itemSize(descr);
        String bits = size > 0 ? (8 * size) + "-bit " : "";
        switch (descr.charAt(k)) {
            case 'b':
                return "boolean";
            case 'i':
                return bits + "integer";
            case 'u':
                return bits + "unsigned integer";
            case 'f':
                if (size == 2) {
                    return "16-bit half-precision float";
                }
                if (size == 4 || size == 8) {
                    return (size == 4 ? "float32" : "float64") + " with byte order '" + order
                            + "' instead of '<' or '>'";
                }
                return bits + "extended-precision float (long double)";
            case 'c':
                if (size == 8) {
                    return "64-bit complex: two float32";
                }
                if (size == 16) {
                    return "128-bit complex: two float64";
                }
                return bits + "complex: two long doubles";
            case 'O':
                return "Python objects, stored pickled";
            case 'S':
            case 'a':
                return "byte string";
            case 'U':
                return "unicode string";
            case 'V':
                return "raw bytes (void)";
            case 'M':
                return "datetime64";
            case 'm':
                return "timedelta64";
            default:
                return "unknown type code";
        }
    }

    // ------------------------------------------------------------------------------------------
    // Data

    /** Fills m (column-major) from the reader; m is modified. */
    private static void fillMatrix(ElementReader r, DenseMatrix m, boolean fortranOrder) throws IOException {
        int rows = m.rows();
        int cols = m.cols();
        long n = m.size();
        // A single row or column is laid out the same in C and Fortran order.
        if (fortranOrder || rows <= 1 || cols <= 1) {
            readStorage(r, m, n);
        } else if (rows == cols) {
            // The C-order data read straight in is the transpose: swap it in place.
            readStorage(r, m, n);
            if (m instanceof HeapMatrix hm) {
                transposeInPlace(hm.data(), rows);
            } else {
                transposeInPlace(m, rows);
            }
        } else {
            readRowBands(r, m);
        }
    }

    /** Reads n elements in file order into m's storage. */
    private static void readStorage(ElementReader r, DenseMatrix m, long n) throws IOException {
        if (m instanceof HeapMatrix hm) {
            r.read(hm.data(), 0, (int) n);
        } else {
            r.read((OffHeapMatrix) m, 0, n);
        }
    }

    /** Reads C-order data into a non-square m, a band of rows at a time, scattering to columns. */
    private static void readRowBands(ElementReader r, DenseMatrix m) throws IOException {
        int rows = m.rows();
        int cols = m.cols();
        int chunk = CHUNK_BYTES / 8;
        double[] heap = m instanceof HeapMatrix hm ? hm.data() : null;
        if (cols <= chunk) {
            int band = Math.max(1, Math.min(rows, chunk / cols));
            double[] buf = new double[band * cols];
            for (int i0 = 0; i0 < rows; i0 += band) {
                int b = Math.min(band, rows - i0);
                r.read(buf, 0, b * cols);
                for (int j = 0; j < cols; j++) {
                    long base = i0 + (long) j * rows;
                    if (heap != null) {
                        for (int i = 0; i < b; i++) {
                            heap[(int) base + i] = buf[i * cols + j];
                        }
                    } else {
                        for (int i = 0; i < b; i++) {
                            m.setLinear(base + i, buf[i * cols + j]);
                        }
                    }
                }
            }
        } else {
            // Rows longer than a chunk (only possible off-heap): each row in pieces.
            double[] buf = new double[chunk];
            for (int i = 0; i < rows; i++) {
                for (int j0 = 0; j0 < cols; j0 += chunk) {
                    int len = Math.min(chunk, cols - j0);
                    r.read(buf, 0, len);
                    for (int j = 0; j < len; j++) {
                        m.setLinear(i + (long) (j0 + j) * rows, buf[j]);
                    }
                }
            }
        }
    }

    /** Transposes the n×n column-major array a in place, tile by tile. a is modified. */
    private static void transposeInPlace(double[] a, int n) {
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j = i0; j < i1; j++) {
                for (int i = j + 1; i < i1; i++) {
                    int p = i + j * n;
                    int q = j + i * n;
                    double t = a[p];
                    a[p] = a[q];
                    a[q] = t;
                }
            }
            for (int j0 = i1; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int j = j0; j < j1; j++) {
                    for (int i = i0; i < i1; i++) {
                        int p = i + j * n;
                        int q = j + i * n;
                        double t = a[p];
                        a[p] = a[q];
                        a[q] = t;
                    }
                }
            }
        }
    }

    /** Transposes the square matrix m in place, tile by tile. m is modified. */
    private static void transposeInPlace(DenseMatrix m, int n) {
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(n, i0 + TILE);
            for (int j = i0; j < i1; j++) {
                for (int i = j + 1; i < i1; i++) {
                    long p = i + (long) j * n;
                    long q = j + (long) i * n;
                    double t = m.getLinear(p);
                    m.setLinear(p, m.getLinear(q));
                    m.setLinear(q, t);
                }
            }
            for (int j0 = i1; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int j = j0; j < j1; j++) {
                    for (int i = i0; i < i1; i++) {
                        long p = i + (long) j * n;
                        long q = j + (long) i * n;
                        double t = m.getLinear(p);
                        m.setLinear(p, m.getLinear(q));
                        m.setLinear(q, t);
                    }
                }
            }
        }
    }

    /** @return the C-order copy of f, an array in Fortran order of the given shape (rank ≥ 1). */
    private static double[] fortranToC(double[] f, long[] shape) {
        int rank = shape.length;
        double[] c = new double[f.length];
        long[] stride = new long[rank];
        stride[rank - 1] = 1;
        for (int d = rank - 2; d >= 0; d--) {
            stride[d] = stride[d + 1] * shape[d + 1];
        }
        long[] idx = new long[rank];
        long off = 0;
        for (int k = 0; k < f.length; k++) {
            c[(int) off] = f[k];
            // Next Fortran-order index: axis 0 varies fastest.
            for (int d = 0; d < rank; d++) {
                if (++idx[d] < shape[d]) {
                    off += stride[d];
                    break;
                }
                off -= (shape[d] - 1) * stride[d];
                idx[d] = 0;
            }
        }
        return c;
    }

    /** Reads consecutive elements of one float type from a file position on, as doubles. */
    private static final class ElementReader {
        private final Path file;
        private final FileChannel ch;
        private final FloatType type;
        private long pos;
        private ByteBuffer staging;

        ElementReader(Path file, FileChannel ch, FloatType type, long pos) {
            this.file = file;
            this.ch = ch;
            this.type = type;
            this.pos = pos;
        }

        /** Reads len elements into dst[off, off + len); dst is modified. */
        void read(double[] dst, int off, int len) throws IOException {
            int perChunk = CHUNK_BYTES / type.size();
            while (len > 0) {
                int n = Math.min(len, perChunk);
                ByteBuffer b = stage(n);
                if (type.size() == 8) {
                    b.asDoubleBuffer().get(dst, off, n);
                } else {
                    FloatBuffer fb = b.asFloatBuffer();
                    for (int k = 0; k < n; k++) {
                        dst[off + k] = fb.get(k);
                    }
                }
                off += n;
                len -= n;
            }
        }

        /**
         * Reads len elements into native memory at element offset off of base; the memory is
         * modified, base's position and limit are not. Native-order float64 goes straight from the
         * file into the memory.
         */
        void read(OffHeapMatrix base, long off, long len) throws IOException {
            boolean direct = type.isNativeDouble();
            int perChunk = CHUNK_BYTES / type.size();
            while (len > 0) {
                int n = (int) Math.min(len, perChunk);
                ByteBuffer out = base.bytes(off, n);
                if (direct) {
                    readFully(file, ch, out, pos);
                    pos += 8L * n;
                } else {
                    ByteBuffer b = stage(n);
                    DoubleBuffer od = out.asDoubleBuffer();
                    if (type.size() == 8) {
                        od.put(b.asDoubleBuffer());
                    } else {
                        FloatBuffer fb = b.asFloatBuffer();
                        for (int k = 0; k < n; k++) {
                            od.put(k, fb.get(k));
                        }
                    }
                }
                off += n;
                len -= n;
            }
        }

        /** Reads n elements into the staging buffer and returns it, flipped, in the file's byte order. */
        private ByteBuffer stage(int n) throws IOException {
            int bytes = n * type.size();
            if (staging == null || staging.capacity() < bytes) {
                staging = ByteBuffer.allocateDirect(bytes).order(type.order());
            }
            staging.clear().limit(bytes);
            readFully(file, ch, staging, pos);
            pos += bytes;
            return staging.flip();
        }
    }

    /** Reads until b is full, from file position pos on; b's position advances to its limit. */
    private static void readFully(Path file, FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int k = ch.read(b, pos);
            if (k < 0) {
                throw bad(file, "truncated: the file ended at byte " + pos + " (was it changed while being read?)");
            }
            pos += k;
        }
    }

    private static FileChannel openRead(Path file) {
        if (Files.isDirectory(file)) {
            throw bad(file, "is a directory, not an NPY file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw bad(file, "no such file");
        } catch (AccessDeniedException e) {
            throw bad(file, "not readable (permission denied)");
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Data writing

    @FunctionalInterface
    private interface Body {
        void write(FileChannel ch) throws IOException;
    }

    /** Creates or truncates file, writes the header, then the body; deletes the file on failure. */
    private static void write(Path file, byte[] header, Body body) {
        if (Files.isDirectory(file)) {
            throw bad(file, "cannot write: is a directory");
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw writeError(file, e);
        }
        try {
            try (ch) {
                writeFully(ch, ByteBuffer.wrap(header));
                body.write(ch);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw writeError(file, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Writes a[off, off + len) as little-endian float64. */
    private static void writeDoubles(FileChannel ch, double[] a, int off, int len) throws IOException {
        int perChunk = CHUNK_BYTES / 8;
        ByteBuffer staging = ByteBuffer.allocateDirect(8 * Math.min(len, perChunk)).order(ByteOrder.LITTLE_ENDIAN);
        while (len > 0) {
            int n = Math.min(len, perChunk);
            staging.clear();
            staging.asDoubleBuffer().put(a, off, n);
            staging.limit(8 * n);
            writeFully(ch, staging);
            off += n;
            len -= n;
        }
    }

    /** Writes n doubles of native memory from base as little-endian float64; the memory is not modified. */
    private static void writeNative(FileChannel ch, OffHeapMatrix base, long n) throws IOException {
        boolean direct = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        int perChunk = CHUNK_BYTES / 8;
        ByteBuffer staging = direct ? null
                : ByteBuffer.allocateDirect((int) (8 * Math.min(n, perChunk))).order(ByteOrder.LITTLE_ENDIAN);
        long off = 0;
        while (off < n) {
            int len = (int) Math.min(n - off, perChunk);
            ByteBuffer src = base.bytes(off, len);
            if (!direct) {
                staging.clear();
                staging.asDoubleBuffer().put(src.asDoubleBuffer());
                staging.limit(8 * len);
                src = staging;
            }
            writeFully(ch, src);
            off += len;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Messages

    private static InvalidInputException bad(Path file, String detail) {
        return new InvalidInputException(file + ": " + detail);
    }

    private static InvalidInputException readError(Path file, IOException e) {
        if (e instanceof AccessDeniedException) {
            return new InvalidInputException(file + ": not readable (permission denied)", e);
        }
        return new InvalidInputException(file + ": read error: " + reason(e), e);
    }

    private static InvalidInputException writeError(Path file, IOException e) {
        String why;
        if (e instanceof NoSuchFileException) {
            Path parent = file.toAbsolutePath().getParent();
            why = "directory " + parent + " does not exist";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else {
            why = reason(e);
        }
        return new InvalidInputException(file + ": cannot write: " + why, e);
    }

    /** @return a one-line reason for an I/O error, without the file name the exception may repeat. */
    private static String reason(IOException e) {
        String r = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        if (r == null || r.isBlank()) {
            r = e.getClass().getSimpleName();
        }
        return r.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    /** @return the first n bytes as hex, with their text when all are printable ASCII. */
    private static String describeBytes(ByteBuffer b, int n) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        boolean printable = true;
        for (int k = 0; k < n; k++) {
            int v = b.get(k) & 0xff;
            if (k > 0) {
                hex.append(' ');
            }
            hex.append(String.format("%02X", v));
            printable &= v >= 0x20 && v < 0x7f;
            text.append((char) v);
        }
        return printable ? hex + " \"" + text + "\"" : hex.toString();
    }

    private static String magicHint(ByteBuffer b) {
        if (b.limit() >= 2 && b.get(0) == 'P' && b.get(1) == 'K') {
            return "; it looks like a ZIP archive such as an .npz file: extract the .npy inside";
        }
        return "";
    }

    /** @return the header text on one line, trimmed and shortened for a message. */
    private static String snippet(String text) {
        String t = text.strip();
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < t.length() && sb.length() < 200; k++) {
            char c = t.charAt(k);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (sb.length() >= 200) {
            sb.append("...");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Python literals

    /**
     * A parser for the Python literals an NPY header holds: dicts, tuples, lists, strings (single or
     * double quotes, optional u/b/r prefix), integers (a Python 2 {@code L} suffix is accepted),
     * True, False and None. Strings become {@link String}, integers {@link Long}, tuples {@link Tuple},
     * lists {@link List}, dicts {@link LinkedHashMap}, None null.
     */
    static final class PyParser {
        /** A Python tuple. */
        record Tuple(List<Object> items) {
        }

        /** A syntax error; the message says what was expected and where. */
        static final class SyntaxError extends Exception {
            SyntaxError(String message) {
                super(message, null, false, false);
            }
        }

        /** Deepest nesting of dicts, tuples and lists accepted (a dtype descriptor nests a few levels). */
        private static final int MAX_DEPTH = 32;

        private final String s;
        private int pos;
        private int depth;

        PyParser(String s) {
            this.s = s;
        }

        /** Parses one value that must span the whole text, apart from whitespace. */
        Object parseDocument() throws SyntaxError {
            skipSpace();
            Object v = value();
            skipSpace();
            if (pos < s.length()) {
                throw error("unexpected text after the dict");
            }
            return v;
        }

        private Object value() throws SyntaxError {
            skipSpace();
            if (pos >= s.length()) {
                throw error("unexpected end of header");
            }
            char c = s.charAt(pos);
            if (c == '{' || c == '(' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw error("containers nested deeper than " + MAX_DEPTH + " levels");
                }
                depth++;
                try {
                    if (c == '{') {
                        return dict();
                    }
                    if (c == '(') {
                        return tupleOrGroup();
                    }
                    pos++;
                    return sequence(']');
                } finally {
                    depth--;
                }
            }
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return integer();
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String word = s.substring(start, pos);
                if (pos < s.length() && (s.charAt(pos) == '\'' || s.charAt(pos) == '"')
                        && word.length() <= 2 && word.toLowerCase().matches("[ubr]+")) {
                    return string();
                }
                switch (word) {
                    case "True":
                        return Boolean.TRUE;
                    case "False":
                        return Boolean.FALSE;
                    case "None":
                        return null;
                    default:
                        pos = start;
                        throw error("unexpected name '" + word + "'");
                }
            }
            throw error("unexpected character '" + c + "'");
        }

        private Map<Object, Object> dict() throws SyntaxError {
            pos++; // {
            Map<Object, Object> map = new LinkedHashMap<>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                Object key = value();
                skipSpace();
                expect(':');
                Object val = value();
                map.put(key, val);
                skipSpace();
                if (peek() == ',') {
                    pos++;
                    skipSpace();
                    if (peek() == '}') {
                        pos++;
                        return map;
                    }
                } else if (peek() == '}') {
                    pos++;
                    return map;
                } else {
                    throw error("expected ',' or '}'");
                }
            }
        }

        /** After '(': a tuple, or a parenthesized single value as Python reads "(5)". */
        private Object tupleOrGroup() throws SyntaxError {
            pos++; // (
            skipSpace();
            if (peek() == ')') {
                pos++;
                return new Tuple(List.of());
            }
            Object first = value();
            skipSpace();
            if (peek() == ')') {
                pos++;
                return first;
            }
            expect(',');
            List<Object> items = new ArrayList<>();
            items.add(first);
            items.addAll(sequence(')'));
            return new Tuple(items);
        }

        /** Comma-separated values up to close, a trailing comma allowed; the opener is consumed. */
        private List<Object> sequence(char close) throws SyntaxError {
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private String string() throws SyntaxError {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == quote) {
                    return sb.toString();
                }
                if (c == '\n') {
                    throw error("unterminated string");
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '0' -> sb.append('\0');
                    case 'x' -> sb.append((char) hex(2));
                    case 'u' -> sb.append((char) hex(4));
                    default -> sb.append(e); // \\, \', \" and anything else literally
                }
            }
        }

        private int hex(int digits) throws SyntaxError {
            if (pos + digits > s.length()) {
                throw error("bad escape in string");
            }
            try {
                int v = Integer.parseInt(s, pos, pos + digits, 16);
                pos += digits;
                return v;
            } catch (NumberFormatException e) {
                throw error("bad escape in string");
            }
        }

        private Long integer() throws SyntaxError {
            int start = pos;
            if (s.charAt(pos) == '-' || s.charAt(pos) == '+') {
                pos++;
            }
            int digits = pos;
            while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (pos == digits) {
                pos = start;
                throw error("expected a number");
            }
            String text = s.substring(start, pos).replace("_", "");
            if (pos < s.length() && (s.charAt(pos) == 'L' || s.charAt(pos) == 'l')) {
                pos++; // Python 2 long
            } else if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                pos = start;
                throw error("expected an integer, found a float");
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                pos = start;
                throw error("integer " + text + " out of range");
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) throws SyntaxError {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void skipSpace() {
            while (pos < s.length() && " \t\n\r\f\u000b".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private SyntaxError error(String what) {
            return new SyntaxError(what + " at character " + pos);
        }

        /** @return the Python repr of a parsed value. */
        static String repr(Object v) {
            if (v == null) {
                return "None";
            }
            if (v instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (v instanceof String str) {
                StringBuilder sb = new StringBuilder("'");
                for (char c : str.toCharArray()) {
                    if (c == '\'' || c == '\\') {
                        sb.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                return sb.append('\'').toString();
            }
            if (v instanceof Tuple t) {
                StringBuilder sb = new StringBuilder("(");
                join(sb, t.items());
                if (t.items().size() == 1) {
                    sb.append(',');
                }
                return sb.append(')').toString();
            }
            if (v instanceof List<?> l) {
                StringBuilder sb = new StringBuilder("[");
                join(sb, l);
                return sb.append(']').toString();
            }
            if (v instanceof Map<?, ?> m) {
                StringBuilder sb = new StringBuilder("{");
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(", ");
                    }
                    first = false;
                    sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                }
                return sb.append('}').toString();
            }
            return String.valueOf(v);
        }

        private static void join(StringBuilder sb, List<?> items) {
            for (int k = 0; k < items.size(); k++) {
                if (k > 0) {
                    sb.append(", ");
                }
                sb.append(repr(items.get(k)));
            }
        }
    }
}
