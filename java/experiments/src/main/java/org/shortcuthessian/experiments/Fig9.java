package org.shortcuthessian.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shortcuthessian.datasets.DataSource;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.training.TrainingConfig;
import org.shortcuthessian.training.TrainingResult;

/**
 * An analogue of the paper's Figure 9 (ResNets whose shortcuts span n = 1, 2, 3, 4 layers at a fixed number of
 * layers), in this model class: fully connected small-init n-shortcut networks with a fixed total number of weight
 * layers L = R·n (so a fixed parameter count L·d²), n = 1…4, trained by full-batch gradient descent over a
 * learning-rate grid; the best final loss over the grid (mean over the seeds, rates with a diverged seed excluded)
 * against n at each L, and against L at each n.
 *
 * <p>Where the relu sits ({@code relu} column): {@code mid}, between the layers of a unit (n ≥ 2); a 1-shortcut unit
 * has no such position, so n = 1 runs twice: {@code pre}, h + W·relu(h), and {@code none}, the linear network that
 * "relu at mid" makes of it.
 */
public final class Fig9 implements Experiment {
    static final List<Integer> SHORTCUTS = List.of(1, 2, 3, 4);

    /** Where the relu of a network sits. */
    enum Relu {
        /** Between the weight layers of each unit: h + W_{n-1}·relu(… relu(W_0·h)). */
        MID,
        /** Before the unit's first layer: h + W_{n-1}⋯W_0·relu(h) (for n = 1: h + W·relu(h)). */
        PRE,
        /** No relu: a linear network. */
        NONE;

        String csv() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the networks of a family with the relu here. */
        NetworkSpec spec(Family f, int dim, int depth) {
            NetworkSpec linear = f.spec(dim, depth, Activation.IDENTITY);
            return switch (this) {
                case MID -> f.spec(dim, depth, Activation.RELU);
                case PRE -> linear.withActivations(Activation.RELU, Activation.IDENTITY, Activation.IDENTITY);
                case NONE -> linear;
            };
        }
    }

    /** @return the relu placements run for shortcut length n: mid for n ≥ 2; pre and none for n = 1. */
    static List<Relu> placements(int n) {
        return n == 1 ? List.of(Relu.PRE, Relu.NONE) : List.of(Relu.MID);
    }

    @Override
    public String name() {
        return "fig9";
    }

    @Override
    public String description() {
        return "analogue of Figure 9: best final loss of small-init n-shortcut relu networks (n = 1…4) at a fixed"
                + " number of weight layers, against n and against the depth";
    }

    @Override
    public List<String> columns() {
        return List.of("init", "shortcut", "relu", "depth", "learning_rate", "seed", "epochs", "initial_loss",
                "final_loss", "best_loss", "epochs_run", "diverged", "divergence");
    }

    @Override
    public List<String> keyColumns() {
        return List.of("init", "shortcut", "relu", "depth", "learning_rate", "seed");
    }

    @Override
    public List<String> settingsUsed() {
        return List.of("seeds", "depths", "epochs", "learningRates");
    }

    private static int epochs(ExperimentOptions o) {
        return o.epochsOr(o.quick() ? 200 : 1000);
    }

    @Override
    public Map<String, Object> settings(ExperimentOptions o) {
        return Map.of("epochs", epochs(o));
    }

    @Override
    public DataSource data(ExperimentOptions o) {
        return o.dataOr(o.quick() ? 1000 : 0);
    }

    @Override
    public List<Cell> cells(ExperimentOptions o) {
        List<Double> rates = o.learningRatesOr(o.quick() ? List.of(0.1, 0.316, 1.0) : Training.logGrid(-2, 0, 2));
        int m = data(o).samplesOrDefault();
        List<Cell> cells = new ArrayList<>();
        for (int n : SHORTCUTS) {
            Family f = new Family(Initialization.SMALL, n);
            // the depths are multiples of lcm(1, 2, 3, 4) = 12, so that every n has the same number of layers
            for (int depth : f.depths(o, List.of(12, 24))) {
                for (Relu relu : placements(n)) {
                    for (double lr : rates) {
                        for (int seed = 1; seed <= o.seedsOr(3); seed++) {
                            Map<String, Object> p = new LinkedHashMap<>();
                            p.put("init", f.initName());
                            p.put("shortcut", n);
                            p.put("relu", relu.csv());
                            p.put("depth", depth);
                            p.put("learning_rate", lr);
                            p.put("seed", seed);
                            cells.add(new Cell(p, 0, (double) epochs(o) * depth * (relu == Relu.NONE ? 1 : m)));
                        }
                    }
                }
            }
        }
        return cells;
    }

