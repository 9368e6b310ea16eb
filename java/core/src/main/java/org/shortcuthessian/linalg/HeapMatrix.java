package org.shortcuthessian.linalg;

/** A column-major matrix on the Java heap, backed by a {@code double[]} of length rows·cols. */
public final class HeapMatrix extends DenseMatrix {
    private final double[] data;

    /** A zero matrix of the given shape. */
    public HeapMatrix(int rows, int cols) {
        super(rows, cols);
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE - 8) {
            throw new MatrixDimensionException("HeapMatrix: " + rows + "×" + cols
                    + " exceeds a Java array; use an off-heap matrix");
        }
        this.data = new double[(int) n];
    }

    /** Wraps (does not copy) a column-major array of length rows·cols. */
    public HeapMatrix(int rows, int cols, double[] columnMajor) {
        super(rows, cols);
        if (columnMajor.length != (long) rows * cols) {
            throw new MatrixDimensionException("HeapMatrix: array of length " + columnMajor.length
                    + " for shape " + rows + "×" + cols);
        }
        this.data = columnMajor;
    }

    /** @return a matrix built from rows given as arrays (copied). */
    public static HeapMatrix fromRows(double[][] rowsData) {
        int r = rowsData.length;
        int c = r == 0 ? 0 : rowsData[0].length;
        HeapMatrix m = new HeapMatrix(r, c);
        for (int i = 0; i < r; i++) {
            if (rowsData[i].length != c) {
                throw new MatrixDimensionException("fromRows: row " + i + " has " + rowsData[i].length
                        + " columns, expected " + c);
            }
            for (int j = 0; j < c; j++) {
                m.data[i + j * r] = rowsData[i][j];
            }
        }
        return m;
    }

    /** @return the backing array (column-major), not a copy: writes go to this matrix. */
    public double[] data() {
        return data;
    }

    @Override
    public double getLinear(long k) {
        return data[(int) k];
    }

    @Override
    public void setLinear(long k, double v) {
        data[(int) k] = v;
    }

    @Override
    public void fill(double v) {
        java.util.Arrays.fill(data, v);
    }

    @Override
    public boolean isOffHeap() {
        return false;
    }

    @Override
    public double[] toArray() {
        return data.clone();
    }

    @Override
    protected void doGet(long from, double[] dst, int dstOffset, int count) {
        System.arraycopy(data, (int) from, dst, dstOffset, count);
    }

    @Override
    protected void doSet(long to, double[] src, int srcOffset, int count) {
        System.arraycopy(src, srcOffset, data, (int) to, count);
    }
}
