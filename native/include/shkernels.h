/*
 * shortcut-hessian native kernels: the work BLAS has no routine for.
 *
 * All matrices are column-major with a leading dimension; all sizes are int64_t.
 * The kernels do not check their arguments: the Java facade validates them once.
 */
#ifndef SHKERNELS_H
#define SHKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Name of the instruction set the dispatching kernels run on here: "avx512" or "avx2" or "generic". */
const char *sh_kernels_isa(void);

/** Version of the kernel library, "MAJOR.MINOR.PATCH". */
const char *sh_kernels_version(void);

/**
 * Index of the first element of a[0..n) that is NaN or infinite, or -1 if all are finite.
 * a is not modified.
 */
int64_t sh_first_nonfinite(const double *a, int64_t n);

/**
 * Symmetry check of the n×n column-major matrix a (leading dimension lda):
 *   out[0] = max over i, j of |a[i,j] − a[j,i]|,
 *   out[1] = max over i, j of |a[i,j]|,
 *   idx[0], idx[1] = a pair (i, j), i > j, where the maximum asymmetry is attained (0, 0 if none).
 * a is not modified. Blocked over 64×64 tiles so that both triangles stream through cache.
 */
void sh_symmetry_check(const double *a, int64_t n, int64_t lda, double *out, int64_t *idx);

/**
 * Copies the lower triangle of the n×n column-major matrix a (leading dimension lda)
 * into its upper triangle: a[j,i] = a[i,j] for i > j. a is modified.
 */
void sh_symmetrize_from_lower(double *a, int64_t n, int64_t lda);

#ifdef __cplusplus
}
#endif

#endif
