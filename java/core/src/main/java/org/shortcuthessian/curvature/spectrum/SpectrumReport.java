package org.shortcuthessian.curvature.spectrum;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.curvature.matrixfree.Estimate;
import org.shortcuthessian.curvature.matrixfree.LanczosResult;
import org.shortcuthessian.curvature.matrixfree.SpectralDensity;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;

/**
 * The one result of a spectrum ({@link SpectrumSolver}): what was computed, how, why, and how long it took;
 * and the one writer of its {@code stats.json} ({@link #toJson}).
 */
public final class SpectrumReport {
    private final SpectrumMethod method;
    private final String reason;
    private final double[] eigenvalues;
    private final int top;
    private final int bottom;
    private final SpectrumStatistics statistics;
    private final SpectralDensity density;
    private final LanczosResult lanczos;
    private final String routine;
    private final long products;
    private final double seconds;
    private final double hessianSeconds;
    private final double eigenSeconds;
    private final DenseMatrix vectors;
    private final boolean plain;

    private SpectrumReport(Builder b) {
        this.method = b.method;
        this.reason = b.reason;
        this.eigenvalues = b.eigenvalues;
        this.top = b.top;
        this.bottom = b.bottom;
        this.statistics = b.statistics;
        this.density = b.density;
        this.lanczos = b.lanczos;
        this.routine = b.routine;
        this.products = b.products;
        this.seconds = b.seconds;
        this.hessianSeconds = b.hessianSeconds;
        this.eigenSeconds = b.eigenSeconds;
        this.vectors = b.vectors;
        this.plain = b.plain;
    }

    /** @return the method used (never AUTO). */
    public SpectrumMethod method() {
        return method;
    }

    /** @return why: e.g. that the dense matrix fits (bytes needed and available), or "requested". */
    public String reason() {
        return reason;
    }

    /**
     * @return ascending: every eigenvalue (dense, nothing selected), else the {@code bottom} smallest then the
     *         {@code top} largest; empty for SLQ with nothing selected
     */
    public double[] eigenvalues() {
        return eigenvalues;
    }

    /** @return how many of {@link #eigenvalues()} are the largest. */
    public int top() {
        return top;
    }

    /** @return how many are the smallest. */
    public int bottom() {
        return bottom;
    }

    /** @return ‖H·x − λ·x‖ per eigenvalue for Lanczos, null for dense (backward stable to ε·‖H‖). */
    public double[] residuals() {
        return lanczos == null ? null : lanczos.residuals();
    }

    /** @return per eigenvalue for Lanczos, null for dense. */
    public boolean[] converged() {
        return lanczos == null ? null : lanczos.converged();
    }

    /** @return the exact statistics of docs/DESIGN.md when every eigenvalue was computed, else null. */
    public SpectrumStatistics statistics() {
        return statistics;
    }

    /**
     * @return the statistics as training and sweeps record them: the exact ones, or for SLQ the estimates
     *         ({@code lambda_max_abs}, {@code p10_abs}, {@code cond_p10}, {@code negative_ratio}; {@code lambda_min_abs}
     *         and {@code cond}, which SLQ cannot resolve, null); null for a selection of eigenvalues
     */
    public SpectrumStatistics recordedStatistics(int n) {
        if (statistics != null || density == null) {
            return statistics;
        }
        return new SpectrumStatistics(n, density.lambdaMaxAbs(), null, finite(density.p10Abs().value()), null,
                finite(density.condP10().value()), finite(density.negativeRatio().value()));
    }

    /** @return whether every eigenvalue was computed (the statistics are exact). */
    public boolean exact() {
        return statistics != null;
    }

    /** @return the SLQ density and estimated statistics (method SLQ), else null. */
    public SpectralDensity density() {
        return density;
    }

    /** @return the Lanczos run, if there was one. */
    public LanczosResult lanczos() {
        return lanczos;
    }

    /** @return the LAPACK routine (dense; "ojalgo" for the pure-Java backend), or "lanczos" / "slq". */
    public String routine() {
        return routine;
    }

    /** @return Hessian-vector (operator) products used; 0 for dense. */
    public long products() {
        return products;
    }

    /** @return wall time of the whole spectrum (the dense assembly included). */
    public double seconds() {
        return seconds;
    }

    /** @return the time of the dense Hessian's assembly (0 when none was assembled here). */
    public double hessianSeconds() {
        return hessianSeconds;
    }

    /** @return the time of the eigensolver call (dense) or of the whole matrix-free run. */
    public double eigenSeconds() {
        return eigenSeconds;
    }

    /** @return the eigenvectors as columns (the caller's input matrix, overwritten) when asked for, else null. */
    public DenseMatrix vectors() {
        return vectors;
    }

    /** @return whether every eigenvalue of the matrix is in {@link #eigenvalues()}. */
    public boolean complete() {
        return statistics != null && statistics.count() == eigenvalues.length;
    }

