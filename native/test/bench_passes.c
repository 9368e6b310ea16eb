/* Benchmark of the native passes (shpasses.h) on the two networks of the issue:
 *   (a) d = 10, R = 8,  n = 2, identity/relu/identity, shortcut, m = 10000 (N = 1600)
 *   (b) d = 64, R = 32, n = 2, identity/relu/identity, shortcut, m = 2000  (N = 262144)
 * one loss+gradient, one HVP and one block of 16 HVPs at 1 and 2 threads (a persistent pthread pool, each
 * thread a consecutive range of chunks on its own slot, then the chunk-ordered reduction split over the
 * threads by element ranges), the minimum of several runs, with GFLOP/s; the machine's memory bandwidth (a
 * STREAM-like triad); and, when built with a system OpenBLAS (SH_BENCH_OPENBLAS), the crossover in d
 * where a per-layer GEMM formulation of loss+gradient (3 DGEMMs per layer, no elementwise work counted)
 * would beat these kernels.
 *
 *   bench_passes [--repeats R] [--only a|b|peak|stream|gemm] [--threads T] [--pin] [--block B] [--net d,R,n,m] [--json FILE]
 * (--pin: pool thread t pinned to CPU t)
 * (--net: another network, identity/relu/identity with shortcuts, instead of the fixed cases)
 */
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "shpasses.h"
#ifdef SH_BENCH_OPENBLAS
#include <cblas.h>
extern void openblas_set_num_threads(int);
extern char *openblas_get_corename(void);
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_now(void) { /* CPU time of the calling thread: immune to time-slicing by other processes */
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t rng = 12345;
static double urand(void) {
    uint64_t z = (rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
static double nrand(void) { /* Box–Muller */
    double u = urand(), v = urand();
    return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

static void *xmalloc(size_t bytes) {
    void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", bytes);
        exit(2);
    }
    memset(p, 0, bytes);
    return p;
}

/* ---------------------------------------------------------------------------------------------- */
/* Parallel calls: thread t runs chunks [c_t, c_{t+1}) on slot t, then reduces element range t.    */

enum { OP_GRAD, OP_HVP, OP_BLOCK };

typedef struct {
    sh_passes *p;
    int op, threads, t;
    int64_t m, k, N;
    const double *theta, *x, *y, *v;
    double *lp, *gp, *out, *loss;
    pthread_barrier_t *barrier;
} task_t;

static void *task_run(void *arg) {
    task_t *a = arg;
    int64_t chunks = sh_passes_chunks(a->p), C = sh_passes_chunk(a->p);
    int64_t q0 = chunks * a->t / a->threads, q1 = chunks * (a->t + 1) / a->threads;
    int64_t from = q0 * C, to = q1 * C < a->m ? q1 * C : a->m;
    int64_t k = a->op == OP_BLOCK ? a->k : 1, N = a->N;
    if (q1 > q0) {
        if (a->op == OP_GRAD) {
            sh_passes_loss_gradient(a->p, a->t, a->theta, a->x, a->y, from, to, a->lp + q0, a->gp + q0 * N, N, 0);
        } else {
            sh_passes_hvp_block(a->p, a->t, a->theta, a->x, a->y, k, a->v, N, from, to, a->gp + q0 * k * N, N, 0);
        }
    }
    if (a->threads > 1) {
        pthread_barrier_wait(a->barrier);
    }
    /* reduction of the chunk partials, element range t of every column */
    int64_t e0 = N * a->t / a->threads, e1 = N * (a->t + 1) / a->threads;
    for (int64_t c = 0; c < k; c++) {
        sh_passes_reduce(chunks, e1 - e0, a->gp + c * N + e0, k * N, a->out + c * N + e0);
    }
    if (a->op == OP_GRAD && a->t == 0) {
        sh_passes_reduce(chunks, 1, a->lp, 1, a->loss);
    }
    return NULL;
}

/* A persistent pool, as the Java side will have: workers 1..T−1 wait at a barrier for a job, run their
 * task, and meet again at the task's internal barrier; the caller is worker 0. */
typedef struct {
    int threads, quit;
    task_t *tasks;
    pthread_barrier_t start, mid, done;
    pthread_t tid[16];
} pool_t;

static void *pool_worker(void *arg) {
    pool_t *pool = ((void **)arg)[0];
    int t = (int)(intptr_t)((void **)arg)[1];
    free(arg);
    for (;;) {
        pthread_barrier_wait(&pool->start);
        if (pool->quit) {
            return NULL;
        }
        task_run(&pool->tasks[t]);
        pthread_barrier_wait(&pool->done);
    }
}

static int pin = 0; /* --pin: pool thread t on CPU t */

static void pin_to(pthread_t th, int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(th, sizeof(set), &set);
}

static void pool_init(pool_t *pool, int threads, task_t *tasks) {
    pool->threads = threads;
    pool->quit = 0;
    pool->tasks = tasks;
    pthread_barrier_init(&pool->start, NULL, (unsigned)threads);
    pthread_barrier_init(&pool->mid, NULL, (unsigned)threads);
    pthread_barrier_init(&pool->done, NULL, (unsigned)threads);
    for (int t = 1; t < threads; t++) {
        void **arg = malloc(2 * sizeof(void *));
        arg[0] = pool;
        arg[1] = (void *)(intptr_t)t;
        pthread_create(&pool->tid[t], NULL, pool_worker, arg);
        if (pin) {
            pin_to(pool->tid[t], t);
        }
    }
    if (pin) {
        pin_to(pthread_self(), 0);
    }
}

static void pool_free(pool_t *pool) {
    pool->quit = 1;
    if (pool->threads > 1) {
        pthread_barrier_wait(&pool->start);
    }
    for (int t = 1; t < pool->threads; t++) {
        pthread_join(pool->tid[t], NULL);
    }
    pthread_barrier_destroy(&pool->start);
    pthread_barrier_destroy(&pool->mid);
    pthread_barrier_destroy(&pool->done);
    if (pin) { /* the caller may run anywhere again */
        cpu_set_t all;
        CPU_ZERO(&all);
        for (int c = 0; c < CPU_SETSIZE; c++) {
            CPU_SET(c, &all);
        }
        pthread_setaffinity_np(pthread_self(), sizeof(all), &all);
    }
}

static double last_cpu; /* CPU time of thread 0 in the last run_op */
static double run_op(pool_t *pool, sh_passes *p, int op, int64_t m, int64_t k, const double *theta, const double *x,
                     const double *y, const double *v, double *lp, double *gp, double *out, double *loss) {
    const int threads = pool->threads;
    int64_t N = sh_passes_parameters(p);
    for (int t = 0; t < threads; t++) {
        pool->tasks[t] = (task_t){p, op, threads, t, m, k, N, theta, x, y, v, lp, gp, out, loss, &pool->mid};
    }
    double t0 = now(), c0 = cpu_now();
    if (threads > 1) {
        pthread_barrier_wait(&pool->start);
    }
    task_run(&pool->tasks[0]);
    if (threads > 1) {
        pthread_barrier_wait(&pool->done);
    }
    double t1 = now();
    last_cpu = cpu_now() - c0;
    return t1 - t0;
}

/* ---------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    int d, R, n;
    int64_t m;
    double target_grad, target_hvp; /* seconds (the targets) */
} net_t;

static FILE *json = NULL;
static int64_t block_opt = 0; /* --block: samples per block (0: the plan's default) */
static int json_first = 1;
static void json_rec(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#include <stdarg.h>
static void json_rec(const char *fmt, ...) {
    if (!json) {
        return;
    }
    fprintf(json, "%s\n  ", json_first ? "" : ",");
    json_first = 0;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(json, fmt, ap);
    va_end(ap);
}

static void bench_net(const net_t *net, int repeats, int max_threads) {
    const int d = net->d, R = net->R, n = net->n, L = R * n;
    const int64_t m = net->m, N = (int64_t)L * d * d, K = 16;
    /* chunk: 1024 samples (a multiple of every default block), whatever the thread count */
    sh_passes *probe = sh_passes_create(d, R, n, 1, 0, 1, 0, m, block_opt, 0, 1, 0);
    int64_t B = sh_passes_block(probe);
    sh_passes_free(probe);
    int64_t chunk = 1024;
    sh_passes *p = sh_passes_create(d, R, n, 1, SH_ACT_IDENTITY, SH_ACT_RELU, SH_ACT_IDENTITY, m, B, chunk,
                                    max_threads, 0);
    int64_t chunks = sh_passes_chunks(p);
    double *x = xmalloc(sizeof(double) * (size_t)(d * m)), *y = xmalloc(sizeof(double) * (size_t)(d * m));
    for (int64_t j = 0; j < m; j++) {
        for (int c = 0; c < d; c++) {
            x[j * d + c] = nrand();
        }
        y[j * d + (int64_t)(urand() * d) % d] = 1.0;
    }
    double *theta = xmalloc(sizeof(double) * (size_t)N), *V = xmalloc(sizeof(double) * (size_t)(N * K));
    const double std = sqrt(2.0 / (d + d)); /* Xavier normal */
    for (int64_t e = 0; e < N; e++) {
        theta[e] = std * nrand();
    }
    for (int64_t e = 0; e < N * K; e++) {
        V[e] = nrand();
    }
    double *lp = xmalloc(sizeof(double) * (size_t)chunks), *gp = xmalloc(sizeof(double) * (size_t)(chunks * N * K));
    double *out = xmalloc(sizeof(double) * (size_t)(N * K)), loss = 0;
    /* multiply–adds of 2d² flops per sample and layer: forward L, backward L − 1 (no λ(h_0)), gradient L;
     * HVP: + tangent forward 2L − 1 (ȧ_0 = 0), H·v sums 2L − 1, tangent reverse 2(L − 1) per direction */
    const double per = 2.0 * d * d * (double)m;
    const double f_grad = per * (3.0 * L - 1), f_dir = per * (6.0 * L - 4), f_primal = per * (2.0 * L - 1);
    printf("\n(%s) d = %d, R = %d, n = %d, identity/relu/identity, shortcut, m = %lld, N = %lld; %s, block %lld, "
           "chunk %lld (%lld chunks), workspace %.1f MB/slot\n",
           net->name, d, R, n, (long long)m, (long long)N, sh_passes_isa(p), (long long)B, (long long)chunk,
           (long long)chunks, sh_passes_workspace_bytes(p) / 1e6 / max_threads);
    printf("  %-22s %7s %12s %10s %12s %14s\n", "operation", "threads", "time (ms)", "GFLOP/s", "target (ms)",
           "thread-0 CPU");
    double hvp1[17] = {0};
    for (int threads = 1; threads <= max_threads; threads++) {
        task_t tasks[16];
        pool_t pool;
        pool_init(&pool, threads, tasks);
        for (int op = OP_GRAD; op <= OP_BLOCK; op++) {
            const int64_t k = op == OP_BLOCK ? K : 1;
            double best = 1e30, best_cpu = 1e30;
            for (int r = 0; r < repeats + 1; r++) { /* the first run warms up */
                double t = run_op(&pool, p, op, m, k, theta, x, y, V, lp, gp, out, &loss);
                if (r > 0 && t < best) {
                    best = t;
                }
                if (r > 0 && last_cpu < best_cpu) {
                    best_cpu = last_cpu;
                }
            }
            double flops = op == OP_GRAD ? f_grad : f_primal + (double)k * f_dir;
            const char *name = op == OP_GRAD ? "loss+gradient" : op == OP_HVP ? "HVP" : "16 HVPs (block)";
            char target[32] = "";
            if (op == OP_GRAD && net->target_grad > 0) {
                snprintf(target, sizeof target, "%.1f", net->target_grad * 1e3);
            } else if (op == OP_HVP && net->target_hvp > 0) {
                snprintf(target, sizeof target, "%.1f", net->target_hvp * 1e3);
            }
            if (op == OP_HVP) {
                hvp1[threads] = best;
            }
            printf("  %-22s %7d %12.3f %10.1f %12s %11.3f ms", name, threads, best * 1e3, flops / best * 1e-9, target,
                   best_cpu * 1e3);
            if (op == OP_BLOCK) {
                printf("   = %.2f× one HVP", best / hvp1[threads]);
            }
            printf("\n");
            json_rec("{\"case\": \"%s\", \"d\": %d, \"units\": %d, \"depth\": %d, \"m\": %lld, \"N\": %lld, "
                     "\"op\": \"%s\", \"threads\": %d, \"seconds\": %.6e, \"thread0_cpu_seconds\": %.6e, \"gflops\": %.3f, \"isa\": \"%s\", "
                     "\"block\": %lld, \"chunk\": %lld}",
                     net->name, d, R, n, (long long)m, (long long)N,
                     op == OP_GRAD ? "loss_gradient" : op == OP_HVP ? "hvp" : "hvp_block16", threads, best,
                     best_cpu, flops / best * 1e-9, sh_passes_isa(p), (long long)B, (long long)chunk);
        }
        pool_free(&pool);
    }
    printf("  (loss %.6f; FLOP counts: loss+gradient %.3g, one HVP %.3g, 16 HVPs %.3g)\n", loss, f_grad,
           f_primal + f_dir, f_primal + K * f_dir);
    sh_passes_free(p);
    free(x);
    free(y);
    free(theta);
    free(V);
    free(lp);
    free(gp);
    free(out);
}

/* ---------------------------------------------------------------------------------------------- */
/* FMA peak: 8 independent chains of 256-bit FMAs per thread (Zen 4 issues 16 DP flops/cycle with   */
/* either 256- or 512-bit vectors), so the kernels' GFLOP/s can be read as a fraction of it          */

static void *fma_run(void *arg) {
    long it = *(long *)arg;
#if defined(__x86_64__) && defined(__GNUC__)
    __asm__ volatile("vxorpd %%ymm0, %%ymm0, %%ymm0\n vxorpd %%ymm1, %%ymm1, %%ymm1\n"
                     "vxorpd %%ymm2, %%ymm2, %%ymm2\n vxorpd %%ymm3, %%ymm3, %%ymm3\n"
                     "vxorpd %%ymm4, %%ymm4, %%ymm4\n vxorpd %%ymm5, %%ymm5, %%ymm5\n"
                     "vxorpd %%ymm6, %%ymm6, %%ymm6\n vxorpd %%ymm7, %%ymm7, %%ymm7\n"
                     "mov %0, %%rcx\n1:\n"
                     "vfmadd231pd %%ymm14, %%ymm15, %%ymm0\n vfmadd231pd %%ymm14, %%ymm15, %%ymm1\n"
                     "vfmadd231pd %%ymm14, %%ymm15, %%ymm2\n vfmadd231pd %%ymm14, %%ymm15, %%ymm3\n"
                     "vfmadd231pd %%ymm14, %%ymm15, %%ymm4\n vfmadd231pd %%ymm14, %%ymm15, %%ymm5\n"
                     "vfmadd231pd %%ymm14, %%ymm15, %%ymm6\n vfmadd231pd %%ymm14, %%ymm15, %%ymm7\n"
                     "dec %%rcx\n jnz 1b\n"
                     :
                     : "r"(it)
                     : "rcx", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "memory");
#endif
    return NULL;
}

static void bench_peak(int max_threads) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("fma")) {
        return;
    }
    long it = 20000000;
    printf("\nFMA peak (8 chains of 256-bit FMAs per thread, best of 5):");
    for (int threads = 1; threads <= max_threads; threads++) {
        double best = 1e30;
        for (int r = 0; r < 5; r++) {
            pthread_t tid[16];
            double t0 = now();
            for (int q = 1; q < threads; q++) {
                pthread_create(&tid[q], NULL, fma_run, &it);
            }
            fma_run(&it);
            for (int q = 1; q < threads; q++) {
                pthread_join(tid[q], NULL);
            }
            double dt = now() - t0;
            best = dt < best ? dt : best;
        }
        double gf = (double)threads * (double)it * 8 * 8 / best * 1e-9;
        printf("  %d thread(s) %.1f GFLOP/s%s", threads, gf, threads < max_threads ? "," : "\n");
        json_rec("{\"case\": \"fma_peak\", \"threads\": %d, \"gflops\": %.3f}", threads, gf);
    }
#else
    (void)max_threads;
#endif
}

/* ---------------------------------------------------------------------------------------------- */
/* STREAM-like triad a = b + s·c                                                                   */

typedef struct {
    double *a, *b, *c;
    int64_t n0, n1;
} triad_t;

static void *triad_run(void *arg) {
    triad_t *t = arg;
    for (int64_t i = t->n0; i < t->n1; i++) {
        t->a[i] = t->b[i] + 3.0 * t->c[i];
    }
    return NULL;
}

static void bench_stream(int repeats, int max_threads) {
    const int64_t n = (int64_t)1 << 25; /* 3 × 256 MB */
    double *a = xmalloc(sizeof(double) * (size_t)n), *b = xmalloc(sizeof(double) * (size_t)n),
           *c = xmalloc(sizeof(double) * (size_t)n);
    for (int64_t i = 0; i < n; i++) {
        b[i] = 1.0;
        c[i] = 2.0;
    }
    printf("\nSTREAM-like triad a = b + 3c, 3 × %lld MB (24 bytes per element counted)\n", (long long)(n * 8 >> 20));
    for (int threads = 1; threads <= max_threads; threads++) {
        double best = 1e30;
        for (int r = 0; r < repeats + 1; r++) {
            triad_t t[16];
            pthread_t tid[16];
            double t0 = now();
            for (int q = 0; q < threads; q++) {
                t[q] = (triad_t){a, b, c, n * q / threads, n * (q + 1) / threads};
                if (q > 0) {
                    pthread_create(&tid[q], NULL, triad_run, &t[q]);
                }
            }
            triad_run(&t[0]);
            for (int q = 1; q < threads; q++) {
                pthread_join(tid[q], NULL);
            }
            double dt = now() - t0;
            if (r > 0 && dt < best) {
                best = dt;
            }
        }
        printf("  %d thread(s): %.1f GB/s\n", threads, 24.0 * (double)n / best * 1e-9);
        json_rec("{\"case\": \"stream_triad\", \"threads\": %d, \"gbytes_per_s\": %.3f}", threads,
                 24.0 * (double)n / best * 1e-9);
    }
    free(a);
    free(b);
    free(c);
}

/* ---------------------------------------------------------------------------------------------- */
/* Per-layer GEMM formulation of loss+gradient against the passes, 1 thread                        */

static void bench_gemm(int repeats) {
#ifdef SH_BENCH_OPENBLAS
    openblas_set_num_threads(1);
    printf("\nCrossover: loss+gradient by these kernels vs a per-layer GEMM formulation (OpenBLAS %s, 1 thread):\n"
           "3 DGEMMs per layer (Z = W·A, Λa = Wᵀ·Λz, G = Λz·Aᵀ over d×m panels), elementwise work not counted;\n"
           "n = 2, identity/relu/identity, shortcut, m = 2048, L = 8 layers\n",
           openblas_get_corename());
    printf("  %5s %14s %10s %14s %10s %8s\n", "d", "passes (ms)", "GFLOP/s", "3×DGEMM (ms)", "GFLOP/s", "ratio");
    const int ds[] = {8, 10, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384};
    const int64_t m = 2048;
    const int R = 4, n = 2, L = R * n;
    for (size_t q = 0; q < sizeof(ds) / sizeof(ds[0]); q++) {
        const int d = ds[q];
        const int64_t N = (int64_t)L * d * d;
        sh_passes *p = sh_passes_create(d, R, n, 1, SH_ACT_IDENTITY, SH_ACT_RELU, SH_ACT_IDENTITY, m, 0, 0, 1, 1);
        double *x = xmalloc(sizeof(double) * (size_t)(d * m)), *y = xmalloc(sizeof(double) * (size_t)(d * m));
        double *theta = xmalloc(sizeof(double) * (size_t)N), *g = xmalloc(sizeof(double) * (size_t)N);
        double *A = xmalloc(sizeof(double) * (size_t)(d * m * (L + 1))), *Z = xmalloc(sizeof(double) * (size_t)(d * m));
        for (int64_t e = 0; e < d * m; e++) {
            x[e] = nrand();
            y[e] = nrand();
        }
        for (int64_t e = 0; e < N; e++) {
            theta[e] = nrand() / sqrt((double)d);
        }
        memcpy(A, x, sizeof(double) * (size_t)(d * m));
        double best_p = 1e30, best_g = 1e30;
        for (int r = 0; r < repeats + 1; r++) {
            double loss = 0;
            memset(g, 0, sizeof(double) * (size_t)N);
            double t0 = now();
            sh_passes_loss_gradient(p, 0, theta, x, y, 0, m, &loss, g, N, 1);
            double t1 = now();
            for (int l = 0; l < L; l++) { /* forward */
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, d, (int)m, d, 1.0, theta + l * d * d, d,
                            A + l * d * m, d, 0.0, A + (l + 1) * d * m, d);
            }
            for (int l = L - 1; l >= 0; l--) { /* backward: gradient and Wᵀ·λ */
                cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, d, d, (int)m, 1.0, A + (l + 1) * d * m, d,
                            A + l * d * m, d, 0.0, g + l * d * d, d);
                cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, d, (int)m, d, 1.0, theta + l * d * d, d,
                            A + (l + 1) * d * m, d, 0.0, Z, d);
            }
            double t2 = now();
            if (r > 0) {
                best_p = t1 - t0 < best_p ? t1 - t0 : best_p;
                best_g = t2 - t1 < best_g ? t2 - t1 : best_g;
            }
        }
        double fl_p = 2.0 * d * d * (double)m * (3.0 * L - 1), fl_g = 2.0 * d * d * (double)m * 3.0 * L;
        printf("  %5d %14.3f %10.1f %14.3f %10.1f %8.2f\n", d, best_p * 1e3, fl_p / best_p * 1e-9, best_g * 1e3,
               fl_g / best_g * 1e-9, best_p / best_g);
        json_rec("{\"case\": \"gemm_crossover\", \"d\": %d, \"m\": %lld, \"layers\": %d, \"passes_seconds\": %.6e, "
                 "\"gemm_seconds\": %.6e, \"passes_gflops\": %.3f, \"gemm_gflops\": %.3f}",
                 d, (long long)m, L, best_p, best_g, fl_p / best_p * 1e-9, fl_g / best_g * 1e-9);
        sh_passes_free(p);
        free(x);
        free(y);
        free(theta);
        free(g);
        free(A);
        free(Z);
    }
    printf("  (ratio > 1: the GEMMs alone are faster than the passes)\n");
