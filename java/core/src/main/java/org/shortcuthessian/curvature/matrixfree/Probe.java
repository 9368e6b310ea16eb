package org.shortcuthessian.curvature.matrixfree;

import java.util.Locale;

/** The distribution of the random probe vectors of SLQ and the trace estimators. */
public enum Probe {
    /** Entries ±1 with probability ½ each: the smallest variance for trace estimates (Hutchinson). */
    RADEMACHER,
    /** Independent standard normal entries. */
    GAUSSIAN;

    /** @throws IllegalArgumentException naming the accepted values */
    public static Probe parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown probe '" + s + "' (expected rademacher or gaussian)");
        }
    }
}
