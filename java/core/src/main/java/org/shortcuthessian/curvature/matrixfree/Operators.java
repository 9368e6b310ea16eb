package org.shortcuthessian.curvature.matrixfree;

import java.util.Objects;
import java.util.stream.IntStream;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.MatrixDimensionException;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * Operators from matrices and restrictions of operators. The Hessian of a network at θ is
 * {@link org.shortcuthessian.curvature.Curvature#hessianOperator(double[])}.
 */
public final class Operators {
    /** Columns per parallel task of the dense product. */
    private static final int COLUMNS_PER_TASK = 64;

    private Operators() {
    }

    /**
     * A symmetric matrix as an operator: (A·x)_i = Σ_j A[j, i]·x_j, the dot product of column i with x
     * (contiguous in column-major storage; A is symmetric). Each entry is summed by one thread in a fixed
     * order, so results do not depend on the number of threads. The matrix is read, never modified; it
     * must stay open while the operator is used.
     */
    public static SymmetricOperator dense(DenseMatrix a) {
        Objects.requireNonNull(a, "dense: A");
        if (!a.isSquare()) {
            throw new MatrixDimensionException("dense: A is " + a.rows() + "×" + a.cols() + ", not square");
        }
        return new DenseOperator(a);
    }

    /**
     * The principal submatrix P·A·Pᵀ of an operator on the coordinates {@code indices} (the diagonal block
     * of a unit, a layer, any subset of parameters): each product pads x with zeros to the full length,
     * applies A once and keeps the chosen coordinates.
     *
     * @param indices distinct coordinates in [0, n), in the order the block's rows take; copied
     */
    public static SymmetricOperator restricted(SymmetricOperator a, int[] indices) {
        Objects.requireNonNull(a, "restricted: A");
        return new Restricted(a, ParameterBlocks.check(indices, a.dimension()));
    }

    private record DenseOperator(DenseMatrix a) implements SymmetricOperator {
        @Override
        public int dimension() {
            return a.rows();
        }

        @Override
        public void apply(double[] in, double[] out) {
            int n = a.rows();
            check(in, out, n);
            int tasks = (n + COLUMNS_PER_TASK - 1) / COLUMNS_PER_TASK;
            IntStream.range(0, tasks).parallel().forEach(t -> {
                int from = t * COLUMNS_PER_TASK;
                int to = Math.min(n, from + COLUMNS_PER_TASK);
                if (a instanceof HeapMatrix h) {
                    double[] data = h.data();
                    for (int i = from; i < to; i++) {
                        out[i] = dot(data, (long) i * n, in);
                    }
                } else {
                    double[] column = new double[n];
                    for (int i = from; i < to; i++) {
                        a.get((long) i * n, column, 0, n);
                        out[i] = dot(column, 0, in);
                    }
                }
            });
        }

        /** Σ_j column[offset + j]·x[j] with four interleaved partial sums (a fixed order: deterministic). */
        private static double dot(double[] column, long offset, double[] x) {
            int off = (int) offset;
            int n = x.length;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < n; j += 4) {
                s0 += column[off + j] * x[j];
                s1 += column[off + j + 1] * x[j + 1];
                s2 += column[off + j + 2] * x[j + 2];
                s3 += column[off + j + 3] * x[j + 3];
            }
            for (; j < n; j++) {
                s0 += column[off + j] * x[j];
            }
            return (s0 + s1) + (s2 + s3);
        }
    }

    private record Restricted(SymmetricOperator a, int[] indices) implements SymmetricOperator {
        @Override
        public int dimension() {
            return indices.length;
        }

        @Override
        public void apply(double[] in, double[] out) {
            check(in, out, indices.length);
            double[] full = new double[a.dimension()];
            for (int i = 0; i < indices.length; i++) {
                full[indices[i]] = in[i];
            }
            double[] image = new double[full.length];
            a.apply(full, image);
            for (int i = 0; i < indices.length; i++) {
                out[i] = image[indices[i]];
            }
        }
    }

    static void check(double[] in, double[] out, int n) {
        if (in.length != n || out.length != n) {
            throw new IllegalArgumentException("apply: vectors of length " + in.length + " and " + out.length
                    + ", expected " + n);
        }
        if (in == out) {
            throw new IllegalArgumentException("apply: out must not be the same array as in");
        }
    }
}
