/* The arithmetic of the native passes (shpasses.h), written once and compiled twice: passes_v4.c
 * (AVX-512, x86-64-v4) and passes_v3.c (the AVX2+FMA baseline). The includer defines
 *   SH_VL      lanes of a vector (8 or 4), SH_VEC the GCC vector type of SH_VL doubles,
 *   SH_MRA     rows of a panel-product tile (W broadcast × SH_NVA vectors of samples),
 *   SH_NVA     sample vectors of a panel-product tile (B is a multiple of SH_NVA·SH_VL),
 *   SH_MRG, SH_MCG  rows × columns of a sum-over-samples tile (gradient and H·v) with horizontal sums,
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
 * a[c + i·d] (trans = 1: Wᵀ). The first sum runs over c in order, then the second.
 * ------------------------------------------------------------------------------------------------ */
AI void ptile(const int mr, const int trans, const int two, int64_t d, const double *a, const double *x,
              const double *a2, const double *x2, int64_t xs, double *out, int64_t os) {
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
#pragma GCC unroll 16
    for (int i = 0; i < mr; i++) {
#pragma GCC unroll 16
        for (int v = 0; v < SH_NVA; v++) {
            vst(out + i * os + v * SH_VL, acc[i][v]);
        }
    }
}

#define SH_PT(MR, T, TWO)                                                                                   \
    ptile(MR, T, TWO, d, T ? a + r0 * d : a + r0, x + j0, T ? a2 + r0 * d : a2 + r0, x2 + j0, B,            \
          out + r0 * B + j0, B)

#define SH_PT_SWITCH(T, TWO)                                                                                \
    switch (mr) {                                                                                           \
    case 1: SH_PT(SH_CAP(1, SH_MRA), T, TWO); break;                                                                        \
    case 2: SH_PT(SH_CAP(2, SH_MRA), T, TWO); break;                                                                        \
    case 3: SH_PT(SH_CAP(3, SH_MRA), T, TWO); break;                                                                        \
    case 4: SH_PT(SH_CAP(4, SH_MRA), T, TWO); break;                                                                        \
    case 5: SH_PT(SH_CAP(5, SH_MRA), T, TWO); break;                                                                        \
    default: SH_PT(SH_MRA, T, TWO); break;                                                                  \
    }

/* out (d×B panel) = A·x (+ A2·x2), A = W or Wᵀ of a d×d column-major matrix; x, x2 panels.
 * a2, x2 are ignored unless two. The rows are cut into equal tiles of at most SH_MRA. */
static void pmul(int trans, int two, int64_t d, int64_t B, const double *a, const double *x, const double *a2,
                 const double *x2, double *out) {
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
    case 1: SH_GT(MR, SH_CAP(1, SH_MCG), TWO); break;                                                                       \
    case 2: SH_GT(MR, SH_CAP(2, SH_MCG), TWO); break;                                                                       \
    case 3: SH_GT(MR, SH_CAP(3, SH_MCG), TWO); break;                                                                       \
    default: SH_GT(MR, SH_MCG, TWO); break;                                                                 \
    }

#define SH_GT_SWITCH(TWO)                                                                                   \
    switch (mr) {                                                                                           \
    case 1: SH_GT_ROW(SH_CAP(1, SH_MRG), TWO); break;                                                                       \
    case 2: SH_GT_ROW(SH_CAP(2, SH_MRG), TWO); break;                                                                       \
    case 3: SH_GT_ROW(SH_CAP(3, SH_MRG), TWO); break;                                                                       \
    default: SH_GT_ROW(SH_MRG, TWO); break;                                                                 \
    }

