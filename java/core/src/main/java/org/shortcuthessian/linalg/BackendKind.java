package org.shortcuthessian.linalg;

import java.util.Locale;

/** Which backend: OpenBLAS/LAPACK plus the project's kernels, or pure Java (ojAlgo). */
public enum BackendKind {
    /** Native if it loads, pure Java otherwise (logged). */
    AUTO,
    /** OpenBLAS/LAPACK through JavaCPP and the project's C kernels; fails if they cannot load. */
    NATIVE,
    /** Pure Java (ojAlgo); never loads native code. */
    JAVA;

    /** @return the kind named by s (auto, native, java), case-insensitive. */
    public static BackendKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + s + "' (expected auto, native or java)");
        }
    }
}
