package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Hessian assembly and one Hessian-vector product of 2-shortcut networks on R^10 with MNIST-like data
 * (whitened inputs, one-hot targets), as issue 3 asks: linear R = 8 (N = 1600) and R = 32 (N = 6400)
 * through the moments path; relu at mid, R = 8, through the general path on the native and the
 * pure-Java backend; one HVP at R = 32. The Hessian buffer is allocated once per trial and filled in
 * place: no allocation of N×N memory inside the measured call.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class HessianBench extends AbstractBench {
    /** Network: activation at mid and units R (d = 10, n = 2, shortcut). */
    @Param({"linear-8", "linear-32", "relu-8"})
    public String network;

    /** Samples m. */
    @Param("10000")
    public int samples;

    /** Which backend assembles (and allocates) the Hessian. */
    @Param({"native", "java"})
    public String backend;

    private Curvature curvature;
    private double[] theta;
    private double[] direction;
    private DenseMatrix hessian;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = network.split("-");
        Activation mid = "relu".equals(parts[0]) ? Activation.RELU : Activation.IDENTITY;
        NetworkSpec spec = new NetworkSpec(10, Integer.parseInt(parts[1]), 2, true, Activation.IDENTITY, mid,
                Activation.IDENTITY);
        Backend b = "java".equals(backend) ? javaBackend : nativeBackend;
        Dataset data = SyntheticData.whitenedOneHot(10, samples, seed, nativeBackend);
        curvature = new Curvature(spec, data, b);
        theta = Initialization.XAVIER.sample(spec, seed);
        direction = Initialization.XAVIER.sample(spec, seed + 1);
        hessian = b.allocate(spec.parameterCount(), spec.parameterCount());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        hessian.close();
        curvature.close();
    }

    /** The dense Hessian, path chosen automatically (moments for linear, general for relu). */
    @Benchmark
    public DenseMatrix hessian() {
        curvature.fillHessian(theta, Curvature.HessianPath.AUTO, hessian);
        return hessian;
    }

    /** One Hessian-vector product (forward-over-reverse, no N×N memory). */
    @Benchmark
    public double[] hvp() {
        return curvature.hvp(theta, direction);
    }
}
