/* The arithmetic of the native passes (shpasses.h), written once and compiled twice: passes_v4.c
 * (AVX-512, x86-64-v4) and passes_v3.c (the AVX2+FMA baseline). The includer defines
 *   SH_VL      lanes of a vector (8 or 4), SH_VEC the GCC vector type of SH_VL doubles,
 *   SH_MRA     rows of a panel-product tile (W broadcast × SH_NVA vectors of samples),
 *   SH_NVA     sample vectors of a panel-product tile (B is a multiple of SH_NVA·SH_VL),
 *   SH_MRG, SH_MCG  rows × columns of a sum-over-samples tile (gradient and H·v) with horizontal sums,
 *   SH_MCR     columns of a sum-over-samples tile of SH_VL rows reduced together,
 *   SH_MRT, SH_MCT  row vectors × columns of a sum-over-samples tile on transposed adjoints,
 *   SH_RUN     the name of the chunk driver.
 * Every output element is computed by the same sequence of operations whatever the tile it falls in,
 * so results do not depend on tile shapes, k or the range (shpasses.h, "chunks and determinism"). */
#include <math.h>
#include <string.h>
#include "passes_internal.h"

typedef SH_VEC vec;

#define AI static inline __attribute__((always_inline))
#define SH_CAP(n, max) ((n) < (max) ? (n) : (max)) /* switch cases above a tile's maximum are unreachable */

AI vec vld(const double *p) {
    vec v;
    memcpy(&v, p, sizeof(v));
    return v;
}

AI void vst(double *p, vec v) { memcpy(p, &v, sizeof(v)); }

AI vec vbc(double s) {
#if SH_VL == 8
    return (vec){s, s, s, s, s, s, s, s};
#else
    return (vec){s, s, s, s};
#endif
}

/* loads / stores of the first n lanes (1 ≤ n ≤ SH_VL); the other lanes read as 0 and are not written */
#if SH_VL == 8 && defined(__AVX512F__)
#include <immintrin.h>
AI vec vld_n(const double *p, int n) { return (vec)_mm512_maskz_loadu_pd((__mmask8)((1u << n) - 1), p); }
AI void vst_n(double *p, vec v, int n) { _mm512_mask_storeu_pd(p, (__mmask8)((1u << n) - 1), (__m512d)v); }
#elif SH_VL == 4 && defined(__AVX2__)
#include <immintrin.h>
AI __m256i lanes_below(int n) { return _mm256_cmpgt_epi64(_mm256_set1_epi64x(n), _mm256_set_epi64x(3, 2, 1, 0)); }
AI vec vld_n(const double *p, int n) { return (vec)_mm256_maskload_pd(p, lanes_below(n)); }
AI void vst_n(double *p, vec v, int n) { _mm256_maskstore_pd(p, lanes_below(n), (__m256d)v); }
#else
AI vec vld_n(const double *p, int n) {
    vec v = vbc(0.0);
    for (int i = 0; i < n; i++) {
        v[i] = p[i];
    }
    return v;
}
AI void vst_n(double *p, vec v, int n) {
    for (int i = 0; i < n; i++) {
        p[i] = v[i];
    }
}
#endif

typedef double sh_v2 __attribute__((vector_size(16)));
typedef double sh_v4 __attribute__((vector_size(32)));

AI double hsum(vec a) {
#if SH_VL == 8
    sh_v4 h = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
#else
    sh_v4 h = a;
#endif
    sh_v2 q = __builtin_shufflevector(h, h, 0, 1) + __builtin_shufflevector(h, h, 2, 3);
    return q[0] + q[1];
}

/* ------------------------------------------------------------------------------------------------
 * Panel product: out[i·os + j] = Σ_c A[i,c]·x[c·xs + j] (+ Σ_c A2[i,c]·x2[c·xs + j]) for the mr rows
 * of a tile and j < SH_NVA·SH_VL, where A[i,c] = a[i + c·d] (trans = 0: W, column-major) or
 * a[c + i·d] (trans = 1: Wᵀ). The first sum runs over c in order, then the second. The epilogue ep
 * stores s (the sum) as: SH_EP_STORE s; SH_EP_RELU max(s, 0) (relu(s)); SH_EP_MASK aux > 0 ? s : 0
 * (relu'(input)·s, aux the relu's output panel); SH_EP_ADD s + aux. out may be aux, never x or x2.
 * ------------------------------------------------------------------------------------------------ */
enum { SH_EP_STORE, SH_EP_RELU, SH_EP_MASK, SH_EP_ADD };
typedef long long sh_vmask __attribute__((vector_size(sizeof(vec))));

AI void ptile(const int mr, const int trans, const int two, int64_t d, const double *a, const double *x,
              const double *a2, const double *x2, int64_t xs, double *out, int64_t os, int ep, const double *aux) {
    vec acc[SH_MRA][SH_NVA];
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
        for (int v = 0; v < SH_NVA; v++) {
            acc[i][v] = vbc(0.0);
        }
    }
    for (int t = 0; t < 1 + two; t++) {
        const double *at = t ? a2 : a;
        const double *xt = t ? x2 : x;
        for (int64_t c = 0; c < d; c++) {
            vec xv[SH_NVA];
#pragma GCC unroll 16
            for (int v = 0; v < SH_NVA; v++) {
                xv[v] = vld(xt + c * xs + v * SH_VL);
            }
#pragma GCC unroll 16
            for (int i = 0; i < mr; i++) {
                vec b = vbc(trans ? at[c + i * d] : at[i + c * d]);
#pragma GCC unroll 16
                for (int v = 0; v < SH_NVA; v++) {
                    acc[i][v] += b * xv[v];
                }
            }
        }
    }
    const vec zero = vbc(0.0);
    if (ep == SH_EP_STORE) {
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
            for (int v = 0; v < SH_NVA; v++) {
                vst(out + i * os + v * SH_VL, acc[i][v]);
            }
        }
    } else if (ep == SH_EP_RELU) {
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
            for (int v = 0; v < SH_NVA; v++) {
                vst(out + i * os + v * SH_VL, (vec)((sh_vmask)acc[i][v] & (acc[i][v] > zero)));
            }
        }
    } else if (ep == SH_EP_MASK) {
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
            for (int v = 0; v < SH_NVA; v++) {
                vst(out + i * os + v * SH_VL, (vec)((sh_vmask)acc[i][v] & (vld(aux + i * os + v * SH_VL) > zero)));
            }
        }
    } else {
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
            for (int v = 0; v < SH_NVA; v++) {
                vst(out + i * os + v * SH_VL, acc[i][v] + vld(aux + i * os + v * SH_VL));
            }
        }
    }
}

