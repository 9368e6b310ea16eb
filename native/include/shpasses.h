/*
 * shortcut-hessian native passes: loss, gradient and Hessian-vector products of an n-shortcut network
 * over the samples of a data set, in C (no BLAS).
 *
 * The model (DESIGN.md): R units (`units`) of n matrices (`depth`) W[i,k], each d×d; activations
 * pre, mid, post (codes SH_ACT_IDENTITY, SH_ACT_RELU, SH_ACT_TANH; relu'(0) = 0, relu'' = 0):
 *   t = pre(h); t = W[i,0]·t; for k = 1..n−1: t = W[i,k]·mid(t); t = post(t); h ← h + t (shortcut) or h ← t.
 * f(x) = h after the last unit; L(θ) = 1/(2m)·Σ_j ‖f(x_j) − y_j‖², m = samples of the whole data set.
 * θ has N = R·n·d² entries; layer l = i·n + k is the column-major d×d matrix at θ + l·d²:
 * index(i, k, row, col) = ((i·n + k)·d + col)·d + row.
 * Inputs x and targets y are d×m column-major (sample j at [j·d, (j+1)·d)), the Java Dataset layout.
 *
 * DESIGN. Samples are processed in BLOCKS of B samples (B a multiple of 32, default 64). A block is packed
 * with the sample index innermost (component c of sample j of the block at [c·B + j]) and carried through
 * all layers while it sits in cache: the forward pass keeps each layer's input a_l (L·d·B doubles), the
 * backward pass runs from them; an HVP also keeps λ(z_l) and the tangents ȧ_l. The d×d products are
 * register tiles (broadcast W[r,c], FMA with vectors of samples; up to 6 rows × 32 samples) with relu,
 * relu' masks and the shortcut addition fused into their epilogue. The sums over samples (gradient, H·v)
 * are register tiles of sample vectors reduced 8 rows at a time (d < 12), or, from d = 12 on, tiles of
 * G's columns on a transposed adjoint (no horizontal sums). Two instruction-set variants are built from
 * one source, AVX-512 (x86-64-v4) and the AVX2+FMA baseline; the plan picks one at creation
 * (sh_passes_isa). Needs GCC ≥ 12 or clang (__builtin_shufflevector).
 *
 * CHUNKS AND DETERMINISM (the contract). The samples of the data set are cut into CHUNKS of C samples
 * (C a multiple of B, fixed at plan creation, independent of threads): chunk q is samples
 * [q·C, min((q+1)·C, m)), q = 0 .. sh_passes_chunks() − 1. A kernel call takes a sample range
 * [from, to) that must start and end on chunk boundaries (from % C == 0; to % C == 0 or to == m) and
 * computes, for each chunk q of the range, that chunk's PARTIAL (its samples' contribution to L, ∇L
 * or H·v). A chunk's partial is accumulated block by block in sample order with a fixed summation
 * order: its bits depend only on θ, v, the data, B, C, the instruction-set variant and the sum kernel
 * (chosen by d) — never on the range, the slot, the thread or the other chunks of the call. Partials are
 * returned in one of two modes:
 *   accumulate == 0: the partial of the t-th chunk of the range (t = q − from/C) is WRITTEN to
 *                    out + t·(chunk stride) (see each function);
 *   accumulate != 0: the partials are ADDED into out in chunk order, out[e] = out[e] + partial_q[e],
 *                    q = from/C, from/C + 1, ... (the caller initializes out, normally to zeros).
 * sh_passes_reduce() sums partials in chunk order starting from +0.0, which is the same arithmetic as
 * accumulate mode starting from zeros. Hence: split the chunks into consecutive ranges over any number of
 * threads (accumulate == 0, one slot per thread), then sh_passes_reduce() the partials in chunk order
 * (reduce may itself be split over threads by element ranges): the result is bit-identical to one
 * single-threaded accumulate-mode call over [0, m), for every thread count and split.
 *
 * THREADS. The plan is immutable after creation and holds `slots` workspaces. Calls that run at the
 * same time must use different slots (0 ≤ slot < slots); no kernel starts threads or allocates memory.
 * The kernels do not check their arguments: the Java facade validates them once.
 */
