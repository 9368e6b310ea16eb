package org.shortcuthessian.curvature;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.shortcuthessian.linalg.SymmetricOperator;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.Trace;

/**
 * The Hessian H(θ) at a fixed θ as a {@link SymmetricOperator}: each {@link #apply} is one exact
 * Hessian-vector product by forward-over-reverse ({@link HessianVectorProduct}), with no N×N memory.
 *
 * <p>The forward and backward passes do not depend on the direction, so they are run once and kept when
 * they take at most a quarter of the heap this JVM may still grow to ({@link #cachesPasses()}); otherwise
 * every product redoes them. Samples are split into fixed ranges of {@value #CHUNK}, run in parallel and
 * summed in range order: a product is bit-identical whatever the number of threads.
 * Obtain one from {@link Curvature#hessianOperator(double[])}. Thread-safe.
 */
public final class HessianOperator implements SymmetricOperator {
    /** Samples per range: fixed, so that results do not depend on the number of cores. */
    static final int CHUNK = 512;

    private final NetworkSpec spec;
    private final Dataset data;
    private final double[] theta;
    private final List<Trace> traces;
    private final AtomicLong products = new AtomicLong();

    HessianOperator(NetworkSpec spec, Dataset data, double[] theta) {
        this.spec = spec;
        this.data = data;
        this.theta = theta;
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        this.traces = passBytes(spec, data.samples()) <= free / 4 ? passes() : null;
    }

    /** @return an estimate of the bytes the kept forward and backward passes take. */
    static long passBytes(NetworkSpec spec, int samples) {
        long perSample = 4L * spec.layers() + 2L * (spec.units() + 1) + 1;
        return 8L * spec.dim() * samples * perSample;
    }

    /**
     * An estimate of the Java heap the Hessian of spec on m samples takes as an operator: the forward and
     * backward passes ({@link #passBytes}: kept between products, or redone for each), and during a product one
     * partial sum of N doubles per range of {@value #CHUNK} samples and the result: passBytes + 8·N·(⌈m/CHUNK⌉ + 1).
     */
    public static long heapBytes(NetworkSpec spec, int samples) {
        long ranges = (samples + (long) CHUNK - 1) / CHUNK;
        return passBytes(spec, samples) + 8L * spec.parameterCount() * (ranges + 1);
    }

    private List<Trace> passes() {
        return passes(spec, data, theta);
    }

    /** The forward and backward passes over the fixed ranges of {@value #CHUNK} samples, in range order. */
    static List<Trace> passes(NetworkSpec spec, Dataset data, double[] theta) {
        int m = data.samples();
        int ranges = (m + CHUNK - 1) / CHUNK;
        return IntStream.range(0, ranges).parallel().mapToObj(c -> {
            Trace t = new Trace(spec, theta, data, c * CHUNK, Math.min(m, (c + 1) * CHUNK));
            t.backward(m);
            return t;
        }).toList();
    }

    /**
     * The one Hessian-vector reduction every entry point uses ({@link #apply}, {@link Curvature#hvp}):
     * out = H(θ)·in, each range's product computed in parallel and the ranges summed in order, so the
     * result is bit-identical whatever the entry point and the number of threads.
     *
     * @param traces the passes of {@link #passes(NetworkSpec, Dataset, double[])}, or null to run them now
     * @param out    overwritten; in is not modified
     */
    static void product(NetworkSpec spec, Dataset data, double[] theta, List<Trace> traces, double[] in, double[] out) {
        int n = spec.parameterCount();
        List<Trace> ts = traces != null ? traces : passes(spec, data, theta);
        int m = data.samples();
        List<double[]> parts = IntStream.range(0, ts.size()).parallel().mapToObj(c -> {
            double[] hv = new double[n];
            HessianVectorProduct.accumulate(spec, theta, ts.get(c), m, in, hv);
            return hv;
        }).toList();
        System.arraycopy(parts.get(0), 0, out, 0, n);
        for (int c = 1; c < parts.size(); c++) {
            double[] p = parts.get(c);
            for (int q = 0; q < n; q++) {
                out[q] += p[q];
            }
        }
    }

    @Override
    public int dimension() {
        return spec.parameterCount();
    }

    /** @return whether the forward and backward passes are kept between products. */
    public boolean cachesPasses() {
        return traces != null;
    }

    /** @return how many products have been computed so far. */
    public long products() {
        return products.get();
    }

    @Override
    public void apply(double[] in, double[] out) {
        int n = spec.parameterCount();
        if (in.length != n || out.length != n) {
            throw new IllegalArgumentException("HessianOperator.apply: vectors of length " + in.length + " and "
                    + out.length + ", expected N = " + n);
        }
        if (in == out) {
            throw new IllegalArgumentException("HessianOperator.apply: out must not be the same array as in");
        }
        product(spec, data, theta, traces, in, out);
        products.incrementAndGet();
    }
}
