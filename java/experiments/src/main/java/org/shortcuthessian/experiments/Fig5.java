package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Activation;

/**
 * Figures 5 and 6: linear networks of depth 16 trained by full-batch gradient descent from each
 * initialization, with the Hessian's full spectrum every k epochs. fig5 plots max|λ| and p10|λ|
 * against the loss; fig6 the negative-eigenvalue ratio against the loss, and for the 2-shortcut run
 * the gradient norm and the ratio against the epoch. Both run the same cells.
 */
public class Fig5 extends EpochExperiment {
    static final int DEPTH = 16;
    static final int EPOCHS = 1000;
    static final int QUICK_EPOCHS = 400;
    static final int EVERY = 10;
    static final int QUICK_EVERY = 20;
    static final double LEARNING_RATE = 0.05;
    /** Seeds by default (quick grid too): runs averaged on a common loss grid ({@link LossGrid}). */
    static final int SEEDS = 3;
    static final List<String> KEYS = List.of("init", "shortcut", "depth", "seed", "learning_rate");

    public Fig5() {
        super(KEYS);
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRate", "spectrumEvery", "epsilon");
    }

    @Override
    public String name() {
        return "fig5";
    }

    @Override
    public String description() {
        return "depth-16 linear networks during training: max|λ| and p10|λ| of the Hessian against the loss";
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Cell> cells = new ArrayList<>();
        int d = o.dataOr(0).components();
        int epochs = o.epochsOr(o.quick() ? QUICK_EPOCHS : EPOCHS);
        int every = o.spectrumEveryOr(o.quick() ? QUICK_EVERY : EVERY);
        for (Family f : Family.WITH_SHORTCUTS) {
            for (int depth : f.depths(o, List.of(DEPTH))) {
                for (int seed = 1; seed <= o.seedsOr(SEEDS); seed++) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    f.putParams(p, depth);
                    p.put("seed", seed);
                    p.put("learning_rate", o.learningRateOr(LEARNING_RATE));
                    int n = depth * d * d;
                    cells.add(new Cell(p, n, (epochs / every + 1) * Math.pow(n, 3)));
                }
            }
        }
        return cells;
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        return Map.of("epochs", o.epochsOr(o.quick() ? QUICK_EPOCHS : EPOCHS),
                "spectrum_every", o.spectrumEveryOr(o.quick() ? QUICK_EVERY : EVERY));
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        ExperimentOptions o = ctx.options();
        return Training.epochRows(cell, Training.train(cell, ctx, Activation.IDENTITY,
                o.epochsOr(o.quick() ? QUICK_EPOCHS : EPOCHS), o.spectrumEveryOr(o.quick() ? QUICK_EVERY : EVERY)));
    }

    /** The statistics of fig5 (all drawn on log axes): max|λ|, p10|λ| and cond_p10 = max|λ| / p10|λ|. */
    static final List<String> STATISTICS = List.of("lambda_max_abs", "p10_abs", "cond_p10");

    /**
     * Writes {@code fig5_summary.csv} (each family's runs interpolated on a common loss grid and averaged,
     * {@link LossGrid}), {@code fig5_comparison.csv} (the 2-shortcut networks against each other family on their
     * common losses: the claim that their condition numbers are always smaller) and a plot per statistic against the
     * loss, geometric mean ×/÷ geometric std over seeds.
     */
    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        Map<String, Boolean> stats = new LinkedHashMap<>();
        STATISTICS.forEach(s -> stats.put(s, true));
        List<Map<String, Object>> summary = LossGrid.summaryRows(rows, Family.WITH_SHORTCUTS, stats);
        out.add(writeCsv(dir, name() + "_summary.csv", LossGrid.SUMMARY_COLUMNS, summary));
        List<Map<String, Object>> comparison = new ArrayList<>();
        for (String stat : STATISTICS) {
            comparison.addAll(LossGrid.compare(rows, Family.PAPER.get(2), Family.WITH_SHORTCUTS, stat, true));
        }
        out.add(writeCsv(dir, name() + "_comparison.csv", LossGrid.COMPARISON_COLUMNS, comparison));
        for (String stat : STATISTICS) {
            String what = switch (stat) {
                case "p10_abs" -> "p10|λ|";
                case "cond_p10" -> "Condition number max|λ| / p10|λ|";
                default -> "max|λ|";
            };
            out.addAll(Plots.save(dir, name() + "_" + stat, new Plots.Figure(what + " of the Hessian against the loss"
                    + " during training", caption(data, rows, "each run interpolated on " + LossGrid.POINTS
                    + " log-spaced losses (the range all runs of a family share) · geometric mean ×/÷ geometric std"
                    + " over seeds · censored values left out"),
                    new Plots.Axis("loss", Plots.Scale.LOG10), new Plots.Axis(stat, Plots.Scale.LOG10), false,
                    LossGrid.lines(summary, stat))));
        }
        return out;
    }

    /** Writes a CSV staged in dir; @return its name. */
    static String writeCsv(OutputDirectory dir, String name, List<String> columns, List<Map<String, Object>> rows) {
        Csv.write(dir.stage(name), columns, rows);
        return name;
    }

    /** The subtitle of fig5 and fig6: data, N, seeds, depth, learning rate, then note. */
    static String caption(com.fasterxml.jackson.databind.JsonNode data, List<Map<String, String>> rows, String note) {
        return Plots.caption(data, rows, "linear networks of depth " + (rows.isEmpty() ? DEPTH : rows.get(0).get("depth")),
                "learning rate " + (rows.isEmpty() ? "?" : rows.get(0).get("learning_rate")), note);
    }
}
