/*
 * shortcut-hessian native kernels: the work BLAS has no routine for.
 *
 * All matrices are column-major with a leading dimension; all sizes are int64_t.
 * The kernels do not check their arguments: the Java facade validates them once.
 */
#ifndef SHKERNELS_H
#define SHKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Name of the instruction set the dispatching kernels run on here: "avx512" or "avx2" or "generic". */
const char *sh_kernels_isa(void);

/** Version of the kernel library, "MAJOR.MINOR.PATCH". */
const char *sh_kernels_version(void);

/**
 * Index of the first element of a[0..n) that is NaN or infinite, or -1 if all are finite.
 * a is not modified.
 */
int64_t sh_first_nonfinite(const double *a, int64_t n);

/**
 * Symmetry check of the n×n column-major matrix a (leading dimension lda):
 *   out[0] = max over i, j of |a[i,j] − a[j,i]|,
 *   out[1] = max over i, j of |a[i,j]|,
 *   idx[0], idx[1] = a pair (i, j), i > j, where the maximum asymmetry is attained (0, 0 if none).
 * a is not modified. Blocked over 64×64 tiles so that both triangles stream through cache.
 */
void sh_symmetry_check(const double *a, int64_t n, int64_t lda, double *out, int64_t *idx);

/**
 * Copies the lower triangle of the n×n column-major matrix a (leading dimension lda)
 * into its upper triangle: a[j,i] = a[i,j] for i > j. a is modified.
 */
void sh_symmetrize_from_lower(double *a, int64_t n, int64_t lda);


/* ------------------------------------------------------------------------------------------------
 * General-path Hessian kernels. "Packed" per-sample data keep the sample index innermost: a vector
 * v of item q (a layer or an activation site), component c, sample j lives at v[(q·d + c)·mc + j];
 * a d×d matrix item at m[(q·d² + e)·mc + j] with e = row + d·col. Loops over j vectorize.
 * ------------------------------------------------------------------------------------------------ */

/**
 * Forward-over-reverse for one source layer s and a chunk of mc samples, with the d directions
 * e_r of a perturbation added to z_s (see GeneralHessian.java for the mathematics).
 *
 * Activation sites, for unit i: pre = i·(n+1), mid k = i·(n+1) + k (k = 1..n−1), post = i·(n+1) + n.
 *   d1[site]   = σ'(v) at the site's input v                  (packed vectors, sites × d × mc)
 *   d2[site]   = σ''(v) ⊙ λ(σ output)                         (packed vectors)
 *   kind[site] = 0 identity (d1, d2 unused), 1 piecewise linear (d2 unused), 2 curved
 * Outputs, for l = s..L−1 at slot l − s (packed d×d matrices):
 *   lam[l − s]  = Λ_l = ∂λ(z_l)/∂ε_s (element r' + d·r);
 *   adot[l − s] = Ȧ_l = ∂a_l/∂ε_s (element c' + d·r; slot 0 is not written).
 * Scratch: zdot (L − s slots), hdot (units + 1 slots), tmp (3 slots), each slot d²·mc doubles.
 * theta, d1, d2, kind are not modified.
 */
void sh_source_tangents(int64_t d, int64_t units, int64_t depth, int32_t shortcut, int64_t s, int64_t mc,
                        double inv_m, const double *theta, const double *d1, const double *d2,
                        const int32_t *kind, double *lam, double *adot, double *zdot, double *hdot,
                        double *tmp);

/**
 * The block (l, s) of the Hessian from one chunk, fused (no GEMM panels): for mc samples (mc a
 * multiple of 8; samples beyond the chunk must have a_s = 0),
 *   b[(r' + d·c') + d²·(r + d·c)] += Σ_j a_s[c]_j · ( Λ_l[r' + d·r]_j · a_l[c']_j + λz_l[r']_j · Ȧ_l[c' + d·r]_j )
 * which is exactly H[(l, c'·d + r'), (s, c·d + r)] (the term with Ȧ only when with_adot is non-zero).
 * as, al, lzl: packed vectors (d × mc); lam, adot: packed d×d matrices (d² × mc). b (d²×d²,
 * column-major) is accumulated into; the inputs are not modified.
 */
void sh_pair_block(int64_t d, int64_t mc, const double *as, const double *al, const double *lzl,
                   const double *lam, const double *adot, int32_t with_adot, double *b);

/**
 * Copies the d²×d² block b into h at block (l, s) and its mirror (block (s, l) = bᵀ): h is modified.
 */
void sh_store_block(double *h, int64_t ldh, int64_t d, int64_t l, int64_t s, const double *b);

/**
 * A moments-path block of a linear network's Hessian and its mirror (l ≤ lp):
 *   h[(l·d² + c·d + r), (lp·d² + c'·d + r')] = C[c + d·c']·R[r + d·r'] + F[r' + d·c]·Y[c' + d·r]
 * (the second term only when f and y are non-NULL), and h[(lp…), (l…)] the same values.
 * C, R, F, Y are d×d column-major and not modified; h (column-major, leading dimension ldh) is.
 * Both blocks are written column by column, contiguously.
 */
void sh_kron_block(double *h, int64_t ldh, int64_t d, int64_t l, int64_t lp, const double *c, const double *r,
                   const double *f, const double *y);

#ifdef __cplusplus
}
#endif

#endif
