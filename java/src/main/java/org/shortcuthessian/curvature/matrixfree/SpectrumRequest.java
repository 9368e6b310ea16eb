package org.shortcuthessian.curvature.matrixfree;

import java.util.Objects;

/**
 * What {@link SpectrumSolver} is asked for.
 *
 * @param method  DENSE, LANCZOS, SLQ or AUTO (chosen by size and memory)
 * @param top     the number of largest eigenvalues wanted (0: none)
 * @param bottom  the number of smallest eigenvalues wanted (0: none); with top = bottom = 0 the dense method
 *                gives every eigenvalue and SLQ the density only
 * @param lanczos settings of Lanczos
 * @param slq     settings of SLQ
 */
public record SpectrumRequest(SpectrumMethod method, int top, int bottom, LanczosOptions lanczos, SlqOptions slq) {
    public SpectrumRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(lanczos, "lanczos");
        Objects.requireNonNull(slq, "slq");
        if (top < 0) {
            throw new IllegalArgumentException("top: " + top + " (must be at least 0)");
        }
        if (bottom < 0) {
            throw new IllegalArgumentException("bottom: " + bottom + " (must be at least 0)");
        }
        if (method == SpectrumMethod.LANCZOS && top + bottom == 0) {
            throw new IllegalArgumentException("method lanczos: ask for top or bottom eigenvalues (both are 0)");
        }
    }

    /** With default Lanczos and SLQ settings. */
    public static SpectrumRequest of(SpectrumMethod method, int top, int bottom) {
        return new SpectrumRequest(method, top, bottom, LanczosOptions.defaults(), SlqOptions.defaults());
    }

    /** Every eigenvalue when the dense matrix fits, else the SLQ density and estimates. */
    public static SpectrumRequest auto() {
        return of(SpectrumMethod.AUTO, 0, 0);
    }

    /** @return whether particular eigenvalues (top or bottom) are asked for. */
    public boolean selects() {
        return top + bottom > 0;
    }

    /**
     * @throws IllegalArgumentException naming top/bottom if more eigenvalues are asked for than the dimension
     */
    void check(int n) {
        if (top > n) {
            throw new IllegalArgumentException("top: " + top + " exceeds the dimension N = " + n);
        }
        if (bottom > n) {
            throw new IllegalArgumentException("bottom: " + bottom + " exceeds the dimension N = " + n);
        }
        if ((long) top + bottom > n) {
            throw new IllegalArgumentException("top + bottom: " + (top + bottom) + " exceeds the dimension N = " + n);
        }
    }

    public SpectrumRequest withLanczos(LanczosOptions o) {
        return new SpectrumRequest(method, top, bottom, o, slq);
    }

    public SpectrumRequest withSlq(SlqOptions o) {
        return new SpectrumRequest(method, top, bottom, lanczos, o);
    }
}
