package org.shortcuthessian.curvature;


import java.util.Locale;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.linalg.passes.Passes;

/**
 * Exact curvature of an n-shortcut network's loss L(θ) = 1/(2m)·Σ_j ‖f(x_j) − y_j‖² on a data set:
 * loss, gradient, Hessian-vector product and the dense Hessian (parameter order of docs/DESIGN.md).
 *
 * <pre>{@code
 * NetworkSpec spec = new NetworkSpec(10, 8, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
 * Curvature curv = new Curvature(spec, Dataset.read(xNpy, yNpy, 10), Backends.get());
 * double[] theta = Initialization.XAVIER.sample(spec, 42);
 * double loss = curv.loss(theta);
 * try (DenseMatrix h = curv.hessian(theta)) { ... }
 * }</pre>
 *
 * Immutable and thread-safe: concurrent calls on different θ are fine. θ and v are never modified.
 */
public final class Curvature implements AutoCloseable {
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

    /** Which exact path assembles the dense Hessian. */
    public enum HessianPath {
        /** MOMENTS for linear networks, GENERAL otherwise. */
        AUTO,
        /** From the data moments Σxx, Σyx: linear networks only, cost independent of m. */
        MOMENTS,
        /** Sums over samples with GEMMs over packed panels: any activations. */
        GENERAL
    }

    private final NetworkSpec spec;
    private final Dataset data;
    private final Backend backend;
    private volatile Passes passes;
    private java.lang.ref.Cleaner.Cleanable cleanable;
    private boolean closed;