#define SH_PT(MR, T, TWO)                                                                                   \
    ptile(MR, T, TWO, d, T ? a + r0 * d : a + r0, x + j0, T ? a2 + r0 * d : a2 + r0, x2 + j0, B,            \
          out + r0 * B + j0, B, ep, aux + r0 * B + j0)

#define SH_PT_SWITCH(T, TWO)                                                                                \
    switch (mr) {                                                                                           \
    case 1: SH_PT(SH_CAP(1, SH_MRA), T, TWO); break;                                                        \
    case 2: SH_PT(SH_CAP(2, SH_MRA), T, TWO); break;                                                        \
    case 3: SH_PT(SH_CAP(3, SH_MRA), T, TWO); break;                                                        \
    case 4: SH_PT(SH_CAP(4, SH_MRA), T, TWO); break;                                                        \
    case 5: SH_PT(SH_CAP(5, SH_MRA), T, TWO); break;                                                        \
    default: SH_PT(SH_MRA, T, TWO); break;                                                                  \
    }

/* out (d×B panel) = ep(A·x (+ A2·x2)), A = W or Wᵀ of a d×d column-major matrix; x, x2, aux panels.
 * a2, x2 are ignored unless two, aux unless ep is SH_EP_MASK or SH_EP_ADD. The rows are cut into equal
 * tiles of at most SH_MRA. */
static void pmul(int trans, int two, int64_t d, int64_t B, const double *a, const double *x, const double *a2,
                 const double *x2, double *out, int ep, const double *aux) {
    if (!aux) {
        aux = out; /* unused; keeps the tile pointers valid */
    }
    const int64_t tiles = (d + SH_MRA - 1) / SH_MRA;
    const int64_t base = d / tiles, extra = d % tiles;
    for (int64_t j0 = 0; j0 < B; j0 += SH_NVA * SH_VL) {
        int64_t r0 = 0;
        for (int64_t t = 0; t < tiles; t++) {
            const int mr = (int)(base + (t < extra));
            if (!trans && !two) {
                SH_PT_SWITCH(0, 0)
            } else if (!trans && two) {
                SH_PT_SWITCH(0, 1)
            } else if (trans && !two) {
                SH_PT_SWITCH(1, 0)
            } else {
                SH_PT_SWITCH(1, 1)
            }
            r0 += mr;
        }
    }
}

/* ------------------------------------------------------------------------------------------------
 * Sums over the block's samples: g[i + q·d] += Σ_j u[i·B + j]·x[q·B + j] (+ u2[i·B + j]·x2[q·B + j])
 * for a tile of mr rows × mc columns; per element one vector accumulator over the sample vectors in
 * order (u·x then u2·x2 at each), then hsum.
 * ------------------------------------------------------------------------------------------------ */
AI void gtile(const int mr, const int mc, const int two, int64_t d, int64_t B, const double *u, const double *x,
              const double *u2, const double *x2, double *g) {
    vec acc[SH_MRG][SH_MCG];
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
        for (int q = 0; q < mc; q++) {
            acc[i][q] = vbc(0.0);
        }
    }
    for (int64_t j = 0; j < B; j += SH_VL) {
        vec uv[SH_MRG], xv[SH_MCG];
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
            uv[i] = vld(u + i * B + j);
        }
#pragma GCC unroll 16
        for (int q = 0; q < mc; q++) {
            xv[q] = vld(x + q * B + j);
        }
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
            for (int q = 0; q < mc; q++) {
                acc[i][q] += uv[i] * xv[q];
            }
        }
        if (two) {
#pragma GCC unroll 16
            for (int i = 0; i < mr; i++) {
                uv[i] = vld(u2 + i * B + j);
            }
#pragma GCC unroll 16
            for (int q = 0; q < mc; q++) {
                xv[q] = vld(x2 + q * B + j);
            }
#pragma GCC unroll 16
            for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
                for (int q = 0; q < mc; q++) {
                    acc[i][q] += uv[i] * xv[q];
                }
            }
        }
    }
#pragma GCC unroll 16
    for (int q = 0; q < mc; q++) {
#pragma GCC unroll 16
        for (int i = 0; i < mr; i++) {
            g[i + q * d] += hsum(acc[i][q]);
        }
    }
}

#define SH_GT(MR, MC, TWO)                                                                                  \
    gtile(MR, MC, TWO, d, B, u + r0 * B, x + c0 * B, two ? u2 + r0 * B : u2, two ? x2 + c0 * B : x2,        \
          g + r0 + c0 * d)

#define SH_GT_ROW(MR, TWO)                                                                                  \
    switch (mc) {                                                                                           \
    case 1: SH_GT(MR, SH_CAP(1, SH_MCG), TWO); break;                                                       \
    case 2: SH_GT(MR, SH_CAP(2, SH_MCG), TWO); break;                                                       \
    case 3: SH_GT(MR, SH_CAP(3, SH_MCG), TWO); break;                                                       \
    default: SH_GT(MR, SH_MCG, TWO); break;                                                                 \
    }

