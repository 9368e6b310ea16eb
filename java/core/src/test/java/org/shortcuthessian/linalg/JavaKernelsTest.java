package org.shortcuthessian.linalg;

/** The pure-Java twins, against their formulas and the C kernels. */
class JavaKernelsTest extends KernelsConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected Backend other() {
        return Backends.of(BackendKind.NATIVE);
    }
}
