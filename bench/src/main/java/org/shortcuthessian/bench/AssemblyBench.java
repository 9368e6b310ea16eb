package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.linalg.DenseMatrix;

/**
 * Dense Hessian assembly ({@code Curvature.fillHessian}, path AUTO: moments for {@code linear}, general
 * for {@code relu}) into an N×N matrix of the contender's backend allocated once per trial and
 * overwritten by every call: no N×N allocation in the measured call. Single-shot time. The last
 * Hessian's middle column is checked against a Hessian-vector product. See {@link AbstractNetworkBench}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx12g"})
public class AssemblyBench extends AbstractNetworkBench {
    private DenseMatrix hessian;

    @Override
    protected void prepare() {
        prepareNetwork();
        hessian = backend.allocate(size, size);
        own(hessian);
        call = () -> {
            curvature.fillHessian(theta, Curvature.HessianPath.AUTO, hessian);
            return hessian;
        };
    }

    @Benchmark
    public Object run() {
        return runCall();
    }

    @Override
    protected void check(Object result) {
        DenseMatrix h = (DenseMatrix) result;
        int k = size / 2;
        double[] unit = new double[size];
        unit[k] = 1;
        double[] column = new double[size];
        for (int i = 0; i < size; i++) {
            column[i] = h.get(i, k);
        }
        expectVectorClose("H[:, " + k + "] against H·e_" + k, curvature.hvp(theta, unit), column, 1e-9);
    }
}
