package org.shortcuthessian.linalg.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.shortcuthessian.linalg.Tasks;

/**
 * The passes of one network over one data set: loss, loss and gradient, Hessian-vector products (single and
 * block) and the outputs, with every workspace allocated once, at creation, and released by {@link #close()}.
 * Obtain one from {@link PassKernels#passes} (the backend decides native or pure Java).
 *
 * <p>Determinism: the m samples are cut into chunks of {@link #chunk()} samples, a size chosen from m alone
 * ({@link #chunkSize}), never from the thread count. Each chunk's contribution (its <em>partial</em>) is computed
 * on its own, the chunks split over the threads in consecutive ranges, and the partials summed in chunk order
 * starting from +0.0. Every result is therefore bit-identical for any number of threads.
 *
 * <p>Thread-safe: calls are serialized (each one already uses every thread of this object). θ, v and the data
 * are never modified.
 */
public abstract class Passes implements AutoCloseable {
    /** At most this many chunks: partials of N doubles each are held at once. */
    public static final int MAX_CHUNKS = 16;
    /** Bytes of partials a block product may hold at once (its vectors are taken in groups within it). */
    static final long BLOCK_PARTIAL_BYTES = 256L << 20;

    /** What a call computes. */
    protected enum Op {
        LOSS, LOSS_GRADIENT, HVP
    }

    protected final NetworkShape shape;
    protected final int samples;
    protected final int chunk;
    protected final int chunks;
    protected final int threads;
    private final ExecutorService pool;
    private boolean closed;

