/* Whole-matrix checks on the Hessian buffer: finiteness and symmetry. */
#include <math.h>
#include "shkernels.h"
#include "dispatch.h"

#define SH_TILE 64

const char *sh_kernels_isa(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
        return "avx512";
    }
    if (__builtin_cpu_supports("avx2")) {
        return "avx2";
    }
#endif
    return "generic";
}

const char *sh_kernels_version(void) { return SH_KERNELS_VERSION; }

SH_CLONES
int64_t sh_first_nonfinite(const double *a, int64_t n) {
    const int64_t block = 4096;
    for (int64_t start = 0; start < n; start += block) {
        int64_t end = start + block < n ? start + block : n;
        /* Branch-free scan of a block (vectorizes); locate the element only if the block has one. */
        int bad = 0;
        for (int64_t i = start; i < end; i++) {
            bad |= !isfinite(a[i]);
        }
        if (bad) {
            for (int64_t i = start; i < end; i++) {
                if (!isfinite(a[i])) {
                    return i;
                }
            }
        }
    }
    return -1;
}

SH_CLONES
void sh_symmetry_check(const double *a, int64_t n, int64_t lda, double *out, int64_t *idx) {
    double max_asym = 0.0, max_abs = 0.0;
    int64_t bi = 0, bj = 0;
    for (int64_t jb = 0; jb < n; jb += SH_TILE) {
        int64_t je = jb + SH_TILE < n ? jb + SH_TILE : n;
        for (int64_t ib = jb; ib < n; ib += SH_TILE) {
            int64_t ie = ib + SH_TILE < n ? ib + SH_TILE : n;
            /* tile (ib.., jb..) of the lower part against its mirror (jb.., ib..) */
            for (int64_t j = jb; j < je; j++) {
                int64_t i0 = ib > j ? ib : j;
                const double *col = a + j * lda;
                double tile_asym = 0.0, tile_abs = 0.0;
                for (int64_t i = i0; i < ie; i++) {
                    double x = col[i];
                    double y = a[i * lda + j];
                    double d = fabs(x - y);
                    double m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);
                    tile_asym = d > tile_asym ? d : tile_asym;
                    tile_abs = m > tile_abs ? m : tile_abs;
                }
                if (tile_abs > max_abs) {
                    max_abs = tile_abs;
                }
                if (tile_asym > max_asym) {
                    max_asym = tile_asym;
                    for (int64_t i = i0; i < ie; i++) {
                        if (fabs(col[i] - a[i * lda + j]) == tile_asym) {
                            bi = i;
                            bj = j;
                            break;
                        }
                    }
                }
            }
        }
    }
    out[0] = max_asym;
    out[1] = max_abs;
    idx[0] = bi;
    idx[1] = bj;
}

SH_CLONES
void sh_symmetrize_from_lower(double *a, int64_t n, int64_t lda) {
    for (int64_t jb = 0; jb < n; jb += SH_TILE) {
        int64_t je = jb + SH_TILE < n ? jb + SH_TILE : n;
        for (int64_t ib = jb; ib < n; ib += SH_TILE) {
            int64_t ie = ib + SH_TILE < n ? ib + SH_TILE : n;
            for (int64_t j = jb; j < je; j++) {
                int64_t i0 = ib > j + 1 ? ib : j + 1;
                for (int64_t i = i0; i < ie; i++) {
                    a[i * lda + j] = a[j * lda + i];
                }
            }
        }
    }
}
