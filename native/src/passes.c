/* Plans of the native passes (shpasses.h): workspace allocation, the choice of the instruction-set
 * variant, the public entry points and the chunk-ordered reduction. The arithmetic is in passes_impl.h. */
#include <stdlib.h>
#include <string.h>
#include "passes_internal.h"

#define SH_ALIGN 64

static int64_t round_up(int64_t a, int64_t b) { return (a + b - 1) / b * b; }

sh_passes *sh_passes_create(int64_t d, int64_t units, int64_t depth, int32_t shortcut, int32_t pre, int32_t mid,
                            int32_t post, int64_t m, int64_t block, int64_t chunk, int64_t slots, int64_t kmax) {
    if (d < 1 || units < 1 || depth < 1 || m < 1 || slots < 1 || kmax < 0) {
        return NULL;
    }
    if (pre < 0 || pre > 2 || mid < 0 || mid > 2 || post < 0 || post > 2) {
        return NULL;
    }
    if (block == 0) {
        block = d <= 16 ? 64 : 32;
    }
    if (block < 32 || block % 32 != 0) {
        return NULL;
    }
    if (chunk == 0) {
        chunk = round_up(512, block);
    }
    if (chunk < block || chunk % block != 0) {
        return NULL;
    }
    sh_passes *p = calloc(1, sizeof(*p));
    if (!p) {
        return NULL;
    }
    p->d = d;
    p->units = units;
    p->depth = depth;
    p->layers = units * depth;
    p->n = p->layers * d * d;
    p->m = m;
    p->block = block;
    p->chunk = chunk;
    p->slots = slots;
    p->kmax = kmax;
    p->shortcut = shortcut != 0;
    p->pre = pre;
    p->mid = depth > 1 ? mid : SH_ACT_IDENTITY; /* n = 1: mid is unused */
    p->post = post;
    p->isa = 3;
    const char *force = getenv("SH_PASSES_ISA");
    if (sh_passes_have_v4() && !(force && strcmp(force, "avx2") == 0)) {
        p->isa = 4;
    }

    /* sizes in doubles, each array rounded to 64 bytes */
    const int64_t panel = d * block, L = p->layers, R = units;
    int64_t sizes[32], count = 0;
#define SH_ARR(n) (sizes[count++] = round_up((n), SH_ALIGN / 8))
    for (int q = 0; q < 12; q++) {
        SH_ARR(panel); /* h y z la lh lz zd hd od lzd lad lhd */
    }
    SH_ARR(block);                                      /* mask */
    SH_ARR(L * panel);                                  /* a */
    SH_ARR(p->post != SH_ACT_IDENTITY ? R * panel : 0); /* o */
    SH_ARR(L * panel);                                  /* lzs */
    SH_ARR(L * panel);                                  /* ad */
    for (int q = 0; q < 2; q++) {
        SH_ARR(p->pre == SH_ACT_TANH ? R * panel : 0);
        SH_ARR(p->mid == SH_ACT_TANH ? L * panel : 0);
        SH_ARR(p->post == SH_ACT_TANH ? R * panel : 0);
    }
    SH_ARR(p->n * kmax); /* scratch */
#undef SH_ARR
    int64_t per_slot = 0;
    for (int64_t q = 0; q < count; q++) {
        per_slot += sizes[q];
    }
    p->bytes = 8 * per_slot * slots;
    p->slot = calloc((size_t)slots, sizeof(sh_slot));
    p->mem = aligned_alloc(SH_ALIGN, (size_t)p->bytes > 0 ? (size_t)p->bytes : SH_ALIGN);
    if (!p->slot || !p->mem) {
        sh_passes_free(p);
        return NULL;
    }
    memset(p->mem, 0, (size_t)p->bytes);
    double *mem = p->mem;
    for (int64_t s = 0; s < slots; s++) {
        sh_slot *w = &p->slot[s];
        int64_t q = 0;
        double **single[12] = {&w->h, &w->y, &w->z, &w->la, &w->lh, &w->lz, &w->zd, &w->hd, &w->od, &w->lzd, &w->lad,
                               &w->lhd};
        double **rest[12] = {&w->mask, &w->a, &w->o, &w->lzs, &w->ad, &w->d2pre, &w->d2mid, &w->d2post, &w->epre,
                             &w->emid, &w->epost, &w->scratch};
        for (int t = 0; t < 12; t++) {
            *single[t] = mem;
            mem += sizes[q++];
        }
        for (int t = 0; t < 12; t++) {
            *rest[t] = sizes[q] > 0 ? mem : NULL;
            mem += sizes[q++];
        }
    }
    return p;
}

