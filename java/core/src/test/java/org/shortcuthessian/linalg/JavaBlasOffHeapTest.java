package org.shortcuthessian.linalg;

/** Pure-Java backend (ojAlgo) on off-heap matrices. */
class JavaBlasOffHeapTest extends BlasConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected boolean offHeap() {
        return true;
    }
}
