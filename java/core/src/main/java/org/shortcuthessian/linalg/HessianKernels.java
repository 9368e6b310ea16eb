package org.shortcuthessian.linalg;

import org.shortcuthessian.linalg.passes.NetworkShape;

/**
 * The project's own Hessian kernels, in this package's types: the work of the exact Hessian that BLAS
 * has no routine for. Part of every {@link Backend} (native: the C kernels, AVX-512 or AVX2 chosen at
 * run time; pure Java: the same arithmetic in loops). Arguments are validated once by
 * {@link AbstractBackend}; the kernels check nothing.
 *
 * <p>"Packed" data keep the sample index innermost, for a chunk of {@code mc} samples (mc a multiple of 8):
 * vector item q (a layer or a site), component c, sample j at {@code (q·d + c)·mc + j}; d×d matrix
 * item q, element e = row + d·col, sample j at {@code (q·d² + e)·mc + j}.
 */
public interface HessianKernels {
    /** @return a new workspace of length doubles, uninitialized, in the storage these kernels read. */
    Workspace workspace(long length);

    /**
     * Forward-over-reverse for source layer s over one chunk of mc samples, with the d directions e_r of
     * a perturbation of z_s: for l = s … L−1 at slot l − s (packed d×d matrices),
     * {@code lam[l − s] = Λ_l = ∂λ(z_l)/∂ε_s} (element r' + d·r) and {@code adot[l − s] = Ȧ_l = ∂a_l/∂ε_s}
     * (element c' + d·r; slot 0 not written).
     *
     * @param g     the network's shape
     * @param s     the source layer, 0 ≤ s &lt; L
     * @param mc    samples in the chunk (a multiple of 8)
     * @param invM  1/m, m the data set's size
     * @param theta θ (R·n·d² doubles); not modified
     * @param d1    σ' at each site's input (packed vectors, sites × d × mc); not modified
     * @param d2    σ''(v) ⊙ λ(σ output) at each site (packed vectors); not modified
     * @param lam   output, L − s slots of d²·mc
     * @param adot  output, L − s slots of d²·mc
     * @param zdot  scratch, L − s slots; hdot scratch, units + 1 slots; tmp scratch, 3 slots
     */
    void sourceTangents(NetworkShape g, int s, int mc, double invM, Workspace theta, Workspace d1, Workspace d2,
                        Workspace lam, Workspace adot, Workspace zdot, Workspace hdot, Workspace tmp);

    /**
     * Adds one chunk's share of the block (l, s) of the Hessian to acc (d²×d², column-major, at accOffset):
     * {@code acc[(r' + d·c') + d²·(r + d·c)] += Σ_j a_s[c]_j · (Λ_l[r' + d·r]_j · a_l[c']_j + λz_l[r']_j · Ȧ_l[c' + d·r]_j)},
     * which is H[(l, c'·d + r'), (s, c·d + r)] (the Ȧ term only when withAdot). Samples beyond the chunk
     * must have a_s = 0.
     *
     * @param packedA   packed layer inputs; a_s at as, a_l at al
     * @param packedLz  packed output adjoints λ(z); λz_l at lz
     * @param lam       Λ_l (packed d×d matrices) at lamOffset
     * @param adot      Ȧ_l at adotOffset (read only when withAdot)
     * @param acc       accumulated into; the other workspaces are not modified
     */
    void pairBlock(int d, int mc, Workspace packedA, long as, long al, Workspace packedLz, long lz, Workspace lam,
                   long lamOffset, Workspace adot, long adotOffset, boolean withAdot, Workspace acc, long accOffset);

    /**
     * Copies the d²×d² block at accOffset of acc into h at block (l, s) and its transpose into block (s, l);
     * a diagonal block (l = s) is stored as (b + bᵀ)/2 so that h is exactly symmetric. h is modified.
     */
    void storeBlock(DenseMatrix h, int d, int l, int s, Workspace acc, long accOffset);

    /**
     * A moments-path block of a linear network's Hessian and its mirror (l ≤ lp):
     * {@code h[(l·d² + c·d + r), (lp·d² + c'·d + r')] = C[c + d·c']·R[r + d·r'] + F[r' + d·c]·Y[c' + d·r]}
     * (the second term only when f and y are non-null), and block (lp, l) the same values. c, r, f, y are
     * d×d column-major and not modified; h is.
     */
    void kronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f, double[] y);
}