void sh_passes_free(sh_passes *p) {
    if (!p) {
        return;
    }
    free(p->mem);
    free(p->slot);
    free(p);
}

int64_t sh_passes_workspace_bytes(const sh_passes *p) { return p->bytes; }
int64_t sh_passes_block(const sh_passes *p) { return p->block; }
int64_t sh_passes_chunk(const sh_passes *p) { return p->chunk; }
int64_t sh_passes_chunks(const sh_passes *p) { return (p->m + p->chunk - 1) / p->chunk; }
int64_t sh_passes_parameters(const sh_passes *p) { return p->n; }
const char *sh_passes_isa(const sh_passes *p) { return p->isa == 4 ? "avx512" : "avx2"; }

static void run(SH_RUN_ARGS) {
    if (p->isa == 4) {
        sh_passes_run_v4(p, slot, mode, theta, x, y, k, v, ldv, from, to, loss, out, ldo, accumulate, f);
    } else {
        sh_passes_run_v3(p, slot, mode, theta, x, y, k, v, ldv, from, to, loss, out, ldo, accumulate, f);
    }
}

void sh_passes_forward(const sh_passes *p, int64_t slot, const double *theta, const double *x, int64_t from,
                       int64_t to, double *f) {
    run(p, slot, SH_MODE_FORWARD, theta, x, NULL, 0, NULL, 0, from, to, NULL, NULL, 0, 0, f);
}

void sh_passes_loss(const sh_passes *p, int64_t slot, const double *theta, const double *x, const double *y,
                    int64_t from, int64_t to, double *loss, int32_t accumulate) {
    run(p, slot, SH_MODE_LOSS, theta, x, y, 0, NULL, 0, from, to, loss, NULL, 0, accumulate, NULL);
}

void sh_passes_loss_gradient(const sh_passes *p, int64_t slot, const double *theta, const double *x,
                             const double *y, int64_t from, int64_t to, double *loss, double *grad, int64_t ldg,
                             int32_t accumulate) {
    run(p, slot, SH_MODE_GRAD, theta, x, y, 1, NULL, 0, from, to, loss, grad, ldg, accumulate, NULL);
}

void sh_passes_hvp(const sh_passes *p, int64_t slot, const double *theta, const double *x, const double *y,
                   const double *v, int64_t from, int64_t to, double *hv, int64_t ldh, int32_t accumulate) {
    /* one direction: chunk s's partial at hv + s·ldh, the block layout with k = 1 */
    run(p, slot, SH_MODE_HVP, theta, x, y, 1, v, p->n, from, to, NULL, hv, ldh, accumulate, NULL);
}

void sh_passes_hvp_block(const sh_passes *p, int64_t slot, const double *theta, const double *x,
                         const double *y, int64_t k, const double *v, int64_t ldv, int64_t from, int64_t to,
                         double *hv, int64_t ldh, int32_t accumulate) {
    run(p, slot, SH_MODE_HVP, theta, x, y, k, v, ldv, from, to, NULL, hv, ldh, accumulate, NULL);
}

void sh_passes_reduce(int64_t count, int64_t n, const double *parts, int64_t ld, double *out) {
    const int64_t tile = 512; /* elements per pass, so that out stays in L1 while the parts stream */
    for (int64_t e0 = 0; e0 < n; e0 += tile) {
        int64_t e1 = e0 + tile < n ? e0 + tile : n;
        for (int64_t e = e0; e < e1; e++) {
            out[e] = 0.0;
        }
        for (int64_t s = 0; s < count; s++) {
            const double *ps = parts + s * ld;
            for (int64_t e = e0; e < e1; e++) {
                out[e] = out[e] + ps[e];
            }
        }
    }
}