    /**
     * @param threads the threads the passes run on (the calling thread and threads − 1 workers)
     */
    protected Passes(NetworkShape shape, int samples, int threads) {
        this.shape = shape;
        this.samples = samples;
        this.chunk = chunkSize(samples);
        this.chunks = (samples + chunk - 1) / chunk;
        this.threads = Math.max(1, Math.min(threads, chunks));
        this.pool = this.threads > 1 ? Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(r, "shortcut-hessian-passes");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * @return the samples per chunk for a data set of m samples: 512, or more when m needs more than
     *         {@value #MAX_CHUNKS} chunks (a multiple of 64, the native kernels' block)
     */
    public static int chunkSize(int m) {
        int perChunk = (m + MAX_CHUNKS - 1) / MAX_CHUNKS;
        return Math.max(512, (perChunk + 63) / 64 * 64);
    }

    /** @return the network. */
    public NetworkShape shape() {
        return shape;
    }

    /** @return m. */
    public int samples() {
        return samples;
    }

    /** @return samples per chunk. */
    public int chunk() {
        return chunk;
    }

    /** @return the number of chunks. */
    public int chunks() {
        return chunks;
    }

    /** @return the threads a call runs on. */
    public int threads() {
        return threads;
    }

    /** @return which implementation runs the passes, e.g. "native avx512" or "java". */
    public abstract String implementation();

    /** @return L(θ) = 1/(2m)·Σ_j ‖f(x_j) − y_j‖². */
    public final synchronized double loss(double[] theta) {
        check(theta, "theta");
        double[] out = new double[1];
        run(Op.LOSS, theta, null, 0, out, null);
        return out[0];
    }

    /**
     * Computes L(θ) and ∇L(θ) in one forward and one backward pass.
     *
     * @param gradient overwritten with ∇L(θ) (length N)
     * @return L(θ)
     */
    public final synchronized double lossAndGradient(double[] theta, double[] gradient) {
        check(theta, "theta");
        check(gradient, "gradient");
        double[] loss = new double[1];
        run(Op.LOSS_GRADIENT, theta, null, 0, loss, gradient);
        return loss[0];
    }

    /**
     * out = H(θ)·v by forward-over-reverse (exact, with the σ'' terms of tanh).
     *
     * @param out overwritten (length N; not the same array as v)
     */
    public final synchronized void hvp(double[] theta, double[] v, double[] out) {
        check(theta, "theta");
        check(v, "v");
        check(out, "out");
        run(Op.HVP, theta, v, 1, null, out);
    }

    /**
     * out = H(θ)·V for k directions in one pass over the data per group of directions: V and out are N×k
     * column-major (direction t at [t·N, (t+1)·N)). Column t equals {@link #hvp} of direction t bit for bit.
     *
     * @param out overwritten (length N·k)
     */
    public final synchronized void hvpBlock(double[] theta, double[] v, int k, double[] out) {
        check(theta, "theta");
        int n = shape.parameters();
        if (k < 1 || v.length != (long) n * k || out.length != (long) n * k) {
            throw new IllegalArgumentException("hvpBlock: V and out must be N×k = " + n + "×" + k + " (lengths "
                    + v.length + ", " + out.length + ")");
        }
        long perDirection = 8L * n * chunks;
        int group = (int) Math.max(1, Math.min(k, BLOCK_PARTIAL_BYTES / perDirection));
        if (group == k) {
            run(Op.HVP, theta, v, k, null, out); // one group: no copies
            return;
        }
        for (int t0 = 0; t0 < k; t0 += group) {
            int g = Math.min(group, k - t0);
            double[] vg = java.util.Arrays.copyOfRange(v, t0 * n, (t0 + g) * n);
            double[] og = new double[g * n];
            run(Op.HVP, theta, vg, g, null, og);
            System.arraycopy(og, 0, out, t0 * n, g * n);
        }
    }

    /**
     * The network's outputs: f[j·d + c] = f(x_j)[c] (d×m, the inputs' layout).
     *
     * @param f overwritten (length d·m)
     */
    public final synchronized void forward(double[] theta, double[] f) {
        check(theta, "theta");
        if (f.length != (long) shape.dim() * samples) {
            throw new IllegalArgumentException("forward: f has length " + f.length + ", expected d·m = "
                    + (long) shape.dim() * samples);
        }
        ensureOpen();
        doForward(theta, f);
    }

    private void check(double[] a, String what) {
        if (a.length != shape.parameters()) {
            throw new IllegalArgumentException(what + ": length " + a.length + ", expected N = " + shape.parameters());
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("these passes are closed");
        }
    }

    /** Loads the arguments, computes every chunk's partial over the threads, and reduces in chunk order. */
    private void run(Op op, double[] theta, double[] v, int k, double[] scalar, double[] vector) {
        ensureOpen();
        prepare(op, theta, v, k);
        if (pool == null) {
            chunkPartials(op, 0, 0, chunks, k);
        } else {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 1; t < threads; t++) {
                int slot = t;
                int c0 = (int) ((long) chunks * t / threads);
                int c1 = (int) ((long) chunks * (t + 1) / threads);
                futures.add(pool.submit(() -> chunkPartials(op, slot, c0, c1, k)));
            }
            chunkPartials(op, 0, 0, (int) ((long) chunks / threads), k);
            Tasks.await(futures, "passes");
        }
        reduce(op, k, scalar, vector);
    }

    /** Copies θ (and for HVP the k directions, N×k) into the implementation's storage. */
    protected abstract void prepare(Op op, double[] theta, double[] v, int k);

    /**
     * Computes the partials of chunks [c0, c1) on workspace slot (0 ≤ slot &lt; threads; concurrent calls use
     * different slots) into the implementation's partial storage, chunk c at position c.
     */
    protected abstract void chunkPartials(Op op, int slot, int c0, int c1, int k);

    /**
     * Sums the partials of every chunk in chunk order from +0.0: the loss into scalar[0] (LOSS,
     * LOSS_GRADIENT), the gradient or the k products into vector (LOSS_GRADIENT, HVP).
     */
    protected abstract void reduce(Op op, int k, double[] scalar, double[] vector);

    /** The outputs f for every sample (no reduction). */
    protected abstract void doForward(double[] theta, double[] f);

    /** Releases the implementation's memory. */
    protected abstract void release();

    /** Releases every workspace and the threads. Idempotent. */
    @Override
    public final synchronized void close() {
        if (!closed) {
            closed = true;
            if (pool != null) {
                pool.shutdownNow();
            }
            release();
        }
    }
}
