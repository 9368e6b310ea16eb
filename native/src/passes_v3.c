/* The native passes for the baseline build (AVX2+FMA on x86-64, as the library is compiled):
 * passes_impl.h with 4-lane vectors and tiles that fit 16 vector registers. */
#include "passes_internal.h"

#define SH_VL 4
#define SH_VEC double __attribute__((vector_size(32)))
#define SH_MRA 6
#define SH_NVA 2
#define SH_MRG 3
#define SH_MCG 3
#define SH_MRT 2
#define SH_MCT 5
#define SH_MCR 2
#define SH_RUN sh_passes_run_v3
#include "passes_impl.h"

const char *sh_passes_v3_name(void) {
#if defined(__AVX2__) && defined(__FMA__)
    return "avx2";
#else
    return "generic";
#endif
}
