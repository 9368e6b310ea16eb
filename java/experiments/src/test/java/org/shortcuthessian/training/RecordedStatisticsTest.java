package org.shortcuthessian.training;

import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;

import org.shortcuthessian.linalg.Backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** The sweeps' spectrum: exact when the Hessian fits, SLQ estimates close to it past the limit. */
/** What training and sweeps record: exact statistics when the Hessian fits, SLQ estimates otherwise. */
class RecordedStatisticsTest {
    @Test
    void slqEstimatesAgreeWithTheExactStatistics() {
        NetworkSpec spec = NetworkSpec.linear(10, 4, 2, false);
        Curvature c = new Curvature(spec, GradientDescentTest.MNIST, Backends.get());
        double[] theta = Initialization.ORTHOGONAL.sample(spec, 5);
        SpectrumReport exact = SpectrumSolver.statistics(c, theta, EigenvalueMethod.AUTO, false);
        SpectrumReport slq = SpectrumSolver.statistics(c, theta, EigenvalueMethod.AUTO, true);
        assertTrue(exact.exact());
        assertFalse(slq.exact());
        assertEquals("slq", slq.routine());
        SpectrumStatistics e = exact.recordedStatistics(spec.parameterCount());
        SpectrumStatistics s = slq.recordedStatistics(spec.parameterCount());
        assertNull(s.cond());
        assertNull(s.lambdaMinAbs());
        assertEquals(e.lambdaMaxAbs(), s.lambdaMaxAbs(), 1e-6 * e.lambdaMaxAbs(), "extreme Ritz value converges");
        assertEquals(e.negativeRatio(), s.negativeRatio(), 0.05, "negative ratio");
        assertEquals(e.p10Abs(), s.p10Abs(), 0.5 * e.p10Abs(), "p10 within the quadrature's resolution");
    }
}
