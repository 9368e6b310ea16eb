/* Tests of the native passes (shpasses.h) against a naive C reference (the per-layer d×m arrays of
 * Trace.java and HessianVectorProduct.java, written out straightforwardly) and central finite
 * differences, on random small networks of every shape and activation combination; block HVPs against
 * single HVPs; bit-identical results for any split of the chunks over threads and slots; the AVX2
 * variant as well as the AVX-512 one. Exit status 0 if every check passes, 1 otherwise.
 *
 *   test_passes [--quick]      (--quick: fewer shapes, for a fast smoke run)
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "shpasses.h"

/* ---------------------------------------------------------------------------------------------- */
/* The network and the naive reference                                                            */

typedef struct {
    int d, units, depth, shortcut, pre, mid, post;
} spec_t;

static double act_f(int a, double x) { return a == 1 ? (x > 0 ? x : 0.0) : a == 2 ? tanh(x) : x; }
static double act_d1(int a, double x) {
    if (a == 1) {
        return x > 0 ? 1.0 : 0.0;
    }
    if (a == 2) {
        double t = tanh(x);
        return 1.0 - t * t;
    }
    return 1.0;
}
static double act_d2(int a, double x) {
    if (a == 2) {
        double t = tanh(x);
        return -2.0 * t * (1.0 - t * t);
    }
    return 0.0;
}

/* out[:, j] = W·x[:, j] (+= when acc), W column-major at w; d×m sample-major arrays. */
static void ref_mul(const double *w, int d, const double *x, double *out, int m, int trans, int acc) {
    for (int j = 0; j < m; j++) {
        for (int r = 0; r < d; r++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += (trans ? w[r * d + c] : w[c * d + r]) * x[j * d + c];
            }
            out[j * d + r] = acc ? out[j * d + r] + s : s;
        }
    }
}

typedef struct {
    int m, layers;
    double **h, **a, **z, **lz, **la, **lh;
    double *y;
} trace_t;

static double **alloc_arrays(int count, size_t n) {
    double **p = malloc(sizeof(double *) * (size_t)count);
    for (int i = 0; i < count; i++) {
        p[i] = calloc(n, sizeof(double));
    }
    return p;
}
static void free_arrays(double **p, int count) {
    for (int i = 0; i < count; i++) {
        free(p[i]);
    }
    free(p);
}

/* Forward and backward passes (Trace.java) over all m samples; returns Σ‖f − y‖². */
static double ref_trace(const spec_t *s, const double *theta, const double *x, const double *y, int m, trace_t *t) {
    int d = s->d, n = s->depth, L = s->units * n, dm = d * m, dd = d * d;
    t->m = m;
    t->layers = L;
    t->h = alloc_arrays(s->units + 1, (size_t)dm);
    t->a = alloc_arrays(L, (size_t)dm);
    t->z = alloc_arrays(L, (size_t)dm);
    t->lz = alloc_arrays(L, (size_t)dm);
    t->la = alloc_arrays(L, (size_t)dm);
    t->lh = alloc_arrays(s->units + 1, (size_t)dm);
    memcpy(t->h[0], x, sizeof(double) * (size_t)dm);
    for (int i = 0; i < s->units; i++) {
        for (int k = 0; k < n; k++) {
            int l = i * n + k;
            for (int q = 0; q < dm; q++) {
                t->a[l][q] = k == 0 ? act_f(s->pre, t->h[i][q]) : act_f(s->mid, t->z[l - 1][q]);
            }
            ref_mul(theta + l * dd, d, t->a[l], t->z[l], m, 0, 0);
        }
        for (int q = 0; q < dm; q++) {
            double o = act_f(s->post, t->z[i * n + n - 1][q]);
            t->h[i + 1][q] = (s->shortcut ? t->h[i][q] : 0.0) + o;
        }
    }
    double sum = 0;
    double *f = t->h[s->units];
    for (int q = 0; q < dm; q++) {
        double r = f[q] - y[q];
        sum += r * r;
        t->lh[s->units][q] = r / m;
    }
    for (int i = s->units - 1; i >= 0; i--) {
        int last = i * n + n - 1;
        for (int q = 0; q < dm; q++) {
            t->lz[last][q] = act_d1(s->post, t->z[last][q]) * t->lh[i + 1][q];
        }
        for (int k = n - 1; k >= 0; k--) {
            int l = i * n + k;
            ref_mul(theta + l * dd, d, t->lz[l], t->la[l], m, 1, 0);
            if (k > 0) {
                for (int q = 0; q < dm; q++) {
                    t->lz[l - 1][q] = act_d1(s->mid, t->z[l - 1][q]) * t->la[l][q];
                }
            }
        }
        for (int q = 0; q < dm; q++) {
            t->lh[i][q] = act_d1(s->pre, t->h[i][q]) * t->la[i * n][q] + (s->shortcut ? t->lh[i + 1][q] : 0.0);
        }
    }
    return sum;
}

