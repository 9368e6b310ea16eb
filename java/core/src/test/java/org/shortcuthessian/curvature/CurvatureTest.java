package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;

/** Loss, gradient, HVP and the two dense Hessian paths against finite differences and each other. */
class CurvatureTest {

    static Stream<Arguments> networks() {
        return Stream.of(
                Arguments.of(Fixtures.spec(3, 2, 2, true, "identity", "identity", "identity")),
                Arguments.of(Fixtures.spec(3, 3, 1, true, "identity", "identity", "identity")),
                Arguments.of(Fixtures.spec(3, 2, 2, false, "identity", "identity", "identity")),
                Arguments.of(Fixtures.spec(3, 1, 3, true, "identity", "identity", "identity")),
                Arguments.of(Fixtures.spec(3, 2, 2, true, "identity", "relu", "identity")),
                Arguments.of(Fixtures.spec(3, 2, 2, false, "relu", "relu", "identity")),
                Arguments.of(Fixtures.spec(3, 2, 2, true, "tanh", "tanh", "tanh")),
                Arguments.of(Fixtures.spec(3, 2, 3, true, "relu", "tanh", "relu")),
                Arguments.of(Fixtures.spec(2, 3, 1, false, "tanh", "identity", "tanh")),
                Arguments.of(Fixtures.spec(4, 1, 2, true, "identity", "tanh", "identity")));
    }

    static final Dataset DATA3 = Fixtures.data(3, 37, 11);

    static Dataset data(NetworkSpec spec) {
        return spec.dim() == 3 ? DATA3 : Fixtures.data(spec.dim(), 41, 13);
    }

    @ParameterizedTest
    @MethodSource("networks")
    void gradientMatchesFiniteDifferencesOfTheLoss(NetworkSpec spec) {
        Dataset data = data(spec);
        double[] theta = Fixtures.theta(spec, 0.6, 3);
        ReferenceNetwork frozen = new ReferenceNetwork(spec, data, theta);
        Curvature c = new Curvature(spec, data, Backends.of(BackendKind.JAVA));
        assertEquals(frozen.loss(theta), c.loss(theta), 1e-13 * c.loss(theta), "independent forward pass");
        double[] g = c.gradient(theta);
        double step = 1e-6;
        double scale = Math.max(1e-3, Fixtures.maxAbs(g));
        for (int q = 0; q < theta.length; q++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[q] += step;
            tm[q] -= step;
            double fd = (frozen.loss(tp) - frozen.loss(tm)) / (2 * step);
            assertEquals(fd, g[q], 1e-7 * scale, "∂L/∂θ[" + q + "]");
        }
    }

