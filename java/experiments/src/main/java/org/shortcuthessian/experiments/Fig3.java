package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;

/**
 * Figure 3: the mean Frobenius norm of the weight matrices during training of small-init 2-shortcut
 * networks of several depths, linear and with relu at mid: the weights stay small, so the training
 * stays near the zero initial point that Theorem 2 describes.
 */
public final class Fig3 extends EpochExperiment {
    static final List<String> KEYS = List.of("mid", "init", "shortcut", "depth", "seed", "learning_rate");
    static final double LEARNING_RATE = 0.1;
    /** Seeds by default (quick grid too): the paper's Appendix B text on runs per figure is not quoted here; 3. */
    static final int SEEDS = 3;

    public Fig3() {
        super(KEYS);
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRate", "epsilon");
    }

    @Override
    public String name() {
        return "fig3";
    }

    @Override
    public String description() {
        return "mean Frobenius norm of the weights during training, small-init 2-shortcut networks, linear and relu";
    }

    private static int epochs(ExperimentOptions o) {
        return o.epochsOr(o.quick() ? 300 : 1000);
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        return Map.of("epochs", epochs(o));
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(o.quick() ? 2000 : 0);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        int m = data(o).samplesOrDefault();
        return Training.normCells(o, List.of(new Family(Initialization.SMALL, 2)),
                o.quick() ? List.of(2, 8, 32) : List.of(2, 4, 8, 16, 32, 64), SEEDS, "learning_rate",
                o.learningRateOr(LEARNING_RATE), epochs(o), m);
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        return Training.epochRows(cell, Training.train(cell, ctx, Activation.parse(cell.param("mid")),
                epochs(ctx.options()), 0));
    }

    /** Columns of {@code fig3_summary.csv}: per mid and depth, the last epoch's weight norm and loss over seeds. */
    static final List<String> SUMMARY_COLUMNS = List.of("mid", "depth", "epoch", "weight_norm_mean",
            "weight_norm_std", "loss_mean", "loss_std", "seeds");

    /**
     * Writes {@code fig3_summary.csv} (per mid and depth, the last epoch's mean weight norm and loss, mean ± sample
     * std over seeds) and a plot per mid of the mean weight norm against the epoch, mean ± std over seeds.
     */
    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (String mid : List.of("identity", "relu")) {
            List<Map<String, String>> rs = RowStats.filter(rows, r -> mid.equals(r.get("mid")));
            List<Plots.Line> lines = new ArrayList<>();
            LossGrid.byDepth(rs).forEach((depth, r) -> {
                double[][] w = RowStats.meanStd(r, "epoch", "weight_norm");
                double[] lower = new double[w[0].length];
                double[] upper = new double[w[0].length];
                for (int i = 0; i < lower.length; i++) {
                    lower[i] = w[1][i] - w[2][i];
                    upper[i] = w[1][i] + w[2][i];
                }
                lines.add(new Plots.Line("depth " + depth + " (R = " + depth / 2 + ")", w[0], w[1], lower, upper));
                if (w[0].length > 0) {
                    int last = w[0].length - 1;
                    double[][] loss = RowStats.meanStd(r, "epoch", "loss");
                    int lastLoss = loss[0].length - 1;
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("mid", mid);
                    row.put("depth", depth);
                    row.put("epoch", (long) w[0][last]);
                    row.put("weight_norm_mean", w[1][last]);
                    row.put("weight_norm_std", w[2][last]);
                    row.put("loss_mean", lastLoss >= 0 && loss[0][lastLoss] == w[0][last] ? loss[1][lastLoss] : null);
                    row.put("loss_std", lastLoss >= 0 && loss[0][lastLoss] == w[0][last] ? loss[2][lastLoss] : null);
                    row.put("seeds", (int) w[3][last]);
                    summary.add(row);
                }
            });
            out.addAll(Plots.save(dir, "fig3_" + (mid.equals("identity") ? "linear" : "relu"), new Plots.Figure(
                    "Mean Frobenius norm of the weights during training, small-init 2-shortcut, "
                            + (mid.equals("identity") ? "linear" : "relu at mid"),
                    Plots.caption(data, rs, "learning rate " + (rs.isEmpty() ? "?" : rs.get(0).get("learning_rate")),
                            "mean ± std over seeds"),
                    new Plots.Axis("epoch", Plots.Scale.LINEAR), new Plots.Axis("mean ‖W‖_F", Plots.Scale.LINEAR),
                    true, lines)));
        }
        out.add(Fig5.writeCsv(dir, "fig3_summary.csv", SUMMARY_COLUMNS, summary));
        return out;
    }
}
