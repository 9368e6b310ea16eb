package org.shortcuthessian.curvature.spectrum;

import org.shortcuthessian.curvature.matrixfree.LanczosOptions;
import org.shortcuthessian.curvature.matrixfree.SlqOptions;
import org.shortcuthessian.linalg.EigenvalueMethod;

import java.util.Objects;

/**
 * What {@link SpectrumSolver} is asked for.
 *
 * @param method      DENSE, LANCZOS, SLQ or AUTO (chosen by size and memory: {@link SpectrumPolicy})
 * @param top     the number of largest eigenvalues wanted (0: none)
 * @param bottom  the number of smallest eigenvalues wanted (0: none); with top = bottom = 0 the dense method
 *                gives every eigenvalue and SLQ the density only
 * @param lanczos settings of Lanczos
 * @param slq     settings of SLQ
 * @param eigensolver the LAPACK routine for every eigenvalue of a dense matrix (AUTO: chosen by size)
 * @param vectors     whether the dense method also computes eigenvectors (every eigenvalue only; dsyevd)
 */
public record SpectrumRequest(SpectrumMethod method, int top, int bottom, LanczosOptions lanczos, SlqOptions slq,
                              EigenvalueMethod eigensolver, boolean vectors) {
    public SpectrumRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(eigensolver, "eigensolver");
        if (vectors && (top + bottom > 0 || method == SpectrumMethod.LANCZOS || method == SpectrumMethod.SLQ)) {
            throw new IllegalArgumentException("vectors: only with every eigenvalue of the dense matrix (method dense or"
                    + " auto, no top/bottom)");
        }
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

    /** Without eigenvectors. */
    public SpectrumRequest(SpectrumMethod method, int top, int bottom, LanczosOptions lanczos, SlqOptions slq) {
        this(method, top, bottom, lanczos, slq, EigenvalueMethod.AUTO, false);
    }

    /** With default Lanczos and SLQ settings. */
    public static SpectrumRequest of(SpectrumMethod method, int top, int bottom) {
        return new SpectrumRequest(method, top, bottom, LanczosOptions.defaults(), SlqOptions.defaults());
    }

    /** @return whether this asks for nothing but every eigenvalue of the dense matrix when it fits (the default). */
    public boolean plain() {
        return (method == SpectrumMethod.AUTO || method == SpectrumMethod.DENSE) && !selects();
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
    public void check(int n) {
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
        return new SpectrumRequest(method, top, bottom, o, slq, eigensolver, vectors);
    }

    public SpectrumRequest withSlq(SlqOptions o) {
        return new SpectrumRequest(method, top, bottom, lanczos, o, eigensolver, vectors);
    }

    /** @return this request with the given LAPACK routine for every eigenvalue. */
    public SpectrumRequest withEigensolver(EigenvalueMethod m) {
        return new SpectrumRequest(method, top, bottom, lanczos, slq, m, vectors);
    }

    /** @return this request with eigenvectors (dense, every eigenvalue) or without. */
    public SpectrumRequest withVectors(boolean v) {
        return new SpectrumRequest(method, top, bottom, lanczos, slq, eigensolver, v);
    }
}