#define SH_GT_SWITCH(TWO)                                                                                   \
    switch (mr) {                                                                                           \
    case 1: SH_GT_ROW(SH_CAP(1, SH_MRG), TWO); break;                                                       \
    case 2: SH_GT_ROW(SH_CAP(2, SH_MRG), TWO); break;                                                       \
    case 3: SH_GT_ROW(SH_CAP(3, SH_MRG), TWO); break;                                                       \
    default: SH_GT_ROW(SH_MRG, TWO); break;                                                                 \
    }

/* The sums of SH_VL accumulators in one vector: lane i = Σ x_i (a transpose-and-add tree). */
AI vec reduce_lanes(const vec *x) {
#if SH_VL == 8
    /* pairs (x0, x4), (x2, x6), (x1, x5), (x3, x7) so that the tree ends in natural order */
#define SH_FOLD4(p, q) (__builtin_shufflevector(p, q, 0, 1, 2, 3, 8, 9, 10, 11) + __builtin_shufflevector(p, q, 4, 5, 6, 7, 12, 13, 14, 15))
#define SH_FOLD2(p, q) (__builtin_shufflevector(p, q, 0, 1, 8, 9, 4, 5, 12, 13) + __builtin_shufflevector(p, q, 2, 3, 10, 11, 6, 7, 14, 15))
#define SH_FOLD1(p, q) (__builtin_shufflevector(p, q, 0, 8, 2, 10, 4, 12, 6, 14) + __builtin_shufflevector(p, q, 1, 9, 3, 11, 5, 13, 7, 15))
    const vec tab = SH_FOLD4(x[0], x[4]), tcd = SH_FOLD4(x[2], x[6]), tef = SH_FOLD4(x[1], x[5]), tgh = SH_FOLD4(x[3], x[7]);
    return SH_FOLD1(SH_FOLD2(tab, tcd), SH_FOLD2(tef, tgh));
#else
    vec tab = __builtin_shufflevector(x[0], x[1], 0, 1, 4, 5) + __builtin_shufflevector(x[0], x[1], 2, 3, 6, 7);
    vec tcd = __builtin_shufflevector(x[2], x[3], 0, 1, 4, 5) + __builtin_shufflevector(x[2], x[3], 2, 3, 6, 7);
    return __builtin_shufflevector(tab, tcd, 0, 2, 4, 6) + __builtin_shufflevector(tab, tcd, 1, 3, 5, 7);
#endif
}

/* As gtile for SH_VL rows × mc columns, the SH_VL sums of a column reduced together into one vector
 * (added to SH_VL consecutive entries of g). */
AI void gtile_rows(const int mc, const int two, int64_t d, int64_t B, const double *u, const double *x,
                   const double *u2, const double *x2, double *g) {
    vec acc[SH_MCR][SH_VL];
#pragma GCC unroll 16
    for (int q = 0; q < mc; q++) {
#pragma GCC unroll 16
        for (int i = 0; i < SH_VL; i++) {
            acc[q][i] = vbc(0.0);
        }
    }
    for (int64_t j = 0; j < B; j += SH_VL) {
        for (int t = 0; t < 1 + two; t++) {
            const double *ut = t ? u2 : u, *xt = t ? x2 : x;
            vec xv[SH_MCR];
#pragma GCC unroll 16
            for (int q = 0; q < mc; q++) {
                xv[q] = vld(xt + q * B + j);
            }
#pragma GCC unroll 16
            for (int i = 0; i < SH_VL; i++) {
                vec uv = vld(ut + i * B + j);
#pragma GCC unroll 16
                for (int q = 0; q < mc; q++) {
                    acc[q][i] += uv * xv[q];
                }
            }
        }
    }
#pragma GCC unroll 16
    for (int q = 0; q < mc; q++) {
        vst(g + q * d, vld(g + q * d) + reduce_lanes(acc[q]));
    }
}

#define SH_GR(MC, TWO)                                                                                      \
    gtile_rows(MC, TWO, d, B, u + r0 * B, x + c0 * B, two ? u2 + r0 * B : u2, two ? x2 + c0 * B : x2, g + r0 + c0 * d)

/* g (d×d, column-major) += u·xᵀ (+ u2·x2ᵀ) summed over the block's samples; u, x, u2, x2 panels.
 * Rows in groups of SH_VL by gtile_rows, the leftover rows (d mod SH_VL) by gtile. */
static void gsum(int two, int64_t d, int64_t B, const double *u, const double *x, const double *u2,
                 const double *x2, double *g) {
    const int64_t full = d / SH_VL * SH_VL;
    if (full > 0) {
        const int64_t ct = (d + SH_MCR - 1) / SH_MCR, cb = d / ct, ce = d % ct;
        int64_t c0 = 0;
        for (int64_t tc = 0; tc < ct; tc++) {
            const int mc = (int)(cb + (tc < ce));
            for (int64_t r0 = 0; r0 < full; r0 += SH_VL) {
                switch (mc * 2 + (two != 0)) {
                case 2: SH_GR(1, 0); break;
                case 3: SH_GR(1, 1); break;
                case 4: SH_GR(SH_CAP(2, SH_MCR), 0); break;
                case 5: SH_GR(SH_CAP(2, SH_MCR), 1); break;
                case 6: SH_GR(SH_CAP(3, SH_MCR), 0); break;
                default: SH_GR(SH_CAP(3, SH_MCR), 1); break;
                }
            }
            c0 += mc;
        }
    }
    if (full == d) {
        return;
    }
    const int64_t rows = d - full;
    const int64_t rt = (rows + SH_MRG - 1) / SH_MRG, rb = rows / rt, re = rows % rt;
    const int64_t ct = (d + SH_MCG - 1) / SH_MCG, cb = d / ct, ce = d % ct;
    int64_t c0 = 0;
    for (int64_t tc = 0; tc < ct; tc++) {
        const int mc = (int)(cb + (tc < ce));
        int64_t r0 = full;
        for (int64_t tr = 0; tr < rt; tr++) {
            const int mr = (int)(rb + (tr < re));
            if (two) {
                SH_GT_SWITCH(1)
            } else {
                SH_GT_SWITCH(0)
            }
            r0 += mr;
        }
        c0 += mc;
    }
}

