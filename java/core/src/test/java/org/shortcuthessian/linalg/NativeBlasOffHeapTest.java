package org.shortcuthessian.linalg;

/** OpenBLAS on off-heap matrices (no copies). */
class NativeBlasOffHeapTest extends BlasConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected boolean offHeap() {
        return true;
    }
}
