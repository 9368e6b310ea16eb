package org.shortcuthessian.io;

import java.util.Arrays;

/**
 * The header of a NumPy {@code .npy} file, as written in the file.
 *
 * <p>An {@code .npy} file is the 6-byte magic {@code \x93NUMPY}, a major and a minor version byte,
 * the header length (an unsigned little-endian 16-bit integer in format 1.0, 32-bit in 2.0 and
 * 3.0), the header itself (a Python dict literal with the keys {@code descr}, {@code fortran_order}
 * and {@code shape}, padded with spaces and ended by a newline; latin-1 in 1.0 and 2.0, UTF-8 in
 * 3.0), then the raw element data, starting at {@link #dataOffset()}.
 *
 * @param descr        the dtype descriptor: a NumPy type string such as {@code "<f8"} (byte order
 *                     {@code <}, {@code >}, {@code |} or {@code =}, kind letter, item size in bytes);
 *                     for a structured or sub-array dtype, the Python repr of the descriptor, e.g.
 *                     {@code "[('a', '<f8'), ('b', '<i4')]"}
 * @param fortranOrder true if the data is stored in Fortran (column-major) order, false for C
 *                     (row-major) order
 * @param shape        the array shape, one non-negative length per axis; empty for a scalar. The
 *                     array is copied on the way in and on the way out.
 * @param majorVersion the format version's major number: 1, 2 or 3
 * @param dataOffset   the byte offset of the first data byte in the file
 */
public record NpyHeader(String descr, boolean fortranOrder, long[] shape, int majorVersion, long dataOffset) {

    /** Validates the shape and copies it. */
    public NpyHeader {
        if (descr == null) {
            throw new IllegalArgumentException("NpyHeader: descr is null");
        }
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("NpyHeader: negative dimension in shape " + shapeString(shape));
            }
        }
        if (dataOffset < 0) {
            throw new IllegalArgumentException("NpyHeader: negative data offset " + dataOffset);
        }
    }

    /** @return a copy of the shape. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of axes: 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /**
     * @return the number of elements, the product of the shape (1 for a scalar)
     * @throws ArithmeticException if the product overflows a long
     */
    public long elementCount() {
        return elementCount(shape);
    }

    /**
     * @return the size in bytes of one element for a simple type string such as {@code "<f8"} (8)
     *         or {@code "<U10"} (40: ten UCS-4 characters), or -1 if the descriptor has no size
     *         (a structured, sub-array or object dtype)
     */
    public int itemSize() {
        return itemSize(descr);
    }

    /**
     * @return the number of data bytes the shape and dtype call for, or -1 if the item size is
     *         unknown
     * @throws ArithmeticException if the product overflows a long
     */
    public long dataBytes() {
        int size = itemSize();
        return size < 0 ? -1 : Math.multiplyExact(elementCount(), (long) size);
    }

    /** @return the shape written as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public String shapeString() {
        return shapeString(shape);
    }

    /** @return the shape written as Python writes a tuple: {@code ()}, {@code (5,)}, {@code (2, 3)}. */
    public static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < shape.length; k++) {
            if (k > 0) {
                sb.append(", ");
            }
            sb.append(shape[k]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /**
     * @return the product of the dimensions (1 for an empty shape)
     * @throws ArithmeticException if the product overflows a long
     */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Item size in bytes of a simple NumPy type string, or -1; see {@link #itemSize()}. */
    static int itemSize(String descr) {
        int k = 0;
        if (k < descr.length() && "<>|=".indexOf(descr.charAt(k)) >= 0) {
            k++;
        }
        if (k >= descr.length()) {
            return -1;
        }
        char kind = descr.charAt(k++);
        int start = k;
        while (k < descr.length() && Character.isDigit(descr.charAt(k))) {
            k++;
        }
        if (k == start || k - start > 9) {
            return -1;
        }
        if (k < descr.length() && descr.charAt(k) != '[') {
            return -1; // trailing text other than a datetime unit such as [ns]
        }
        int n = Integer.parseInt(descr, start, k, 10);
        return kind == 'U' ? (n <= Integer.MAX_VALUE / 4 ? 4 * n : -1) : n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && descr.equals(h.descr) && fortranOrder == h.fortranOrder
                && Arrays.equals(shape, h.shape) && majorVersion == h.majorVersion && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return ((descr.hashCode() * 31 + Boolean.hashCode(fortranOrder)) * 31 + Arrays.hashCode(shape)) * 31
                + majorVersion * 17 + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return "NpyHeader[descr=" + descr + ", fortranOrder=" + fortranOrder + ", shape=" + shapeString()
                + ", version=" + majorVersion + ".0, dataOffset=" + dataOffset + "]";
    }
}
