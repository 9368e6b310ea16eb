package org.shortcuthessian.linalg;

/** OpenBLAS on heap matrices (copied in and out). */
class NativeBlasHeapTest extends BlasConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected boolean offHeap() {
        return false;
    }
}