    @Override
    public CellResult run(Cell cell, SweepContext ctx) {
        ExperimentOptions o = ctx.options();
        int epochs = epochs(o);
        Relu relu = Relu.valueOf(cell.param("relu").toUpperCase(Locale.ROOT));
        NetworkSpec spec = relu.spec(Family.of(cell), ctx.data().dim(), cell.intParam("depth"));
        TrainingResult r = Training.train(cell, ctx, spec, new TrainingConfig(cell.doubleParam("learning_rate"), epochs,
                0, TrainingConfig.DEFAULT_DIVERGENCE_BOUND, o.eigensolver()));
        return new CellResult(List.of(Training.outcomeRow(cell, epochs, r)), 0, 0);
    }

    /** The columns of {@code fig9_best.csv}. */
    static final List<String> BEST_COLUMNS = List.of("shortcut", "relu", "depth", "best_learning_rate",
            "final_loss_mean", "final_loss_std", "seeds", "rates", "best_at_grid_edge", "tied_rates");
    /** Rates whose mean final loss is within this relative tolerance of the best are ties ({@code tied_rates}). */
    static final double TIE_TOLERANCE = 1e-6;


    /**
     * Per network (shortcut, relu) and depth: the learning rate with the smallest mean final loss over the seeds
     * ({@link Fig7#best}: rates with a diverged seed excluded), that mean, the sample standard deviation over the
     * seeds at that rate, and whether the rate is the smallest or largest of the grid (then the grid may cut off the
     * optimum), and the rates tied with it (mean final loss within {@link #TIE_TOLERANCE} relative of the best, no
     * diverged seed; e.g. every rate of a network that stays at its initial saddle).
     *
     * @return one row per network and depth, keys {@link #BEST_COLUMNS}
     */
    static List<Map<String, Object>> best(List<Map<String, String>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int n : SHORTCUTS) {
            for (Relu relu : placements(n)) {
                List<Map<String, String>> rs = RowStats.filter(rows, r -> String.valueOf(n).equals(r.get("shortcut"))
                        && relu.csv().equals(r.get("relu")));
                if (rs.isEmpty()) {
                    continue;
                }
                double[] rates = rs.stream().mapToDouble(r -> RowStats.num(r, "learning_rate")).distinct().sorted().toArray();
                double[][] b = RowStats.bestFinalLoss(rs);
                for (int i = 0; i < b[0].length; i++) {
                    double depth = b[0][i];
                    double lr = b[2][i];
                    double[][] s = RowStats.meanStd(RowStats.filter(rs, r -> RowStats.num(r, "depth") == depth
                            && RowStats.num(r, "learning_rate") == lr), "depth", "final_loss");
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("shortcut", n);
                    row.put("relu", relu.csv());
                    row.put("depth", (int) depth);
                    row.put("best_learning_rate", lr);
                    row.put("final_loss_mean", b[1][i]);
                    row.put("final_loss_std", s[0].length == 1 ? s[2][0] : Double.NaN);
                    row.put("seeds", s[0].length == 1 ? (int) s[3][0] : 0);
                    row.put("rates", rates.length);
                    row.put("best_at_grid_edge", Double.isFinite(lr) && rates.length > 1
                            && (lr == rates[0] || lr == rates[rates.length - 1]));
                    row.put("tied_rates", tiedRates(RowStats.filter(rs, r -> RowStats.num(r, "depth") == depth), b[1][i]));
                    out.add(row);
                }
            }
        }
        return out;
    }

    /** @return the rates of these rows (one depth) without a diverged seed whose mean final loss is within the tolerance of best, joined by {@code ;}. */
    static String tiedRates(List<Map<String, String>> rows, double best) {
        java.util.Set<Double> diverged = new java.util.TreeSet<>();
        for (Map<String, String> r : rows) {
            if ("true".equals(r.get("diverged"))) {
                diverged.add(RowStats.num(r, "learning_rate"));
            }
        }
        double[][] byRate = RowStats.meanStd(rows, "learning_rate", "final_loss");
        List<String> tied = new ArrayList<>();
        for (int i = 0; i < byRate[0].length; i++) {
            if (!diverged.contains(byRate[0][i]) && Math.abs(byRate[1][i] - best) <= TIE_TOLERANCE * Math.abs(best)) {
                tied.add(ResultsFile.format(byRate[0][i]));
            }
        }
        return String.join(";", tied);
    }

    /** @return a line through the best rows that pass, x from column x, y = mean final loss ± std. */
    private static Plots.Line line(String name, List<Map<String, Object>> best, String x) {
        int k = best.size();
        double[][] v = new double[4][k];
        for (int i = 0; i < k; i++) {
            Map<String, Object> r = best.get(i);
            double mean = ((Number) r.get("final_loss_mean")).doubleValue();
            double std = ((Number) r.get("final_loss_std")).doubleValue();
            v[0][i] = ((Number) r.get(x)).doubleValue();
            v[1][i] = mean;
            v[2][i] = mean - std > 0 ? mean - std : mean; // a log axis shows no band below zero
            v[3][i] = mean + std;
        }
        return new Plots.Line(name, v[0], v[1], v[2], v[3]);
    }

    @Override
    public List<String> plot(List<Map<String, String>> rows, com.fasterxml.jackson.databind.JsonNode data,
                             OutputDirectory dir) {
        List<Map<String, Object>> best = best(rows);
        List<String> out = new ArrayList<>();
        ResultsFile.write(dir.stage("fig9_best.csv"), BEST_COLUMNS, best);
        out.add("fig9_best.csv");
        String epochs = rows.isEmpty() ? "?" : rows.get(0).get("epochs");
        String caption = Plots.caption(data, rows, "small init", epochs + " epochs",
                "best rate of the grid, mean ± std over seeds");
        List<Plots.Line> byN = new ArrayList<>();
        best.stream().map(r -> (Integer) r.get("depth")).distinct().sorted().forEach(depth -> {
            byN.add(line("L = " + depth + " (n = 1: relu before the layer)", best.stream().filter(r -> depth.equals(r.get("depth"))
                    && !"none".equals(r.get("relu"))).toList(), "shortcut"));
            byN.add(line("L = " + depth + ", n = 1 linear (relu at mid: none)", best.stream().filter(r ->
                    depth.equals(r.get("depth")) && "none".equals(r.get("relu"))).toList(), "shortcut"));
        });
        out.addAll(Plots.save(dir, "fig9_loss_vs_shortcut", new Plots.Figure("Figure 9 analogue: best final loss against"
                + " the shortcut length n at fixed L", caption,
                new Plots.Axis("shortcut length n (R = L / n units)", Plots.Scale.LINEAR),
                new Plots.Axis("final loss", Plots.Scale.LOG10), true, byN)));
        List<Plots.Line> byDepth = new ArrayList<>();
        for (int n : SHORTCUTS) {
            for (Relu relu : placements(n)) {
                List<Map<String, Object>> bs = best.stream().filter(r -> Integer.valueOf(n).equals(r.get("shortcut"))
                        && relu.csv().equals(r.get("relu"))).toList();
                if (!bs.isEmpty()) {
                    byDepth.add(line(n + "-shortcut" + switch (relu) {
                        case MID -> "";
                        case PRE -> ", relu before the layer";
                        case NONE -> ", linear (no mid position)";
                    }, bs, "depth"));
                }
            }
        }
        out.addAll(Plots.save(dir, "fig9_loss_vs_depth", new Plots.Figure("Figure 9 analogue: best final loss against"
                + " the number of weight layers L", caption,
                new Plots.Axis("depth L (weight layers R·n)", Plots.Scale.LOG2),
                new Plots.Axis("final loss", Plots.Scale.LOG10), true, byDepth)));
        return out;
    }
}
