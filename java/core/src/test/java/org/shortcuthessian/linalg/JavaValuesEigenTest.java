package org.shortcuthessian.linalg;

/** Pure-Java backend (ojAlgo), eigenvalues only. */
class JavaValuesEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenvalues(h, EigenvalueMethod.AUTO), null);
    }
}
