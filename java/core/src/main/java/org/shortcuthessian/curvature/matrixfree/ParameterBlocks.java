package org.shortcuthessian.curvature.matrixfree;

import java.util.Objects;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Index sets of parameters (docs/DESIGN.md order: unit, matrix within unit, column, row) whose diagonal
 * block of the Hessian is wanted: one unit (n·d² parameters), one layer W[i,k] (d²), or any subset.
 */
public final class ParameterBlocks {
    private ParameterBlocks() {
    }

    /** @return the n·d² indices of unit i's matrices W[i,0..n−1], ascending. */
    public static int[] unit(NetworkSpec spec, int unit) {
        if (unit < 0 || unit >= spec.units()) {
            throw new IllegalArgumentException("unit: " + unit + " outside 0.." + (spec.units() - 1));
        }
        int size = spec.depth() * spec.dim() * spec.dim();
        return range(unit * size, size);
    }

    /** @return the d² indices of W[i,k], ascending (column-major within the matrix). */
    public static int[] layer(NetworkSpec spec, int unit, int k) {
        if (unit < 0 || unit >= spec.units()) {
            throw new IllegalArgumentException("unit: " + unit + " outside 0.." + (spec.units() - 1));
        }
        if (k < 0 || k >= spec.depth()) {
            throw new IllegalArgumentException("k: " + k + " outside 0.." + (spec.depth() - 1));
        }
        return range(spec.index(unit, k, 0, 0), spec.dim() * spec.dim());
    }

    private static int[] range(int from, int count) {
        int[] idx = new int[count];
        for (int q = 0; q < count; q++) {
            idx[q] = from + q;
        }
        return idx;
    }

    /**
     * Copies the principal submatrix A[indices, indices] of a dense matrix into a new heap matrix.
     *
     * @param a       symmetric n×n (not modified)
     * @param indices distinct coordinates in [0, n)
     */
    public static HeapMatrix submatrix(DenseMatrix a, int[] indices) {
        int[] idx = check(indices, a.rows());
        int k = idx.length;
        HeapMatrix b = new HeapMatrix(k, k);
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < k; i++) {
                b.set(i, j, a.get(idx[i], idx[j]));
            }
        }
        return b;
    }

    /**
     * @return a copy of indices after checking that they are distinct and in [0, n)
     * @throws IllegalArgumentException naming the offending index
     */
    public static int[] check(int[] indices, int n) {
        Objects.requireNonNull(indices, "indices");
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices: empty");
        }
        boolean[] seen = new boolean[n];
        for (int q = 0; q < indices.length; q++) {
            int i = indices[q];
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("indices[" + q + "] = " + i + " outside 0.." + (n - 1));
            }
            if (seen[i]) {
                throw new IllegalArgumentException("indices[" + q + "] = " + i + " repeated");
            }
            seen[i] = true;
        }
        return indices.clone();
    }
}
