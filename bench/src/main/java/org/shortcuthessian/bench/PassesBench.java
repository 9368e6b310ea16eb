package org.shortcuthessian.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * The passes (issue 11) on the two networks of the issue, as bench/passes-vs-pytorch times PyTorch:
 * (a) d = 10, R = 8, n = 2, relu at mid, shortcut, m = 10 000 (N = 1600); (b) d = 64, R = 32, m = 2000
 * (N = 262 144). Operations: one loss and gradient, one Hessian-vector product, a block of 16 products, 200
 * gradient-descent updates (network a; what {@code train --epochs 200} computes). Gaussian
 * inputs and one-hot targets (seeded), Xavier weights, on the contender's backend with OpenBLAS's thread count
 * as the passes' threads ({@code -p threads}). Single-shot times; report the minimum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx8g"})
public class PassesBench {
    @Param({"native", "java"})
    public String contender;

    /** a: N = 1600, m = 10 000; b: N = 262 144, m = 2000. */
    @Param({"a", "b"})
    public String network;

    /** gd200: 200 full-batch gradient-descent updates (GradientDescent, as the train command runs them). */
    @Param({"loss_gradient", "hvp", "hvp_block16", "gd200"})
    public String op;

    /** Threads of the passes (and OpenBLAS's). */
    @Param({"2"})
    public int threads;

    private Curvature curvature;
    private double[] theta;
    private double[] v;
    private double[] block;
    private Runnable call;
    private double sink;

    @Setup(Level.Trial)
    public void setUp() {
        int d = network.equals("a") ? 10 : 64;
        int units = network.equals("a") ? 8 : 32;
        int m = network.equals("a") ? 10_000 : 2000;
        Backend backend = Backends.of(contender.equals("native") ? BackendKind.NATIVE : BackendKind.JAVA);
        backend.setThreads(threads); // the benchmark is the application: it owns OpenBLAS's thread count
        NetworkSpec spec = new NetworkSpec(d, units, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        SplittableRandom rnd = new SplittableRandom(1);
        double[] x = new double[d * m];
        double[] y = new double[d * m];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                x[j * d + c] = rnd.nextGaussian();
            }
            y[j * d + rnd.nextInt(d)] = 1.0;
        }
        curvature = new Curvature(spec, new Dataset(d, x, y), backend);
        theta = Initialization.XAVIER.sample(spec, 1);
        int n = spec.parameterCount();
        v = new double[n];
        block = new double[16 * n];
        for (int q = 0; q < block.length; q++) {
            block[q] = rnd.nextGaussian();
        }
        System.arraycopy(block, 0, v, 0, n);
        call = switch (op) {
            case "loss_gradient" -> () -> sink += curvature.lossAndGradient(theta).loss();
            case "hvp" -> () -> sink += curvature.hvp(theta, v)[0];
            case "hvp_block16" -> () -> sink += curvature.hvpBlock(theta, block, 16)[0];
            case "gd200" -> () -> sink += org.shortcuthessian.training.GradientDescent.train(curvature, theta,
                    org.shortcuthessian.training.TrainingConfig.of(0.01, 200)).records().size();
            default -> throw new IllegalArgumentException("op = " + op);
        };
        call.run(); // creates the passes (their workspaces) outside the measurement
    }

    @Benchmark
    public double run() {
        call.run();
        return sink;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        curvature.close();
    }
}
