package org.shortcuthessian.linalg;

/**
 * A dense column-major matrix of doubles: element (i, j) is at {@code i + j·rows}.
 *
 * <p>Two storages: {@link HeapMatrix} (a {@code double[]}, for small matrices and the pure-Java
 * backend) and {@link OffHeapMatrix} (native memory, for large matrices that cross into native code
 * without a copy). Both are {@link AutoCloseable}; closing a heap matrix does nothing, closing an
 * off-heap matrix frees its memory at once. A matrix is not thread-safe for concurrent writes.
 */
public abstract sealed class DenseMatrix implements AutoCloseable permits HeapMatrix, OffHeapMatrix {
    protected final int rows;
    protected final int cols;

    protected DenseMatrix(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new MatrixDimensionException("DenseMatrix: negative shape " + rows + "×" + cols);
        }
        this.rows = rows;
        this.cols = cols;
    }

    public final int rows() {
        return rows;
    }

    public final int cols() {
        return cols;
    }

    /** @return rows·cols as a long. */
    public final long size() {
        return (long) rows * cols;
    }

    public final boolean isSquare() {
        return rows == cols;
    }

    /** @return element (i, j); not range-checked beyond the storage bounds. */
    public final double get(int i, int j) {
        return getLinear(i + (long) j * rows);
    }

    /** Sets element (i, j). This matrix is modified. */
    public final void set(int i, int j, double v) {
        setLinear(i + (long) j * rows, v);
    }

    /** @return the element at column-major position k. */
    public abstract double getLinear(long k);

    /** Sets the element at column-major position k. This matrix is modified. */
    public abstract void setLinear(long k, double v);

    /** Sets every element to v. This matrix is modified. */
    public abstract void fill(double v);

    /** @return true if the storage is native memory. */
    public abstract boolean isOffHeap();

    /**
     * Copies the count elements from column-major position from on into dst[dstOffset …]. dst is
     * modified, this matrix is not.
     */
    public final void get(long from, double[] dst, int dstOffset, int count) {
        checkRange("get", from, count, dst.length, dstOffset);
        doGet(from, dst, dstOffset, count);
    }

    /**
     * Copies src[srcOffset, srcOffset + count) to the elements from column-major position to on. This
     * matrix is modified, src is not.
     */
    public final void set(long to, double[] src, int srcOffset, int count) {
        checkRange("set", to, count, src.length, srcOffset);
        doSet(to, src, srcOffset, count);
    }

    private void checkRange(String what, long at, int count, int arrayLength, int arrayOffset) {
        if (at < 0 || count < 0 || at + count > size() || arrayOffset < 0 || arrayOffset + count > arrayLength) {
            throw new IndexOutOfBoundsException(what + ": elements [" + at + ", " + (at + count) + ") of a " + rows + "×"
                    + cols + " matrix, array range [" + arrayOffset + ", " + (arrayOffset + count) + ") of " + arrayLength);
        }
    }

    protected abstract void doGet(long from, double[] dst, int dstOffset, int count);

    protected abstract void doSet(long to, double[] src, int srcOffset, int count);

    /** Copies all elements, column-major, into a new array (size must be below 2³¹). */
    public double[] toArray() {
        long n = size();
        if (n > Integer.MAX_VALUE - 8) {
            throw new MatrixDimensionException("toArray: " + rows + "×" + cols + " does not fit a Java array");
        }
        double[] out = new double[(int) n];
        for (int k = 0; k < out.length; k++) {
            out[k] = getLinear(k);
        }
        return out;
    }

    /** Copies the elements of other (same shape) into this matrix. This matrix is modified. */
    public void copyFrom(DenseMatrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new MatrixDimensionException("copyFrom: shape " + other.rows + "×" + other.cols
                    + " into " + rows + "×" + cols);
        }
        long n = size();
        for (long k = 0; k < n; k++) {
            setLinear(k, other.getLinear(k));
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + rows + "×" + cols + "]";
    }
}
