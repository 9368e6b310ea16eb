package org.shortcuthessian.linalg;

/** Eigenvalues only through LAPACK dsyev_2stage. */
class NativeTwoStageEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenvalues(h, EigenvalueMethod.TWO_STAGE), null);
    }
}