static void free_trace(const spec_t *s, trace_t *t) {
    free_arrays(t->h, s->units + 1);
    free_arrays(t->a, t->layers);
    free_arrays(t->z, t->layers);
    free_arrays(t->lz, t->layers);
    free_arrays(t->la, t->layers);
    free_arrays(t->lh, s->units + 1);
}

static void ref_loss_grad(const spec_t *s, const double *theta, const double *x, const double *y, int m,
                          double *loss, double *g) {
    trace_t t;
    int d = s->d, dd = d * d, L = s->units * s->depth;
    double sum = ref_trace(s, theta, x, y, m, &t);
    *loss = sum / (2.0 * m);
    if (g) {
        memset(g, 0, sizeof(double) * (size_t)(L * dd));
        for (int l = 0; l < L; l++) {
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < d; c++) {
                    for (int r = 0; r < d; r++) {
                        g[l * dd + c * d + r] += t.lz[l][j * d + r] * t.a[l][j * d + c];
                    }
                }
            }
        }
    }
    free_trace(s, &t);
}

/* σ'(x)⊙gd + σ''(x)⊙g⊙xd */
static void rev_tangent(int act, const double *x, const double *gd, const double *g, const double *xd, double *out,
                        int n) {
    for (int q = 0; q < n; q++) {
        out[q] = act_d1(act, x[q]) * gd[q] + act_d2(act, x[q]) * g[q] * xd[q];
    }
}

/* HessianVectorProduct.accumulate over all m samples. */
static void ref_hvp(const spec_t *s, const double *theta, const double *x, const double *y, int m, const double *v,
                    double *hv) {
    trace_t t;
    ref_trace(s, theta, x, y, m, &t);
    int d = s->d, n = s->depth, R = s->units, L = R * n, dm = d * m, dd = d * d;
    memset(hv, 0, sizeof(double) * (size_t)(L * dd));
    double **zd = alloc_arrays(L, (size_t)dm), **ad = alloc_arrays(L, (size_t)dm), **hd = alloc_arrays(R + 1, (size_t)dm);
    for (int i = 0; i < R; i++) {
        for (int k = 0; k < n; k++) {
            int l = i * n + k;
            for (int q = 0; q < dm; q++) {
                ad[l][q] = k == 0 ? act_d1(s->pre, t.h[i][q]) * hd[i][q] : act_d1(s->mid, t.z[l - 1][q]) * zd[l - 1][q];
            }
            ref_mul(theta + l * dd, d, ad[l], zd[l], m, 0, 0);
            ref_mul(v + l * dd, d, t.a[l], zd[l], m, 0, 1);
        }
        int last = i * n + n - 1;
        for (int q = 0; q < dm; q++) {
            hd[i + 1][q] = (s->shortcut ? hd[i][q] : 0.0) + act_d1(s->post, t.z[last][q]) * zd[last][q];
        }
    }
    double *lhd = malloc(sizeof(double) * (size_t)dm), *lad = malloc(sizeof(double) * (size_t)dm);
    double *lzd = malloc(sizeof(double) * (size_t)dm), *back = malloc(sizeof(double) * (size_t)dm);
    for (int q = 0; q < dm; q++) {
        lhd[q] = hd[R][q] / m;
    }
    for (int i = R - 1; i >= 0; i--) {
        int last = i * n + n - 1;
        rev_tangent(s->post, t.z[last], lhd, t.lh[i + 1], zd[last], lzd, dm);
        for (int k = n - 1; k >= 0; k--) {
            int l = i * n + k;
            for (int j = 0; j < m; j++) {
                for (int c = 0; c < d; c++) {
                    for (int r = 0; r < d; r++) {
                        hv[l * dd + c * d + r] += lzd[j * d + r] * t.a[l][j * d + c] + t.lz[l][j * d + r] * ad[l][j * d + c];
                    }
                }
            }
            ref_mul(theta + l * dd, d, lzd, lad, m, 1, 0);
            ref_mul(v + l * dd, d, t.lz[l], lad, m, 1, 1);
            if (k > 0) {
                rev_tangent(s->mid, t.z[l - 1], lad, t.la[l], zd[l - 1], lzd, dm);
            }
        }
        rev_tangent(s->pre, t.h[i], lad, t.la[i * n], hd[i], back, dm);
        for (int q = 0; q < dm; q++) {
            lhd[q] = (s->shortcut ? lhd[q] : 0.0) + back[q];
        }
    }
    free(lhd);
    free(lad);
    free(lzd);
    free(back);
    free_arrays(zd, L);
    free_arrays(ad, L);
    free_arrays(hd, R + 1);
    free_trace(s, &t);
}

