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
        block = 64; /* measured: 64 beats 32 and 128 at d = 10 and d = 64 */
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

    /* sums over samples: transposed adjoints from d = 12 on (SH_PASSES_SUMS=transposed|hsum forces one) */
    p->dp = round_up(d, 8);
    p->gt = d >= 12;
    const char *sums = getenv("SH_PASSES_SUMS");
    if (sums && strcmp(sums, "transposed") == 0) {
        p->gt = 1;
    } else if (sums && strcmp(sums, "hsum") == 0) {
        p->gt = 0;
    }

    /* the arrays of a slot, in doubles, each rounded up to 64 bytes (size 0: NULL) */
    const int64_t panel = d * block, L = p->layers, R = units, tpanel = block * p->dp;
    sh_slot proto;
    struct {
        double **field;
        int64_t size;
    } arr[] = {
        {&proto.h, panel}, {&proto.y, panel}, {&proto.z, panel}, {&proto.la, panel}, {&proto.lh, panel},
        {&proto.lz, panel}, {&proto.lz2, panel}, {&proto.zd, panel}, {&proto.hd, panel}, {&proto.lzd, panel},
        {&proto.lzd2, panel},
        {&proto.lad, panel}, {&proto.lhd, panel}, {&proto.mask, block}, {&proto.a, L * panel},
        {&proto.o, p->post != SH_ACT_IDENTITY ? R * panel : 0}, {&proto.lzs, L * panel}, {&proto.ad, L * panel},
        {&proto.d2pre, p->pre == SH_ACT_TANH ? R * panel : 0}, {&proto.d2mid, p->mid == SH_ACT_TANH ? L * panel : 0},
        {&proto.d2post, p->post == SH_ACT_TANH ? R * panel : 0}, {&proto.epre, p->pre == SH_ACT_TANH ? R * panel : 0},
        {&proto.emid, p->mid == SH_ACT_TANH ? L * panel : 0}, {&proto.epost, p->post == SH_ACT_TANH ? R * panel : 0},
        {&proto.lzt, p->gt ? tpanel : 0}, {&proto.lzdt, p->gt ? tpanel : 0}, {&proto.lzst, p->gt ? L * tpanel : 0},
        {&proto.scratch, p->n * kmax},
    };
    const int count = (int)(sizeof(arr) / sizeof(arr[0]));
    int64_t per_slot = 0;
    for (int q = 0; q < count; q++) {
        arr[q].size = round_up(arr[q].size, SH_ALIGN / 8);
        per_slot += arr[q].size;
    }
    p->bytes = 8 * per_slot * slots;
    p->slot = calloc((size_t)slots, sizeof(sh_slot));
    p->mem = aligned_alloc(SH_ALIGN, (size_t)p->bytes > 0 ? (size_t)p->bytes : SH_ALIGN);
    if (!p->slot || !p->mem) {
        sh_passes_free(p);
        return NULL;
    }
    memset(p->mem, 0, (size_t)p->bytes); /* also the padding rows of transposed panels, never written */
    double *mem = p->mem;
    for (int64_t s = 0; s < slots; s++) {
        for (int q = 0; q < count; q++) {
            *arr[q].field = arr[q].size > 0 ? mem : NULL;
            mem += arr[q].size;
        }
        p->slot[s] = proto;
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
const char *sh_passes_isa(const sh_passes *p) { return p->isa == 4 ? "avx512" : sh_passes_v3_name(); }

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