    /**
     * @param backend the linear algebra and kernels every computation of this object runs on (for the
     *                default one, pass {@code Backends.get()} explicitly)
     */
    public Curvature(NetworkSpec spec, Dataset data, Backend backend) {
        java.util.Objects.requireNonNull(backend, "Curvature: backend");
        if (data.dim() != spec.dim()) {
            throw new IllegalArgumentException("Curvature: data of dimension " + data.dim() + " for a network of dim "
                    + spec.dim());
        }
        this.spec = spec;
        this.data = data;
        this.backend = backend;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Dataset data() {
        return data;
    }

    public Backend backend() {
        return backend;
    }

    /** @return N. */
    public int parameters() {
        return spec.parameterCount();
    }

    private void checkTheta(double[] theta, String what) {
        if (theta.length != spec.parameterCount()) {
            throw new IllegalArgumentException(what + ": length " + theta.length + ", expected N = R·n·d² = "
                    + spec.parameterCount());
        }
        for (int q = 0; q < theta.length; q++) {
            if (!Double.isFinite(theta[q])) {
                throw new IllegalArgumentException(what + ": " + theta[q] + " at index " + q);
            }
        }
    }

    /**
     * @return the passes of this network over this data set on the backend: created on first use (the data
     *         copied once, every workspace allocated once), reused by every later call, released by {@link #close()}
     */
    private Passes passes() {
        Passes p = passes;
        if (p == null) {
            synchronized (this) {
                p = passes;
                if (p == null) {
                    if (closed) {
                        throw new IllegalStateException("Curvature: closed");
                    }
                    p = backend.passes(spec.shape(), data.inputs(), data.targets(), data.samples(),
                            Math.max(1, backend.threads()));
                    cleanable = CLEANER.register(this, p::close);
                    passes = p;
                }
            }
        }
        return p;
    }

    /** @return which implementation runs the passes (e.g. "native avx512", "java"), creating them if needed. */
    public String passesImplementation() {
        return passes().implementation();
    }

    /** @return L(θ) (one forward pass). */
    public double loss(double[] theta) {
        checkTheta(theta, "theta");
        return passes().loss(theta);
    }

    /** @return ∇L(θ), length N (one forward and one backward pass). */
    public double[] gradient(double[] theta) {
        checkTheta(theta, "theta");
        double[] g = new double[spec.parameterCount()];
        passes().lossAndGradient(theta, g);
        return g;
    }

    /**
     * Loss and gradient together, as training needs them.
     *
     * @param loss     L(θ)
     * @param gradient ∇L(θ), length N
     */
    public record LossGradient(double loss, double[] gradient) {
    }

    /**
     * @return L(θ) and ∇L(θ) in one pass: for a linear network from the data moments
     *         ({@link MomentsHessian#lossAndGradient}: after the first call, which computes the moments, cost
     *         independent of m; equal to the sample sums up to rounding), otherwise one forward and backward
     *         pass over the samples
     */
    public LossGradient lossAndGradient(double[] theta) {
        checkTheta(theta, "theta");
        if (spec.isLinear()) {
            return MomentsHessian.lossAndGradient(spec, data, theta);
        }
        double[] g = new double[spec.parameterCount()];
        double loss = passes().lossAndGradient(theta, g);
        return new LossGradient(loss, g);
    }

    /**
     * @return H(θ)·v by forward-over-reverse, without forming H: memory O(N + m·d·layers), a few
     *         passes over the data
     */
    public double[] hvp(double[] theta, double[] v) {
        checkTheta(theta, "theta");
        checkTheta(v, "v");
        double[] out = new double[v.length];
        passes().hvp(theta, v, out);
        return out;
    }

    /**
     * @return H(θ)·V for the k columns of V (N×k column-major, direction t at [t·N, (t+1)·N)) in one pass over
     *         the data per group of directions: the forward and backward passes are shared by the k directions,
     *         so k products cost well under k single ones. Column t equals {@link #hvp} of direction t bit for bit.
     */
    public double[] hvpBlock(double[] theta, double[] v, int k) {
        checkTheta(theta, "theta");
        if (k < 1 || v.length != (long) spec.parameterCount() * k) {
            throw new IllegalArgumentException("hvpBlock: V has length " + v.length + ", expected N·k = "
                    + spec.parameterCount() + "·" + k);
        }
        for (int q = 0; q < v.length; q++) {
            if (!Double.isFinite(v[q])) {
                throw new IllegalArgumentException("hvpBlock: V: " + v[q] + " at index " + q);
            }
        }
        double[] out = new double[v.length];
        passes().hvpBlock(theta, v, k, out);
        return out;
    }

    /**
     * out = H(θ)·V for k directions (k = 1: one product) without checking θ again and with no result copy: for
     * {@link HessianOperator}, which checked θ once when it was made and whose products are called many times.
     * V must be finite; out is overwritten.
     */
    void productInto(double[] theta, double[] v, int k, double[] out) {
        for (int q = 0; q < v.length; q++) {
            if (!Double.isFinite(v[q])) {
                throw new IllegalArgumentException("v: " + v[q] + " at index " + q);
            }
        }
        if (k == 1) {
            passes().hvp(theta, v, out);
        } else {
            passes().hvpBlock(theta, v, k, out);
        }
    }

    /**
     * The network's outputs f(x_j) for every sample, d×m column-major like the inputs.
     */
    public double[] outputs(double[] theta) {
        checkTheta(theta, "theta");
        double[] f = new double[data.dim() * data.samples()];
        passes().forward(theta, f);
        return f;
    }

    /**
     * @return the Hessian at θ as an operator (one HVP per application, no N×N memory) for Lanczos,
     *         stochastic Lanczos quadrature and trace estimates; θ is copied
     */
    public HessianOperator hessianOperator(double[] theta) {
        checkTheta(theta, "theta");
        return new HessianOperator(this, theta.clone());
    }

    /** @return the dense Hessian at θ in a new N×N matrix of the backend (close it); path AUTO. */
    public DenseMatrix hessian(double[] theta) {
        return hessian(theta, HessianPath.AUTO);
    }

    /**
     * @return the dense Hessian at θ in a new N×N matrix of the backend (the caller closes it)
     * @throws HessianTooLargeException if 8·N² bytes cannot be had, before allocating anything
     */
    public DenseMatrix hessian(double[] theta, HessianPath path) {
        checkTheta(theta, "theta");
        int n = spec.parameterCount();
        requireFits(n, backend);
        // every path writes every entry: native memory need not be zeroed first
        DenseMatrix h = backend.allocateUninitialized(n, n);
        try {
            fillHessian(theta, path, h);
            return h;
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
    }

    /** Fills h (N×N, overwritten) with the Hessian at θ by the given path. */
    public void fillHessian(double[] theta, HessianPath path, DenseMatrix h) {
        checkTheta(theta, "theta");
        int n = spec.parameterCount();
        if (h.rows() != n || h.cols() != n) {
            throw new IllegalArgumentException("fillHessian: h is " + h.rows() + "×" + h.cols() + ", expected " + n + "×" + n);
        }
        HessianPath p = path == HessianPath.AUTO ? (spec.isLinear() ? HessianPath.MOMENTS : HessianPath.GENERAL) : path;
        if (p == HessianPath.MOMENTS) {
            MomentsHessian.fill(backend, spec, data, theta, h);
        } else {
            GeneralHessian.fill(backend, spec, data, theta, h);
        }
    }

    /** @return which path AUTO takes for this network. */
    public HessianPath autoPath() {
        return spec.isLinear() ? HessianPath.MOMENTS : HessianPath.GENERAL;
    }

    /**
     * Refuses a dense N×N matrix that would not fit: native memory (JavaCPP's limit and the machine's
     * free physical memory) for the native backend, the Java heap for the pure-Java one.
     *
     * @throws HessianTooLargeException naming N, the bytes needed and the matrix-free alternative
     */
    public static void requireFits(long n, Backend backend) {
        long need = 8L * n * n;
        long available = availableBytes(n, backend);
        if (need > available) {
            throw new HessianTooLargeException(n, need, available);
        }
    }

    /** @return whether {@link #requireFits} would accept a dense N×N matrix. */
    public static boolean fits(long n, Backend backend) {
        return 8L * n * n <= availableBytes(n, backend);
    }

    /** Bytes a dense N×N matrix of the backend can have now (the backend says: native memory or the heap). */
    private static long availableBytes(long n, Backend backend) {
        return backend.availableBytes();
    }

    /**
     * Releases the passes' native memory and threads now (a Curvature that is never closed releases them when
     * it is garbage-collected). Later calls that need the passes fail; the dense Hessian paths still work.
     */
    @Override
    public void close() {
        Passes p;
        synchronized (this) {
            closed = true;
            p = passes;
            passes = null;
        }
        if (p != null) {
            cleanable.clean();
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Curvature[%s, m=%d, %s]", spec, data.samples(), backend.description());
    }
}