#else
    (void)repeats;
    printf("\n(GEMM crossover: not built with a system OpenBLAS; apt-get install libopenblas-dev and reconfigure)\n");
#endif
}

int main(int argc, char **argv) {
    int repeats = 5, max_threads = 2;
    net_t custom = {"custom", 0, 0, 0, 0, 0, 0};
    const char *only = NULL, *json_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--repeats") && i + 1 < argc) {
            repeats = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
            max_threads = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "--net") && i + 1 < argc) {
            long long m;
            if (sscanf(argv[++i], "%d,%d,%d,%lld", &custom.d, &custom.R, &custom.n, &m) != 4) {
                fprintf(stderr, "bench_passes: --net d,R,n,m\n");
                return 2;
            }
            custom.m = m;
            only = "net";
        } else if (!strcmp(argv[i], "--pin")) {
            pin = 1;
        } else if (!strcmp(argv[i], "--block") && i + 1 < argc) {
            block_opt = atoll(argv[++i]);
        } else if (!strcmp(argv[i], "--json") && i + 1 < argc) {
            json_path = argv[++i];
        } else {
            fprintf(stderr, "usage: bench_passes [--repeats R] [--only a|b|peak|stream|gemm] [--threads T] [--pin] [--block B] [--net d,R,n,m] [--json FILE]\n");
            return 2;
        }
    }
    if (max_threads < 1 || max_threads > 16 || repeats < 1) {
        fprintf(stderr, "bench_passes: --threads 1..16, --repeats ≥ 1\n");
        return 2;
    }
    if (json_path) {
        json = fopen(json_path, "w");
        if (!json) {
            perror(json_path);
            return 2;
        }
        fprintf(json, "[");
    }
    double load[3] = {0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
            load[0] = -1;
        }
        fclose(la);
    }
    printf("bench_passes: minimum of %d runs after one warm-up; load average at start %.2f %.2f %.2f\n", repeats,
           load[0], load[1], load[2]);
    if (!only || !strcmp(only, "peak")) {
        bench_peak(max_threads);
    }
    const net_t nets[2] = {{"a", 10, 8, 2, 10000, 2.0e-3, 6.0e-3}, {"b", 64, 32, 2, 2000, 40e-3, 75e-3}};
    if (!only || !strcmp(only, "a")) {
        bench_net(&nets[0], repeats, max_threads);
    }
    if (!only || !strcmp(only, "b")) {
        bench_net(&nets[1], repeats < 3 ? repeats : 3, max_threads);
    }
    if (only && !strcmp(only, "net")) {
        bench_net(&custom, repeats, max_threads);
    }
    if (!only || !strcmp(only, "stream")) {
        bench_stream(repeats, max_threads);
    }
    if (!only) {
        bench_peak(max_threads); /* again at the end: the load may have changed */
    }
    if (!only || !strcmp(only, "gemm")) {
        bench_gemm(repeats < 3 ? repeats : 3);
    }
    la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
            load[0] = -1;
        }
        fclose(la);
    }
    printf("\nload average at end %.2f %.2f %.2f\n", load[0], load[1], load[2]);
    if (json) {
        fprintf(json, "\n]\n");
        fclose(json);
    }
    return 0;
}
