package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import java.util.TreeMap;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.training.Lbfgs;
import org.shortcuthessian.training.LeastSquares;
import org.shortcuthessian.training.TrainingResult;

/**
 * Figures 7 and 8: for each initialization and depth, full-batch gradient descent over a log grid of learning rates
 * (half-decade steps up to 10, where runs diverge) and several seeds; the best final loss above a reference optimum
 * (mean over seeds, learning rates with a diverged seed excluded), the learning rate that gave it and the rates tied
 * with it, against depth. fig7: linear networks, reference the least-squares optimum L*; fig8: relu at mid (plain
 * networks get relus at the same positions), reference L_ref = the least loss over L-BFGS polishes of every run's
 * final weights ({@link Lbfgs}, as many iterations as the run had epochs).
 *
 * <p>Ties: a learning rate is tied with the best when its mean excess loss E (final loss − reference) is at most
 * E_best + τ, τ = max({@value #TIE_RELATIVE}·E_best, s_best) with s_best the sample standard deviation of the best
 * rate's excess over seeds: within a tenth of the best or within its seed spread, whichever is larger. A family's
 * best is "at the edge" when its tied rates reach the grid's smallest or largest rate: the optimum may lie beyond.
 * Both are written to {@code NAME_best.csv} and drawn (tied range as the bar of the best-rate plot, edge points
 * marked).
 */
public final class Fig7 implements Experiment {
    /** Excess losses below this are rounding (the optimum reached); plotted at this value. */
    static final double EXCESS_FLOOR = 1e-15;
    /** A rate ties with the best when its mean excess is within this fraction of the best's (or its seed spread). */
    static final double TIE_RELATIVE = 0.1;
    /** L-BFGS pairs kept by the polish of fig8's runs. */
    static final int POLISH_MEMORY = 10;
    /** The polish stops when ‖∇L‖₂ reaches this. */
    static final double POLISH_GRADIENT_TOLERANCE = 1e-9;
    private final boolean relu;

    /** @param relu false: fig7 (linear); true: fig8 (relu at mid) */
    public Fig7(boolean relu) {
        this.relu = relu;
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRates", "epsilon");
    }

    @Override
    public String name() {
        return relu ? "fig8" : "fig7";
    }

    @Override
    public String description() {
        return (relu ? "networks with relu at mid" : "linear networks")
                + ": best final loss above a reference optimum over a learning-rate grid, and the best learning rate with its ties, against depth";
    }

    @Override
    public List<String> columns() {
        List<String> c = new ArrayList<>(List.of("init", "shortcut", "depth", "learning_rate", "seed", "epochs",
                "initial_loss", "final_loss", "excess_loss", "best_loss", "epochs_run", "diverged", "divergence"));
        if (relu) {
            c.addAll(POLISH_COLUMNS);
        }
        return c;
    }

    /** fig8's columns of the L-BFGS polish of a run's final weights (empty for a diverged run). */
    static final List<String> POLISH_COLUMNS = List.of("polished_loss", "polish_iterations", "polish_evaluations",
            "polish_gradient_norm", "polish_stop");

    @Override
    public List<String> keyColumns() {
        return List.of("init", "shortcut", "depth", "learning_rate", "seed");
    }

    private int epochs(ExperimentOptions o) {
        return o.epochsOr(o.quick() ? 300 : 1000);
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epochs", epochs(o));
        s.put("mid", relu ? "relu" : "identity");
        s.put("reference", relu ? "min over runs of an L-BFGS polish of the final weights (memory " + POLISH_MEMORY
                + ", at most as many iterations as epochs, gradient tolerance " + POLISH_GRADIENT_TOLERANCE + ")"
                : "least-squares optimum L*");
        s.put("tie_rule", "mean excess ≤ best + max(" + TIE_RELATIVE + "·best, seed std of best)");
        return s;
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(relu && o.quick() ? 1000 : 0);
    }

