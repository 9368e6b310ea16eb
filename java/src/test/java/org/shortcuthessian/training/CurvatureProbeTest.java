package org.shortcuthessian.training;

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
class CurvatureProbeTest {
    @Test
    void slqEstimatesAgreeWithTheExactStatistics() {
        NetworkSpec spec = NetworkSpec.linear(10, 4, 2, false);
        Curvature c = new Curvature(spec, GradientDescentTest.MNIST);
        double[] theta = Initialization.ORTHOGONAL.sample(spec, 5);
        CurvatureProbe.Result exact = CurvatureProbe.measure(c, theta, EigenvalueMethod.AUTO);
        CurvatureProbe.Result slq = CurvatureProbe.measure(c, theta, EigenvalueMethod.AUTO, true);
        assertTrue(exact.exact());
        assertFalse(slq.exact());
        assertEquals("slq", slq.method());
        SpectrumStatistics e = exact.statistics();
        SpectrumStatistics s = slq.statistics();
        assertNull(s.cond());
        assertNull(s.lambdaMinAbs());
        assertEquals(e.lambdaMaxAbs(), s.lambdaMaxAbs(), 1e-6 * e.lambdaMaxAbs(), "extreme Ritz value converges");
        assertEquals(e.negativeRatio(), s.negativeRatio(), 0.05, "negative ratio");
        assertEquals(e.p10Abs(), s.p10Abs(), 0.5 * e.p10Abs(), "p10 within the quadrature's resolution");
    }
}
