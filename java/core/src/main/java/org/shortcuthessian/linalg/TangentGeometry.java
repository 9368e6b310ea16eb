package org.shortcuthessian.linalg;

import java.util.List;

/**
 * The shape of a network as the Hessian kernels see it, in linear-algebra terms: d×d matrices
 * W[i,k] (i &lt; units, k &lt; depth, layer l = i·depth + k, at offset l·d² of θ), activation sites
 * q = i·(depth + 1) + k (k = 0 pre, 1 … depth − 1 mid, depth post) of the given kinds, and whether
 * each unit adds its input back (the shortcut).
 *
 * @param dim      d ≥ 1
 * @param units    R ≥ 1
 * @param depth    n ≥ 1 (matrices per unit)
 * @param shortcut h ← h + unit(h) when true, h ← unit(h) otherwise
 * @param sites    units·(depth + 1) site kinds
 */
public record TangentGeometry(int dim, int units, int depth, boolean shortcut, List<SiteKind> sites) {
    public TangentGeometry {
        if (dim < 1 || units < 1 || depth < 1) {
            throw new IllegalArgumentException("TangentGeometry: dim " + dim + ", units " + units + ", depth " + depth
                    + " (each must be at least 1)");
        }
        sites = List.copyOf(sites);
        if (sites.size() != units * (depth + 1)) {
            throw new IllegalArgumentException("TangentGeometry: " + sites.size() + " site kinds, expected units·(depth + 1) = "
                    + units * (depth + 1));
        }
    }

    /** @return R·n, the number of d×d matrices. */
    public int layers() {
        return units * depth;
    }

    /** @return the kinds' C codes, in site order. */
    public int[] siteCodes() {
        return sites.stream().mapToInt(SiteKind::code).toArray();
    }
}
