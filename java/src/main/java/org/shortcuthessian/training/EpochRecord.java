package org.shortcuthessian.training;

import org.shortcuthessian.curvature.SpectrumStatistics;

/**
 * The state of a training run at one epoch, before that epoch's update (epoch 0 is the initial point).
 *
 * @param epoch          e
 * @param loss           L(θ_e)
 * @param gradientNorm   ‖∇L(θ_e)‖₂
 * @param meanWeightNorm (1/(R·n))·Σ_l ‖W_l‖_F, the mean Frobenius norm of the weight matrices
 * @param spectrum       statistics of the Hessian's full spectrum at θ_e, or null if not computed at e
 * @param spectrumMethod how: the LAPACK routine (exact), {@code slq} (estimates past the dense limit), or null
 * @param hessianSeconds time to assemble the Hessian (0 without spectrum)
 * @param eigenSeconds   time of the LAPACK eigenvalue call (0 without spectrum)
 */
public record EpochRecord(int epoch, double loss, double gradientNorm, double meanWeightNorm,
                          SpectrumStatistics spectrum, String spectrumMethod, double hessianSeconds, double eigenSeconds) {
}