/* ---------------------------------------------------------------------------------------------- */
/* Helpers                                                                                        */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static double urand(void) { /* splitmix64 → [-1, 1) */
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (2.0 / 9007199254740992.0) - 1.0;
}
static void fill(double *a, int64_t n, double scale) {
    for (int64_t i = 0; i < n; i++) {
        a[i] = scale * urand();
    }
}

static double maxabs(const double *a, int64_t n) {
    double s = 0;
    for (int64_t i = 0; i < n; i++) {
        s = fabs(a[i]) > s ? fabs(a[i]) : s;
    }
    return s;
}
/* max|a − b| / max(max|b|, floor) */
static double relerr(const double *a, const double *b, int64_t n, double floor) {
    double e = 0;
    for (int64_t i = 0; i < n; i++) {
        double t = fabs(a[i] - b[i]);
        e = t > e ? t : e;
    }
    double s = maxabs(b, n);
    return e / (s > floor ? s : floor);
}

static int failures = 0, checks = 0;
static double worst[8], worst_ratio[8];
static const char *worst_name[8] = {"loss vs ref",    "grad vs ref",     "hvp vs ref",     "forward vs ref",
                                    "grad vs FD",     "hvp vs FD(grad)", "block vs single", "avx2 vs avx512"};

static void check(int what, double err, double tol, const char *ctx) {
    checks++;
    if (err > worst[what] || err != err) {
        worst[what] = err;
    }
    if (err / tol > worst_ratio[what] || err != err) {
        worst_ratio[what] = err / tol;
    }
    if (!(err <= tol)) {
        failures++;
        if (failures <= 30) {
            printf("FAIL %s: error %.3e > %.1e  [%s]\n", worst_name[what], err, tol, ctx);
        }
    }
}

static const char *ACT[3] = {"id", "relu", "tanh"};

/* Native: full-range sums through the partials + reduce path. */
static void nat_loss_grad(sh_passes *p, const double *theta, const double *x, const double *y, int m, double *loss,
                          double *g) {
    int64_t N = sh_passes_parameters(p), chunks = sh_passes_chunks(p);
    double *lp = malloc(sizeof(double) * (size_t)chunks);
    if (g) {
        double *gp = malloc(sizeof(double) * (size_t)(N * chunks));
        sh_passes_loss_gradient(p, 0, theta, x, y, 0, m, lp, gp, N, 0);
        sh_passes_reduce(chunks, N, gp, N, g);
        free(gp);
    } else {
        sh_passes_loss(p, 0, theta, x, y, 0, m, lp, 0);
    }
    sh_passes_reduce(chunks, 1, lp, 1, loss);
    free(lp);
}

static void nat_hvp(sh_passes *p, const double *theta, const double *x, const double *y, int m, const double *v,
                    double *hv) {
    int64_t N = sh_passes_parameters(p), chunks = sh_passes_chunks(p);
    double *hp = malloc(sizeof(double) * (size_t)(N * chunks));
    sh_passes_hvp(p, 0, theta, x, y, v, 0, m, hp, N, 0);
    sh_passes_reduce(chunks, N, hp, N, hv);
    free(hp);
}

/* ---------------------------------------------------------------------------------------------- */
/* Determinism: partials of chunk ranges computed concurrently on different slots                  */

typedef struct {
    sh_passes *p;
    int64_t slot, from, to, k, N;
    const double *theta, *x, *y, *v;
    double *loss, *grad, *hv; /* the caller's full partial arrays (indexed by absolute chunk) */
} job_t;