/* ------------------------------------------------------------------------------------------------
 * Sums over samples with a transposed adjoint (no horizontal sums): ut is B × dp, sample j's vector at
 * ut[j·dp ..] (rows ≥ d zero). g[r + c·d] += Σ_j ut[j·dp + r]·x[c·B + j] (+ ut2[j·dp + r]·x2[c·B + j]):
 * a tile of mrv row vectors × mc columns of g lives in registers, starting from g's values; per element
 * the products are added in sample order (u·x then u2·x2 at each j). The last row vector of a column
 * may be partial (nlast lanes): masked loads and stores.
 * ------------------------------------------------------------------------------------------------ */

/* ut[j·dp + r] = u[r·B + j], r < d, j < B (VL×VL blocks by shuffles, leftover rows one by one) */
static void transpose(int64_t d, int64_t B, int64_t dp, const double *u, double *ut) {
    int64_t r0 = 0;
    for (; r0 + SH_VL <= d; r0 += SH_VL) {
        for (int64_t j0 = 0; j0 < B; j0 += SH_VL) {
            const double *s = u + r0 * B + j0;
            double *t = ut + j0 * dp + r0;
#if SH_VL == 8
            vec r0v = vld(s), r1 = vld(s + B), r2 = vld(s + 2 * B), r3 = vld(s + 3 * B);
            vec r4 = vld(s + 4 * B), r5 = vld(s + 5 * B), r6 = vld(s + 6 * B), r7 = vld(s + 7 * B);
            vec a0 = __builtin_shufflevector(r0v, r1, 0, 8, 2, 10, 4, 12, 6, 14);
            vec a1 = __builtin_shufflevector(r0v, r1, 1, 9, 3, 11, 5, 13, 7, 15);
            vec a2 = __builtin_shufflevector(r2, r3, 0, 8, 2, 10, 4, 12, 6, 14);
            vec a3 = __builtin_shufflevector(r2, r3, 1, 9, 3, 11, 5, 13, 7, 15);
            vec a4 = __builtin_shufflevector(r4, r5, 0, 8, 2, 10, 4, 12, 6, 14);
            vec a5 = __builtin_shufflevector(r4, r5, 1, 9, 3, 11, 5, 13, 7, 15);
            vec a6 = __builtin_shufflevector(r6, r7, 0, 8, 2, 10, 4, 12, 6, 14);
            vec a7 = __builtin_shufflevector(r6, r7, 1, 9, 3, 11, 5, 13, 7, 15);
            vec b0 = __builtin_shufflevector(a0, a2, 0, 1, 8, 9, 4, 5, 12, 13);
            vec b1 = __builtin_shufflevector(a1, a3, 0, 1, 8, 9, 4, 5, 12, 13);
            vec b2 = __builtin_shufflevector(a0, a2, 2, 3, 10, 11, 6, 7, 14, 15);
            vec b3 = __builtin_shufflevector(a1, a3, 2, 3, 10, 11, 6, 7, 14, 15);
            vec b4 = __builtin_shufflevector(a4, a6, 0, 1, 8, 9, 4, 5, 12, 13);
            vec b5 = __builtin_shufflevector(a5, a7, 0, 1, 8, 9, 4, 5, 12, 13);
            vec b6 = __builtin_shufflevector(a4, a6, 2, 3, 10, 11, 6, 7, 14, 15);
            vec b7 = __builtin_shufflevector(a5, a7, 2, 3, 10, 11, 6, 7, 14, 15);
            vst(t, __builtin_shufflevector(b0, b4, 0, 1, 2, 3, 8, 9, 10, 11));
            vst(t + dp, __builtin_shufflevector(b1, b5, 0, 1, 2, 3, 8, 9, 10, 11));
            vst(t + 2 * dp, __builtin_shufflevector(b2, b6, 0, 1, 2, 3, 8, 9, 10, 11));
            vst(t + 3 * dp, __builtin_shufflevector(b3, b7, 0, 1, 2, 3, 8, 9, 10, 11));
            vst(t + 4 * dp, __builtin_shufflevector(b0, b4, 4, 5, 6, 7, 12, 13, 14, 15));
            vst(t + 5 * dp, __builtin_shufflevector(b1, b5, 4, 5, 6, 7, 12, 13, 14, 15));
            vst(t + 6 * dp, __builtin_shufflevector(b2, b6, 4, 5, 6, 7, 12, 13, 14, 15));
            vst(t + 7 * dp, __builtin_shufflevector(b3, b7, 4, 5, 6, 7, 12, 13, 14, 15));
#else
            vec r0v = vld(s), r1 = vld(s + B), r2 = vld(s + 2 * B), r3 = vld(s + 3 * B);
            vec a0 = __builtin_shufflevector(r0v, r1, 0, 4, 2, 6);
            vec a1 = __builtin_shufflevector(r0v, r1, 1, 5, 3, 7);
            vec a2 = __builtin_shufflevector(r2, r3, 0, 4, 2, 6);
            vec a3 = __builtin_shufflevector(r2, r3, 1, 5, 3, 7);
            vst(t, __builtin_shufflevector(a0, a2, 0, 1, 4, 5));
            vst(t + dp, __builtin_shufflevector(a1, a3, 0, 1, 4, 5));
            vst(t + 2 * dp, __builtin_shufflevector(a0, a2, 2, 3, 6, 7));
            vst(t + 3 * dp, __builtin_shufflevector(a1, a3, 2, 3, 6, 7));
#endif
        }
    }
    for (; r0 < d; r0++) {
        for (int64_t j = 0; j < B; j++) {
            ut[j * dp + r0] = u[r0 * B + j];
        }
    }
}

