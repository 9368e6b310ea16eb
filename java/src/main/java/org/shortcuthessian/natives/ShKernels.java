package org.shortcuthessian.natives;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Hand-written JavaCPP binding of the project's C kernels ({@code native/include/shkernels.h}).
 * The JavaCPP Maven plugin compiles the JNI glue and links the CMake-built static library
 * {@code libshkernels.a} into it; the result ships inside the jar.
 *
 * <p>These are raw kernels: no argument is checked here. Use {@link NativeKernels}, which validates.
 */
@Platform(include = "shkernels.h", link = "shkernels")
public final class ShKernels {
    static {
        Loader.load();
    }

    private ShKernels() {
    }

    /** @return "avx512", "avx2" or "generic": the instruction set the kernels dispatch to. */
    public static native @Cast("const char*") BytePointer sh_kernels_isa();

    /** @return the kernel library's version. */
    public static native @Cast("const char*") BytePointer sh_kernels_version();

    /** Index of the first NaN or infinity in a[0..n), or -1. a is not modified. */
    public static native @Cast("int64_t") long sh_first_nonfinite(@Const DoublePointer a, @Cast("int64_t") long n);

    /**
     * out[0] = max |a[i,j] − a[j,i]|, out[1] = max |a[i,j]|, idx = (i, j) of the maximum asymmetry;
     * a (n×n, column-major, leading dimension lda) is not modified; out and idx are.
     */
    public static native void sh_symmetry_check(@Const DoublePointer a, @Cast("int64_t") long n,
            @Cast("int64_t") long lda, DoublePointer out, @Cast("int64_t*") LongPointer idx);

    /** a[j,i] = a[i,j] for i &gt; j: copies the lower triangle into the upper one. a is modified. */
    public static native void sh_symmetrize_from_lower(DoublePointer a, @Cast("int64_t") long n,
            @Cast("int64_t") long lda);
}
