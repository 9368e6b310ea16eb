package org.shortcuthessian.linalg;

/** Eigenvalues only through LAPACK dsyevr. */
class NativeDsyevrEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenvalues(h, EigenvalueMethod.RRR), null);
    }
}
