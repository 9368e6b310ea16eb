package org.shortcuthessian.linalg.passes;

/**
 * What the kernels need to know of an activation site (pre, mid or post of a unit): whether the
 * activation is the identity (its derivatives are not read), piecewise linear (σ'' = 0: relu) or
 * curved (σ'' ≠ 0: tanh). The codes are those of the C kernels' {@code kind} arrays.
 */
public enum SiteKind {
    /** σ(v) = v: σ' = 1, σ'' = 0; the packed derivatives are not read. */
    IDENTITY(0),
    /** σ'' = 0 everywhere it is defined (relu): only σ' is read. */
    PIECEWISE_LINEAR(1),
    /** σ' and σ'' both read (tanh). */
    CURVED(2);

    private final int code;

    SiteKind(int code) {
        this.code = code;
    }

    /** @return the C kernels' code: 0, 1 or 2. */
    public int code() {
        return code;
    }
}