static void *job_run(void *arg) {
    job_t *j = arg;
    int64_t C = sh_passes_chunk(j->p), q0 = j->from / C;
    sh_passes_loss_gradient(j->p, j->slot, j->theta, j->x, j->y, j->from, j->to, j->loss + q0, j->grad + q0 * j->N,
                            j->N, 0);
    sh_passes_hvp_block(j->p, j->slot, j->theta, j->x, j->y, j->k, j->v, j->N, j->from, j->to, j->hv + q0 * j->k * j->N,
                        j->N, 0);
    return NULL;
}

/* Splits the chunks into `threads` consecutive ranges (cut at pseudo-random chunk boundaries) run
 * concurrently; reduces; compares bitwise with one accumulate-mode call per quantity over [0, m). */
static void check_determinism(sh_passes *p, const double *theta, const double *x, const double *y, int m,
                              const double *v, int k, int threads, const char *ctx) {
    int64_t N = sh_passes_parameters(p), chunks = sh_passes_chunks(p), C = sh_passes_chunk(p);
    double *lp = calloc((size_t)chunks, sizeof(double)), *gp = calloc((size_t)(chunks * N), sizeof(double));
    double *hp = calloc((size_t)(chunks * N * k), sizeof(double));
    job_t jobs[8];
    pthread_t tid[8];
    int64_t cuts[9];
    cuts[0] = 0;
    for (int t = 1; t < threads; t++) {
        int64_t c = cuts[t - 1] + 1 + (int64_t)((urand() + 1) * 0.5 * (double)(chunks - cuts[t - 1]));
        cuts[t] = c < chunks ? c : chunks;
    }
    cuts[threads] = chunks;
    int used = 0;
    for (int t = 0; t < threads; t++) {
        if (cuts[t + 1] <= cuts[t]) {
            continue;
        }
        int64_t to = cuts[t + 1] * C < m ? cuts[t + 1] * C : m;
        jobs[used] = (job_t){p, used, cuts[t] * C, to, k, N, theta, x, y, v, lp, gp, hp};
        pthread_create(&tid[used], NULL, job_run, &jobs[used]);
        used++;
    }
    for (int t = 0; t < used; t++) {
        pthread_join(tid[t], NULL);
    }
    double loss1, *g1 = malloc(sizeof(double) * (size_t)N), *h1 = malloc(sizeof(double) * (size_t)(N * k));
    sh_passes_reduce(chunks, 1, lp, 1, &loss1);
    sh_passes_reduce(chunks, N, gp, N, g1);
    for (int t = 0; t < k; t++) { /* chunk q's direction t at hp + (q·k + t)·N */
        sh_passes_reduce(chunks, N, hp + t * N, k * N, h1 + t * N);
    }
    double loss2 = 0.0, *g2 = calloc((size_t)N, sizeof(double)), *h2 = calloc((size_t)(N * k), sizeof(double));
    sh_passes_loss_gradient(p, 0, theta, x, y, 0, m, &loss2, g2, N, 1);
    sh_passes_hvp_block(p, 0, theta, x, y, k, v, N, 0, m, h2, N, 1);
    double loss3 = 0.0;
    sh_passes_loss(p, 1, theta, x, y, 0, m, &loss3, 1);
    int same = memcmp(&loss1, &loss2, sizeof(double)) == 0 && memcmp(&loss1, &loss3, sizeof(double)) == 0 &&
               memcmp(g1, g2, sizeof(double) * (size_t)N) == 0 && memcmp(h1, h2, sizeof(double) * (size_t)(N * k)) == 0;
    checks++;
    if (!same) {
        failures++;
        printf("FAIL determinism (%d threads): split results differ from one accumulate-mode call [%s]\n", threads, ctx);
    }
    free(lp);
    free(gp);
    free(hp);
    free(g1);
    free(h1);
    free(g2);
    free(h2);
}

/* Whether some relu site input changes sign between θ1 and θ2 (the loss is then not smooth on the
 * segment and central differences are meaningless there). */
