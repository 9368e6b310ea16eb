/* General-path Hessian kernels: per-sample forward-over-reverse with samples in SIMD lanes. */
#include <string.h>
#include "shkernels.h"
#include "dispatch.h"

#define SLOT(base, q) ((base) + (size_t)(q) * dd * mc)
#define VEC(base, q) ((base) + (size_t)(q) * d * mc)

/* out = diag(dv) · in  (dv a packed vector; kind 0: copy) */
static inline void scale_rows(int64_t d, int64_t mc, double *restrict out, const double *restrict in,
                              const double *restrict dv, int32_t kind) {
    int64_t dd = d * d;
    if (kind == 0) {
        memcpy(out, in, sizeof(double) * dd * mc);
        return;
    }
    for (int64_t c = 0; c < d; c++) {
        for (int64_t r = 0; r < d; r++) {
            const double *g = dv + r * mc;
            const double *x = in + (r + d * c) * mc;
            double *o = out + (r + d * c) * mc;
            for (int64_t j = 0; j < mc; j++) {
                o[j] = g[j] * x[j];
            }
        }
    }
}

/* out = diag(d1)·gd + diag(d2)·vd (kind 2), diag(d1)·gd (kind 1), gd (kind 0) */
static inline void reverse_site(int64_t d, int64_t mc, double *restrict out, const double *restrict gd,
                                const double *restrict vd, const double *restrict d1, const double *restrict d2,
                                int32_t kind) {
    int64_t dd = d * d;
    if (kind == 0) {
        memcpy(out, gd, sizeof(double) * dd * mc);
        return;
    }
    for (int64_t c = 0; c < d; c++) {
        for (int64_t r = 0; r < d; r++) {
            const double *a = d1 + r * mc;
            const double *x = gd + (r + d * c) * mc;
            double *o = out + (r + d * c) * mc;
            if (kind == 2) {
                const double *b = d2 + r * mc;
                const double *y = vd + (r + d * c) * mc;
                for (int64_t j = 0; j < mc; j++) {
                    o[j] = a[j] * x[j] + b[j] * y[j];
                }
            } else {
                for (int64_t j = 0; j < mc; j++) {
                    o[j] = a[j] * x[j];
                }
            }
        }
    }
}

/* out = W · in (transposed = 0) or Wᵀ · in (transposed = 1), W d×d column-major (scalar), in/out packed */
static inline void matmul(int64_t d, int64_t mc, double *restrict out, const double *restrict w,
                          const double *restrict in, int transposed) {
    for (int64_t c = 0; c < d; c++) {
        for (int64_t r = 0; r < d; r++) {
            double *o = out + (r + d * c) * mc;
            for (int64_t j = 0; j < mc; j++) {
                o[j] = 0.0;
            }
            for (int64_t k = 0; k < d; k++) {
                double wk = transposed ? w[k + d * r] : w[r + d * k];
                if (wk == 0.0) {
                    continue;
                }
                const double *x = in + (k + d * c) * mc;
                for (int64_t j = 0; j < mc; j++) {
                    o[j] += wk * x[j];
                }
            }
        }
    }
}

SH_CLONES
void sh_source_tangents(int64_t d, int64_t units, int64_t depth, int32_t shortcut, int64_t s, int64_t mc,
                        double inv_m, const double *theta, const double *d1, const double *d2,
                        const int32_t *kind, double *lam, double *adot, double *zdot, double *hdot,
                        double *tmp) {
    const int64_t dd = d * d;
    const int64_t n = depth;
    const int64_t is = s / n;
    const int64_t ks = s % n;
    const int64_t sites = n + 1;
    double *lhd = SLOT(tmp, 0);
    double *tb = SLOT(tmp, 1);
    double *tc = SLOT(tmp, 2);

    /* forward tangents */
    double *z0 = SLOT(zdot, 0);
    memset(z0, 0, sizeof(double) * dd * mc);
    for (int64_t r = 0; r < d; r++) {
        double *o = z0 + (r + d * r) * mc;
        for (int64_t j = 0; j < mc; j++) {
            o[j] = 1.0;
        }
    }
    for (int64_t i = is; i < units; i++) {
        int64_t site0 = i * sites;
        if (i > is) {
            int64_t l = i * n;
            scale_rows(d, mc, SLOT(adot, l - s), SLOT(hdot, i), VEC(d1, site0), kind[site0]);
            matmul(d, mc, SLOT(zdot, l - s), theta + l * dd, SLOT(adot, l - s), 0);
        }
        int64_t kfirst = i == is ? ks + 1 : 1;
        for (int64_t k = kfirst; k < n; k++) {
            int64_t l = i * n + k;
            scale_rows(d, mc, SLOT(adot, l - s), SLOT(zdot, l - 1 - s), VEC(d1, site0 + k), kind[site0 + k]);
            matmul(d, mc, SLOT(zdot, l - s), theta + l * dd, SLOT(adot, l - s), 0);
        }
        int64_t last = i * n + n - 1;
        double *next = SLOT(hdot, i + 1);
        scale_rows(d, mc, next, SLOT(zdot, last - s), VEC(d1, site0 + n), kind[site0 + n]);
        if (shortcut && i > is) {
            const double *prev = SLOT(hdot, i);
            for (int64_t q = 0; q < dd * mc; q++) {
                next[q] += prev[q];
            }
        }
    }

    /* reverse tangents */
    {
        const double *f = SLOT(hdot, units);
        for (int64_t q = 0; q < dd * mc; q++) {
            lhd[q] = f[q] * inv_m;
        }
    }
    for (int64_t i = units - 1; i >= is; i--) {
        int64_t site0 = i * sites;
        int64_t last = i * n + n - 1;
        reverse_site(d, mc, SLOT(lam, last - s), lhd, SLOT(zdot, last - s), VEC(d1, site0 + n), VEC(d2, site0 + n),
                     kind[site0 + n]);
        int64_t kstop = i == is ? ks : 0;
        for (int64_t k = n - 1; k > kstop; k--) {
            int64_t l = i * n + k;
            matmul(d, mc, tb, theta + l * dd, SLOT(lam, l - s), 1);
            reverse_site(d, mc, SLOT(lam, l - 1 - s), tb, SLOT(zdot, l - 1 - s), VEC(d1, site0 + k),
                         VEC(d2, site0 + k), kind[site0 + k]);
        }
        if (i > is) {
            int64_t l0 = i * n;
            matmul(d, mc, tb, theta + l0 * dd, SLOT(lam, l0 - s), 1);
            reverse_site(d, mc, tc, tb, SLOT(hdot, i), VEC(d1, site0), VEC(d2, site0), kind[site0]);
            for (int64_t q = 0; q < dd * mc; q++) {
                lhd[q] = (shortcut ? lhd[q] : 0.0) + tc[q];
            }
        }
    }
}
