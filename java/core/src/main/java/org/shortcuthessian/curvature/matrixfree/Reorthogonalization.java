package org.shortcuthessian.curvature.matrixfree;

/** How Lanczos keeps its basis orthogonal. */
public enum Reorthogonalization {
    /**
     * Every new vector against the whole basis, twice (classical Gram–Schmidt with repetition): orthogonal
     * to working precision; costs O(N·j) per step j. The default, and what SLQ uses.
     */
    FULL,
    /**
     * Selective orthogonalization (Parlett–Scott): the three-term recurrence, plus orthogonalization
     * against the Ritz vectors kept at the last restart and against the Ritz vectors that have converged
     * to √ε·‖A‖ since, the only directions along which orthogonality is lost. Cheaper per step than FULL
     * when the basis is large; may need a few more products.
     */
    SELECTIVE
}
