package org.shortcuthessian.curvature.spectrum;

import java.util.Locale;

/** How {@link SpectrumSolver} computes a spectrum. */
public enum SpectrumMethod {
    /** DENSE when the N×N matrix fits in the memory available (8·N² bytes), else LANCZOS or SLQ. */
    AUTO,
    /** LAPACK on the dense matrix: every eigenvalue (or the requested ones), exact statistics. */
    DENSE,
    /** Thick-restart Lanczos on products: the requested largest and smallest eigenvalues. */
    LANCZOS,
    /** Stochastic Lanczos quadrature on products: the density and estimated statistics (and Lanczos for top/bottom). */
    SLQ;

    /** @throws IllegalArgumentException naming the accepted values */
    public static SpectrumMethod parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown method '" + s + "' (expected dense, lanczos, slq or auto)");
        }
    }

    /** @return the lower-case name used in files and on the command line. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