AI void gttile(const int mrv, const int mc, const int two, int64_t d, int64_t B, int64_t dp, int nlast,
               const double *ut, const double *x, const double *ut2, const double *x2, double *g) {
    vec acc[SH_MRT][SH_MCT];
#pragma GCC unroll 16
    for (int q = 0; q < mc; q++) {
#pragma GCC unroll 16
        for (int i = 0; i < mrv; i++) {
            acc[i][q] = i == mrv - 1 ? vld_n(g + q * d + i * SH_VL, nlast) : vld(g + q * d + i * SH_VL);
        }
    }
    for (int64_t j = 0; j < B; j++) {
        vec uv[SH_MRT];
#pragma GCC unroll 16
        for (int i = 0; i < mrv; i++) {
            uv[i] = vld(ut + j * dp + i * SH_VL);
        }
#pragma GCC unroll 16
        for (int q = 0; q < mc; q++) {
            vec b = vbc(x[q * B + j]);
#pragma GCC unroll 16
            for (int i = 0; i < mrv; i++) {
                acc[i][q] += uv[i] * b;
            }
        }
        if (two) {
#pragma GCC unroll 16
            for (int i = 0; i < mrv; i++) {
                uv[i] = vld(ut2 + j * dp + i * SH_VL);
            }
#pragma GCC unroll 16
            for (int q = 0; q < mc; q++) {
                vec b = vbc(x2[q * B + j]);
#pragma GCC unroll 16
                for (int i = 0; i < mrv; i++) {
                    acc[i][q] += uv[i] * b;
                }
            }
        }
    }
#pragma GCC unroll 16
    for (int q = 0; q < mc; q++) {
#pragma GCC unroll 16
        for (int i = 0; i < mrv; i++) {
            if (i == mrv - 1) {
                vst_n(g + q * d + i * SH_VL, acc[i][q], nlast);
            } else {
                vst(g + q * d + i * SH_VL, acc[i][q]);
            }
        }
    }
}

#define SH_TT(MRV, MC, TWO)                                                                                 \
    gttile(MRV, MC, TWO, d, B, dp, nl, ut + rv0 * SH_VL, x + c0 * B, two ? ut2 + rv0 * SH_VL : ut2,         \
           two ? x2 + c0 * B : x2, g + rv0 * SH_VL + c0 * d)

#define SH_TT_ROW(MRV, TWO)                                                                                 \
    switch (mc) {                                                                                           \
    case 1: SH_TT(MRV, SH_CAP(1, SH_MCT), TWO); break;                                                      \
    case 2: SH_TT(MRV, SH_CAP(2, SH_MCT), TWO); break;                                                      \
    case 3: SH_TT(MRV, SH_CAP(3, SH_MCT), TWO); break;                                                      \
    case 4: SH_TT(MRV, SH_CAP(4, SH_MCT), TWO); break;                                                      \
    case 5: SH_TT(MRV, SH_CAP(5, SH_MCT), TWO); break;                                                      \
    default: SH_TT(MRV, SH_MCT, TWO); break;                                                                \
    }

#define SH_TT_SWITCH(TWO)                                                                                   \
    switch (mrv) {                                                                                          \
    case 1: SH_TT_ROW(SH_CAP(1, SH_MRT), TWO); break;                                                       \
    case 2: SH_TT_ROW(SH_CAP(2, SH_MRT), TWO); break;                                                       \
    case 3: SH_TT_ROW(SH_CAP(3, SH_MRT), TWO); break;                                                       \
    default: SH_TT_ROW(SH_MRT, TWO); break;                                                                 \
    }

/* g (d×d, column-major) += Σ_j ut_j ⊗ x_j (+ ut2_j ⊗ x2_j): ut, ut2 transposed panels, x, x2 panels. */
static void gsumt(int two, int64_t d, int64_t B, int64_t dp, const double *ut, const double *x, const double *ut2,
                  const double *x2, double *g) {
    const int64_t dv = (d + SH_VL - 1) / SH_VL;
    const int nlast_all = (int)(d - (dv - 1) * SH_VL);
    const int64_t rt = (dv + SH_MRT - 1) / SH_MRT, rb = dv / rt, re = dv % rt;
    const int64_t ct = (d + SH_MCT - 1) / SH_MCT, cb = d / ct, ce = d % ct;
    int64_t c0 = 0;
    for (int64_t tc = 0; tc < ct; tc++) {
        const int mc = (int)(cb + (tc < ce));
        int64_t rv0 = 0;
        for (int64_t tr = 0; tr < rt; tr++) {
            const int mrv = (int)(rb + (tr < re));
            const int nl = tr == rt - 1 ? nlast_all : SH_VL;
            if (two) {
                SH_TT_SWITCH(1)
            } else {
                SH_TT_SWITCH(0)
            }
            rv0 += mrv;
        }
        c0 += mc;
    }
}

/* ------------------------------------------------------------------------------------------------
 * Elementwise pieces, over n = d·B doubles. t is a σ OUTPUT: σ'(input) and σ''(input) are functions of
 * it (relu: t > 0 ⇔ input > 0; tanh: σ' = 1 − t², σ'' = −2t(1 − t²)).
 * ------------------------------------------------------------------------------------------------ */
static void act(int code, const double *src, double *dst, int64_t n) {
    if (code == SH_ACT_RELU) {
        for (int64_t e = 0; e < n; e++) {
            dst[e] = src[e] > 0 ? src[e] : 0.0;
        }
    } else if (code == SH_ACT_TANH) {
        for (int64_t e = 0; e < n; e++) {
            dst[e] = tanh(src[e]);
        }
    } else if (dst != src) {
        memcpy(dst, src, sizeof(double) * (size_t)n);
    }
}

