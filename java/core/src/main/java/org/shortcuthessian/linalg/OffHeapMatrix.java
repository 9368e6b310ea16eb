package org.shortcuthessian.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.javacpp.indexer.DoubleIndexer;

/**
 * A column-major matrix in native memory ({@link DoublePointer}): passed to OpenBLAS, LAPACK and
 * the project's kernels without a copy, and not limited to 2³¹ elements. Element access from Java
 * goes through a raw (Unsafe) indexer. {@link #close()} frees the memory at once; use
 * try-with-resources.
 */
public final class OffHeapMatrix extends DenseMatrix {

    private final DoublePointer pointer;
    private final DoubleIndexer indexer;
    private boolean closed;

    /**
     * Allocates a zero-filled rows×cols matrix in native memory.
     *
     * @throws OutOfMemoryError if the memory cannot be had (JavaCPP's limit is the JVM's -Xmx
     *                          unless {@code org.bytedeco.javacpp.maxBytes} says otherwise)
     */
    public OffHeapMatrix(int rows, int cols) {
        this(rows, cols, true);
    }

    /**
     * Allocates a rows×cols matrix in native memory whose contents are undefined: for buffers that
     * the caller overwrites entirely (a Hessian filled block by block), which saves a pass over memory.
     */
    public static OffHeapMatrix uninitialized(int rows, int cols) {
        return new OffHeapMatrix(rows, cols, false);
    }

    private OffHeapMatrix(int rows, int cols, boolean zero) {
        super(rows, cols);
        long n = Math.max(1L, (long) rows * cols);
        this.pointer = new DoublePointer(n);
        if (pointer.isNull()) {
            throw new OutOfMemoryError("OffHeapMatrix: could not allocate " + (8 * n) + " bytes");
        }
        // This matrix owns its memory: keep it out of any enclosing PointerScope.
        PointerScope scope = PointerScope.getInnerScope();
        if (scope != null) {
            pointer.retainReference(); // detach() releases one reference; keep ours
            scope.detach(pointer);
        }
        if (zero) {
            pointer.zero();
        }
        this.indexer = DoubleIndexer.create(pointer.capacity(n));
    }

    /** @return the native pointer to element (0, 0); valid until {@link #close()}. */
    public DoublePointer pointer() {
        ensureOpen();
        return pointer;
    }

    @Override
    public double getLinear(long k) {
        return indexer.get(k);
    }

    @Override
    public void setLinear(long k, double v) {
        indexer.put(k, v);
    }

    @Override
    public void fill(double v) {
        ensureOpen();
        if (v == 0.0) {
            pointer.zero();
        } else {
            long n = size();
            for (long k = 0; k < n; k++) {
                indexer.put(k, v);
            }
        }
    }

    @Override
    protected void doGet(long from, double[] dst, int dstOffset, int count) {
        ensureOpen();
        new DoublePointer(pointer).position(from).get(dst, dstOffset, count);
    }

    @Override
    protected void doSet(long to, double[] src, int srcOffset, int count) {
        ensureOpen();
        new DoublePointer(pointer).position(to).put(src, srcOffset, count);
    }

    /**
     * @return the elements [from, from + count) as a byte buffer in native order over this matrix's memory
     *         (no copy): reading from or writing to it reads or modifies the matrix. Valid until {@link #close()}.
     */
    public java.nio.ByteBuffer bytes(long from, int count) {
        ensureOpen();
        if (from < 0 || count < 0 || from + count > size()) {
            throw new IndexOutOfBoundsException("bytes: elements [" + from + ", " + (from + count) + ") of a " + rows + "×"
                    + cols + " matrix");
        }
        return new DoublePointer(pointer).position(from).limit(from + count).asByteBuffer();
    }

    @Override
    public boolean isOffHeap() {
        return true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OffHeapMatrix " + rows + "×" + cols + " is closed");
        }
    }

    /** Frees the native memory; later use of this matrix is an error. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            indexer.close();
            pointer.deallocate();
        }
    }
}
