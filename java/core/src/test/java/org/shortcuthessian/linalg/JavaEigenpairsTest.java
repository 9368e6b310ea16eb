package org.shortcuthessian.linalg;

/** Pure-Java backend (ojAlgo), all eigenpairs. */
class JavaEigenpairsTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenpairs(h), h);
    }
}
