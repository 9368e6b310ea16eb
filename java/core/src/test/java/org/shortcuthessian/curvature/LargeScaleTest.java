package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.SymmetricMatrices;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** Benchmark-sized checks (tagged slow: {@code mvn -B test -Pslow}). */
@Tag("slow")
class LargeScaleTest {
    static final Backend NATIVE = Backends.of(BackendKind.NATIVE);

    /** The paper's relu setting at full size: native general path against HVP columns and symmetry. */
    @Test
    void reluNetworkAtBenchmarkSize() {
        NetworkSpec spec = new NetworkSpec(10, 8, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        Dataset data = SyntheticData.whitenedOneHot(10, 10_000, 1, NATIVE);
        Curvature c = new Curvature(spec, data, NATIVE);
        double[] theta = Initialization.XAVIER.sample(spec, 1);
        int n = spec.parameterCount();
        try (DenseMatrix h = c.hessian(theta)) {
            double hmax = Fixtures.maxAbs(h);
            int[] cols = {0, 1, 99, 100, 777, 1234, 1599};
            Fixtures.assertColumnsMatchHvp(c, theta, h, cols, 1e-11 * hmax);
            for (int col : cols) {
                for (int row = 0; row < n; row++) {
                    assertEquals(h.get(row, col), h.get(col, row), 0.0);
                }
            }
        }
    }

    /** Linear R = 32 (N = 6400): moments path against HVP columns. */
    @Test
    void linearNetworkAt6400() {
        NetworkSpec spec = NetworkSpec.linear(10, 32, 2, true);
        Dataset data = SyntheticData.whitenedOneHot(10, 1000, 2, NATIVE);
        Curvature c = new Curvature(spec, data, NATIVE);
        double[] theta = Initialization.XAVIER.sample(spec, 2);
        try (DenseMatrix h = c.hessian(theta)) {
            double hmax = Fixtures.maxAbs(h);
            Fixtures.assertColumnsMatchHvp(c, theta, h, new int[] {0, 3203, 6399}, 1e-10 * hmax);
        }
    }

    /** Eigenvalues at N = 3000 with a known spectrum: every LAPACK route. */
    @Test
    void eigenvaluesAt3000() {
        int n = 3000;
        double[] known = new double[n];
        for (int i = 0; i < n; i++) {
            known[i] = Math.sinh((i - 1200) / 300.0);
        }
        Arrays.sort(known);
        for (EigenvalueMethod m : new EigenvalueMethod[] {EigenvalueMethod.DIVIDE_AND_CONQUER, EigenvalueMethod.TWO_STAGE,
                EigenvalueMethod.RRR}) {
            try (DenseMatrix h = NATIVE.allocate(n, n)) {
                SymmetricMatrices.withSpectrum(known, 3, 6, h);
                double[] got = NATIVE.eigenvalues(h, m);
                double scale = Math.abs(known[n - 1]);
                for (int i = 0; i < n; i++) {
                    assertEquals(known[i], got[i], 1e-12 * scale * Math.sqrt(n), m + " eigenvalue " + i);
                }
            }
        }
    }
}
