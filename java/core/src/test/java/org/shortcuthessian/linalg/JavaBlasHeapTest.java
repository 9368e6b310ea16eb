package org.shortcuthessian.linalg;

/** Pure-Java backend (ojAlgo) on heap matrices. */
class JavaBlasHeapTest extends BlasConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected boolean offHeap() {
        return false;
    }
}
