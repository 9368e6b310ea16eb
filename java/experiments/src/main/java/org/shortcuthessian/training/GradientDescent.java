package org.shortcuthessian.training;

import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.network.NetworkSpec;

/**
 * Full-batch gradient descent θ_{e+1} = θ_e − η_e·∇L(θ_e) (η_e constant, or a step schedule, see
 * {@link TrainingConfig#learningRateAt}) with curvature tracking: per epoch the loss,
 * the gradient norm and the mean Frobenius norm of the weights; every k epochs the statistics of the
 * Hessian's full spectrum (dense Hessian, LAPACK eigenvalues; past the dense limit SLQ estimates,
 * see {@link SpectrumSolver#statistics}).
 *
 * <p>A run that diverges (loss NaN/Inf or above the bound, or θ overflowing) stops and is reported as
 * diverged; it does not throw. Deterministic: the same θ₀, data and settings give the same bits
 * (the gradient's sums over samples are reduced in a fixed order whatever the thread count).
 */
public final class GradientDescent {
    private GradientDescent() {
    }

    /** Receives each epoch's record as soon as it is computed. */
    @FunctionalInterface
    public interface Listener {
        void epoch(EpochRecord record);
    }

    /** Trains without a listener. */
    public static TrainingResult train(Curvature curvature, double[] theta0, TrainingConfig config) {
        return train(curvature, theta0, config, r -> { });
    }

    /**
     * @param curvature the network and data
     * @param theta0    initial θ (not modified)
     * @param config    η, epochs, spectrum interval, divergence bound
     * @param listener  called once per record, in epoch order
     */
    public static TrainingResult train(Curvature curvature, double[] theta0, TrainingConfig config, Listener listener) {
        if (theta0.length != curvature.parameters()) {
            throw new IllegalArgumentException("train: theta0 has length " + theta0.length + ", expected N = "
                    + curvature.parameters());
        }
        double[] theta = theta0.clone();
        List<EpochRecord> records = new ArrayList<>();
        for (int e = 0; ; e++) {
            Curvature.LossGradient lg = curvature.lossAndGradient(theta);
            double loss = lg.loss();
            double[] g = lg.gradient();
            double gnorm = norm(g);
            boolean bad = !Double.isFinite(loss) || !Double.isFinite(gnorm) || loss > config.divergenceBound();
            SpectrumStatistics spectrum = null;
            double hs = 0;
            double es = 0;
            String method = null;
            if (!bad && config.spectrumAt(e)) {
                SpectrumReport t = SpectrumSolver.statistics(curvature, theta, config.eigensolver(), false);
                spectrum = t.recordedStatistics(curvature.parameters());
                method = t.routine();
                hs = t.hessianSeconds();
                es = t.eigenSeconds();
            }
            EpochRecord r = new EpochRecord(e, config.learningRateAt(e), loss, gnorm, meanWeightNorm(curvature.spec(), theta), spectrum, method, hs, es);
            records.add(r);
            listener.epoch(r);
            if (bad) {
                String why = !Double.isFinite(loss) || !Double.isFinite(gnorm)
                        ? "loss or gradient not finite at epoch " + e
                        : String.format(Locale.ROOT, "loss %.4g above the bound %.4g at epoch %d", loss,
                                config.divergenceBound(), e);
                return new TrainingResult(records, theta, true, why);
            }
            if (e == config.epochs()) {
                return new TrainingResult(records, theta, false, null);
            }
            double[] next = new double[theta.length];
            double eta = config.learningRateAt(e);
            for (int q = 0; q < theta.length; q++) {
                next[q] = theta[q] - eta * g[q];
                if (!Double.isFinite(next[q])) {
                    return new TrainingResult(records, theta, true, "parameters overflow in the update after epoch " + e);
                }
            }
            theta = next;
        }
    }

    /** @return ‖v‖₂. */
    public static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** @return (1/(R·n))·Σ_l ‖W_l‖_F over the weight matrices of θ. */
    public static double meanWeightNorm(NetworkSpec spec, double[] theta) {
        int dd = spec.dim() * spec.dim();
        double total = 0;
        for (int l = 0; l < spec.layers(); l++) {
            double s = 0;
            for (int q = l * dd; q < (l + 1) * dd; q++) {
                s += theta[q] * theta[q];
            }
            total += Math.sqrt(s);
        }
        return total / spec.layers();
    }
}