#ifndef SHPASSES_H
#define SHPASSES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Activation codes. */
#define SH_ACT_IDENTITY 0
#define SH_ACT_RELU 1
#define SH_ACT_TANH 2

/** A plan: the network's shape, m, block and chunk sizes, and one workspace per slot. */
typedef struct sh_passes sh_passes;

/**
 * Creates a plan for a network (d, units, depth, shortcut ≠ 0, activation codes pre/mid/post) and a data
 * set of m samples.
 *   block: samples per block B, a multiple of 32; 0 picks the default, 64 (sh_passes_block tells).
 *   chunk: samples per chunk C, a multiple of B; 0 picks 512 rounded up to a multiple of B. Choose it from
 *          m and N only (never from the thread count), or results will depend on the thread count.
 *   slots: number of workspaces (concurrent calls), at least 1.
 *   kmax:  the largest k of an accumulate-mode sh_passes_hvp_block call (each slot keeps an N×kmax
 *          scratch for a chunk's partial; accumulate mode of the other kernels needs kmax ≥ 1).
 * Environment (for tests): SH_PASSES_ISA=avx2 forces the AVX2 variant; SH_PASSES_SUMS=hsum|transposed
 * forces one kernel for the sums over samples (results differ in rounding only).
 * Returns NULL if a size is invalid (d, units, depth, m, slots < 1, kmax < 0, an activation code out of
 * range, block or chunk not a valid multiple) or memory cannot be had. All memory is allocated here.
 */
sh_passes *sh_passes_create(int64_t d, int64_t units, int64_t depth, int32_t shortcut, int32_t pre, int32_t mid,
                            int32_t post, int64_t m, int64_t block, int64_t chunk, int64_t slots, int64_t kmax);

/** Frees the plan and its workspaces (NULL is fine). */
void sh_passes_free(sh_passes *p);

/** Bytes of workspace the plan holds (all slots). */
int64_t sh_passes_workspace_bytes(const sh_passes *p);

/** The block size B, the chunk size C, the number of chunks ⌈m/C⌉ and N = R·n·d² of the plan. */
int64_t sh_passes_block(const sh_passes *p);
int64_t sh_passes_chunk(const sh_passes *p);
int64_t sh_passes_chunks(const sh_passes *p);
int64_t sh_passes_parameters(const sh_passes *p);

/** The instruction-set variant the plan runs: "avx512", or the baseline build: "avx2" (x86-64), "generic". */
const char *sh_passes_isa(const sh_passes *p);

/**
 * f = network outputs for samples [from, to) (any range, no chunk alignment needed):
 * f[j·d + c] = f(x_j)[c] for from ≤ j < to (f has the layout of x; only those entries are written).
 * theta (N) and x (d×m) are not modified; f is.
 */
void sh_passes_forward(const sh_passes *p, int64_t slot, const double *theta, const double *x, int64_t from,
                       int64_t to, double *f);

/**
 * Loss partials: for chunk q of [from, to) (chunk-aligned), partial_q = 1/(2m)·Σ_{j ∈ chunk q} ‖f(x_j) − y_j‖².
 * accumulate == 0: loss[t] = partial of the t-th chunk of the range; otherwise loss[0] += partial_q in
 * chunk order. L(θ) = sum of all chunks' partials in chunk order (sh_passes_reduce with n = 1).
 * theta, x, y are not modified; loss is.
 */
void sh_passes_loss(const sh_passes *p, int64_t slot, const double *theta, const double *x, const double *y,
                    int64_t from, int64_t to, double *loss, int32_t accumulate);

