package org.shortcuthessian.linalg;

/** Eigenvalues only, routine chosen by size. */
class NativeAutoEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenvalues(h, EigenvalueMethod.AUTO), null);
    }
}
