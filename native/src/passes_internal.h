/* Internal layout of a passes plan (shpasses.h), shared by passes.c and the two instruction-set
 * variants built from passes_impl.h. Not part of the API. */
#ifndef SH_PASSES_INTERNAL_H
#define SH_PASSES_INTERNAL_H

#include <stdint.h>
#include "shpasses.h"

/* One workspace. A "panel" is d×B doubles: component c of the block's sample j at [c·B + j]. */
typedef struct {
    double *h, *y, *mask, *z, *la, *lh, *lz, *lz2, *zd, *hd, *lzd, *lzd2, *lad, *lhd; /* single panels (mask: B) */
    double *a;                     /* L panels: layer inputs a_l */
    double *o;                     /* R panels: post outputs o_i (post not identity) */
    double *lzs;                   /* L panels: adjoints λ(z_l) kept for the tangent passes */
    double *ad;                    /* L panels: tangents ȧ_l */
    double *d2pre, *d2mid, *d2post; /* σ''⊙λ(σ output) at curved sites (R, L, R panels; NULL if not curved) */
    double *epre, *emid, *epost;   /* d2 ⊙ (tangent of σ input), same shapes */
    double *lzt, *lzdt;            /* B × dp: λ(z), λ̇(z) transposed (sample-major, rows padded to dp) */
    double *lzst;                  /* L × B × dp: the kept λ(z_l) transposed */
    double *scratch;               /* N·kmax: one chunk's partial in accumulate mode */
} sh_slot;

struct sh_passes {
    int64_t d, units, depth, layers, n, m, block, chunk, slots, kmax;
    int32_t shortcut, pre, mid, post;
    int32_t isa; /* 4: AVX-512 (x86-64-v4), 3: baseline */
    int32_t gt;  /* sums over samples: 1 by transposed adjoints (columns of G in vectors), 0 by horizontal sums */
    int64_t dp;  /* d rounded up to 8 (rows of a transposed panel) */
    int64_t bytes;
    void *mem;
    sh_slot *slot;
};

enum { SH_MODE_FORWARD = 0, SH_MODE_LOSS = 1, SH_MODE_GRAD = 2, SH_MODE_HVP = 3 };

/* The chunk driver of each variant: see passes_impl.h. */
#define SH_RUN_ARGS                                                                                         \
    const sh_passes *p, int64_t slot, int mode, const double *theta, const double *x, const double *y,     \
        int64_t k, const double *v, int64_t ldv, int64_t from, int64_t to, double *loss, double *out,      \
        int64_t ldo, int32_t accumulate, double *f
void sh_passes_run_v3(SH_RUN_ARGS);
void sh_passes_run_v4(SH_RUN_ARGS);
int sh_passes_have_v4(void);
const char *sh_passes_v3_name(void);

#endif
