package org.shortcuthessian.bench;

import org.openjdk.jmh.annotations.Param;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Curvature of a 2-shortcut network on R^10 (d = 10, n = 2) with MNIST-like data (seeded synthetic
 * whitened inputs, one-hot targets) at seeded Xavier weights: N = R·n·d² = 200·R parameters,
 * N ∈ {400, 1600, 6400} (R = 2, 8, 32), m ∈ {1000, 10 000, 60 000} samples, {@code linear} (all
 * activations identity: the moments path) or {@code relu} (relu at mid: the general path).
 * Contenders: this library's {@code native} and {@code java} backends (no other library computes
 * these Hessians; PyTorch is compared by {@code bench/hessian-vs-pytorch}).
 */
public abstract class AbstractNetworkBench extends SuiteBench {
    /** Input dimension d. */
    public static final int DIM = 10;
    /** Layers per unit (the shortcut length n). */
    public static final int DEPTH = 2;

    /** Contender: the backend that the {@code Curvature} works on. */
    @Param({"native", "java"})
    public String contender;

    /** Parameters N (a multiple of n·d² = 200). */
    @Param({"400", "1600", "6400"})
    public int size;

    /** Activations: {@code linear} (moments path) or {@code relu} at mid (general path). */
    @Param({"linear", "relu"})
    public String network;

    /** Samples m. */
    @Param({"1000", "10000", "60000"})
    public int samples;

    protected NetworkSpec spec;
    protected Curvature curvature;
    protected Backend backend;
    protected double[] theta;

    /** Makes the network, the data, the weights and {@link #curvature} on the contender's backend. */
    protected final void prepareNetwork() {
        int perUnit = DEPTH * DIM * DIM;
        if (size % perUnit != 0) {
            throw new IllegalArgumentException("size = " + size + " is not a multiple of n·d² = " + perUnit);
        }
        Activation mid = switch (network) {
            case "linear" -> Activation.IDENTITY;
            case "relu" -> Activation.RELU;
            default -> throw new IllegalArgumentException("network = " + network + ", expected linear or relu");
        };
        spec = new NetworkSpec(DIM, size / perUnit, DEPTH, true, Activation.IDENTITY, mid, Activation.IDENTITY);
        backend = switch (kind) {
            case NATIVE -> nativeBackend;
            case JAVA -> javaBackend;
            default -> throw unsupported();
        };
        Dataset data = SyntheticData.whitenedOneHot(DIM, samples, seed, nativeBackend);
        curvature = new Curvature(spec, data, backend);
        own(curvature); // its passes' native memory, released after the trial
        theta = Initialization.XAVIER.sample(spec, seed);
    }

    /** @return a seeded direction in parameter space. */
    protected final double[] direction() {
        return Initialization.XAVIER.sample(spec, seed + 1);
    }

    /** @throws IllegalStateException unless the vectors agree to rel·max|expected| entry by entry */
    protected final void expectVectorClose(String what, double[] expected, double[] actual, double rel) {
        double scale = 0;
        for (double x : expected) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int q = 0; q < expected.length; q++) {
            if (!(Math.abs(actual[q] - expected[q]) <= rel * scale)) {
                expectClose(what + "[" + q + "] (max|·| = " + scale + ")", expected[q], actual[q], 0);
            }
        }
    }
}
