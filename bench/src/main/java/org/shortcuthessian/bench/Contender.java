package org.shortcuthessian.bench;

import java.util.Locale;

/** The contenders of the benchmark suite, by the names the {@code contender} parameter takes. */
public enum Contender {
    /** This library's facade, native backend (OpenBLAS/LAPACK and the project's kernels) on off-heap matrices. */
    NATIVE("native", "shortcut-hessian native backend"),
    /** The same BLAS/LAPACK routine called directly on org.bytedeco.openblas.global.openblas (the facade's overhead). */
    DIRECT("direct", "org.bytedeco.openblas.global.openblas (direct call)"),
    /** This library's facade, pure-Java backend (ojAlgo inside) on heap matrices. */
    JAVA("java", "shortcut-hessian pure-Java backend"),
    /** ojAlgo called directly. */
    OJALGO("ojalgo", "ojAlgo"),
    /** EJML (ejml-ddense) called directly. */
    EJML("ejml", "EJML ejml-ddense"),
    /** Apache Commons Math 3 called directly. */
    COMMONS_MATH("commons-math", "Apache Commons Math 3");

    private final String id;
    private final String library;

    Contender(String id, String library) {
        this.id = id;
        this.library = library;
    }

    /** @return the parameter value, e.g. "commons-math". */
    public String id() {
        return id;
    }

    /** @return what is measured, for the bench-info line. */
    public String library() {
        return library;
    }

    /** @return the contender named s (its id or enum name, case-insensitive). */
    public static Contender parse(String s) {
        for (Contender c : values()) {
            if (c.id.equalsIgnoreCase(s) || c.name().equalsIgnoreCase(s.replace('-', '_'))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown contender '" + s + "' (expected native, direct, java, ojalgo, ejml"
                + " or commons-math)");
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
