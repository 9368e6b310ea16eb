package org.shortcuthessian.training;

import org.shortcuthessian.curvature.SpectrumStatistics;

/**
 * The state of a training run at one epoch, before that epoch's update (epoch 0 is the initial point).
 *
 * @param epoch          e
 * @param learningRate   η_e, the learning rate of the update from θ_e (of the step schedule, if any)
 * @param loss           L(θ_e)
 * @param gradientNorm   ‖∇L(θ_e)‖₂
 * @param meanWeightNorm (1/(R·n))·Σ_l ‖W_l‖_F, the mean Frobenius norm of the weight matrices
 * @param spectrum       statistics of the Hessian's full spectrum at θ_e, or null if not computed at e
 * @param spectrumMethod how: the LAPACK routine (exact), {@code slq} (estimates past the dense limit), or null
 * @param hessianSeconds time to assemble the Hessian (0 without spectrum)
 * @param eigenSeconds   time of the LAPACK eigenvalue call (0 without spectrum)
 */
public record EpochRecord(int epoch, double learningRate, double loss, double gradientNorm, double meanWeightNorm,
                          SpectrumStatistics spectrum, String spectrumMethod, double hessianSeconds, double eigenSeconds) {
    /** The keys of {@link #row()}, in order: a CSV header for these rows. */
    public static final java.util.List<String> COLUMNS = java.util.stream.Stream.of(
            java.util.List.of("epoch", "learning_rate", "loss", "gradient_norm", "weight_norm"), SpectrumStatistics.COLUMNS,
            java.util.List.of("spectrum_method", "hessian_seconds", "eigen_seconds")).flatMap(java.util.List::stream).toList();

    /**
     * @return the record as a CSV row: epoch, learning_rate, loss, gradient_norm, weight_norm and, with a spectrum,
     *         the six statistics and the two censoring flags, spectrum_method, hessian_seconds and eigen_seconds
     */
    public java.util.Map<String, Object> row() {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("epoch", epoch);
        row.put("learning_rate", learningRate);
        row.put("loss", loss);
        row.put("gradient_norm", gradientNorm);
        row.put("weight_norm", meanWeightNorm);
        if (spectrum != null) {
            row.putAll(spectrum.row());
            row.put("spectrum_method", spectrumMethod);
            row.put("hessian_seconds", hessianSeconds);
            row.put("eigen_seconds", eigenSeconds);
        }
        return row;
    }
}
