package org.shortcuthessian.linalg.openblas;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerScope;
import org.shortcuthessian.linalg.Workspace;

/**
 * A {@link Workspace} in native memory whose first element is 64-byte aligned (SIMD loads of the
 * packed rows then never straddle cache lines, which more than doubles the kernels' speed).
 * Uninitialized; freed by {@link #close()}.
 */
final class NativeWorkspace extends Workspace {
    private final DoublePointer memory;
    private final DoublePointer start;
    private boolean closed;

    NativeWorkspace(long length) {
        super(length);
        this.memory = new DoublePointer(length + 8);
        if (memory.isNull()) {
            throw new OutOfMemoryError("workspace: could not allocate " + 8 * (length + 8) + " bytes of native memory");
        }
        // owned by this object: keep it out of any enclosing PointerScope
        PointerScope scope = PointerScope.getInnerScope();
        if (scope != null) {
            memory.retainReference();
            scope.detach(memory);
        }
        long misalignment = memory.address() % 64;
        long shift = misalignment == 0 ? 0 : (64 - misalignment) / 8;
        this.start = new DoublePointer(memory).position(shift);
    }

    /** @return a view starting at element offset (a new Pointer object; no copy). */
    DoublePointer at(long offset) {
        ensureOpen();
        return new DoublePointer(start).position(start.position() + offset);
    }

    @Override
    protected void doPut(long offset, double[] src, int srcOffset, int count) {
        at(offset).put(src, srcOffset, count);
    }

    @Override
    protected void doGet(long offset, double[] dst, int dstOffset, int count) {
        at(offset).get(dst, dstOffset, count);
    }

    @Override
    public void zero() {
        ensureOpen();
        start.limit(start.position() + length()).zero();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("workspace of " + length() + " doubles is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            memory.deallocate();
        }
    }
}