static int relu_pattern_changes(const spec_t *s, const double *t1, const double *t2, const double *x,
                                const double *y, int m) {
    if (s->pre != 1 && s->mid != 1 && s->post != 1) {
        return 0;
    }
    trace_t a, b;
    ref_trace(s, t1, x, y, m, &a);
    ref_trace(s, t2, x, y, m, &b);
    int n = s->depth, dm = s->d * m, changed = 0;
    for (int i = 0; i < s->units && !changed; i++) {
        for (int q = 0; q < dm && !changed; q++) {
            if (s->pre == 1 && (a.h[i][q] > 0) != (b.h[i][q] > 0)) {
                changed = 1;
            }
            for (int k = 0; k < n; k++) {
                int l = i * n + k;
                int relu = (k + 1 < n) ? s->mid == 1 : s->post == 1;
                if (relu && (a.z[l][q] > 0) != (b.z[l][q] > 0)) {
                    changed = 1;
                }
            }
        }
    }
    free_trace(s, &a);
    free_trace(s, &b);
    return changed;
}

static int fd_skipped = 0;

/* ---------------------------------------------------------------------------------------------- */

static int swap_sums = 0; /* second round: the sum kernel the plan would not pick for this d */

static void test_network(const spec_t *s, int m, int64_t block, int64_t chunk, int fd, int det) {
    int d = s->d, L = s->units * s->depth;
    if (swap_sums) {
        setenv("SH_PASSES_SUMS", d >= 12 ? "hsum" : "transposed", 1);
    }
    int64_t N = (int64_t)L * d * d;
    char ctx[200];
    snprintf(ctx, sizeof ctx, "d=%d R=%d n=%d %s %s/%s/%s m=%d B=%lld C=%lld%s", d, s->units, s->depth,
             s->shortcut ? "shortcut" : "plain", ACT[s->pre], ACT[s->mid], ACT[s->post], m, (long long)block,
             (long long)chunk, swap_sums ? " (other sum kernel)" : "");
    double *x = malloc(sizeof(double) * (size_t)(d * m)), *y = malloc(sizeof(double) * (size_t)(d * m));
    double *theta = malloc(sizeof(double) * (size_t)N), *v = malloc(sizeof(double) * (size_t)N);
    fill(x, d * m, 1.0);
    fill(y, d * m, 1.0);
    fill(theta, N, 1.5 / sqrt((double)d));
    fill(v, N, 1.0);
    sh_passes *p = sh_passes_create(d, s->units, s->depth, s->shortcut, s->pre, s->mid, s->post, m, block, chunk, 4, 3);
    if (!p) {
        printf("FAIL create [%s]\n", ctx);
        failures++;
        return;
    }
    double lr, ln, *gr = malloc(sizeof(double) * (size_t)N), *gn = malloc(sizeof(double) * (size_t)N);
    double *hr = malloc(sizeof(double) * (size_t)N), *hn = malloc(sizeof(double) * (size_t)N);
    ref_loss_grad(s, theta, x, y, m, &lr, gr);
    nat_loss_grad(p, theta, x, y, m, &ln, gn);
    check(0, fabs(ln - lr) / (fabs(lr) > 1e-300 ? fabs(lr) : 1e-300), 1e-12, ctx);
    check(1, relerr(gn, gr, N, 1e-300), 1e-11, ctx);
    double lonly;
    nat_loss_grad(p, theta, x, y, m, &lonly, NULL);
    check(0, fabs(lonly - lr) / (fabs(lr) > 1e-300 ? fabs(lr) : 1e-300), 1e-12, ctx);
    ref_hvp(s, theta, x, y, m, v, hr);
    nat_hvp(p, theta, x, y, m, v, hn);
    check(2, relerr(hn, hr, N, 1e-300), 1e-11, ctx);

    /* forward outputs */
    {
        trace_t t;
        ref_trace(s, theta, x, y, m, &t);
        double *f = malloc(sizeof(double) * (size_t)(d * m));
        int mid = m / 3;
        sh_passes_forward(p, 1, theta, x, 0, mid, f);
        sh_passes_forward(p, 2, theta, x, mid, m, f);
        check(3, relerr(f, t.h[s->units], d * m, 1e-300), 1e-12, ctx);
        free(f);
        free_trace(s, &t);
    }

    /* block of k = 3 directions (the first is v) against single products, on the same chunks */
    {
        const int k = 3;
        double *V = malloc(sizeof(double) * (size_t)(N * k)), *HB = calloc((size_t)(N * k), sizeof(double));
        memcpy(V, v, sizeof(double) * (size_t)N);
        fill(V + N, 2 * N, 1.0);
        sh_passes_hvp_block(p, 3, theta, x, y, k, V, N, 0, m, HB, N, 1);
        for (int t = 0; t < k; t++) {
            double *h1 = calloc((size_t)N, sizeof(double));
            sh_passes_hvp(p, 1, theta, x, y, V + t * N, 0, m, h1, N, 1);
            check(6, relerr(HB + t * N, h1, N, 1e-300), 1e-12, ctx);
            free(h1);
        }
        if (det) {
            check_determinism(p, theta, x, y, m, V, k, 1, ctx);
            check_determinism(p, theta, x, y, m, V, k, 2, ctx);
            check_determinism(p, theta, x, y, m, V, k, 3, ctx);
        }
        free(V);
        free(HB);
    }

    if (fd) {
        /* directional differences, 4th-order stencil f'(0) ≈ (f(−2ε) − 8f(−ε) + 8f(ε) − f(2ε))/12ε:
         * of the loss along u against ∇L·u, of the gradient along v against H·v. ε shrinks (1e-4 down to
         * 1e-7) while a relu kink lies on the segment [θ − 2εu, θ + 2εu]; if it never clears, the check is
         * skipped. */
        double *tq[4], *gq[4];
        for (int q = 0; q < 4; q++) {
            tq[q] = malloc(sizeof(double) * (size_t)N);
            gq[q] = malloc(sizeof(double) * (size_t)N);
        }
        const double coef[4] = {1.0, -8.0, 8.0, -1.0}, step[4] = {-2.0, -1.0, 1.0, 2.0};
        double *fdh = malloc(sizeof(double) * (size_t)N);
        double *u = malloc(sizeof(double) * (size_t)N);
        for (int rep = 0; rep < 4; rep++) {
            const double *dir = v;
            if (rep < 3) {
                fill(u, N, 1.0);
                if (rep == 0) { /* one coordinate */
                    memset(u, 0, sizeof(double) * (size_t)N);
                    u[(int64_t)((urand() + 1) * 0.5 * (double)N) % N] = 1.0;
                }
                dir = u;
            }
            double eps = 1e-4;
            int smooth = 0;
            for (; eps >= 0.99e-7; eps *= 0.1) {
                for (int q = 0; q < 4; q++) {
                    for (int64_t e = 0; e < N; e++) {
                        tq[q][e] = theta[e] + step[q] * eps * dir[e];
                    }
                }
                if (!relu_pattern_changes(s, tq[0], tq[3], x, y, m)) {
                    smooth = 1;
                    break;
                }
            }
            if (!smooth) {
                fd_skipped++;
                continue;
            }
            if (rep < 3) {
                double dot = 0, scale = 0, fd = 0, ls = 0;
                for (int64_t e = 0; e < N; e++) {
                    dot += gn[e] * u[e];
                    scale += fabs(gn[e] * u[e]);
                }
                for (int q = 0; q < 4; q++) {
                    double lq;
                    nat_loss_grad(p, tq[q], x, y, m, &lq, NULL);
                    fd += coef[q] * lq;
                    ls += fabs(lq);
                }
                fd /= 12 * eps;
                scale = scale > 1e-8 ? scale : 1e-8;
                /* truncation ~ε⁴, rounding of the loss differences ~1e-16·L/ε */
                check(4, fabs(fd - dot) / scale, 1e-7 + 4e-16 * ls / eps / scale, ctx);
            } else {
                double gs = 0;
                for (int q = 0; q < 4; q++) {
                    double lq;
                    nat_loss_grad(p, tq[q], x, y, m, &lq, gq[q]);
                    gs = maxabs(gq[q], N) > gs ? maxabs(gq[q], N) : gs;
                }
                for (int64_t e = 0; e < N; e++) {
                    fdh[e] = (coef[0] * gq[0][e] + coef[1] * gq[1][e] + coef[2] * gq[2][e] + coef[3] * gq[3][e]) / (12 * eps);
                }
                double hs = maxabs(hn, N) > 1e-8 ? maxabs(hn, N) : 1e-8;
                check(5, relerr(hn, fdh, N, 1e-8), 1e-7 + 4e-16 * gs / eps / hs, ctx);
            }
        }
        for (int q = 0; q < 4; q++) {
            free(tq[q]);
            free(gq[q]);
        }
        free(fdh);
        free(u);
    }

    /* the AVX2 variant agrees with the default one to rounding */
    if (strcmp(sh_passes_isa(p), "avx512") == 0) {
        setenv("SH_PASSES_ISA", "avx2", 1);
        sh_passes *q = sh_passes_create(d, s->units, s->depth, s->shortcut, s->pre, s->mid, s->post, m, block, chunk, 4, 3);
        unsetenv("SH_PASSES_ISA");
        double l2, *g2 = malloc(sizeof(double) * (size_t)N), *h2 = malloc(sizeof(double) * (size_t)N);
        nat_loss_grad(q, theta, x, y, m, &l2, g2);
        nat_hvp(q, theta, x, y, m, v, h2);
        double e = fabs(l2 - ln) / (fabs(ln) > 1e-300 ? fabs(ln) : 1e-300);
        double eg = relerr(g2, gn, N, 1e-300), eh = relerr(h2, hn, N, 1e-300);
        check(7, e > eg ? (e > eh ? e : eh) : (eg > eh ? eg : eh), 1e-11, ctx);
        if (det) {
            double *V = malloc(sizeof(double) * (size_t)(N * 2));
            fill(V, 2 * N, 1.0);
            check_determinism(q, theta, x, y, m, V, 2, 3, ctx);
            free(V);
        }
        sh_passes_free(q);
        free(g2);
        free(h2);
    }

    sh_passes_free(p);
    free(x);
    free(y);
    free(theta);
    free(v);
    free(gr);
    free(gn);
    free(hr);
    free(hn);
}

