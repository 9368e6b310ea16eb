/* Moments-path fill: Kronecker and permuted-Kronecker blocks written straight into the N×N buffer. */
#include "shkernels.h"
#include "dispatch.h"

SH_CLONES
void sh_kron_block(double *h, int64_t ldh, int64_t d, int64_t l, int64_t lp, const double *c, const double *r,
                   const double *f, const double *y) {
    const int64_t dd = d * d;
    /* block (l, lp): column (lp, c', r'), rows (l, c, r) */
    for (int64_t cp = 0; cp < d; cp++) {
        for (int64_t rp = 0; rp < d; rp++) {
            double *col = h + (lp * dd + cp * d + rp) * ldh + l * dd;
            for (int64_t cc = 0; cc < d; cc++) {
                const double ccp = c[cc + d * cp];
                const double *rcol = r + d * rp;
                double *o = col + cc * d;
                if (f != 0) {
                    const double fv = f[rp + d * cc];
                    for (int64_t rr = 0; rr < d; rr++) {
                        o[rr] = ccp * rcol[rr] + fv * y[cp + d * rr];
                    }
                } else {
                    for (int64_t rr = 0; rr < d; rr++) {
                        o[rr] = ccp * rcol[rr];
                    }
                }
            }
        }
    }
    if (l == lp) {
        return;
    }
    /* block (lp, l): column (l, c, r), rows (lp, c', r') — the same values, transposed */
    for (int64_t cc = 0; cc < d; cc++) {
        for (int64_t rr = 0; rr < d; rr++) {
            double *col = h + (l * dd + cc * d + rr) * ldh + lp * dd;
            for (int64_t cp = 0; cp < d; cp++) {
                const double ccp = c[cc + d * cp];
                const double ycr = f != 0 ? y[cp + d * rr] : 0.0;
                double *o = col + cp * d;
                for (int64_t rp = 0; rp < d; rp++) {
                    double v = ccp * r[rr + d * rp];
                    if (f != 0) {
                        v += f[rp + d * cc] * ycr;
                    }
                    o[rp] = v;
                }
            }
        }
    }
}
