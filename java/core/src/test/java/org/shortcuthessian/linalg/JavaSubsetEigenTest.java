package org.shortcuthessian.linalg;

/** Pure-Java backend (ojAlgo), eigenpairs selected by index. */
class JavaSubsetEigenTest extends SymmetricEigenConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected Solution solve(DenseMatrix h) {
        EigenDecomposition d = backend().subset(h, SpectrumRange.byIndex(0, h.rows() - 1), true);
        return new Solution(d.values(), d.vectors());
    }
}