/* g (d×d, column-major) += u·xᵀ (+ u2·x2ᵀ) summed over the block's samples; u, x, u2, x2 panels. */
static void gsum(int two, int64_t d, int64_t B, const double *u, const double *x, const double *u2,
                 const double *x2, double *g) {
    const int64_t rt = (d + SH_MRG - 1) / SH_MRG, rb = d / rt, re = d % rt;
    const int64_t ct = (d + SH_MCG - 1) / SH_MCG, cb = d / ct, ce = d % ct;
    int64_t c0 = 0;
    for (int64_t tc = 0; tc < ct; tc++) {
        const int mc = (int)(cb + (tc < ce));
        int64_t r0 = 0;
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
    case 1: SH_TT(MRV, SH_CAP(1, SH_MCT), TWO); break;                                                                      \
    case 2: SH_TT(MRV, SH_CAP(2, SH_MCT), TWO); break;                                                                      \
    case 3: SH_TT(MRV, SH_CAP(3, SH_MCT), TWO); break;                                                                      \
    case 4: SH_TT(MRV, SH_CAP(4, SH_MCT), TWO); break;                                                                      \
    case 5: SH_TT(MRV, SH_CAP(5, SH_MCT), TWO); break;                                                                      \
    default: SH_TT(MRV, SH_MCT, TWO); break;                                                                \
    }

#define SH_TT_SWITCH(TWO)                                                                                   \
    switch (mrv) {                                                                                          \
    case 1: SH_TT_ROW(SH_CAP(1, SH_MRT), TWO); break;                                                                       \
    case 2: SH_TT_ROW(SH_CAP(2, SH_MRT), TWO); break;                                                                       \
    case 3: SH_TT_ROW(SH_CAP(3, SH_MRT), TWO); break;                                                                       \
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

/* Primal forward pass from w->h (the packed inputs); leaves f in w->h. */
static void forward_block(const sh_passes *p, sh_slot *w, const double *theta) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth;
    for (int64_t i = 0; i < p->units; i++) {
        const int64_t l0 = i * n;
        act(p->pre, w->h, w->a + l0 * P, P);
        for (int64_t k = 0; k < n; k++) {
            const int64_t l = l0 + k;
            pmul(0, 0, d, B, theta + l * dd, w->a + l * P, NULL, NULL, w->z);
            if (k + 1 < n) {
                act(p->mid, w->z, w->a + (l + 1) * P, P);
            }
        }
        const double *o = w->z;
        if (p->post != SH_ACT_IDENTITY) {
            act(p->post, w->z, w->o + i * P, P);
            o = w->o + i * P;
        }
        if (p->shortcut) {
            for (int64_t e = 0; e < P; e++) {
                w->h[e] += o[e];
            }
        } else {
            memcpy(w->h, o, sizeof(double) * (size_t)P);
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

/* Primal backward pass from λ(f) in w->lh. grad: g += λ(z_l)·a_lᵀ (g = the chunk's partial).
 * keep: λ(z_l) into w->lzs and σ''⊙λ(σ output) at curved sites into d2pre/d2mid/d2post. */
static void backward_block(const sh_passes *p, sh_slot *w, const double *theta, double *g, int keep) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth;
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
            const double *al = w->a + l * P;
            if (g) {
                if (p->gt) {
                    transpose(d, B, p->dp, lz, w->lzt);
                    gsumt(0, d, B, p->dp, w->lzt, al, NULL, NULL, g + l * dd);
                } else {
                    gsum(0, d, B, lz, al, NULL, NULL, g + l * dd);
                }
            }
            if (keep && p->gt) {
                transpose(d, B, p->dp, lz, w->lzst + l * B * p->dp);
            }
            if (l == 0) {
                break; /* λ(h_0) is not needed */
            }
            pmul(1, 0, d, B, theta + l * dd, lz, NULL, NULL, w->la);
            if (k > 0) {
                double *next = keep ? w->lzs + (l - 1) * P : w->lz;
                d1mul(p->mid, al, w->la, NULL, NULL, next, P);
                if (keep && p->mid == SH_ACT_TANH) {
                    d2mul(al, w->la, w->d2mid + l * P, P);
                }
                lz = next;
            }
        }
        if (i > 0) {
            const double *a0 = w->a + l0 * P;
            if (keep && p->pre == SH_ACT_TANH) {
                d2mul(a0, w->la, w->d2pre + i * P, P);
            }
            d1mul(p->pre, a0, w->la, NULL, p->shortcut ? w->lh : NULL, w->lh, P);
        }
    }
}

/* Tangent forward and reverse passes along v (N) for a block whose primal passes ran with keep;
 * hv (the chunk's partial for this direction) += the block's H·v. */
static void tangent_block(const sh_passes *p, sh_slot *w, const double *theta, const double *v, double *hv) {
    const int64_t d = p->d, B = p->block, P = d * B, dd = d * d, n = p->depth;
    /* forward: ȧ_l into w->ad, ż in w->zd, ḣ in w->hd */
    memset(w->hd, 0, sizeof(double) * (size_t)P);
    for (int64_t i = 0; i < p->units; i++) {
        const int64_t l0 = i * n;
        if (i > 0) {
            d1mul(p->pre, w->a + l0 * P, w->hd, NULL, NULL, w->ad + l0 * P, P);
            if (p->pre == SH_ACT_TANH) {
                mulp(w->d2pre + i * P, w->hd, w->epre + i * P, P);
            }
        }
        for (int64_t k = 0; k < n; k++) {
            const int64_t l = l0 + k;
            if (k > 0) {
                d1mul(p->mid, w->a + l * P, w->zd, NULL, NULL, w->ad + l * P, P);
                if (p->mid == SH_ACT_TANH) {
                    mulp(w->d2mid + l * P, w->zd, w->emid + l * P, P);
                }
            }
            if (l == 0) {
                pmul(0, 0, d, B, v, w->a, NULL, NULL, w->zd); /* ȧ_0 = 0 */
            } else {
                pmul(0, 1, d, B, theta + l * dd, w->ad + l * P, v + l * dd, w->a + l * P, w->zd);
            }
        }
        const double *o = p->post != SH_ACT_IDENTITY ? w->o + i * P : NULL;
        if (p->post == SH_ACT_TANH) {
            mulp(w->d2post + i * P, w->zd, w->epost + i * P, P);
        }
        if (p->shortcut) {
            d1mul(p->post, o, w->zd, NULL, w->hd, w->hd, P);
        } else {
            d1mul(p->post, o, w->zd, NULL, NULL, w->hd, P);
        }
    }
    /* reverse: λ̇(f) = ḟ/m */
    const double inv = 1.0 / (double)p->m;
    for (int64_t c = 0; c < d; c++) {
        for (int64_t j = 0; j < B; j += SH_VL) {
            vst(w->lhd + c * B + j, vld(w->hd + c * B + j) * vld(w->mask + j) * vbc(inv));
        }
    }
    for (int64_t i = p->units - 1; i >= 0; i--) {
        const int64_t l0 = i * n;
        const double *o = p->post != SH_ACT_IDENTITY ? w->o + i * P : NULL;
        d1mul(p->post, o, w->lhd, p->post == SH_ACT_TANH ? w->epost + i * P : NULL, NULL, w->lzd, P);
        for (int64_t k = n - 1; k >= 0; k--) {
            const int64_t l = l0 + k;
            const double *al = w->a + l * P, *lzl = w->lzs + l * P;
            if (p->gt) {
                transpose(d, B, p->dp, w->lzd, w->lzdt);
                if (l == 0) {
                    gsumt(0, d, B, p->dp, w->lzdt, al, NULL, NULL, hv);
                    break;
                }
                gsumt(1, d, B, p->dp, w->lzdt, al, w->lzst + l * B * p->dp, w->ad + l * P, hv + l * dd);
            } else {
                if (l == 0) {
                    gsum(0, d, B, w->lzd, al, NULL, NULL, hv);
                    break;
                }
                gsum(1, d, B, w->lzd, al, lzl, w->ad + l * P, hv + l * dd);
            }
            pmul(1, 1, d, B, theta + l * dd, w->lzd, v + l * dd, lzl, w->lad);
            if (k > 0) {
                d1mul(p->mid, al, w->lad, p->mid == SH_ACT_TANH ? w->emid + l * P : NULL, NULL, w->lzd, P);
            }
        }
        if (i > 0) {
            const double *a0 = w->a + l0 * P;
            d1mul(p->pre, a0, w->lad, p->pre == SH_ACT_TANH ? w->epre + i * P : NULL, p->shortcut ? w->lhd : NULL,
                  w->lhd, P);
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
