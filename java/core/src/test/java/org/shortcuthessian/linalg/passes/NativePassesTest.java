package org.shortcuthessian.linalg.passes;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;

/** The C passes, against the pure-Java twin, finite differences and themselves at other thread counts. */
class NativePassesTest extends PassesConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.NATIVE);
    }

    @Override
    protected Backend other() {
        return Backends.of(BackendKind.JAVA);
    }
}
