package org.shortcuthessian.curvature;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.Tasks;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.Workspace;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.linalg.passes.SampleTrace;

/**
 * The general path of the exact Hessian (any activations), by the ε-injection formulation
 * H[(l,r',c'),(s,r,c)] = Σ_j a_s[c]·(Λ_l[r',r]·a_l[c'] + λ(z_l)[r']·Ȧ_l[c',r]) (docs/DESIGN.md): one
 * forward and backward pass; then, per chunk of samples packed sample-innermost, the backend's
 * {@link org.shortcuthessian.linalg.HessianKernels}: the per-sample tangents of each source layer s
 * ({@code sourceTangents}), each pair's d²×d² block accumulated over the chunk in one fused pass
 * ({@code pairBlock}), and the blocks stored with their mirrors ({@code storeBlock}). The kernels run
 * native (AVX-512 or AVX2) or as their pure-Java twins, whichever backend is given: this class never
 * asks which. Source layers are spread over as many worker threads as the backend's thread count;
 * each block is summed over the chunks in order, so the result does not depend on the thread count.
 */
final class GeneralHessian {
    /** Samples per chunk: a panel of d²·mc doubles stays in L2 for d = 10. */
    static final int CHUNK = 256;
    /** Bound on the GEMM accumulators held at once by one worker. */
    static final long ACCUMULATOR_BYTES = 64L << 20;

    private GeneralHessian() {
    }

    static void fill(Backend backend, NetworkSpec spec, Dataset data, double[] theta, DenseMatrix h) {
        int layers = spec.layers();
        int m = data.samples();
        SampleTrace t = new SampleTrace(spec.shape(), theta, data.inputs(), data.targets(), 0, m);
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
        try (Workspace thetaW = backend.workspace(theta.length)) {
            thetaW.put(0, theta, 0, theta.length);
            if (pool == null) {
                new Worker(backend, spec, t, m, thetaW, h, plan.get(0)).run();
            } else {
                List<Future<?>> futures = new ArrayList<>();
                for (List<Integer> sources : plan) {
                    futures.add(pool.submit(new Worker(backend, spec, t, m, thetaW, h, sources)));
                }
                Tasks.await(futures, "Hessian assembly");
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** One thread's share: its sources, in batches whose accumulators fit ACCUMULATOR_BYTES. */
    private static final class Worker implements Runnable {
        private final Backend backend;
        private final NetworkSpec spec;
        private final NetworkShape geometry;
        private final SampleTrace t;
        private final int m;
        private final Workspace theta;
        private final DenseMatrix h;
        private final List<Integer> sources;

        Worker(Backend backend, NetworkSpec spec, SampleTrace t, int m, Workspace theta, DenseMatrix h, List<Integer> sources) {
            this.backend = backend;
            this.spec = spec;
            this.geometry = spec.shape();
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
            try (Workspace d1 = backend.workspace((long) sites * d * mc);
                 Workspace d2 = backend.workspace((long) sites * d * mc);
                 Workspace packedA = backend.workspace((long) layers * d * mc);
                 Workspace packedLz = backend.workspace((long) layers * d * mc);
                 Workspace lam = backend.workspace(layers * slot);
                 Workspace adot = backend.workspace(layers * slot);
                 Workspace zdot = backend.workspace(layers * slot);
                 Workspace hdot = backend.workspace((units + 1) * slot);
                 Workspace tmp = backend.workspace(3 * slot)) {
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
                    runBatch(batch, d, dd, n, units, layers, sites, mc, slot, d1, d2, packedA, packedLz, lam, adot,
                            zdot, hdot, tmp, buf);
                }
            }
        }

        private void runBatch(List<Integer> batch, int d, int dd, int n, int units, int layers, int sites, int mc,
                              long slot, Workspace d1, Workspace d2, Workspace packedA, Workspace packedLz,
                              Workspace lam, Workspace adot, Workspace zdot, Workspace hdot, Workspace tmp,
                              double[] buf) {
            int pairs = 0;
            int[] firstPair = new int[batch.size()];
            for (int b = 0; b < batch.size(); b++) {
                firstPair[b] = pairs;
                pairs += layers - batch.get(b);
            }
            long gsize = (long) dd * dd;
            try (Workspace acc = backend.workspace(pairs * gsize)) {
                acc.zero();
                for (int from = 0; from < m; from += mc) {
                    int count = Math.min(mc, m - from);
                    pack(d, n, units, layers, sites, mc, from, count, d1, d2, packedA, packedLz, buf);
                    for (int b = 0; b < batch.size(); b++) {
                        int s = batch.get(b);
                        backend.sourceTangents(geometry, s, mc, 1.0 / m, theta, d1, d2, lam, adot, zdot, hdot, tmp);
                        for (int l = s; l < layers; l++) {
                            long pair = firstPair[b] + (l - s);
                            backend.pairBlock(d, mc, packedA, (long) s * d * mc, (long) l * d * mc, packedLz,
                                    (long) l * d * mc, lam, (l - s) * slot, adot, (l - s) * slot, l > s, acc, pair * gsize);
                        }
                    }
                }
                for (int b = 0; b < batch.size(); b++) {
                    int s = batch.get(b);
                    for (int l = s; l < layers; l++) {
                        long pair = firstPair[b] + (l - s);
                        backend.storeBlock(h, d, l, s, acc, pair * gsize);
                    }
                }
            }
        }

        /** Packs the chunk's per-sample data, sample index innermost (zero beyond count). */
        private void pack(int d, int n, int units, int layers, int sites, int mc, int from, int count,
                          Workspace d1, Workspace d2, Workspace packedA, Workspace packedLz, double[] buf) {
            for (int l = 0; l < layers; l++) {
                transpose(t.input(l), from, count, d, mc, buf);
                packedA.put((long) l * d * mc, buf, 0, d * mc);
                transpose(t.adjointOutput(l), from, count, d, mc, buf);
                packedLz.put((long) l * d * mc, buf, 0, d * mc);
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
                d1.put((long) q * d * mc, buf, 0, d * mc);
                if (!act.piecewiseLinear()) {
                    for (int jj = 0; jj < count; jj++) {
                        int o = (from + jj) * d;
                        for (int c = 0; c < d; c++) {
                            buf[c * mc + jj] = act.d2(v[o + c]) * g[o + c];
                        }
                    }
                    d2.put((long) q * d * mc, buf, 0, d * mc);
                }
            }
        }

        private Activation siteActivation(int q, int n) {
            int k = q % (n + 1);
            return k == 0 ? spec.pre() : k == n ? spec.post() : spec.mid();
        }
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
}
