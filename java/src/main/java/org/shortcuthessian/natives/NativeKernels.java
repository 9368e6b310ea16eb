package org.shortcuthessian.natives;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerScope;
import org.shortcuthessian.linalg.MatrixDimensionException;
import org.shortcuthessian.linalg.OffHeapMatrix;
import org.shortcuthessian.linalg.SymmetryReport;

/**
 * Validating facade over the project's C kernels ({@link ShKernels}). Each call is one JNI crossing
 * for a whole matrix.
 */
public final class NativeKernels {
    private static final Throwable LOAD_ERROR;

    static {
        Throwable error = null;
        try {
            ShKernels.sh_kernels_isa();
        } catch (Throwable t) {
            error = t;
        }
        LOAD_ERROR = error;
    }

    private NativeKernels() {
    }

    /** @return true if the kernel library loaded on this machine. */
    public static boolean available() {
        return LOAD_ERROR == null;
    }

    /** @throws UnsatisfiedLinkError if the kernel library did not load, with the reason */
    public static void require() {
        if (LOAD_ERROR != null) {
            UnsatisfiedLinkError e = new UnsatisfiedLinkError("shortcut-hessian kernels did not load: " + LOAD_ERROR);
            e.initCause(LOAD_ERROR);
            throw e;
        }
    }

    /** @return the instruction set the kernels dispatch to: "avx512", "avx2" or "generic". */
    public static String isa() {
        require();
        return ShKernels.sh_kernels_isa().getString();
    }

    /** @return the kernel library's version. */
    public static String version() {
        require();
        return ShKernels.sh_kernels_version().getString();
    }

    /** @return the column-major index of the first NaN or infinite element of m, or -1. m is not modified. */
    public static long firstNonFinite(OffHeapMatrix m) {
        require();
        return ShKernels.sh_first_nonfinite(m.pointer(), m.size());
    }

    /**
     * Measures how far a square matrix is from symmetric. h is not modified.
     *
     * @return max |h[i,j] − h[j,i]|, max |h[i,j]| and where the former is attained
     */
    public static SymmetryReport symmetry(OffHeapMatrix h) {
        require();
        if (!h.isSquare()) {
            throw new MatrixDimensionException("symmetry: H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        try (PointerScope scope = new PointerScope()) {
            DoublePointer out = new DoublePointer(2);
            LongPointer idx = new LongPointer(2);
            ShKernels.sh_symmetry_check(h.pointer(), h.rows(), Math.max(1, h.rows()), out, idx);
            return new SymmetryReport(out.get(0), out.get(1), (int) idx.get(0), (int) idx.get(1));
        }
    }

    /** Copies the lower triangle of the square matrix h into its upper triangle. h is modified. */
    public static void symmetrizeFromLower(OffHeapMatrix h) {
        require();
        if (!h.isSquare()) {
            throw new MatrixDimensionException("symmetrizeFromLower: H is " + h.rows() + "×" + h.cols() + ", not square");
        }
        ShKernels.sh_symmetrize_from_lower(h.pointer(), h.rows(), Math.max(1, h.rows()));
    }
}
