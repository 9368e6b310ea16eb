package org.shortcuthessian.training;

import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.Spectra;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.curvature.matrixfree.SpectralDensity;
import org.shortcuthessian.curvature.matrixfree.SpectrumMethod;
import org.shortcuthessian.curvature.matrixfree.SpectrumReport;
import org.shortcuthessian.curvature.matrixfree.SpectrumRequest;
import org.shortcuthessian.curvature.matrixfree.SpectrumSolver;
import org.shortcuthessian.linalg.EigenvalueMethod;

/**
 * The spectrum statistics of the Hessian at a point, as training and the sweeps record them: exact
 * (dense Hessian, LAPACK, every eigenvalue) when the N×N matrix fits in memory, otherwise estimated by
 * stochastic Lanczos quadrature on Hessian-vector products ({@link SpectrumSolver}, SLQ): then
 * {@code lambda_max_abs}, {@code p10_abs}, {@code cond_p10} and {@code negative_ratio} are estimates and
 * {@code lambda_min_abs} and {@code cond} (which SLQ cannot resolve) are null.
 */
public final class CurvatureProbe {
    private CurvatureProbe() {
    }

    /**
     * One measurement.
     *
     * @param statistics     the statistics (estimates when {@code exact} is false)
     * @param method         the LAPACK routine (dense) or {@code slq}
     * @param exact          whether every eigenvalue was computed
     * @param hessianSeconds dense assembly time (0 for SLQ)
     * @param eigenSeconds   the LAPACK call (dense) or the whole SLQ run
     */
    public record Result(SpectrumStatistics statistics, String method, boolean exact, double hessianSeconds,
                         double eigenSeconds) {
    }

    /** Dense when it fits, SLQ (default settings) otherwise. */
    public static Result measure(Curvature curvature, double[] theta, EigenvalueMethod eigensolver) {
        return measure(curvature, theta, eigensolver, false);
    }

    /** As {@link #measure(Curvature, double[], EigenvalueMethod)}; matrixFree forces SLQ whatever N. */
    public static Result measure(Curvature curvature, double[] theta, EigenvalueMethod eigensolver, boolean matrixFree) {
        if (matrixFree || !Curvature.fits(curvature.parameters(), curvature.backend())) {
            SpectrumReport r = SpectrumSolver.compute(curvature, theta, SpectrumRequest.of(SpectrumMethod.SLQ, 0, 0));
            SpectralDensity d = r.density();
            SpectrumStatistics s = new SpectrumStatistics(curvature.parameters(), d.lambdaMaxAbs(), null,
                    finite(d.p10Abs().value()), null, finite(d.condP10().value()), finite(d.negativeRatio().value()));
            return new Result(s, "slq", false, 0, r.seconds());
        }
        Spectra.Timed t = Spectra.atPoint(curvature, theta, eigensolver);
        return new Result(t.statistics(), t.result().routine(), true, t.hessianSeconds(), t.eigenSeconds());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
