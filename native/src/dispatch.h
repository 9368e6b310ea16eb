/* Run-time dispatch: each hot kernel is compiled for the AVX2 baseline and for AVX-512,
 * and the loader picks the variant the CPU supports (GNU ifunc through target_clones). */
#ifndef SH_DISPATCH_H
#define SH_DISPATCH_H
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && !defined(SH_NO_CLONES)
#define SH_CLONES __attribute__((target_clones("arch=x86-64-v4", "default")))
#else
#define SH_CLONES
#endif
#endif