int main(int argc, char **argv) {
    int quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    const int dims[] = {1, 2, 3, 5, 10, 17};
    const int ms[] = {1, 7, 33, 100, 131};
    int networks = 0;
    {
        sh_passes *p = sh_passes_create(2, 1, 1, 1, 0, 0, 0, 10, 0, 0, 1, 1);
        printf("instruction set: %s\n", sh_passes_isa(p));
        sh_passes_free(p);
    }
    /* every shape × activation combination, m from a fixed cycle, with the reference; a subset also
     * with finite differences and the determinism checks. Round 2 (not with --quick): the same with the
     * other kernel for sums over samples (transposed adjoints below d = 12, horizontal sums from 12 on). */
    for (int round = 0; round < (quick ? 1 : 2); round++) {
    swap_sums = round;
    for (int di = 0; di < 6; di++) {
        for (int R = 1; R <= 3; R++) {
            for (int n = 1; n <= 3; n++) {
                for (int sc = 0; sc <= 1; sc++) {
                    for (int acts = 0; acts < 27; acts++) {
                        if (quick && (acts + R + n + sc) % 5 != 0) {
                            continue;
                        }
                        spec_t s = {dims[di], R, n, sc, acts % 3, (acts / 3) % 3, acts / 9};
                        if (n == 1 && s.mid != 0) {
                            continue; /* mid unused: same network as mid = identity */
                        }
                        int m = ms[networks % 5];
                        int64_t block = (networks % 3 == 0) ? 64 : 32;
                        int64_t chunk = block * (1 + networks % 2);
                        int fd = dims[di] <= 5 || networks % 7 == 0;
                        int det = networks % 4 == 0 || m == 131;
                        test_network(&s, m, block, chunk, fd, det);
                        networks++;
                    }
                }
            }
        }
    }
    /* larger m and d for the chunk arithmetic (several blocks per chunk, a partial last block) */
    spec_t big = {17, 2, 2, 1, 2, 1, 2};
    test_network(&big, 1000, 32, 256, 1, 1);
    spec_t big2 = {33, 2, 3, 0, 1, 2, 0};
    test_network(&big2, 333, 64, 128, 1, 1);
    spec_t big3 = {64, 2, 2, 1, 0, 1, 0};
    test_network(&big3, 200, 0, 0, 1, 1);
    networks += 3;
    }
    unsetenv("SH_PASSES_SUMS");

    printf("%d networks, %d checks, %d failures (%d finite-difference checks skipped: a relu kink within 2e-7)\n",
           networks, checks, failures, fd_skipped);
    for (int w = 0; w < 8; w++) {
        printf("  worst %-16s %.3e   (worst error/tolerance %.3f)\n", worst_name[w], worst[w], worst_ratio[w]);
    }
    return failures ? 1 : 0;
}
