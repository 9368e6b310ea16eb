package org.shortcuthessian.linalg;

/**
 * A flat buffer of doubles for the project's own kernels ({@link HessianKernels}), in the storage its
 * backend's kernels read without a copy: native memory whose first element is 64-byte aligned for the
 * native backend (SIMD loads of packed rows then never straddle cache lines), a Java array for the
 * pure-Java one. Obtain one from {@link HessianKernels#workspace(long)}; its contents start undefined.
 * {@link #close()} releases the memory at once (use try-with-resources). Not thread-safe.
 */
public abstract class Workspace implements AutoCloseable {
    private final long length;

    protected Workspace(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("Workspace: negative length " + length);
        }
        this.length = length;
    }

    /** @return the number of doubles. */
    public final long length() {
        return length;
    }

    /**
     * Copies src[srcOffset, srcOffset + count) to elements [offset, offset + count). This workspace is
     * modified, src is not.
     */
    public final void put(long offset, double[] src, int srcOffset, int count) {
        checkRange("put", offset, count);
        if (srcOffset < 0 || srcOffset + count > src.length) {
            throw new IndexOutOfBoundsException("Workspace.put: source range [" + srcOffset + ", " + (srcOffset + count)
                    + ") of an array of " + src.length);
        }
        doPut(offset, src, srcOffset, count);
    }

    /**
     * Copies elements [offset, offset + count) to dst[dstOffset, dstOffset + count). dst is modified,
     * this workspace is not.
     */
    public final void get(long offset, double[] dst, int dstOffset, int count) {
        checkRange("get", offset, count);
        if (dstOffset < 0 || dstOffset + count > dst.length) {
            throw new IndexOutOfBoundsException("Workspace.get: destination range [" + dstOffset + ", "
                    + (dstOffset + count) + ") of an array of " + dst.length);
        }
        doGet(offset, dst, dstOffset, count);
    }

    /** Sets every element to 0. This workspace is modified. */
    public abstract void zero();

    /** Releases the memory; later use is an error. Idempotent. */
    @Override
    public abstract void close();

    protected abstract void doPut(long offset, double[] src, int srcOffset, int count);

    protected abstract void doGet(long offset, double[] dst, int dstOffset, int count);

    /** Throws unless [offset, offset + count) lies inside this workspace. */
    public final void checkRange(String routine, long offset, long count) {
        if (offset < 0 || count < 0 || offset + count > length) {
            throw new IndexOutOfBoundsException(routine + ": elements [" + offset + ", " + (offset + count)
                    + ") of a workspace of " + length);
        }
    }
}
