package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.NetworkSpec;

/**
 * One Curvature used from 4 threads at once gives, call for call, the same bits as the calls made one after
 * another: loss, gradient, the dense Hessian on both paths, and Hessian-vector products.
 */
class ConcurrentCurvatureTest {
    static final int THREADS = 4;
    static final int POINTS = 6;
    static final int ROUNDS = 5;

    /** Everything computed at one θ, as bits to compare. */
    record Values(double loss, double[] gradient, double[] hessian, double[] hvp) {
        void assertSame(Values other, String where) {
            assertEquals(Double.doubleToRawLongBits(loss), Double.doubleToRawLongBits(other.loss), where + ": loss");
            assertArrayEquals(gradient, other.gradient, 0.0, where + ": gradient");
            assertArrayEquals(hessian, other.hessian, 0.0, where + ": Hessian");
            assertArrayEquals(hvp, other.hvp, 0.0, where + ": HVP");
        }
    }

    static Values compute(Curvature c, double[] theta, Curvature.HessianPath path, double[] v) {
        double[] h;
        try (DenseMatrix m = c.hessian(theta, path)) {
            h = new double[(int) m.size()];
            for (int q = 0; q < h.length; q++) {
                h[q] = m.getLinear(q);
            }
        }
        return new Values(c.loss(theta), c.gradient(theta), h, c.hvp(theta, v));
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"NATIVE", "JAVA"})
    void fourThreadsGiveTheSerialBits(BackendKind kind) throws Exception {
        Backend backend = Backends.of(kind);
        NetworkSpec relu = Fixtures.spec(4, 3, 2, true, "identity", "relu", "identity");
        NetworkSpec linear = NetworkSpec.linear(4, 3, 2, true);
        Dataset data = Fixtures.data(4, 700, 3); // more than one range of samples: the parallel reduction runs
        List<Curvature> curvatures = List.of(new Curvature(relu, data, backend), new Curvature(linear, data, backend));
        List<Curvature.HessianPath> paths = List.of(Curvature.HessianPath.GENERAL, Curvature.HessianPath.MOMENTS);
        double[][] thetas = new double[POINTS][];
        double[][] directions = new double[POINTS][];
        Values[][] serial = new Values[2][POINTS];
        for (int k = 0; k < 2; k++) {
            for (int p = 0; p < POINTS; p++) {
                thetas[p] = Fixtures.theta(relu, 0.4, 10 + p);
                directions[p] = Fixtures.theta(relu, 1.0, 50 + p);
                serial[k][p] = compute(curvatures.get(k), thetas[p], paths.get(k), directions[p]);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        for (int i = 0; i < 2 * POINTS; i++) {
                            int q = (i + offset * 3 + r) % (2 * POINTS); // each thread in another order
                            int k = q % 2;
                            int p = q / 2;
                            Values v = compute(curvatures.get(k), thetas[p], paths.get(k), directions[p]);
                            v.assertSame(serial[k][p], "thread " + offset + ", path " + paths.get(k) + ", point " + p);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
