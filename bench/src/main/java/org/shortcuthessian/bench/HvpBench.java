package org.shortcuthessian.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.network.Initialization;

/**
 * One Hessian-vector product ({@code Curvature.hvp}, forward-over-reverse, no N×N memory) in a seeded
 * direction: the native passes (C kernels) for {@code native}, their pure-Java twin for {@code java}. It returns a new length-N vector (the API's, O(N) against the O(m·N) work). Single-shot time.
 * The last result is checked (see {@link #check}). See {@link AbstractNetworkBench}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx8g"})
public class HvpBench extends AbstractNetworkBench {
    private double[] v;

    @Override
    protected void prepare() {
        prepareNetwork();
        v = direction();
        call = () -> curvature.hvp(theta, v);
    }

    @Benchmark
    public Object run() {
        return runCall();
    }

    /**
     * Linear network: against the central difference (∇L(θ + εv) − ∇L(θ − εv)) / 2ε. Relu network, where a
     * difference of gradients is unreliable (samples at the kink of relu move the gradient by O(1) over
     * any ε): symmetry of H, u·(H·v) = v·(H·u), for a second seeded direction u.
     */
    @Override
    protected void check(Object result) {
        double[] hv = (double[]) result;
        if (spec.isLinear()) {
            double eps = 1e-5;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            for (int q = 0; q < plus.length; q++) {
                plus[q] += eps * v[q];
                minus[q] -= eps * v[q];
            }
            double[] gp = curvature.gradient(plus);
            double[] gm = curvature.gradient(minus);
            double[] fd = new double[gp.length];
            for (int q = 0; q < fd.length; q++) {
                fd[q] = (gp[q] - gm[q]) / (2 * eps);
            }
            expectVectorClose("H·v against finite differences", fd, hv, 1e-6);
        } else {
            double[] u = Initialization.XAVIER.sample(spec, seed + 2);
            double[] hu = curvature.hvp(theta, u);
            double uhv = 0;
            double vhu = 0;
            double scale = 0;
            for (int q = 0; q < u.length; q++) {
                uhv += u[q] * hv[q];
                vhu += v[q] * hu[q];
                scale += Math.abs(u[q] * hv[q]);
            }
            expectClose("u·(H·v) against v·(H·u)", vhu, uhv, 1e-10 * Math.max(1, scale));
        }
    }
}
