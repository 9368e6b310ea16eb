package org.shortcuthessian.network;

/**
 * θ, the parameter vector of a network, with views of each matrix W[i,k]: reads and writes go
 * straight to θ (no copies). Parameter order as in docs/DESIGN.md: unit, matrix within unit, column, row.
 */
public final class Weights {
    private final NetworkSpec spec;
    private final double[] theta;

    /**
     * @param theta length N = R·n·d² (not copied: the views write into it)
     */
    public Weights(NetworkSpec spec, double[] theta) {
        if (theta.length != spec.parameterCount()) {
            throw new IllegalArgumentException("Weights: θ has length " + theta.length + ", expected N = "
                    + spec.parameterCount());
        }
        this.spec = spec;
        this.theta = theta;
    }

    /** @return θ itself (shared). */
    public double[] theta() {
        return theta;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** @return a view of W[unit, k] (d×d) backed by θ. */
    public MatrixView matrix(int unit, int k) {
        if (unit < 0 || unit >= spec.units() || k < 0 || k >= spec.depth()) {
            throw new IndexOutOfBoundsException("W[" + unit + ", " + k + "] outside R = " + spec.units() + ", n = "
                    + spec.depth());
        }
        return new MatrixView(spec.index(unit, k, 0, 0));
    }

    /** One d×d matrix of θ, column-major at an offset. */
    public final class MatrixView {
        private final int offset;

        private MatrixView(int offset) {
            this.offset = offset;
        }

        /** @return the position of W[row, col] in θ. */
        public int index(int row, int col) {
            int d = spec.dim();
            if (row < 0 || row >= d || col < 0 || col >= d) {
                throw new IndexOutOfBoundsException("(" + row + ", " + col + ") outside " + d + "×" + d);
            }
            return offset + col * d + row;
        }

        public double get(int row, int col) {
            return theta[index(row, col)];
        }

        /** Sets W[row, col]; θ is modified. */
        public void set(int row, int col, double value) {
            theta[index(row, col)] = value;
        }

        /** @return a copy as rows (W[row][col]). */
        public double[][] toRows() {
            int d = spec.dim();
            double[][] out = new double[d][d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    out[r][c] = get(r, c);
                }
            }
            return out;
        }
    }
}
