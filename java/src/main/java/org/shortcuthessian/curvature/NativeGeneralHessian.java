package org.shortcuthessian.curvature;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.OffHeapMatrix;
import org.shortcuthessian.natives.ShKernels;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.Trace;

/**
 * The native implementation of {@link GeneralHessian}'s algorithm: the project's C kernels compute
 * the per-sample tangents with samples in SIMD lanes ({@code sh_source_tangents}) and accumulate each
 * pair's d²×d² block over the samples in one fused pass ({@code sh_pair_block}: the two GEMMs of
 * {@link GeneralHessian}, P1·Q1ᵀ and P2·Q2ᵀ, merged into one product with a common factor a_s, half the
 * flops, with register tiles in AVX-512 or AVX2). Source layers are spread over as many worker threads
 * as the backend's thread count.
 */
final class NativeGeneralHessian {
    /** Samples per chunk: a panel of d²·mc doubles stays in L2 for d = 10. */
    static final int CHUNK = 256;
    /** Bound on the GEMM accumulators held at once by one worker. */
    static final long ACCUMULATOR_BYTES = 64L << 20;

    private NativeGeneralHessian() {
    }

    static void fill(Backend backend, NetworkSpec spec, Dataset data, double[] theta, OffHeapMatrix h) {
        int layers = spec.layers();
        int m = data.samples();
        Trace t = new Trace(spec, theta, data, 0, m);
        t.backward(m);
        int workers = Math.max(1, Math.min(backend.threads(), layers));
        // balance: source s costs ~ (L − s); deal sources greedily to the least loaded worker
        List<List<Integer>> plan = new ArrayList<>();
        long[] load = new long[workers];
        for (int w = 0; w < workers; w++) {
            plan.add(new ArrayList<>());
        }
        for (int s = 0; s < layers; s++) {
            int best = 0;
            for (int w = 1; w < workers; w++) {
                if (load[w] < load[best]) {
                    best = w;
                }
            }
            plan.get(best).add(s);
            load[best] += layers - s;
        }
        ExecutorService pool = workers > 1 ? Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "shortcut-hessian-assembly");
            th.setDaemon(true);
            return th;
        }) : null;
        try (DoublePointer thetaPtr = new DoublePointer(theta)) {
            if (pool == null) {
                new Worker(spec, t, m, thetaPtr, h, plan.get(0)).run();
            } else {
                List<Future<?>> futures = new ArrayList<>();
                for (List<Integer> sources : plan) {
                    futures.add(pool.submit(new Worker(spec, t, m, thetaPtr, h, sources)));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Hessian assembly interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One thread's share: its sources, in batches whose accumulators fit ACCUMULATOR_BYTES. */
    private static final class Worker implements Runnable {
        private final NetworkSpec spec;
        private final Trace t;
        private final int m;
        private final DoublePointer theta;
        private final OffHeapMatrix h;
        private final List<Integer> sources;

        Worker(NetworkSpec spec, Trace t, int m, DoublePointer theta, OffHeapMatrix h, List<Integer> sources) {
            this.spec = spec;
            this.t = t;
            this.m = m;
            this.theta = theta;
            this.h = h;
            this.sources = sources;
        }

        @Override
        public void run() {
            int d = spec.dim();
            int dd = d * d;
            int n = spec.depth();
            int units = spec.units();
            int layers = spec.layers();
            int sites = units * (n + 1);
            int mc = Math.min(CHUNK, (m + 7) / 8 * 8); // a multiple of 8: samples fill SIMD lanes
            long slot = (long) dd * mc;
            long pairBytes = 2L * dd * dd * 8;
            try (PointerScope scope = new PointerScope()) {
                DoublePointer d1 = aligned((long) sites * d * mc);
                DoublePointer d2 = aligned((long) sites * d * mc);
                IntPointer kind = new IntPointer(sites);
                DoublePointer packedA = aligned((long) layers * d * mc);
                DoublePointer packedLz = aligned((long) layers * d * mc);
                DoublePointer lam = aligned(layers * slot);
                DoublePointer adot = aligned(layers * slot);
                DoublePointer zdot = aligned(layers * slot);
                DoublePointer hdot = aligned((units + 1) * slot);
                DoublePointer tmp = aligned(3 * slot);
                for (int q = 0; q < sites; q++) {
                    kind.put(q, kindOf(siteActivation(q, n)));
                }
                double[] buf = new double[d * mc];
                int from = 0;
                while (from < sources.size()) {
                    // a batch of sources whose pair accumulators fit the bound
                    List<Integer> batch = new ArrayList<>();
                    long bytes = 0;
                    while (from < sources.size()) {
                        int s = sources.get(from);
                        long need = (long) (layers - s) * pairBytes;
                        if (!batch.isEmpty() && bytes + need > ACCUMULATOR_BYTES) {
                            break;
                        }
                        batch.add(s);
                        bytes += need;
                        from++;
                    }
                    runBatch(batch, d, dd, n, units, layers, sites, mc, slot, d1, d2, kind, packedA, packedLz, lam, adot,
                            zdot, hdot, tmp, buf);
                }
            }
        }

        private void runBatch(List<Integer> batch, int d, int dd, int n, int units, int layers, int sites, int mc,
                              long slot, DoublePointer d1, DoublePointer d2, IntPointer kind, DoublePointer packedA,
                              DoublePointer packedLz, DoublePointer lam, DoublePointer adot, DoublePointer zdot,
                              DoublePointer hdot, DoublePointer tmp, double[] buf) {
            int pairs = 0;
            int[] firstPair = new int[batch.size()];
            for (int b = 0; b < batch.size(); b++) {
                firstPair[b] = pairs;
                pairs += layers - batch.get(b);
            }
            long gsize = (long) dd * dd;
            try (PointerScope scope = new PointerScope()) {
                DoublePointer acc = new DoublePointer(pairs * gsize).zero();
                for (int from = 0; from < m; from += mc) {
                    int count = Math.min(mc, m - from);
                    pack(d, n, units, layers, sites, mc, from, count, d1, d2, packedA, packedLz, buf);
                    for (int b = 0; b < batch.size(); b++) {
                        int s = batch.get(b);
                        ShKernels.sh_source_tangents(d, units, n, spec.shortcut() ? 1 : 0, s, mc, 1.0 / m, theta, d1, d2,
                                kind, lam, adot, zdot, hdot, tmp);
                        DoublePointer as = at(packedA, (long) s * d * mc);
                        for (int l = s; l < layers; l++) {
                            long pair = firstPair[b] + (l - s);
                            ShKernels.sh_pair_block(d, mc, as, at(packedA, (long) l * d * mc),
                                    at(packedLz, (long) l * d * mc), at(lam, (l - s) * slot), at(adot, (l - s) * slot),
                                    l > s ? 1 : 0, at(acc, pair * gsize));
                        }
                    }
                }
                DoublePointer hp = h.pointer();
                for (int b = 0; b < batch.size(); b++) {
                    int s = batch.get(b);
                    for (int l = s; l < layers; l++) {
                        long pair = firstPair[b] + (l - s);
                        ShKernels.sh_store_block(hp, h.rows(), d, l, s, at(acc, pair * gsize));
                    }
                }
            }
        }

        /** Packs the chunk's per-sample data, sample index innermost (zero beyond count). */
        private void pack(int d, int n, int units, int layers, int sites, int mc, int from, int count,
                          DoublePointer d1, DoublePointer d2, DoublePointer packedA, DoublePointer packedLz, double[] buf) {
            for (int l = 0; l < layers; l++) {
                transpose(t.input(l), from, count, d, mc, buf);
                at(packedA, (long) l * d * mc).put(buf, 0, d * mc);
                transpose(t.adjointOutput(l), from, count, d, mc, buf);
                at(packedLz, (long) l * d * mc).put(buf, 0, d * mc);
            }
            for (int q = 0; q < sites; q++) {
                Activation act = siteActivation(q, n);
                if (act == Activation.IDENTITY) {
                    continue;
                }
                int i = q / (n + 1);
                int k = q % (n + 1);
                double[] v;
                double[] g;
                if (k == 0) {
                    v = t.state(i);
                    g = t.adjointInput(i * n);
                } else if (k < n) {
                    v = t.output(i * n + k - 1);
                    g = t.adjointInput(i * n + k);
                } else {
                    v = t.output(i * n + n - 1);
                    g = t.adjointState(i + 1);
                }
                java.util.Arrays.fill(buf, 0.0);
                for (int jj = 0; jj < count; jj++) {
                    int o = (from + jj) * d;
                    for (int c = 0; c < d; c++) {
                        buf[c * mc + jj] = act.d1(v[o + c]);
                    }
                }
                at(d1, (long) q * d * mc).put(buf, 0, d * mc);
                if (!act.piecewiseLinear()) {
                    for (int jj = 0; jj < count; jj++) {
                        int o = (from + jj) * d;
                        for (int c = 0; c < d; c++) {
                            buf[c * mc + jj] = act.d2(v[o + c]) * g[o + c];
                        }
                    }
                    at(d2, (long) q * d * mc).put(buf, 0, d * mc);
                }
            }
        }

        private Activation siteActivation(int q, int n) {
            int k = q % (n + 1);
            return k == 0 ? spec.pre() : k == n ? spec.post() : spec.mid();
        }
    }

    private static int kindOf(Activation a) {
        return a == Activation.IDENTITY ? 0 : a.piecewiseLinear() ? 1 : 2;
    }

    /** buf[c·mc + jj] = v[(from + jj)·d + c] for jj &lt; count, 0 beyond. */
    private static void transpose(double[] v, int from, int count, int d, int mc, double[] buf) {
        for (int c = 0; c < d; c++) {
            int base = c * mc;
            for (int jj = 0; jj < count; jj++) {
                buf[base + jj] = v[(from + jj) * d + c];
            }
            for (int jj = count; jj < mc; jj++) {
                buf[base + jj] = 0.0;
            }
        }
    }

    /**
     * A buffer of n doubles whose first element is 64-byte aligned (its position is set to the
     * aligned start): SIMD loads of the packed rows then never straddle cache lines, which more than
     * doubles the kernels' speed. Uninitialized.
     */
    private static DoublePointer aligned(long n) {
        DoublePointer p = new DoublePointer(n + 8);
        long misalignment = p.address() % 64;
        long shift = misalignment == 0 ? 0 : (64 - misalignment) / 8;
        return p.position(shift);
    }

    /** A view of p starting at element offset (a new Pointer object; no copy). */
    private static DoublePointer at(DoublePointer p, long offset) {
        return new DoublePointer(p).position(p.position() + offset);
    }
}
