package org.shortcuthessian.linalg.openblas;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Passes;

/**
 * The passes on the project's C kernels ({@code native/src/passes*.c}): a plan ({@code sh_passes}) with one
 * workspace per thread, the data copied once into native memory, θ and the directions copied in per call,
 * every chunk's partial written to native memory and reduced there ({@code sh_passes_reduce}) in chunk order.
 * One JNI call per chunk range and per reduction.
 */
final class NativePasses extends Passes {
    private final Pointer plan;
    private final NativeWorkspace x;
    private final NativeWorkspace y;
    private final NativeWorkspace theta;
    private final NativeWorkspace lossPartials;
    private final NativeWorkspace scalar;
    private NativeWorkspace directions;
    private NativeWorkspace partials;
    private NativeWorkspace reduced;
    private final String isa;

    NativePasses(NetworkShape shape, double[] inputs, double[] targets, int samples, int threads) {
        super(shape, samples, threads);
        this.plan = ShKernels.sh_passes_create(shape.dim(), shape.units(), shape.depth(), shape.shortcut() ? 1 : 0,
                shape.pre().code(), shape.mid().code(), shape.post().code(), samples, 0, chunk, this.threads, 1);
        if (plan == null || plan.isNull()) {
            throw new OutOfMemoryError("passes: the native plan for N = " + shape.parameters() + ", m = " + samples
                    + " could not be created (memory)");
        }
        if (ShKernels.sh_passes_chunk(plan) != chunk) {
            ShKernels.sh_passes_free(plan);
            throw new IllegalStateException("passes: the native plan chose chunks of " + ShKernels.sh_passes_chunk(plan)
                    + " samples, expected " + chunk);
        }
        this.isa = ShKernels.sh_passes_isa(plan).getString();
        long dm = (long) shape.dim() * samples;
        this.x = new NativeWorkspace(dm);
        this.y = new NativeWorkspace(dm);
        x.put(0, inputs, 0, inputs.length);
        y.put(0, targets, 0, targets.length);
        this.theta = new NativeWorkspace(shape.parameters());
        this.lossPartials = new NativeWorkspace(chunks);
        this.scalar = new NativeWorkspace(1);
    }

    @Override
    public String implementation() {
        return "native " + isa;
    }

    @Override
    protected void prepare(Op op, double[] theta, double[] v, int k) {
        int n = shape.parameters();
        this.theta.put(0, theta, 0, n);
        long width = op == Op.LOSS ? 1 : (long) n * (op == Op.HVP ? k : 1);
        if (partials == null || partials.length() < width * chunks) {
            free(partials);
            free(reduced);
            partials = new NativeWorkspace(width * chunks);
            reduced = new NativeWorkspace(width);
        }
        if (op == Op.HVP) {
            if (directions == null || directions.length() < (long) n * k) {
                free(directions);
                directions = new NativeWorkspace((long) n * k);
            }
            directions.put(0, v, 0, n * k);
        }
    }

    @Override
    protected void chunkPartials(Op op, int slot, int c0, int c1, int k) {
        if (c0 >= c1) {
            return;
        }
        int n = shape.parameters();
        long from = (long) c0 * chunk;
        long to = Math.min(samples, (long) c1 * chunk);
        DoublePointer th = theta.at(0);
        switch (op) {
            case LOSS -> ShKernels.sh_passes_loss(plan, slot, th, x.at(0), y.at(0), from, to, lossPartials.at(c0), 0);
            case LOSS_GRADIENT -> ShKernels.sh_passes_loss_gradient(plan, slot, th, x.at(0), y.at(0), from, to,
                    lossPartials.at(c0), partials.at((long) c0 * n), n, 0);
            case HVP -> ShKernels.sh_passes_hvp_block(plan, slot, th, x.at(0), y.at(0), k, directions.at(0), n, from, to,
                    partials.at((long) c0 * n * k), n, 0);
            default -> throw new IllegalStateException(op.name());
        }
    }

    @Override
    protected void reduce(Op op, int k, double[] scalarOut, double[] vector) {
        if (scalarOut != null) {
            ShKernels.sh_passes_reduce(chunks, 1, lossPartials.at(0), 1, scalar.at(0));
            scalar.get(0, scalarOut, 0, 1);
        }
        if (vector != null && op != Op.LOSS) {
            long width = (long) shape.parameters() * (op == Op.HVP ? k : 1);
            ShKernels.sh_passes_reduce(chunks, width, partials.at(0), width, reduced.at(0));
            reduced.get(0, vector, 0, (int) width);
        }
    }

    @Override
    protected void doForward(double[] theta, double[] f) {
        this.theta.put(0, theta, 0, theta.length);
        try (NativeWorkspace out = new NativeWorkspace(f.length)) {
            ShKernels.sh_passes_forward(plan, 0, this.theta.at(0), x.at(0), 0, samples, out.at(0));
            out.get(0, f, 0, f.length);
        }
    }

    private static void free(NativeWorkspace w) {
        if (w != null) {
            w.close();
        }
    }

    @Override
    protected void release() {
        ShKernels.sh_passes_free(plan);
        free(x);
        free(y);
        free(theta);
        free(lossPartials);
        free(scalar);
        free(directions);
        free(partials);
        free(reduced);
    }
}
