package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.shortcuthessian.curvature.matrixfree.Estimate;
import org.shortcuthessian.curvature.matrixfree.LanczosResult;
import org.shortcuthessian.curvature.matrixfree.SpectralDensity;
import org.shortcuthessian.curvature.matrixfree.SpectrumReport;
import org.shortcuthessian.curvature.matrixfree.SpectrumSolver;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;

/** eigenvalues.npy and stats.json for a {@link SpectrumReport} (dense with a selection, Lanczos or SLQ). */
final class SpectrumOutput {
    private SpectrumOutput() {
    }

    /** Stages eigenvalues.npy (when there are eigenvalues) and stats.json; returns the stats object. */
    static ObjectNode write(OutputDirectory dir, SpectrumReport r, String requested, Backend backend, ObjectNode extra) {
        if (r.eigenvalues().length > 0) {
            Npy.writeVector(dir.stage("eigenvalues.npy"), r.eigenvalues());
        }
        ObjectNode stats = stats(r, requested, backend);
        stats.setAll(extra);
        Json.write(dir.stage("stats.json"), stats);
        return stats;
    }

    /**
     * method, method_requested, reason, eigenvalues ("all", "top K", "bottom K"), top, bottom, count; the exact
     * statistics when every eigenvalue was computed; Lanczos residuals, converged flags and run; SLQ estimates
     * with their spread ({@code _stderr}) and quadrature resolution ({@code _resolution}).
     */
    static ObjectNode stats(SpectrumReport r, String requested, Backend backend) {
        ObjectNode o = r.statistics() != null ? Json.stats(r.statistics()) : Json.object();
        o.put("method", r.method().jsonName());
        o.put("method_requested", requested);
        o.put("reason", r.reason());
        o.put("eigenvalues", SpectrumSolver.describe(r));
        o.put("top", r.top());
        o.put("bottom", r.bottom());
        o.put("eigenvalues_written", r.eigenvalues().length);
        if (r.statistics() == null && r.density() == null) {
            o.put("statistics", "not computed: only selected eigenvalues (use --method dense or slq)");
        }
        LanczosResult lz = r.lanczos();
        if (lz != null) {
            ArrayNode res = o.putArray("residuals");
            ArrayNode conv = o.putArray("converged");
            for (int i = 0; i < lz.values().length; i++) {
                res.add(lz.residuals()[i]);
                conv.add(lz.converged()[i]);
            }
            ObjectNode l = o.putObject("lanczos");
            l.put("all_converged", lz.allConverged());
            l.put("products", lz.products());
            l.put("restarts", lz.restarts());
            l.put("basis_size", lz.basisSize());
            l.put("tolerance", lz.tolerance());
            l.put("norm_estimate", lz.normEstimate());
            l.put("residuals", lz.residualsExplicit() ? "explicit ‖Hx − λx‖" : "Lanczos estimate |β·y_last|");
            l.put("reorthogonalization", lz.reorthogonalization().name().toLowerCase(Locale.ROOT));
        }
        if (r.density() != null) {
            o.put("estimated", true);
            density(o, r.density());
        }
        o.put("routine", r.routine());
        o.put("products", r.products());
        o.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
        o.put("threads", backend.threads());
        o.put("seconds", r.seconds());
        return o;
    }

    /**
     * lambda_max_abs, the estimated p10_abs, cond_p10, negative_ratio and trace with {@code _stderr} and
     * {@code _resolution}, lambda_min, lambda_max, and the SLQ settings under "slq".
     */
    static void density(ObjectNode o, SpectralDensity d) {
        o.put("lambda_max_abs", d.lambdaMaxAbs());
        estimate(o, "p10_abs", d.p10Abs());
        estimate(o, "cond_p10", d.condP10());
        estimate(o, "negative_ratio", d.negativeRatio());
        estimate(o, "trace", d.trace());
        o.put("lambda_min", d.lambdaMin());
        o.put("lambda_max", d.lambdaMax());
        ObjectNode s = o.putObject("slq");
        s.put("probes", d.options().probes());
        s.put("steps", d.options().steps());
        s.put("sigma", d.sigma());
        s.put("probe", d.options().probe().name().toLowerCase(Locale.ROOT));
        s.put("seed", d.options().seed());
        s.put("products", d.products());
    }

    private static void estimate(ObjectNode o, String name, Estimate e) {
        putNumber(o, name, e.value());
        putNumber(o, name + "_stderr", e.stderr());
        putNumber(o, name + "_resolution", e.resolution());
    }

    /** A finite number, or JSON null (NaN, infinity). */
    static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }
}
