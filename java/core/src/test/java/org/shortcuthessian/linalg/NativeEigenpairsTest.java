package org.shortcuthessian.linalg;

/** All eigenpairs through LAPACK dsyevd; the vectors overwrite the input. */
class NativeEigenpairsTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        return new Solution(backend().eigenpairs(h), h);
    }
}
