/* The native passes for AVX-512 (x86-64-v4): passes_impl.h with 8-lane vectors. The plan selects this
 * variant at creation when the CPU has AVX-512 (sh_passes_have_v4). */
#include "passes_internal.h"

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(SH_NO_CLONES)
#pragma GCC target("arch=x86-64-v4")
#define SH_VL 8
#define SH_VEC double __attribute__((vector_size(64)))
#define SH_MRA 6
#define SH_NVA 4
#define SH_MRG 4
#define SH_MCG 4
#define SH_MRT 4
#define SH_MCT 6
#define SH_MCR 3
#define SH_RUN sh_passes_run_v4
#include "passes_impl.h"
#pragma GCC reset_options

int sh_passes_have_v4(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
}
#else
int sh_passes_have_v4(void) { return 0; }
void sh_passes_run_v4(SH_RUN_ARGS) { sh_passes_run_v3(p, slot, mode, theta, x, y, k, v, ldv, from, to, loss, out, ldo, accumulate, f); }
#endif
