package org.shortcuthessian.curvature;

import java.util.concurrent.atomic.AtomicLong;
import org.shortcuthessian.linalg.SymmetricOperator;
import org.shortcuthessian.network.NetworkSpec;

/**
 * The Hessian H(θ) at a fixed θ as a {@link SymmetricOperator}: each {@link #apply} is one exact
 * Hessian-vector product by forward-over-reverse on the curvature's passes (native or pure Java, as the
 * backend decides), with no N×N memory; {@link #applyBlock} takes k vectors in one pass over the data.
 * Deterministic: products are bit-identical whatever the number of threads. Obtain one from
 * {@link Curvature#hessianOperator(double[])}. Thread-safe.
 */
public final class HessianOperator implements SymmetricOperator {
    private final Curvature curvature;
    private final double[] theta;
    private final AtomicLong products = new AtomicLong();

    HessianOperator(Curvature curvature, double[] theta) {
        this.curvature = curvature;
        this.theta = theta;
    }

    /**
     * An estimate of the Java heap a product of the Hessian of spec on m samples takes: the result, the direction
     * and θ (N doubles each), and for the pure-Java passes one partial of N doubles per chunk and one chunk's
     * forward and backward passes per thread ({@code 8·d·C·(4L + 2(R + 1) + 1)} bytes; the native passes keep
     * theirs off the heap): 8·N·(chunks + 3) + 8·d·C·(4L + 2R + 3)·cores.
     */
    public static long heapBytes(NetworkSpec spec, int samples) {
        int chunk = org.shortcuthessian.linalg.passes.Passes.chunkSize(samples);
        long chunks = (samples + (long) chunk - 1) / chunk;
        long perSample = 4L * spec.layers() + 2L * (spec.units() + 1) + 1;
        long passes = 8L * spec.dim() * chunk * perSample * Runtime.getRuntime().availableProcessors();
        return 8L * spec.parameterCount() * (chunks + 3) + passes;
    }

    @Override
    public int dimension() {
        return curvature.parameters();
    }

    /** @return how many products have been computed so far (a block of k counts k). */
    public long products() {
        return products.get();
    }

    @Override
    public void apply(double[] in, double[] out) {
        int n = dimension();
        if (in.length != n || out.length != n) {
            throw new IllegalArgumentException("HessianOperator.apply: vectors of length " + in.length + " and "
                    + out.length + ", expected N = " + n);
        }
        if (in == out) {
            throw new IllegalArgumentException("HessianOperator.apply: out must not be the same array as in");
        }
        curvature.productInto(theta, in, 1, out);
        products.incrementAndGet();
    }

    @Override
    public void applyBlock(double[] in, int k, double[] out) {
        int n = dimension();
        if (k < 1 || in.length != (long) n * k || out.length != (long) n * k) {
            throw new IllegalArgumentException("HessianOperator.applyBlock: N×k = " + n + "×" + k + " expected, lengths "
                    + in.length + " and " + out.length);
        }
        curvature.productInto(theta, in, k, out);
        products.addAndGet(k);
    }
}
