package org.shortcuthessian.linalg;

/** All eigenpairs selected by index through LAPACK dsyevr. */
class NativeSubsetEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        EigenDecomposition d = backend().subset(h, SpectrumRange.byIndex(0, h.rows() - 1), true);
        return new Solution(d.values(), d.vectors());
    }
}
