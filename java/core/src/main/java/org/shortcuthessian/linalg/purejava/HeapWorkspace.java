package org.shortcuthessian.linalg.purejava;

import java.util.Arrays;
import org.shortcuthessian.linalg.Workspace;

/** A {@link Workspace} on the Java heap: one {@code double[]} (so at most 2³¹ − 9 elements). */
public final class HeapWorkspace extends Workspace {
    private double[] data;

    public HeapWorkspace(long length) {
        super(length);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("HeapWorkspace: " + length + " doubles do not fit a Java array");
        }
        this.data = new double[(int) length];
    }

    /** @return the storage (valid until {@link #close()}). */
    public double[] data() {
        if (data == null) {
            throw new IllegalStateException("HeapWorkspace of " + length() + " doubles is closed");
        }
        return data;
    }

    @Override
    protected void doPut(long offset, double[] src, int srcOffset, int count) {
        System.arraycopy(src, srcOffset, data(), (int) offset, count);
    }

    @Override
    protected void doGet(long offset, double[] dst, int dstOffset, int count) {
        System.arraycopy(data(), (int) offset, dst, dstOffset, count);
    }

    @Override
    public void zero() {
        Arrays.fill(data(), 0.0);
    }

    @Override
    public void close() {
        data = null;
    }
}
