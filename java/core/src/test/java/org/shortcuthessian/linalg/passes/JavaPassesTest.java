package org.shortcuthessian.linalg.passes;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;

/** The pure-Java twin, against the C passes, finite differences and itself at other thread counts. */
class JavaPassesTest extends PassesConformance {
    @Override
    protected Backend backend() {
        return Backends.of(BackendKind.JAVA);
    }

    @Override
    protected Backend other() {
        return Backends.of(BackendKind.NATIVE);
    }
}
