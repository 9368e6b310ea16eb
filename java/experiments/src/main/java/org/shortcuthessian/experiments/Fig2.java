package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.training.TrainingConfig;

/**
 * An analogue of the paper's Figure 2 (the weight norms of ResNets during training with a step learning-rate
 * schedule), in this model class: fully connected small-init 2-shortcut networks of several depths (and Xavier plain
 * networks for contrast), linear and with relu at mid, trained by full-batch gradient descent with the learning rate
 * multiplied by {@link #FACTOR} at 50 % and 75 % of the epochs; the mean Frobenius norm of the weight matrices
 * against the epoch, mean ± sample standard deviation over the seeds.
 */
public final class Fig2 implements Experiment {
    static final List<String> KEYS = List.of("mid", "init", "shortcut", "depth", "seed", "initial_learning_rate");
    /** The epochs of the steps, as fractions of the epochs. */
    static final double[] STEP_FRACTIONS = {0.5, 0.75};
    /** The factor of each step. */
    static final double FACTOR = 0.1;
    static final double LEARNING_RATE = 0.1;
    static final List<Family> FAMILIES = List.of(new Family(Initialization.SMALL, 2), new Family(Initialization.XAVIER, 0));

    @Override
    public String name() {
        return "fig2";
    }

    @Override
    public String description() {
        return "analogue of Figure 2: mean Frobenius norm of the weights during training with a step learning-rate"
                + " schedule, small-init 2-shortcut (and Xavier plain) networks, linear and relu";
    }

    @Override
    public List<String> columns() {
        List<String> c = new ArrayList<>(Training.columns(KEYS));
        c.add("learning_rate"); // η_e of the schedule, per epoch
        return c;
    }

    @Override
    public List<String> keyColumns() {
        return KEYS;
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRate");
    }

    private static int epochs(ExperimentOptions o) {
        return o.epochsOr(o.quick() ? 200 : 1000);
    }

    /** @return the step epochs for these options: ⌊0.5·E⌋ and ⌊0.75·E⌋. */
    static List<Integer> steps(ExperimentOptions o) {
        return TrainingConfig.stepsAtFractions(epochs(o), STEP_FRACTIONS);
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epochs", epochs(o));
        s.put("learning_rate_steps", steps(o));
        s.put("learning_rate_factor", FACTOR);
        return s;
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(o.quick() ? 2000 : 0);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        int m = data(o).samplesOrDefault();
        return Training.normCells(o, FAMILIES, o.quick() ? List.of(2, 8, 32) : List.of(2, 4, 8, 16, 32, 64), 3,
                "initial_learning_rate", o.learningRateOr(LEARNING_RATE), epochs(o), m);
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        ExperimentOptions o = ctx.options();
        TrainingConfig config = new TrainingConfig(cell.doubleParam("initial_learning_rate"), epochs(o), 0,
                TrainingConfig.DEFAULT_DIVERGENCE_BOUND, o.eigensolver(), steps(o), FACTOR);
        return Training.epochRows(cell, Training.train(cell, ctx, Family.of(cell).spec(ctx.data().dim(),
                cell.intParam("depth"), Activation.parse(cell.param("mid"))), config));
    }

    /**
     * @return one line per depth: column y against the epoch, mean over the seeds with a band of ± one sample standard
     *         deviation (geometric mean and spread when log), the legend saying how many seeds diverged (the row at
     *         which a run diverged is left out: its state is not finite or beyond the bound)
     */
    static List<Plots.Line> byDepth(List<Map<String, String>> rows, String y, boolean log, int unit) {
        Map<Double, List<Map<String, String>>> groups = new TreeMap<>();
        Map<Double, Long> divergedRuns = new TreeMap<>();
        for (Map<String, String> r : rows) {
            double depth = RowStats.num(r, "depth");
            if ("true".equals(r.get("diverged"))) {
                divergedRuns.merge(depth, 1L, Long::sum); // its last row, the diverging state, is left out
            } else {
                groups.computeIfAbsent(depth, k -> new ArrayList<>()).add(r);
            }
        }
        List<Plots.Line> lines = new ArrayList<>();
        groups.forEach((depth, rs) -> {
            long diverged = divergedRuns.getOrDefault(depth, 0L);
            String name = "depth " + depth.intValue() + " (R = " + depth.intValue() / unit + ")"
                    + (diverged > 0 ? ", " + diverged + " diverged" : "");
            if (log) {
                double[][] g = RowStats.geometricMeanSpread(rs, "epoch", y);
                lines.add(new Plots.Line(name, g[0], g[1], g[2], g[3]));
            } else {
                double[][] s = RowStats.meanStd(rs, "epoch", y);
                double[] lo = new double[s[0].length];
                double[] hi = new double[s[0].length];
                for (int i = 0; i < lo.length; i++) {
                    lo[i] = s[1][i] - s[2][i];
                    hi[i] = s[1][i] + s[2][i];
                }
                lines.add(new Plots.Line(name, s[0], s[1], lo, hi));
            }
        });
        return lines;
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<String> out = new ArrayList<>();
        for (String mid : List.of("identity", "relu")) {
            String kind = mid.equals("identity") ? "linear" : "relu at mid";
            RowStats.byFamily(RowStats.filter(rows, r -> mid.equals(r.get("mid"))), FAMILIES).forEach((f, rs) -> {
                if (rs.isEmpty()) {
                    return;
                }
                String base = "fig2_" + (mid.equals("identity") ? "linear" : "relu")
                        + (f.shortcut() == 0 ? "_" + f.initName() + "_plain" : "");
                String caption = Plots.caption(data, rs, "η = " + rs.get(0).get("initial_learning_rate") + " × "
                        + FACTOR + " at epochs " + stepsOf(rs), "mean ± std over seeds");
                out.addAll(Plots.save(dir, base, new Plots.Figure("Figure 2 analogue: mean ‖W‖_F, step schedule, "
                        + f.label() + ", " + kind, caption,
                        new Plots.Axis("epoch", Plots.Scale.LINEAR), new Plots.Axis("mean ‖W‖_F", Plots.Scale.LINEAR),
                        true, byDepth(rs, "weight_norm", false, f.unitLength()))));
                out.addAll(Plots.save(dir, base + "_loss", new Plots.Figure("Figure 2 analogue: loss, step schedule, "
                        + f.label() + ", " + kind, caption.replace("mean ± std",
                        "geometric mean and spread"), new Plots.Axis("epoch", Plots.Scale.LINEAR),
                        new Plots.Axis("loss", Plots.Scale.LOG10), true, byDepth(rs, "loss", true, f.unitLength()))));
            });
        }
        return out;
    }

    /**
     * @return the epochs at which the learning rate of a run changes (from the rows of each run, in epoch order, as
     *         the CSV holds them), e.g. {@code 500, 750}, or {@code none}
     */
    static String stepsOf(List<Map<String, String>> rows) {
        java.util.Set<Integer> steps = new java.util.TreeSet<>();
        Map<String, Double> previous = new java.util.HashMap<>();
        for (Map<String, String> r : rows) {
            String run = KEYS.stream().map(r::get).toList().toString();
            double eta = RowStats.num(r, "learning_rate");
            Double before = previous.put(run, eta);
            if (before != null && eta != before) {
                steps.add((int) RowStats.num(r, "epoch"));
            }
        }
        return steps.isEmpty() ? "none" : steps.toString().replaceAll("[\\[\\]]", "");
    }
}