/* dst = (σ'⊙g + e) + h (e, h optional: NULL). dst may be g, e or h: one pass, each element read first. */
#define SH_D1_LOOP(EXPR)                                                                                    \
    if (e && h) {                                                                                           \
        for (int64_t q = 0; q < n; q++) dst[q] = ((EXPR) + e[q]) + h[q];                                    \
    } else if (e) {                                                                                         \
        for (int64_t q = 0; q < n; q++) dst[q] = (EXPR) + e[q];                                             \
    } else if (h) {                                                                                         \
        for (int64_t q = 0; q < n; q++) dst[q] = (EXPR) + h[q];                                             \
    } else {                                                                                                \
        for (int64_t q = 0; q < n; q++) dst[q] = (EXPR);                                                    \
    }

static void d1mul(int code, const double *t, const double *g, const double *e, const double *h, double *dst,
                  int64_t n) {
    if (code == SH_ACT_RELU) {
        SH_D1_LOOP(t[q] > 0 ? g[q] : 0.0)
    } else if (code == SH_ACT_TANH) {
        SH_D1_LOOP((1.0 - t[q] * t[q]) * g[q])
    } else if (e || h || dst != g) {
        SH_D1_LOOP(g[q])
    }
}

/* dst = σ''⊙g for tanh (the only curved activation). */
static void d2mul(const double *t, const double *g, double *dst, int64_t n) {
    for (int64_t q = 0; q < n; q++) {
        dst[q] = (-2.0 * t[q] * (1.0 - t[q] * t[q])) * g[q];
    }
}

static void mulp(const double *a, const double *b, double *dst, int64_t n) {
    for (int64_t q = 0; q < n; q++) {
        dst[q] = a[q] * b[q];
    }
}

/* ------------------------------------------------------------------------------------------------
 * One block. Panels: a_l at w->a + l·P, o_i at w->o + i·P (P = d·B).
 * ------------------------------------------------------------------------------------------------ */

/* The epilogue of a product whose output goes through σ (forward: σ(s); backward: σ'(input)·s, from the
 * stored σ output): relu and identity fuse into the product, tanh needs a separate pass (-1). */
static int ep_forward(int code) {
    return code == SH_ACT_RELU ? SH_EP_RELU : code == SH_ACT_IDENTITY ? SH_EP_STORE : -1;
}
static int ep_backward(int code) {
    return code == SH_ACT_RELU ? SH_EP_MASK : code == SH_ACT_IDENTITY ? SH_EP_STORE : -1;
}

/* Primal forward pass from w->h (the packed inputs); leaves f in w->h. With pre = identity, the state
 * h_i (i ≥ 1) is written straight into a_{i·n}, the next unit's first input. */
static void forward_block(const sh_passes *p, sh_slot *w, const double *theta) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth, R = p->units;
    const int pre_id = p->pre == SH_ACT_IDENTITY, post_id = p->post == SH_ACT_IDENTITY;
    const int epm = ep_forward(p->mid);
    double *h = w->h;
    for (int64_t i = 0; i < R; i++) {
        const int64_t l0 = i * n;
        double *a0 = w->a + l0 * P;
        if (h != a0) {
            act(p->pre, h, a0, P);
        }
        for (int64_t k = 0; k < n; k++) {
            const int64_t l = l0 + k;
            const double *al = w->a + l * P, *wl = theta + l * dd;
            if (k + 1 < n) {
                double *an = w->a + (l + 1) * P;
                if (epm >= 0) {
                    pmul(0, 0, d, B, wl, al, NULL, NULL, an, epm, NULL);
                } else {
                    pmul(0, 0, d, B, wl, al, NULL, NULL, w->z, SH_EP_STORE, NULL);
                    act(p->mid, w->z, an, P);
                }
                continue;
            }
            double *dest = pre_id && i + 1 < R ? w->a + (l0 + n) * P : w->h;
            if (post_id) {
                pmul(0, 0, d, B, wl, al, NULL, NULL, dest, p->shortcut ? SH_EP_ADD : SH_EP_STORE, h);
            } else {
                double *o = w->o + i * P;
                pmul(0, 0, d, B, wl, al, NULL, NULL, w->z, SH_EP_STORE, NULL);
                act(p->post, w->z, o, P);
                if (p->shortcut) {
                    for (int64_t e = 0; e < P; e++) {
                        dest[e] = h[e] + o[e];
                    }
                } else {
                    memcpy(dest, o, sizeof(double) * (size_t)P);
                }
            }
            h = dest;
        }
    }
}

/* Residual r = (f − y)·mask into w->lh scaled by 1/m (λ(f)); returns Σ r² over the block. */
static double residual_block(const sh_passes *p, sh_slot *w) {
    const int64_t d = p->d, B = p->block;
    const double inv = 1.0 / (double)p->m;
    vec acc = vbc(0.0);
    for (int64_t c = 0; c < d; c++) {
        for (int64_t j = 0; j < B; j += SH_VL) {
            vec r = (vld(w->h + c * B + j) - vld(w->y + c * B + j)) * vld(w->mask + j);
            acc += r * r;
            vst(w->lh + c * B + j, r * vbc(inv));
        }
    }
    return hsum(acc);
}

/* g (the chunk's partial of layer l) += u·x_lᵀ (+ u2·x2ᵀ) over the block; u transposed first when the
 * plan sums on transposed adjoints (ut: where to put it; ut2: u2 already transposed). */
static void sums(const sh_passes *p, int two, const double *u, double *ut, const double *x, const double *u2,
                 const double *ut2, const double *x2, double *g) {
    if (p->gt) {
        transpose(p->d, p->block, p->dp, u, ut);
        gsumt(two, p->d, p->block, p->dp, ut, x, ut2, x2, g);
    } else {
        gsum(two, p->d, p->block, u, x, u2, x2, g);
    }
}

