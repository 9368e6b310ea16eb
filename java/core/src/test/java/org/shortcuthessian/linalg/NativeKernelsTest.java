package org.shortcuthessian.linalg;

/** The C kernels, against their formulas and their pure-Java twins. */
class NativeKernelsTest extends KernelsConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Backend other() {
        return Backends.of(BackendKind.JAVA);
    }
}
