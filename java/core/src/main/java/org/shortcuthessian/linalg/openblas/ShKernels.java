package org.shortcuthessian.linalg.openblas;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * Hand-written JavaCPP binding of the project's C kernels ({@code native/include/shkernels.h}).
 * The JavaCPP Maven plugin compiles the JNI glue and links the CMake-built static library
 * {@code libshkernels.a} into it; the result ships inside the jar.
 *
 * <p>These are raw kernels: no argument is checked here. Package-private: the rest of the project reaches
 * them only through {@link OpenBlasBackend}, whose facade ({@code AbstractBackend}) validates.
 */
@Platform(include = {"shkernels.h", "shpasses.h"}, link = "shkernels")
final class ShKernels {
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

    /** Forward-over-reverse of one source layer for a chunk of packed samples (see shkernels.h). */
    public static native void sh_source_tangents(@Cast("int64_t") long d, @Cast("int64_t") long units,
            @Cast("int64_t") long depth, int shortcut, @Cast("int64_t") long s, @Cast("int64_t") long mc,
            double invM, @Const DoublePointer theta, @Const DoublePointer d1, @Const DoublePointer d2,
            @Const IntPointer kind, DoublePointer lam, DoublePointer adot, DoublePointer zdot, DoublePointer hdot,
            DoublePointer tmp);

    /** Accumulates the fused Hessian block of the pair (l, s) over a chunk into b (see shkernels.h). */
    public static native void sh_pair_block(@Cast("int64_t") long d, @Cast("int64_t") long mc, @Const DoublePointer as,
            @Const DoublePointer al, @Const DoublePointer lzl, @Const DoublePointer lam, @Const DoublePointer adot,
            int withAdot, DoublePointer b);

    /** Stores a d²×d² block into h at (l, s) and its mirror; h is modified. */
    public static native void sh_store_block(DoublePointer h, @Cast("int64_t") long ldh, @Cast("int64_t") long d,
            @Cast("int64_t") long l, @Cast("int64_t") long s, @Const DoublePointer b);

    /** Writes a moments-path block C⊗R (+ permuted F, Y; both may be null) at (l, lp) and its mirror; h is modified. */
    public static native void sh_kron_block(DoublePointer h, @Cast("int64_t") long ldh, @Cast("int64_t") long d,
            @Cast("int64_t") long l, @Cast("int64_t") long lp, @Const DoublePointer c, @Const DoublePointer r,
            @Const DoublePointer f, @Const DoublePointer y);

    /** a[j,i] = a[i,j] for i &gt; j: copies the lower triangle into the upper one. a is modified. */
    public static native void sh_symmetrize_from_lower(DoublePointer a, @Cast("int64_t") long n,
            @Cast("int64_t") long lda);

    // ---- the passes (shpasses.h): a plan is an opaque sh_passes* ----

    public static native @Cast("sh_passes*") Pointer sh_passes_create(@Cast("int64_t") long d,
            @Cast("int64_t") long units, @Cast("int64_t") long depth, int shortcut, int pre, int mid, int post,
            @Cast("int64_t") long m, @Cast("int64_t") long block, @Cast("int64_t") long chunk,
            @Cast("int64_t") long slots, @Cast("int64_t") long kmax);

    public static native void sh_passes_free(@Cast("sh_passes*") Pointer p);

    public static native @Cast("int64_t") long sh_passes_workspace_bytes(@Cast("const sh_passes*") Pointer p);

    public static native @Cast("int64_t") long sh_passes_chunk(@Cast("const sh_passes*") Pointer p);

    public static native @Cast("int64_t") long sh_passes_chunks(@Cast("const sh_passes*") Pointer p);

    public static native @Cast("const char*") BytePointer sh_passes_isa(@Cast("const sh_passes*") Pointer p);

    public static native void sh_passes_forward(@Cast("const sh_passes*") Pointer p, @Cast("int64_t") long slot,
            @Const DoublePointer theta, @Const DoublePointer x, @Cast("int64_t") long from, @Cast("int64_t") long to,
            DoublePointer f);

    public static native void sh_passes_loss(@Cast("const sh_passes*") Pointer p, @Cast("int64_t") long slot,
            @Const DoublePointer theta, @Const DoublePointer x, @Const DoublePointer y, @Cast("int64_t") long from,
            @Cast("int64_t") long to, DoublePointer loss, int accumulate);

    public static native void sh_passes_loss_gradient(@Cast("const sh_passes*") Pointer p, @Cast("int64_t") long slot,
            @Const DoublePointer theta, @Const DoublePointer x, @Const DoublePointer y, @Cast("int64_t") long from,
            @Cast("int64_t") long to, DoublePointer loss, DoublePointer grad, @Cast("int64_t") long ldg, int accumulate);

    public static native void sh_passes_hvp_block(@Cast("const sh_passes*") Pointer p, @Cast("int64_t") long slot,
            @Const DoublePointer theta, @Const DoublePointer x, @Const DoublePointer y, @Cast("int64_t") long k,
            @Const DoublePointer v, @Cast("int64_t") long ldv, @Cast("int64_t") long from, @Cast("int64_t") long to,
            DoublePointer hv, @Cast("int64_t") long ldh, int accumulate);

    public static native void sh_passes_reduce(@Cast("int64_t") long count, @Cast("int64_t") long n,
            @Const DoublePointer parts, @Cast("int64_t") long ld, DoublePointer out);
}
