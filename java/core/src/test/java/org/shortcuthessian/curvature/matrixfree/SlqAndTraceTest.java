package org.shortcuthessian.curvature.matrixfree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * SLQ against the exact spectrum, and the trace estimators against the exact trace.
 *
 * <p>Bound stated: with 10 probes × 80 steps, the Wasserstein-1 distance between the SLQ measure and the exact
 * spectral measure is at most 1 % of the spectral range (λmax − λmin). The theory (Chen, Trogdon and Ubaru 2021:
 * s ≥ 12/t + ½ steps give t·range for the quadrature) guarantees 12/79.5 = 15 %; measured here 0.3–0.5 %.
 * The estimates must lie within 3·stderr + resolution of the exact statistics; traces within 4 standard errors.
 */
class SlqAndTraceTest {
    static final SlqOptions OPTIONS = SlqOptions.defaults().withSeed(3);

    static void assertWithin(double exact, Estimate e, String what) {
        double tol = 3 * e.stderr() + e.resolution();
        assertTrue(Math.abs(e.value() - exact) <= tol, what + ": " + e + " vs exact " + exact);
    }

    static void check(double[] exact, SpectralDensity d) {
        SpectrumStatistics s = SpectrumStatistics.of(exact);
        double[] sorted = MatrixFreeFixtures.sorted(exact);
        double range = sorted[sorted.length - 1] - sorted[0];
        double w1 = d.wasserstein1(exact);
        assertTrue(w1 <= 0.01 * range, "W1 = " + w1 + " > 1 % of the range " + range);
        assertEquals(s.lambdaMaxAbs(), d.lambdaMaxAbs(), 1e-8 * s.lambdaMaxAbs(), "max|λ|");
        assertWithin(s.p10Abs(), d.p10Abs(), "p10_abs");
        assertWithin(s.condP10(), d.condP10(), "cond_p10");
        assertWithin(s.negativeRatio(), d.negativeRatio(), "negative_ratio");
        assertWithin(Arrays.stream(exact).sum(), d.trace(), "trace");
        double mass = 0;
        double dt = d.grid()[1] - d.grid()[0];
        for (double v : d.density()) {
            mass += v * dt;
        }
        assertEquals(1.0, mass, 1e-3, "the density integrates to 1");
    }

    @Test
    void densityOfAKnownSpectrum() {
        double[] lam = MatrixFreeFixtures.spectrum(1600, 5);
        HeapMatrix h = MatrixFreeFixtures.matrix(lam, 2);
        check(lam, StochasticLanczosQuadrature.density(MatrixFreeFixtures.NATIVE, Operators.dense(h), OPTIONS));
    }

    @Test
    void densityOfAReluNetworkHessianAndSeedDeterminism() throws Exception {
        MatrixFreeFixtures.Network net = MatrixFreeFixtures.relu(4, 1000);
        SymmetricOperator a = net.curvature().hessianOperator(net.theta());
        SlqOptions o = OPTIONS.withProbes(6).withSteps(60);
        SpectralDensity d = StochasticLanczosQuadrature.density(MatrixFreeFixtures.NATIVE, a, o);
        check(net.eigenvalues(), d);
        SpectralDensity again = new ForkJoinPool(1).submit(
                () -> StochasticLanczosQuadrature.density(MatrixFreeFixtures.NATIVE, a, o)).get();
        assertArrayEquals(d.density(), again.density());
        assertEquals(d.p10Abs(), again.p10Abs());
        for (int p = 0; p < d.probes(); p++) {
            assertArrayEquals(d.nodes()[p], again.nodes()[p]);
        }
    }

    @Test
    void traceEstimatesWithinTheirStandardError() {
        double[] lam = MatrixFreeFixtures.spectrum(1000, 8);
        for (int i = 0; i < 20; i++) {
            lam[i] = 200 + 10 * i; // a few dominant eigenvalues: where Hutch++ gains
        }
        HeapMatrix h = MatrixFreeFixtures.matrix(lam, 4);
        double exact = Arrays.stream(lam).sum();
        SymmetricOperator a = Operators.dense(h);
        for (long seed = 0; seed < 3; seed++) {
            TraceEstimate hu = TraceEstimators.hutchinson(a, 90, Probe.RADEMACHER, seed);
            TraceEstimate pp = TraceEstimators.hutchPlusPlus(a, 90, Probe.RADEMACHER, seed);
            TraceEstimate g = TraceEstimators.hutchinson(a, 90, Probe.GAUSSIAN, seed);
            for (TraceEstimate t : new TraceEstimate[] {hu, pp, g}) {
                assertTrue(Math.abs(t.trace() - exact) <= 4 * t.stderr(), t + " vs " + exact);
                assertEquals(90, t.products());
            }
            assertTrue(pp.stderr() < hu.stderr() / 3, "Hutch++ deflates the top: " + pp + " vs " + hu);
        }
        assertEquals(TraceEstimators.hutchinson(a, 10, Probe.RADEMACHER, 1),
                TraceEstimators.hutchinson(a, 10, Probe.RADEMACHER, 1));
    }
}
