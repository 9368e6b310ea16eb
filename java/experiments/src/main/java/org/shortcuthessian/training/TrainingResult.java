package org.shortcuthessian.training;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param records    one per epoch 0…last (last = epochs, or where the run diverged)
 * @param theta      θ after the last recorded epoch (finite: the update that diverged is not applied)
 * @param diverged   whether the run stopped because the loss became non-finite or exceeded the bound
 * @param divergence why it diverged (null if it did not)
 */
public record TrainingResult(List<EpochRecord> records, double[] theta, boolean diverged, String divergence) {
    /** @return the last record. */
    public EpochRecord last() {
        return records.get(records.size() - 1);
    }

    /** @return the loss of the last record (the final loss of a run that did not diverge). */
    public double finalLoss() {
        return last().loss();
    }

    /** @return the smallest finite loss over the run. */
    public double bestLoss() {
        double best = Double.POSITIVE_INFINITY;
        for (EpochRecord r : records) {
            if (Double.isFinite(r.loss())) {
                best = Math.min(best, r.loss());
            }
        }
        return best;
    }
}