    /** @return a short description of the eigenvalues held, e.g. "top 10, bottom 5", "all" or "none". */
    public String describe() {
        if (top + bottom == 0) {
            return eigenvalues.length == 0 ? "none" : "all";
        }
        return (top > 0 ? "top " + top : "") + (top > 0 && bottom > 0 ? ", " : "") + (bottom > 0 ? "bottom " + bottom : "");
    }

    /**
     * The one form of {@code stats.json} (docs/DESIGN.md). For the plain request (every eigenvalue of the dense
     * matrix): {@code count} and the six statistics, {@code method} "dense", {@code routine}, {@code backend},
     * {@code threads}, {@code seconds} (the eigensolver call). Otherwise also {@code method_requested}, {@code reason},
     * {@code eigenvalues} (a description), {@code top}, {@code bottom}, {@code eigenvalues_written}; the exact
     * statistics when every eigenvalue was computed; Lanczos {@code residuals}, {@code converged} and the run
     * under {@code lanczos}; SLQ estimates with their spread ({@code _stderr}) and quadrature resolution
     * ({@code _resolution}) and the settings under {@code slq}; {@code routine}, {@code products}, {@code backend},
     * {@code threads}, {@code seconds} (the whole spectrum).
     *
     * @param requested the method as the user asked for it ("auto", "dense", …)
     * @param backend   the backend that computed it (its kind and threads are recorded)
     */
    public ObjectNode toJson(String requested, Backend backend) {
        if (plain) {
            ObjectNode o = statistics.toJson();
            o.put("method", "dense");
            o.put("routine", routine);
            o.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
            o.put("threads", backend.threads());
            o.put("seconds", eigenSeconds);
            return o;
        }
        ObjectNode o = statistics != null ? statistics.toJson() : Json.object();
        o.put("method", method.jsonName());
        o.put("method_requested", requested);
        o.put("reason", reason);
        o.put("top", top); // top = bottom = 0: every eigenvalue (or none, when eigenvalues_written = 0)
        o.put("bottom", bottom);
        o.put("eigenvalues_written", eigenvalues.length);
        if (statistics == null && density == null) {
            o.put("statistics", "not computed: only selected eigenvalues (use --method dense or slq)");
        }
        if (lanczos != null) {
            LanczosResult lz = lanczos;
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
            // how the top-level residuals were obtained: explicit ‖Hx − λx‖, or the Lanczos estimate |β·y_last|
            l.put("residual_kind", lz.residualsExplicit() ? "explicit" : "estimate");
            l.put("reorthogonalization", lz.reorthogonalization().name().toLowerCase(Locale.ROOT));
            l.put("block_size", lz.blockSize());
        }
        if (density != null) {
            o.put("estimated", true);
            densityJson(o, density);
        }
        o.put("routine", routine);
        o.put("products", products);
        o.put("backend", backend.kind().name().toLowerCase(Locale.ROOT));
        o.put("threads", backend.threads());
        o.put("seconds", seconds);
        return o;
    }

    /**
     * lambda_max_abs, the estimated p10_abs, cond_p10, negative_ratio and trace with {@code _stderr} and
     * {@code _resolution}, lambda_min, lambda_max, and the SLQ settings under "slq". o is modified.
     */
    public static void densityJson(ObjectNode o, SpectralDensity d) {
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

    /** A finite number, or JSON null (NaN, infinity). o is modified. */
    public static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else {
            o.putNull(name);
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Assembles a report (package-private: only the solver makes them). */
    static final class Builder {
        private SpectrumMethod method;
        private String reason;
        private double[] eigenvalues = new double[0];
        private int top;
        private int bottom;
        private SpectrumStatistics statistics;
        private SpectralDensity density;
        private LanczosResult lanczos;
        private String routine;
        private long products;
        private double seconds;
        private double hessianSeconds;
        private double eigenSeconds;
        private DenseMatrix vectors;
        private boolean plain;

        Builder(SpectrumMethod method, String reason, SpectrumRequest request) {
            this.method = method;
            this.reason = reason;
            this.top = request.top();
            this.bottom = request.bottom();
        }

        Builder eigenvalues(double[] v) {
            this.eigenvalues = v;
            return this;
        }

        Builder statistics(SpectrumStatistics s) {
            this.statistics = s;
            return this;
        }

        Builder density(SpectralDensity d) {
            this.density = d;
            return this;
        }

        Builder lanczos(LanczosResult l) {
            this.lanczos = l;
            return this;
        }

        Builder routine(String r) {
            this.routine = r;
            return this;
        }

        Builder products(long p) {
            this.products = p;
            return this;
        }

        Builder times(double total, double hessian, double eigen) {
            this.seconds = total;
            this.hessianSeconds = hessian;
            this.eigenSeconds = eigen;
            return this;
        }

        Builder vectors(DenseMatrix v) {
            this.vectors = v;
            return this;
        }

        Builder plain(boolean p) {
            this.plain = p;
            return this;
        }

        SpectrumReport build() {
            return new SpectrumReport(this);
        }
    }
}