/**
 * Loss and gradient partials for chunks of [from, to) (chunk-aligned), one forward and one backward pass:
 *   loss partial as in sh_passes_loss (into loss[t] or added to loss[0]);
 *   gradient partial g_q = ∂/∂θ of 1/(2m)·Σ_{j ∈ chunk q} ‖f(x_j) − y_j‖², i.e.
 *     g_q[l·d² + c·d + r] = Σ_{j ∈ q} λ(z_l)_j[r]·a_{l,j}[c]   (λ(z_l) = ∂L/∂z_l with the 1/m scale),
 *   written to grad + t·ldg (entries 0..N−1; ldg ≥ N) when accumulate == 0, or added to grad[0..N) in
 *   chunk order otherwise. ∇L = chunk-ordered sum of all partials.
 * theta, x, y are not modified; loss and grad are.
 */
void sh_passes_loss_gradient(const sh_passes *p, int64_t slot, const double *theta, const double *x,
                             const double *y, int64_t from, int64_t to, double *loss, double *grad, int64_t ldg,
                             int32_t accumulate);

/**
 * Hessian-vector product partials, forward-over-reverse (exact, including the σ'' terms of tanh):
 * per block a primal forward pass (a_l), a primal backward pass (λ(z_l) and σ''⊙λ at curved sites), then
 * the tangent forward pass along V (ż_l = W_l·ȧ_l + V_l·a_l) and the tangent reverse pass
 * (λ̇(a_l) = W_lᵀ·λ̇(z_l) + V_lᵀ·λ(z_l), λ̇(σ input) = σ'⊙λ̇(σ output) + σ''⊙λ(σ output)⊙(tangent of σ input)),
 * with (H·v)_l partial = Σ_{j ∈ chunk} λ̇(z_l)_j·a_{l,j}ᵀ + λ(z_l)_j·ȧ_{l,j}ᵀ. Summed over all chunks it is
 * H(θ)·v exactly (up to rounding), H the Hessian of L.
 * v (N) is not modified. accumulate == 0: the t-th chunk's partial is written to hv + t·ldh (ldh ≥ N);
 * otherwise partials are added to hv[0..N) in chunk order (needs kmax ≥ 1). theta, x, y, v are not modified.
 */
void sh_passes_hvp(const sh_passes *p, int64_t slot, const double *theta, const double *x, const double *y,
                   const double *v, int64_t from, int64_t to, double *hv, int64_t ldh, int32_t accumulate);

/**
 * H·V for k directions at once: V is N×k column-major (direction t at v + t·ldv, ldv ≥ N). The primal
 * forward and backward passes of a block are shared by all k directions; each direction then costs its
 * tangent passes only. Column t of a chunk's partial equals sh_passes_hvp's partial for direction t
 * (bit for bit). Output: accumulate == 0: direction t of the s-th chunk of the range at
 * hv + (s·k + t)·ldh (ldh ≥ N; a chunk's partial is an N×k matrix with leading dimension ldh);
 * accumulate != 0: added to hv + t·ldh in chunk order (needs k ≤ kmax).
 * theta, x, y, v are not modified; hv is.
 */
void sh_passes_hvp_block(const sh_passes *p, int64_t slot, const double *theta, const double *x,
                         const double *y, int64_t k, const double *v, int64_t ldv, int64_t from, int64_t to,
                         double *hv, int64_t ldh, int32_t accumulate);

/**
 * Chunk-ordered sum of partials: out[e] = (((+0.0 + p_0[e]) + p_1[e]) + ...) + p_{count−1}[e] for
 * 0 ≤ e < n, where p_s = parts + s·ld. Elements are independent: threads may reduce disjoint element
 * ranges (offset parts and out by the same e0). parts is not modified; out is (it may not alias parts).
 */
void sh_passes_reduce(int64_t count, int64_t n, const double *parts, int64_t ld, double *out);

#ifdef __cplusplus
}
#endif

#endif