    /** The default depths: fig7 2…128, fig8 2…64 (quick: 2, 8, 32 and 2, 4, 8). */
    List<Integer> defaultDepths(boolean quick) {
        return quick ? (relu ? List.of(2, 4, 8) : List.of(2, 8, 32))
                : (relu ? List.of(2, 4, 8, 16, 32, 64) : List.of(2, 4, 8, 16, 32, 64, 128));
    }

    /**
     * The default learning rates, half-decade steps up to 10 (where every family diverges): fig7 10^-4 … 10, fig8
     * 10^-2 … 10 (quick: fig7 0.01 … 10, fig8 0.1 … 10).
     */
    List<Double> defaultRates(boolean quick) {
        return Training.logGrid(quick && relu ? -1 : relu || quick ? -2 : -4, 1, 2);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Integer> depths = defaultDepths(o.quick());
        List<Double> rates = o.learningRatesOr(defaultRates(o.quick()));
        int epochs = epochs(o);
        // relu: a pass over the m samples per epoch and about as many again for the polish; linear: the moments
        int m = relu ? 2 * data(o).samplesOrDefault() : 1;
        List<Cell> cells = new ArrayList<>();
        for (Family f : Family.PAPER) {
            for (int depth : f.depths(o, depths)) {
                for (double lr : rates) {
                    for (int seed = 1; seed <= o.seedsOr(3); seed++) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        f.putParams(p, depth);
                        p.put("learning_rate", lr);
                        p.put("seed", seed);
                        cells.add(new Cell(p, 0, (double) epochs * depth * m));
                    }
                }
            }
        }
        return cells;
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        int epochs = epochs(ctx.options());
        Activation mid = relu ? Activation.RELU : Activation.IDENTITY;
        TrainingResult r = Training.train(cell, ctx, mid, epochs, 0);
        Map<String, Object> row = Training.outcomeRow(cell, epochs, r);
        row.put("excess_loss", relu ? null : r.finalLoss() - LeastSquares.optimum(ctx.data()));
        if (relu && !r.diverged()) {
            NetworkSpec spec = Family.of(cell).spec(ctx.data().dim(), cell.intParam("depth"), mid);
            try (Curvature curvature = new Curvature(spec, ctx.data(), ctx.backend())) {
                Lbfgs.Result p = Lbfgs.minimize(curvature, r.theta(),
                        new Lbfgs.Config(epochs, POLISH_MEMORY, POLISH_GRADIENT_TOLERANCE));
                row.put("polished_loss", p.loss());
                row.put("polish_iterations", p.iterations());
                row.put("polish_evaluations", p.evaluations());
                row.put("polish_gradient_norm", p.gradientNorm());
                row.put("polish_stop", p.stop().label());
            }
        }
        return new CellResult(List.of(row), 0, 0);
    }

    /**
     * A family's reference optimum at one depth.
     *
     * @param depth        weight layers
     * @param loss         L* (fig7) or L_ref (fig8)
     * @param how          how it was obtained, in words
     * @param startRate    fig8: the learning rate of the run whose polish gave L_ref (NaN for L*)
     * @param startSeed    fig8: its seed (0 for L*)
     * @param startLoss    fig8: that run's final loss (NaN for L*)
     * @param iterations   fig8: L-BFGS iterations of that polish (0 for L*)
     * @param gradientNorm fig8: ‖∇L‖₂ where it stopped (NaN for L*)
     * @param stop         fig8: why it stopped (empty for L*)
     */
    record Reference(int depth, double loss, String how, double startRate, int startSeed, double startLoss,
                     int iterations, double gradientNorm, String stop) {
        Map<String, Object> row(Family f) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("family", f.label());
            f.putParams(r, depth);
            r.put("reference_loss", loss);
            r.put("how", how);
            r.put("start_learning_rate", Double.isNaN(startRate) ? null : startRate);
            r.put("start_seed", startSeed == 0 ? null : startSeed);
            r.put("start_final_loss", Double.isNaN(startLoss) ? null : startLoss);
            r.put("iterations", iterations);
            r.put("gradient_norm", Double.isNaN(gradientNorm) ? null : gradientNorm);
            r.put("stop", stop);
            return r;
        }
    }

    /** Columns of {@code NAME_reference.csv}. */
    static final List<String> REFERENCE_COLUMNS = List.of("family", "init", "shortcut", "depth", "reference_loss", "how",
            "start_learning_rate", "start_seed", "start_final_loss", "iterations", "gradient_norm", "stop");

    /**
     * The reference optimum of one family at each of its depths: with a polished_loss column (fig8) the least
     * polished loss over its runs that did not diverge; otherwise L* = final_loss − excess_loss.
     *
     * @return depth → reference, depths ascending (a depth without a finite reference is left out)
     */
    static TreeMap<Integer, Reference> references(List<Map<String, String>> rows) {
        TreeMap<Integer, Reference> out = new TreeMap<>();
        for (Map<String, String> r : rows) {
            int depth = (int) RowStats.num(r, "depth");
            if (r.containsKey("polished_loss")) {
                double polished = RowStats.num(r, "polished_loss");
                Reference old = out.get(depth);
                if (Double.isFinite(polished) && (old == null || polished < old.loss())) {
                    out.put(depth, new Reference(depth, polished, "L-BFGS polish of a gradient-descent run's final"
                            + " weights (least over all runs)", RowStats.num(r, "learning_rate"),
                            (int) RowStats.num(r, "seed"), RowStats.num(r, "final_loss"),
                            (int) RowStats.num(r, "polish_iterations"), RowStats.num(r, "polish_gradient_norm"),
                            r.get("polish_stop")));
                }
            } else {
                double optimum = RowStats.num(r, "final_loss") - RowStats.num(r, "excess_loss");
                if (Double.isFinite(optimum) && !out.containsKey(depth)) {
                    out.put(depth, new Reference(depth, optimum, "least-squares optimum L* (closed form)",
                            Double.NaN, 0, Double.NaN, 0, Double.NaN, ""));
                }
            }
        }
        return out;
    }

    /**
     * The best learning rate of a family at one depth, with its ties.
     *
     * @param depth         weight layers
     * @param reference     the reference optimum (L* or L_ref)
     * @param bestLossMean  mean final loss over the seeds of the best rate
     * @param excessMean    mean excess loss E_best (final − reference, at least {@link #EXCESS_FLOOR})
     * @param excessStd     s_best, sample standard deviation of the excess over seeds (0 for one seed)
     * @param excessMin     least excess over the seeds
     * @param excessMax     largest excess over the seeds
     * @param seeds         seeds of the best rate
     * @param bestRate      the rate of least mean excess
     * @param tied          every rate whose mean excess is ≤ E_best + tolerance, ascending (includes bestRate)
     * @param tolerance     τ = max({@link #TIE_RELATIVE}·E_best, s_best)
     * @param edge          {@code top} or {@code bottom} when the tied rates reach the grid's largest or smallest
     *                      rate (the optimum may lie beyond), {@code both}, {@code none}, or {@code all_diverged}
     *                      when every rate had a diverged seed (then the other values are NaN, tied empty)
     * @param divergedFrom  the smallest rate at which a seed diverged (NaN: none did, the grid may stop short)
     */
    record Best(int depth, double reference, double bestLossMean, double excessMean, double excessStd,
                double excessMin, double excessMax, int seeds, double bestRate, List<Double> tied, double tolerance,
                String edge, double divergedFrom) {
        Map<String, Object> row(Family f) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("family", f.label());
            f.putParams(r, depth);
            r.put("reference_loss", reference);
            r.put("best_loss_mean", bestLossMean);
            r.put("best_excess_mean", excessMean);
            r.put("best_excess_std", excessStd);
            r.put("best_excess_min", excessMin);
            r.put("best_excess_max", excessMax);
            r.put("seeds", seeds);
            r.put("best_learning_rate", bestRate);
            r.put("tied_learning_rates", String.join(" ", tied.stream().map(Csv::format).toList()));
            r.replaceAll((k, v) -> v instanceof Double d && d.isNaN() ? null : v);
            r.put("tie_tolerance", tolerance);
            r.put("edge", edge);
            r.put("diverged_from", Double.isNaN(divergedFrom) ? null : divergedFrom);
            return r;
        }
    }

    /** Columns of {@code NAME_best.csv}. */
    static final List<String> BEST_COLUMNS = List.of("family", "init", "shortcut", "depth", "reference_loss",
            "best_loss_mean", "best_excess_mean", "best_excess_std", "best_excess_min", "best_excess_max", "seeds",
            "best_learning_rate", "tied_learning_rates", "tie_tolerance", "edge", "diverged_from");

    /**
     * For each depth of one family: the learning rate of least mean excess loss over seeds (rates with a diverged
     * or non-finite seed excluded), its spread and the rates tied with it (see the class comment).
     *
     * @param rows       one family's rows
     * @param references its reference optimum per depth ({@link #references})
     * @return one per depth, depths ascending
     */
    static List<Best> best(List<Map<String, String>> rows, Map<Integer, Reference> references) {
        TreeMap<Integer, TreeMap<Double, List<double[]>>> byDepth = new TreeMap<>(); // depth → rate → {loss, excess}
        TreeMap<Integer, Double> divergedFrom = new TreeMap<>();
        java.util.TreeSet<Double> grid = new java.util.TreeSet<>();
        for (Map<String, String> r : rows) {
            int depth = (int) RowStats.num(r, "depth");
            double rate = RowStats.num(r, "learning_rate");
            grid.add(rate);
            Reference ref = references.get(depth);
            double loss = RowStats.num(r, "final_loss");
            List<double[]> runs = byDepth.computeIfAbsent(depth, k -> new TreeMap<>())
                    .computeIfAbsent(rate, k -> new ArrayList<>());
            if ("true".equals(r.get("diverged")) || !Double.isFinite(loss) || ref == null) {
                runs.add(null);
                if ("true".equals(r.get("diverged"))) {
                    divergedFrom.merge(depth, rate, Math::min);
                }
            } else {
                runs.add(new double[] {loss, Math.max(loss - ref.loss(), EXCESS_FLOOR)});
            }
        }
        List<Best> out = new ArrayList<>();
        byDepth.forEach((depth, byRate) -> {
            Map<Double, double[]> stats = new TreeMap<>(); // rate → {mean loss, mean excess, std, min, max, seeds}
            byRate.forEach((rate, runs) -> {
                if (!runs.contains(null)) {
                    stats.put(rate, summary(runs));
                }
            });
            double bestRate = Double.NaN;
            for (Map.Entry<Double, double[]> e : stats.entrySet()) {
                if (Double.isNaN(bestRate) || e.getValue()[1] < stats.get(bestRate)[1]) {
                    bestRate = e.getKey();
                }
            }
            if (Double.isNaN(bestRate)) { // every rate had a diverged seed: the optimum lies below the grid
                out.add(new Best(depth, references.containsKey(depth) ? references.get(depth).loss() : Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, List.of(),
                        Double.NaN, "all_diverged", divergedFrom.getOrDefault(depth, Double.NaN)));
                return;
            }
            double[] b = stats.get(bestRate);
            double tolerance = Math.max(TIE_RELATIVE * b[1], b[2]);
            List<Double> tied = new ArrayList<>();
            stats.forEach((rate, s) -> {
                if (s[1] <= b[1] + tolerance) {
                    tied.add(rate);
                }
            });
            boolean top = tied.get(tied.size() - 1).equals(grid.last());
            boolean bottom = tied.get(0).equals(grid.first());
            String edge = top && bottom ? "both" : top ? "top" : bottom ? "bottom" : "none";
            out.add(new Best(depth, references.get(depth).loss(), b[0], b[1], b[2], b[3], b[4], (int) b[5], bestRate,
                    tied, tolerance, edge, divergedFrom.getOrDefault(depth, Double.NaN)));
        });
        return out;
    }

    /** @return {mean loss, mean excess, sample std of excess, min excess, max excess, count} of {loss, excess} runs */
    private static double[] summary(List<double[]> runs) {
        double loss = 0;
        double excess = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] run : runs) {
            loss += run[0];
            excess += run[1];
            min = Math.min(min, run[1]);
            max = Math.max(max, run[1]);
        }
        int k = runs.size();
        double mean = excess / k;
        double ss = 0;
        for (double[] run : runs) {
            ss += (run[1] - mean) * (run[1] - mean);
        }
        return new double[] {loss / k, mean, k > 1 ? Math.sqrt(ss / (k - 1)) : 0, min, max, k};
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<Plots.Line> loss = new ArrayList<>();
        List<Plots.Line> rate = new ArrayList<>();
        List<Map<String, Object>> bestRows = new ArrayList<>();
        List<Map<String, Object>> referenceRows = new ArrayList<>();
        List<double[]> edges = new ArrayList<>();
        RowStats.byFamily(rows, Family.PAPER).forEach((f, rs) -> {
            TreeMap<Integer, Reference> refs = references(rs);
            refs.values().forEach(r -> referenceRows.add(r.row(f)));
            List<Best> all = best(rs, refs);
            all.forEach(b -> bestRows.add(b.row(f)));
            List<Best> best = all.stream().filter(b -> !b.tied().isEmpty()).toList();
            int n = best.size();
            double[][] a = new double[7][n];
            for (int i = 0; i < n; i++) {
                Best b = best.get(i);
                a[0][i] = b.depth();
                a[1][i] = b.excessMean();
                a[2][i] = b.excessMin();
                a[3][i] = b.excessMax();
                a[4][i] = b.bestRate();
                a[5][i] = b.tied().get(0);
                a[6][i] = b.tied().get(b.tied().size() - 1);
                if (!b.edge().equals("none")) {
                    edges.add(new double[] {b.depth(), b.bestRate()});
                }
            }
            loss.add(new Plots.Line(f.label(), a[0], a[1], a[2], a[3]));
            rate.add(new Plots.Line(f.label(), a[0], a[4], a[5], a[6]));
        });
        if (!edges.isEmpty()) {
            double[][] e = new double[2][edges.size()];
            for (int i = 0; i < edges.size(); i++) {
                e[0][i] = edges.get(i)[0];
                e[1][i] = edges.get(i)[1];
            }
            rate.add(new Plots.Line("ties reach the grid's edge", e[0], e[1]));
        }
        String kind = relu ? "relu at mid" : "linear";
        String epochs = rows.isEmpty() ? "?" : rows.get(0).get("epochs");
        String reference = relu ? "L_ref = least L-BFGS polish over runs" : "L* = least-squares optimum";
        Plots.Axis depth = new Plots.Axis("depth (weight layers R·n)", Plots.Scale.LOG2);
        List<String> out = new ArrayList<>(Plots.save(dir, name() + "_best_loss", new Plots.Figure(
                "Best final loss over learning rates, above the reference optimum (" + kind + ")",
                Plots.caption(data, rows, kind, epochs + " epochs", "mean over seeds, bar: min…max over seeds; "
                        + reference + "; 1e-15: at it to rounding"), depth,
                new Plots.Axis(relu ? "final loss − L_ref" : "final loss − L*", Plots.Scale.LOG10), true, loss)));
        out.addAll(Plots.save(dir, name() + "_best_learning_rate", new Plots.Figure("Best learning rate ("
                + kind + ")", Plots.caption(data, rows, kind, epochs + " epochs", "bar: the rates tied with the best"
                + " (within max(" + TIE_RELATIVE + "·E_best, seed std)); rates with a diverged seed excluded"), depth,
                new Plots.Axis("learning rate", Plots.Scale.LOG10), true, rate)));
        Csv.write(dir.stage(name() + "_best.csv"), BEST_COLUMNS, bestRows);
        out.add(name() + "_best.csv");
        Csv.write(dir.stage(name() + "_reference.csv"), REFERENCE_COLUMNS, referenceRows);
        out.add(name() + "_reference.csv");
        return out;
    }
}