/* Primal backward pass from λ(f) in w->lh. g: g += λ(z_l)·a_lᵀ (g = the chunk's partial).
 * keep: λ(z_l) into w->lzs (and transposed into w->lzst) and σ''⊙λ(σ output) at curved sites into
 * d2pre/d2mid/d2post, for the tangent passes. */
static void backward_block(const sh_passes *p, sh_slot *w, const double *theta, double *g, int keep) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth, TP = B * p->dp;
    const int epm = ep_backward(p->mid), pre_id = p->pre == SH_ACT_IDENTITY;
    for (int64_t i = p->units - 1; i >= 0; i--) {
        const int64_t l0 = i * n, last = l0 + n - 1;
        double *lz = keep ? w->lzs + last * P : w->lz;
        const double *o = p->post != SH_ACT_IDENTITY ? w->o + i * P : NULL;
        d1mul(p->post, o, w->lh, NULL, NULL, lz, P);
        if (keep && p->post == SH_ACT_TANH) {
            d2mul(o, w->lh, w->d2post + i * P, P);
        }
        for (int64_t k = n - 1; k >= 0; k--) {
            const int64_t l = l0 + k;
            const double *al = w->a + l * P, *wl = theta + l * dd;
            if (g) {
                sums(p, 0, lz, w->lzt, al, NULL, NULL, NULL, g + l * dd);
            } else if (keep && p->gt) {
                transpose(d, B, p->dp, lz, w->lzst + l * TP);
            }
            if (l == 0) {
                break; /* λ(h_0) is not needed */
            }
            if (k > 0) {
                double *next = keep ? w->lzs + (l - 1) * P : lz == w->lz ? w->lz2 : w->lz;
                if (epm >= 0) {
                    pmul(1, 0, d, B, wl, lz, NULL, NULL, next, epm, al);
                } else {
                    pmul(1, 0, d, B, wl, lz, NULL, NULL, w->la, SH_EP_STORE, NULL);
                    d1mul(p->mid, al, w->la, NULL, NULL, next, P);
                    if (keep) {
                        d2mul(al, w->la, w->d2mid + l * P, P);
                    }
                }
                lz = next;
            } else if (i > 0) {
                if (pre_id) {
                    pmul(1, 0, d, B, wl, lz, NULL, NULL, w->lh, p->shortcut ? SH_EP_ADD : SH_EP_STORE, w->lh);
                } else {
                    const double *a0 = w->a + l0 * P;
                    pmul(1, 0, d, B, wl, lz, NULL, NULL, w->la, SH_EP_STORE, NULL);
                    if (keep && p->pre == SH_ACT_TANH) {
                        d2mul(a0, w->la, w->d2pre + i * P, P);
                    }
                    d1mul(p->pre, a0, w->la, NULL, p->shortcut ? w->lh : NULL, w->lh, P);
                }
            }
        }
    }
}

/* Tangent forward and reverse passes along v (N) for a block whose primal passes ran with keep;
 * hv (the chunk's partial for this direction) += the block's H·v. */
static void tangent_block(const sh_passes *p, sh_slot *w, const double *theta, const double *v, double *hv) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth, R = p->units, TP = B * p->dp;
    const int pre_id = p->pre == SH_ACT_IDENTITY, post_id = p->post == SH_ACT_IDENTITY;
    const int epm = ep_backward(p->mid);
    /* forward: ȧ_l into w->ad, ḣ in hd (with pre = identity: in ȧ of the next unit's first layer) */
    double *hd = w->hd;
    for (int64_t i = 0; i < R; i++) {
        const int64_t l0 = i * n;
        double *ad0 = w->ad + l0 * P;
        if (i > 0 && hd != ad0) {
            d1mul(p->pre, w->a + l0 * P, hd, NULL, NULL, ad0, P);
            if (p->pre == SH_ACT_TANH) {
                mulp(w->d2pre + i * P, hd, w->epre + i * P, P);
            }
        }
        for (int64_t k = 0; k < n; k++) {
            const int64_t l = l0 + k;
            const double *al = w->a + l * P, *wl = theta + l * dd, *vl = v + l * dd, *adl = w->ad + l * P;
            /* ż_l = W_l·ȧ_l + V_l·a_l (ȧ_0 = 0), through the epilogue of what follows */
            const int two = l > 0;
            const double *ta = two ? wl : vl, *tx = two ? adl : al;
            if (k + 1 < n) {
                double *adn = w->ad + (l + 1) * P;
                const double *an = w->a + (l + 1) * P;
                if (epm >= 0) {
                    pmul(0, two, d, B, ta, tx, vl, al, adn, epm, an);
                } else {
                    pmul(0, two, d, B, ta, tx, vl, al, w->zd, SH_EP_STORE, NULL);
                    mulp(w->d2mid + (l + 1) * P, w->zd, w->emid + (l + 1) * P, P);
                    d1mul(p->mid, an, w->zd, NULL, NULL, adn, P);
                }
                continue;
            }
            double *dest = pre_id && i + 1 < R ? w->ad + (l0 + n) * P : w->hd;
            const int add = p->shortcut && i > 0; /* ḣ_0 = 0 */
            if (post_id) {
                pmul(0, two, d, B, ta, tx, vl, al, dest, add ? SH_EP_ADD : SH_EP_STORE, hd);
            } else {
                pmul(0, two, d, B, ta, tx, vl, al, w->zd, SH_EP_STORE, NULL);
                if (p->post == SH_ACT_TANH) {
                    mulp(w->d2post + i * P, w->zd, w->epost + i * P, P);
                }
                d1mul(p->post, w->o + i * P, w->zd, NULL, add ? hd : NULL, dest, P);
            }
            hd = dest;
        }
    }
    /* reverse: λ̇(f) = ḟ/m */
    const double inv = 1.0 / (double)p->m;
    for (int64_t c = 0; c < d; c++) {
        for (int64_t j = 0; j < B; j += SH_VL) {
            vst(w->lhd + c * B + j, vld(w->hd + c * B + j) * vld(w->mask + j) * vbc(inv));
        }
    }
    for (int64_t i = R - 1; i >= 0; i--) {
        const int64_t l0 = i * n;
        const double *o = p->post != SH_ACT_IDENTITY ? w->o + i * P : NULL;
        double *lzd = w->lzd;
        d1mul(p->post, o, w->lhd, p->post == SH_ACT_TANH ? w->epost + i * P : NULL, NULL, lzd, P);
        for (int64_t k = n - 1; k >= 0; k--) {
            const int64_t l = l0 + k;
            const double *al = w->a + l * P, *lzl = w->lzs + l * P, *wl = theta + l * dd, *vl = v + l * dd;
            if (l == 0) {
                sums(p, 0, lzd, w->lzdt, al, NULL, NULL, NULL, hv);
                break;
            }
            sums(p, 1, lzd, w->lzdt, al, lzl, w->lzst + l * TP, w->ad + l * P, hv + l * dd);
            if (k > 0) {
                double *next = lzd == w->lzd ? w->lzd2 : w->lzd;
                if (epm >= 0) {
                    pmul(1, 1, d, B, wl, lzd, vl, lzl, next, epm, al);
                } else {
                    pmul(1, 1, d, B, wl, lzd, vl, lzl, w->lad, SH_EP_STORE, NULL);
                    d1mul(p->mid, al, w->lad, w->emid + l * P, NULL, next, P);
                }
                lzd = next;
            } else if (i > 0) {
                if (pre_id) {
                    pmul(1, 1, d, B, wl, lzd, vl, lzl, w->lhd, p->shortcut ? SH_EP_ADD : SH_EP_STORE, w->lhd);
                } else {
                    pmul(1, 1, d, B, wl, lzd, vl, lzl, w->lad, SH_EP_STORE, NULL);
                    d1mul(p->pre, w->a + l0 * P, w->lad, p->pre == SH_ACT_TANH ? w->epre + i * P : NULL,
                          p->shortcut ? w->lhd : NULL, w->lhd, P);
                }
            }
        }
    }
}

