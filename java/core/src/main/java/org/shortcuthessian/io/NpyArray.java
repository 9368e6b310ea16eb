package org.shortcuthessian.io;

import java.util.Arrays;

/**
 * An n-dimensional array of doubles in C (row-major) order: the last index varies fastest, so for
 * shape {@code (d0, d1, d2)} element {@code (i, j, k)} is {@code data[(i·d1 + j)·d2 + k]}. Rank 0
 * is a scalar with one element and an empty shape.
 *
 * <p>The shape is copied; the data array is not (it is shared with the caller, who may modify it).
 *
 * @param shape one non-negative length per axis
 * @param data  the elements in C order; its length is the product of the shape
 */
public record NpyArray(long[] shape, double[] data) {

    /**
     * Checks that data has exactly the number of elements the shape calls for.
     *
     * @throws IllegalArgumentException if a dimension is negative or the lengths disagree
     */
    public NpyArray {
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("NpyArray: negative dimension in shape "
                        + NpyHeader.shapeString(shape));
            }
        }
        long n;
        try {
            n = NpyHeader.elementCount(shape);
        } catch (ArithmeticException e) {
            n = -1;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("NpyArray: shape " + NpyHeader.shapeString(shape) + " needs "
                    + (n < 0 ? "more than 2^63" : String.valueOf(n)) + " elements, data has " + data.length);
        }
    }

    /** @return a 1-D array of shape {@code (v.length,)} wrapping v (not copied). */
    public static NpyArray vector(double[] v) {
        return new NpyArray(new long[] {v.length}, v);
    }

    /** @return a 0-D array (a scalar). */
    public static NpyArray scalar(double v) {
        return new NpyArray(new long[0], new double[] {v});
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

    /** @return the length of axis k. */
    public long dim(int k) {
        return shape[k];
    }

    /** @return the number of elements (1 for a scalar). */
    public int size() {
        return data.length;
    }

    /**
     * @param idx one index per axis (none for a scalar)
     * @return the element at that index
     * @throws IndexOutOfBoundsException if the index count is not the rank or an index is out of range
     */
    public double get(long... idx) {
        if (idx.length != shape.length) {
            throw new IndexOutOfBoundsException("NpyArray.get: " + idx.length + " indices for rank " + shape.length);
        }
        long off = 0;
        for (int k = 0; k < shape.length; k++) {
            if (idx[k] < 0 || idx[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("NpyArray.get: index " + Arrays.toString(idx)
                        + " out of range for shape " + NpyHeader.shapeString(shape));
            }
            off = off * shape[k] + idx[k];
        }
        return data[(int) off];
    }

    /** Value equality: same shape and elements equal as by {@link Double#equals} (NaN equals NaN, 0.0 differs from -0.0). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && Arrays.equals(shape, a.shape) && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[shape=" + NpyHeader.shapeString(shape) + "]";
    }
}