    /** Second differences of the loss (relu patterns frozen at θ): (L(++) − L(+−) − L(−+) + L(−−))/(4h²). */
    @ParameterizedTest
    @MethodSource("networks")
    void generalHessianMatchesFiniteDifferencesOfTheLoss(NetworkSpec spec) {
        Dataset data = data(spec);
        double[] theta = Fixtures.theta(spec, 0.6, 3);
        ReferenceNetwork frozen = new ReferenceNetwork(spec, data, theta);
        Curvature c = new Curvature(spec, data, Backends.of(BackendKind.JAVA));
        int n = theta.length;
        double step = 1e-4;
        try (DenseMatrix h = c.hessian(theta, Curvature.HessianPath.GENERAL)) {
            double hmax = Fixtures.maxAbs(h);
            for (int col = 0; col < n; col++) {
                for (int row = col; row < n; row++) {
                    double[] t = theta.clone();
                    t[row] += step;
                    t[col] += step;
                    double pp = frozen.loss(t);
                    t[col] -= 2 * step;
                    double pm = frozen.loss(t);
                    t[row] -= 2 * step;
                    double mm = frozen.loss(t);
                    t[col] += 2 * step;
                    double mp = frozen.loss(t);
                    double fd = (pp - pm - mp + mm) / (4 * step * step);
                    assertEquals(fd, h.get(row, col), 1e-6 * Math.max(1.0, hmax), "H[" + row + "," + col + "]");
                    assertEquals(h.get(row, col), h.get(col, row), 0.0, "symmetric");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void hvpMatchesTheGeneralHessianAndTheBackendsAgree(NetworkSpec spec) {
        Dataset data = data(spec);
        double[] theta = Fixtures.theta(spec, 0.6, 5);
        Curvature cj = new Curvature(spec, data, Backends.of(BackendKind.JAVA));
        Curvature cn = new Curvature(spec, data, Backends.of(BackendKind.NATIVE));
        int n = theta.length;
        try (DenseMatrix hj = cj.hessian(theta, Curvature.HessianPath.GENERAL);
             DenseMatrix hn = cn.hessian(theta, Curvature.HessianPath.GENERAL)) {
            double hmax = Fixtures.maxAbs(hj);
            for (long q = 0; q < hj.size(); q++) {
                assertEquals(hj.getLinear(q), hn.getLinear(q), 1e-12 * hmax, "native vs java at " + q);
            }
            Fixtures.assertColumnsMatchHvp(cj, theta, hj, java.util.stream.IntStream.range(0, n).toArray(), 1e-10 * hmax);
        }
    }

    @ParameterizedTest
    @MethodSource("networks")
    void linearNetworksAgreeOnAllThreePaths(NetworkSpec spec) {
        if (!spec.isLinear()) {
            return; // the moments path exists for linear networks only; the others are covered above
        }
        Dataset data = data(spec);
        double[] theta = Fixtures.theta(spec, 0.5, 7);
        Curvature c = new Curvature(spec, data, Backends.of(BackendKind.NATIVE));
        assertEquals(Curvature.HessianPath.MOMENTS, c.autoPath());
        assertEquals(c.loss(theta), MomentsHessian.loss(spec, data, theta), 1e-12 * Math.max(1, c.loss(theta)));
        double[] g1 = c.gradient(theta);
        double[] g2 = MomentsHessian.gradient(spec, data, theta);
        for (int q = 0; q < g1.length; q++) {
            assertEquals(g1[q], g2[q], 1e-11 * Math.max(1, Fixtures.maxAbs(g1)));
        }
        try (DenseMatrix hm = c.hessian(theta, Curvature.HessianPath.MOMENTS);
             DenseMatrix hg = c.hessian(theta, Curvature.HessianPath.GENERAL)) {
            double hmax = Fixtures.maxAbs(hm);
            for (long q = 0; q < hm.size(); q++) {
                assertEquals(hg.getLinear(q), hm.getLinear(q), 1e-10 * hmax, "moments vs general at " + q);
            }
            double[] v = Fixtures.theta(spec, 1.0, 9);
            double[] hv = c.hvp(theta, v);
            for (int row = 0; row < theta.length; row++) {
                double s = 0;
                for (int col = 0; col < theta.length; col++) {
                    s += hm.get(row, col) * v[col];
                }
                assertEquals(s, hv[row], 1e-10 * hmax * theta.length, "HVP row " + row);
            }
        }
    }

    /** R = 1, n = 1, no shortcut: least squares f = W·x, whose Hessian is Σxx ⊗ I_d in this order. */
    @Test
    void linearRegressionClosedForm() {
        NetworkSpec spec = NetworkSpec.linear(4, 1, 1, false);
        Dataset data = Fixtures.data(4, 50, 21);
        double[] sxx = data.sigmaXX();
        for (Curvature.HessianPath path : new Curvature.HessianPath[] {Curvature.HessianPath.MOMENTS,
                Curvature.HessianPath.GENERAL}) {
            Curvature c = new Curvature(spec, data, Backends.of(BackendKind.NATIVE));
            try (DenseMatrix h = c.hessian(Fixtures.theta(spec, 0.7, 1), path)) {
                for (int col = 0; col < 4; col++) {
                    for (int row = 0; row < 4; row++) {
                        for (int cp = 0; cp < 4; cp++) {
                            for (int rp = 0; rp < 4; rp++) {
                                double expected = row == rp ? sxx[col + 4 * cp] : 0.0;
                                assertEquals(expected, h.get(col * 4 + row, cp * 4 + rp), 1e-13, path.name());
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aHessianThatCannotFitIsRefusedUpFront() {
        HessianTooLargeException e = assertThrows(HessianTooLargeException.class,
                () -> Curvature.requireFits(262_144, Backends.of(BackendKind.NATIVE)));
        assertTrue(e.getMessage().contains("N = 262144"), e.getMessage());
        assertTrue(e.getMessage().contains("512.0 GiB"), e.getMessage());
        assertTrue(e.getMessage().contains("matrix-free"), e.getMessage());
        assertEquals(8L * 262_144 * 262_144, e.bytesNeeded());
    }

    @Test
    void thetaOfTheWrongLengthIsRejected() {
        NetworkSpec spec = NetworkSpec.linear(3, 2, 2, true);
        Curvature c = new Curvature(spec, DATA3, Backends.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.loss(new double[5]));
        assertTrue(e.getMessage().contains("expected N = R·n·d² = 36"), e.getMessage());
    }

    /** Concurrent calls on different θ give what sequential calls give (the facade is immutable). */
    @Test
    void concurrentCallsAgreeWithSequentialOnes() throws Exception {
        NetworkSpec spec = Fixtures.spec(3, 2, 2, true, "identity", "relu", "tanh");
        Curvature c = new Curvature(spec, DATA3, Backends.of(BackendKind.NATIVE));
        int k = 6;
        double[][] thetas = new double[k][];
        double[][] expected = new double[k][];
        for (int q = 0; q < k; q++) {
            thetas[q] = Fixtures.theta(spec, 0.5, 100 + q);
            try (DenseMatrix h = c.hessian(thetas[q])) {
                expected[q] = h.toArray();
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.List<java.util.concurrent.Future<double[]>> futures = new java.util.ArrayList<>();
            for (int q = 0; q < k; q++) {
                double[] t = thetas[q];
                futures.add(pool.submit(() -> {
                    try (DenseMatrix h = c.hessian(t)) {
                        return h.toArray();
                    }
                }));
            }
            for (int q = 0; q < k; q++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[q], futures.get(q).get(), 0.0, "θ " + q);
            }
        } finally {
            pool.shutdown();
        }
    }
}
