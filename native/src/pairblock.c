/* Fused pair-block kernel: the d²×d² Hessian block of a layer pair accumulated over a chunk of
 * samples in SIMD lanes, with register tiles of 2 rows r × 5 columns c (measured here: a 2 × 10 tile spills and runs 35 % slower, a 4 × 5 tile 10 % slower). */
#include <string.h>
#include "shkernels.h"
#include "dispatch.h"

typedef double v8d __attribute__((vector_size(64), aligned(8)));

static inline v8d load8(const double *p) {
    v8d v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline double hsum(v8d v) {
    return ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
}

/* One register tile: rows (r', c') fixed, r and r + 1, columns c .. c + CT − 1, over all samples. */
#define SH_TILE_FN(CT)                                                                                        \
    static inline __attribute__((always_inline)) void tile_##CT(                                            \
        int64_t d, int64_t mc, int64_t row, int64_t r, int64_t c, const double *alc, const double *lzr,     \
        const double *l0, const double *l1, const double *a0, const double *a1, const double *as,           \
        int32_t with_adot, int two, double *b) {                                                           \
        const int64_t dd = d * d;                                                                          \
        v8d acc0[CT], acc1[CT];                                                                            \
        for (int q = 0; q < CT; q++) {                                                                     \
            acc0[q] = (v8d){0};                                                                            \
            acc1[q] = (v8d){0};                                                                            \
        }                                                                                                  \
        const double *s0 = as + c * mc;                                                                    \
        for (int64_t j = 0; j < mc; j += 8) {                                                              \
            v8d x = load8(alc + j);                                                                        \
            v8d v0 = load8(l0 + j) * x;                                                                    \
            v8d v1 = load8(l1 + j) * x;                                                                    \
            if (with_adot) {                                                                               \
                v8d g = load8(lzr + j);                                                                    \
                v0 += g * load8(a0 + j);                                                                   \
                v1 += g * load8(a1 + j);                                                                   \
            }                                                                                              \
            for (int q = 0; q < CT; q++) {                                                                 \
                v8d sc = load8(s0 + q * mc + j);                                                           \
                acc0[q] += v0 * sc;                                                                        \
                acc1[q] += v1 * sc;                                                                        \
            }                                                                                              \
        }                                                                                                  \
        for (int q = 0; q < CT; q++) {                                                                     \
            b[row + dd * (r + d * (c + q))] += hsum(acc0[q]);                                              \
            if (two) {                                                                                     \
                b[row + dd * (r + 1 + d * (c + q))] += hsum(acc1[q]);                                      \
            }                                                                                              \
        }                                                                                                  \
    }

SH_TILE_FN(5)
SH_TILE_FN(1)

SH_CLONES
void sh_pair_block(int64_t d, int64_t mc, const double *as, const double *al, const double *lzl,
                   const double *lam, const double *adot, int32_t with_adot, double *b) {
    for (int64_t cp = 0; cp < d; cp++) {
        const double *alc = al + cp * mc;
        for (int64_t rp = 0; rp < d; rp++) {
            const double *lzr = lzl + rp * mc;
            const int64_t row = rp + d * cp;
            for (int64_t r = 0; r < d; r += 2) {
                /* an odd last row is paired with itself and its duplicate is not stored */
                int two = r + 1 < d;
                int64_t r1 = two ? r + 1 : r;
                const double *l0 = lam + (rp + d * r) * mc;
                const double *l1 = lam + (rp + d * r1) * mc;
                const double *a0 = with_adot ? adot + (cp + d * r) * mc : lam;
                const double *a1 = with_adot ? adot + (cp + d * r1) * mc : lam;
                int64_t c = 0;
                for (; c + 5 <= d; c += 5) {
                    tile_5(d, mc, row, r, c, alc, lzr, l0, l1, a0, a1, as, with_adot, two, b);
                }
                for (; c < d; c++) {
                    tile_1(d, mc, row, r, c, alc, lzr, l0, l1, a0, a1, as, with_adot, two, b);
                }
            }
        }
    }
}

void sh_store_block(double *h, int64_t ldh, int64_t d, int64_t l, int64_t s, const double *b) {
    const int64_t dd = d * d;
    if (l == s) {
        /* a diagonal block is symmetric: store (b + bᵀ)/2 so that h is exactly symmetric */
        for (int64_t col = 0; col < dd; col++) {
            for (int64_t row = 0; row < dd; row++) {
                h[(l * dd + row) + (s * dd + col) * ldh] = 0.5 * (b[row + col * dd] + b[col + row * dd]);
            }
        }
        return;
    }
    for (int64_t col = 0; col < dd; col++) {
        double *hc = h + (s * dd + col) * ldh + l * dd;
        memcpy(hc, b + col * dd, sizeof(double) * dd);
    }
    for (int64_t col = 0; col < dd; col++) {
        for (int64_t row = 0; row < dd; row++) {
            h[(s * dd + col) + (l * dd + row) * ldh] = b[row + col * dd];
        }
    }
}
