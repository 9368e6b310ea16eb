package org.shortcuthessian.linalg.passes;


/**
 * A network as the kernels see it, in linear-algebra terms (docs/DESIGN.md, "The model"): R units of n
 * d×d matrices W[i,k] (layer l = i·n + k, at offset l·d² of θ: N = R·n·d² parameters), activations pre,
 * mid, post, and whether each unit adds its input back (the shortcut). Activation sites
 * q = i·(n + 1) + k: k = 0 pre, 1 … n − 1 mid, n post.
 *
 * @param dim      d ≥ 1
 * @param units    R ≥ 1
 * @param depth    n ≥ 1 (matrices per unit)
 * @param shortcut h ← h + unit(h) when true, h ← unit(h) otherwise
 * @param pre      applied to a unit's input
 * @param mid      between the matrices of a unit (unused when n = 1)
 * @param post     applied to a unit's output
 */
public record NetworkShape(int dim, int units, int depth, boolean shortcut, Nonlinearity pre, Nonlinearity mid,
                           Nonlinearity post) {
    public NetworkShape {
        if (dim < 1 || units < 1 || depth < 1) {
            throw new IllegalArgumentException("NetworkShape: dim " + dim + ", units " + units + ", depth " + depth
                    + " (each must be at least 1)");
        }
        java.util.Objects.requireNonNull(pre, "pre");
        java.util.Objects.requireNonNull(mid, "mid");
        java.util.Objects.requireNonNull(post, "post");
    }

    /** @return R·n, the number of d×d matrices. */
    public int layers() {
        return units * depth;
    }

    /** @return N = R·n·d². */
    public int parameters() {
        return layers() * dim * dim;
    }

    /** @return the function at site q = i·(n + 1) + k. */
    public Nonlinearity site(int q) {
        int k = q % (depth + 1);
        return k == 0 ? pre : k == depth ? post : mid;
    }

    /** @return the C kernels' site-kind codes, one per site (units·(n + 1) of them), in site order. */
    public int[] siteCodes() {
        int[] codes = new int[units * (depth + 1)];
        for (int q = 0; q < codes.length; q++) {
            codes[q] = site(q).siteKind().code();
        }
        return codes;
    }

    /** @return whether every activation is the identity (a linear network). */
    public boolean linear() {
        return pre == Nonlinearity.IDENTITY && mid == Nonlinearity.IDENTITY && post == Nonlinearity.IDENTITY;
    }
}
