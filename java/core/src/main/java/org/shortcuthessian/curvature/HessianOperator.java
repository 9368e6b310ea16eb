package org.shortcuthessian.curvature;

import java.util.concurrent.atomic.AtomicLong;
import org.shortcuthessian.linalg.SymmetricOperator;

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
        System.arraycopy(curvature.hvp(theta, in), 0, out, 0, n);
        products.incrementAndGet();
    }

    @Override
    public void applyBlock(double[] in, int k, double[] out) {
        int n = dimension();
        if (k < 1 || in.length != (long) n * k || out.length != (long) n * k) {
            throw new IllegalArgumentException("HessianOperator.applyBlock: N×k = " + n + "×" + k + " expected, lengths "
                    + in.length + " and " + out.length);
        }
        System.arraycopy(curvature.hvpBlock(theta, in, k), 0, out, 0, n * k);
        products.addAndGet(k);
    }
}