/* Packs samples [b0, b0 + nb) of x (and y) into w->h (w->y), zero-padded to B, and sets the mask. */
static void pack_block(const sh_passes *p, sh_slot *w, const double *x, const double *y, int64_t b0, int64_t nb) {
    const int64_t d = p->d, B = p->block;
    for (int64_t c = 0; c < d; c++) {
        double *hc = w->h + c * B;
        for (int64_t j = 0; j < nb; j++) {
            hc[j] = x[(b0 + j) * d + c];
        }
        for (int64_t j = nb; j < B; j++) {
            hc[j] = 0.0;
        }
        if (y) {
            double *yc = w->y + c * B;
            for (int64_t j = 0; j < nb; j++) {
                yc[j] = y[(b0 + j) * d + c];
            }
            for (int64_t j = nb; j < B; j++) {
                yc[j] = 0.0;
            }
        }
    }
    for (int64_t j = 0; j < B; j++) {
        w->mask[j] = j < nb ? 1.0 : 0.0;
    }
}

void SH_RUN(SH_RUN_ARGS) {
    sh_slot *w = &p->slot[slot];
    const int64_t d = p->d, B = p->block, C = p->chunk, N = p->n;
    if (mode == SH_MODE_FORWARD) {
        for (int64_t b0 = from; b0 < to; b0 += B) {
            const int64_t nb = to - b0 < B ? to - b0 : B;
            pack_block(p, w, x, NULL, b0, nb);
            forward_block(p, w, theta);
            for (int64_t c = 0; c < d; c++) {
                for (int64_t j = 0; j < nb; j++) {
                    f[(b0 + j) * d + c] = w->h[c * B + j];
                }
            }
        }
        return;
    }
    int64_t s = 0;
    for (int64_t c0 = from; c0 < to; c0 += C, s++) {
        const int64_t c1 = c0 + C < to ? c0 + C : to;
        double lsum = 0.0;
        double *part = NULL;
        int64_t ldp = 0;
        if (mode >= SH_MODE_GRAD) {
            part = accumulate ? w->scratch : out + s * k * ldo;
            ldp = accumulate ? N : ldo;
            for (int64_t t = 0; t < k; t++) {
                memset(part + t * ldp, 0, sizeof(double) * (size_t)N);
            }
        }
        for (int64_t b0 = c0; b0 < c1; b0 += B) {
            const int64_t nb = c1 - b0 < B ? c1 - b0 : B;
            pack_block(p, w, x, y, b0, nb);
            forward_block(p, w, theta);
            lsum += residual_block(p, w);
            if (mode == SH_MODE_GRAD) {
                backward_block(p, w, theta, part, 0);
            } else if (mode == SH_MODE_HVP) {
                backward_block(p, w, theta, NULL, 1);
                for (int64_t t = 0; t < k; t++) {
                    tangent_block(p, w, theta, v + t * ldv, part + t * ldp);
                }
            }
        }
        const double lpart = lsum / (2.0 * (double)p->m);
        if (accumulate) {
            if (loss) {
                loss[0] = loss[0] + lpart;
            }
            if (part) {
                for (int64_t t = 0; t < k; t++) {
                    double *dst = out + t * ldo;
                    const double *src = part + t * ldp;
                    for (int64_t e = 0; e < N; e++) {
                        dst[e] = dst[e] + src[e];
                    }
                }
            }
        } else if (loss) {
            loss[s] = lpart;
        }
    }
}
