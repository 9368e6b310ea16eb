package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.io.OutputDirectory;
import java.util.TreeMap;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.training.LeastSquares;
import org.shortcuthessian.training.TrainingResult;

/**
 * Figures 7 and 8: for each initialization and depth, full-batch gradient descent over a log grid of
 * learning rates; the best final loss (over the grid, runs that diverged excluded) and the learning
 * rate that gave it, against depth. fig7: linear networks; fig8: relu at mid (plain networks get relus
 * at the same positions).
 */
public final class Fig7 implements Experiment {
    /** Excess losses below this are rounding (the optimum reached); plotted at this value. */
    static final double EXCESS_FLOOR = 1e-15;
    private final boolean relu;

    /** @param relu false: fig7 (linear); true: fig8 (relu at mid) */
    public Fig7(boolean relu) {
        this.relu = relu;
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRates");
    }

    @Override
    public String name() {
        return relu ? "fig8" : "fig7";
    }

    @Override
    public String description() {
        return (relu ? "networks with relu at mid" : "linear networks")
                + ": best final loss over a learning-rate grid, and the best learning rate, against depth";
    }

    @Override
    public List<String> columns() {
        return List.of("init", "shortcut", "depth", "learning_rate", "seed", "epochs", "initial_loss", "final_loss",
                "excess_loss", "best_loss", "epochs_run", "diverged", "divergence");
    }

    @Override
    public List<String> keyColumns() {
        return List.of("init", "shortcut", "depth", "learning_rate", "seed");
    }

    private int epochs(ExperimentOptions o) {
        return o.epochsOr(o.quick() ? 300 : 1000);
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        return Map.of("epochs", epochs(o), "mid", relu ? "relu" : "identity");
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(relu && o.quick() ? 1000 : 0);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Integer> depths = o.quick() ? (relu ? List.of(2, 4, 8) : List.of(2, 8, 32))
                : (relu ? List.of(2, 4, 8, 16) : List.of(2, 4, 8, 16, 32, 64));
        List<Double> rates = o.learningRatesOr(o.quick() ? (relu ? List.of(0.03, 0.1, 0.3, 1.0) : List.of(0.001, 0.01, 0.1, 1.0))
                : Training.logGrid(relu ? -3 : -4, 0, 2));
        int epochs = epochs(o);
        int m = relu ? Math.max(1, data(o).samples() == 0 ? 10_000 : data(o).samples()) : 1;
        List<Cell> cells = new ArrayList<>();
        for (Family f : Family.PAPER) {
            for (int depth : f.depths(o, depths)) {
                for (double lr : rates) {
                    for (int seed = 1; seed <= o.seedsOr(1); seed++) {
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
        TrainingResult r = Training.train(cell, ctx, relu ? Activation.RELU : Activation.IDENTITY, epochs, 0);
        Map<String, Object> row = Training.outcomeRow(cell, epochs, r);
        row.put("excess_loss", r.finalLoss() - LeastSquares.optimum(ctx.data()));
        return new CellResult(List.of(row), 0, 0);
    }

    /**
     * For each depth of a family: the smallest loss (the given column: final_loss, or excess_loss = final
     * loss − least-squares optimum) over learning rates (mean over seeds; learning rates with a diverged
     * seed excluded) and its learning rate.
     *
     * @return {depth, best final loss, best learning rate}
     */
    static double[][] best(List<Map<String, String>> rows, String lossColumn) {
        TreeMap<Double, TreeMap<Double, double[]>> byDepth = new TreeMap<>(); // depth → lr → {sum, count, bad}
        for (Map<String, String> r : rows) {
            double[] acc = byDepth.computeIfAbsent(RowStats.num(r, "depth"), k -> new TreeMap<>())
                    .computeIfAbsent(RowStats.num(r, "learning_rate"), k -> new double[3]);
            double loss = RowStats.num(r, lossColumn);
            if (lossColumn.equals("excess_loss")) {
                loss = Math.max(loss, EXCESS_FLOOR); // at the optimum to rounding: keep the point on a log axis
            }
            if ("true".equals(r.get("diverged")) || !Double.isFinite(loss)) {
                acc[2]++;
            } else {
                acc[0] += loss;
                acc[1]++;
            }
        }
        double[][] out = new double[3][byDepth.size()];
        int i = 0;
        for (Map.Entry<Double, TreeMap<Double, double[]>> e : byDepth.entrySet()) {
            double bestLoss = Double.NaN;
            double bestLr = Double.NaN;
            for (Map.Entry<Double, double[]> lr : e.getValue().entrySet()) {
                double[] a = lr.getValue();
                if (a[2] == 0 && a[1] > 0 && !(a[0] / a[1] >= bestLoss)) {
                    bestLoss = a[0] / a[1];
                    bestLr = lr.getKey();
                }
            }
            out[0][i] = e.getKey();
            out[1][i] = bestLoss;
            out[2][i] = bestLr;
            i++;
        }
        return out;
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<Plots.Line> loss = new ArrayList<>();
        List<Plots.Line> rate = new ArrayList<>();
        RowStats.byFamily(rows, Family.PAPER).forEach((f, rs) -> {
            double[][] b = best(rs, relu ? "final_loss" : "excess_loss");
            loss.add(new Plots.Line(f.label(), b[0], b[1]));
            rate.add(new Plots.Line(f.label(), b[0], b[2]));
        });
        String kind = relu ? "relu at mid" : "linear";
        String epochs = rows.isEmpty() ? "?" : rows.get(0).get("epochs");
        String caption = Plots.caption(data, rows, kind, epochs + " epochs",
                "mean over seeds; rates with a diverged run excluded");
        Plots.Axis depth = new Plots.Axis("depth (weight layers R·n)", Plots.Scale.LOG2);
        List<String> out = new ArrayList<>(Plots.save(dir, name() + "_best_loss", new Plots.Figure(relu
                ? "Best final loss over learning rates (" + kind + ")"
                : "Best final loss over learning rates, above the least-squares optimum (" + kind + ")", caption, depth,
                new Plots.Axis(relu ? "final loss" : "final loss − L*", relu ? Plots.Scale.LINEAR : Plots.Scale.LOG10),
                true, loss)));
        out.addAll(Plots.save(dir, name() + "_best_learning_rate", new Plots.Figure("Best learning rate ("
                + kind + ")", caption, depth, new Plots.Axis("learning rate", Plots.Scale.LOG10), true, rate)));
        return out;
    }
}
