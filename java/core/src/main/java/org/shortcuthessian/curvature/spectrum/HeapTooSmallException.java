package org.shortcuthessian.curvature.spectrum;

import static org.shortcuthessian.curvature.HessianTooLargeException.human;

import java.util.Locale;
import org.shortcuthessian.InvalidInputException;

/**
 * A computation would not fit in the Java heap this JVM can still give; refused before it starts (a matrix-free
 * spectrum keeps its Lanczos vectors, and a network's Hessian-vector products their passes, on the heap).
 */
public class HeapTooSmallException extends InvalidInputException {
    private final long bytesNeeded;
    private final long bytesAvailable;
    private final long maxHeap;

    /**
     * @param what           the computation and where its memory goes, e.g. "SLQ at N = 33554432 (80 Lanczos
     *                       vectors of 256 MiB)"
     * @param bytesNeeded    the estimate of what it takes
     * @param bytesAvailable what the heap can still give
     * @param maxHeap        the heap's maximum size
     */
    public HeapTooSmallException(String what, long bytesNeeded, long bytesAvailable, long maxHeap) {
        super(String.format(Locale.ROOT, "%s needs about %s of Java heap, but this JVM can give %s more"
                + " (maximum heap %s)", what, human(bytesNeeded), human(bytesAvailable), human(maxHeap)));
        this.bytesNeeded = bytesNeeded;
        this.bytesAvailable = bytesAvailable;
        this.maxHeap = maxHeap;
    }

    public long bytesNeeded() {
        return bytesNeeded;
    }

    public long bytesAvailable() {
        return bytesAvailable;
    }

    public long maxHeap() {
        return maxHeap;
    }
}
