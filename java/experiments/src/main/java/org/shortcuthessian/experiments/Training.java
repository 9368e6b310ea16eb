package org.shortcuthessian.experiments;

import org.shortcuthessian.curvature.SpectrumStatistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.training.EpochRecord;
import org.shortcuthessian.training.GradientDescent;
import org.shortcuthessian.training.TrainingConfig;
import org.shortcuthessian.training.TrainingResult;

/** Training cells shared by the experiments that train (fig3, fig5, fig6, fig7, fig8). */
final class Training {
    /** Columns of a per-epoch row after the cell's key columns. */
    static final List<String> EPOCH_COLUMNS = java.util.stream.Stream.of(List.of("epoch", "loss", "gradient_norm",
            "weight_norm"), SpectrumStatistics.COLUMNS, List.of("spectrum_method", "diverged")).flatMap(List::stream).toList();

    private Training() {
    }

    /**
     * Trains the network of a cell (parameters init, shortcut, depth, seed, learning_rate; mid given).
     *
     * @param spectrumEvery epochs between spectra (0: none)
     */
    static TrainingResult train(Cell cell, SweepContext ctx, Activation mid, int epochs, int spectrumEvery) {
        NetworkSpec spec = Family.of(cell).spec(ctx.data().dim(), cell.intParam("depth"), mid);
        return train(cell, ctx, spec, new TrainingConfig(cell.doubleParam("learning_rate"), epochs, spectrumEvery,
                TrainingConfig.DEFAULT_DIVERGENCE_BOUND, ctx.options().eigensolver()));
    }

    /** Trains the given network from the cell's initialization (parameters init, seed) with these settings. */
    static TrainingResult train(Cell cell, SweepContext ctx, NetworkSpec spec, TrainingConfig config) {
        double[] theta = Family.of(cell).init().sample(spec, cell.intParam("seed"), ctx.options().epsilonOr());
        try (Curvature curvature = new Curvature(spec, ctx.data(), ctx.backend())) {
            return GradientDescent.train(curvature, theta, config, Training::stopIfInterrupted);
        }
    }

    /**
     * Ends a cell whose sweep was stopped (its thread interrupted, e.g. because another cell failed) at the next
     * epoch instead of training to the end.
     *
     * @throws java.util.concurrent.CancellationException if this thread is interrupted
     */
    static void stopIfInterrupted(EpochRecord ignored) {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.util.concurrent.CancellationException("cell stopped: the sweep was stopped");
        }
    }

    /**
     * The outcome of a training run as one row: the cell's parameters, then epochs, initial_loss, final_loss,
     * best_loss, epochs_run, diverged and divergence (fig7, fig8, fig9).
     */
    static Map<String, Object> outcomeRow(Cell cell, int epochs, TrainingResult r) {
        Map<String, Object> row = cell.row();
        row.put("epochs", epochs);
        row.put("initial_loss", r.records().get(0).loss());
        row.put("final_loss", r.finalLoss());
        row.put("best_loss", r.bestLoss());
        row.put("epochs_run", r.last().epoch());
        row.put("diverged", r.diverged());
        row.put("divergence", r.divergence());
        return row;
    }

    /** One row per recorded epoch: the cell's parameters, then {@link #EPOCH_COLUMNS}. */
    static CellResult epochRows(Cell cell, TrainingResult r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        double eigen = 0;
        double hessian = 0;
        for (EpochRecord e : r.records()) {
            Map<String, Object> row = cell.row();
            e.row().forEach(row::putIfAbsent); // the cell's parameters (its key) stay as they are
            row.put("diverged", r.diverged() && e == r.last());
            rows.add(row);
            eigen += e.eigenSeconds();
            hessian += e.hessianSeconds();
        }
        return new CellResult(rows, eigen, hessian);
    }

    /**
     * The cells of a weight-norm experiment (fig2, fig3): for mid = identity, then relu, for each family, each of its
     * depths (the options' or defaultDepths, {@link Family#depths}) and seeds 1 … the options' (or defaultSeeds), one
     * cell with parameters mid, init, shortcut, depth, seed and rateKey = rate, costed epochs · depth (· the samples m
     * with relu, whose passes scale with m; linear training runs on the data's moments).
     */
    static List<Cell> normCells(ExperimentOptions o, List<Family> families, List<Integer> defaultDepths,
                                int defaultSeeds, String rateKey, double rate, int epochs, int m) {
        List<Cell> cells = new ArrayList<>();
        for (Activation mid : List.of(Activation.IDENTITY, Activation.RELU)) {
            for (Family f : families) {
                for (int depth : f.depths(o, defaultDepths)) {
                    for (int seed = 1; seed <= o.seedsOr(defaultSeeds); seed++) {
                        Map<String, Object> p = new java.util.LinkedHashMap<>();
                        p.put("mid", mid.name().toLowerCase(java.util.Locale.ROOT));
                        f.putParams(p, depth);
                        p.put("seed", seed);
                        p.put(rateKey, rate);
                        cells.add(new Cell(p, 0, (double) epochs * depth * (mid == Activation.RELU ? m : 1)));
                    }
                }
            }
        }
        return cells;
    }

    /** @return key columns followed by the per-epoch columns. */
    static List<String> columns(List<String> keys) {
        List<String> c = new ArrayList<>(keys);
        c.addAll(EPOCH_COLUMNS);
        return c;
    }

    /** log-spaced grid 10^from … 10^to with perDecade points per decade. */
    static List<Double> logGrid(int from, int to, int perDecade) {
        List<Double> out = new ArrayList<>();
        for (int i = from * perDecade; i <= to * perDecade; i++) {
            out.add(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", Math.pow(10, i / (double) perDecade))));
        }
        return out;
    }
}
