/**
 * The one spectrum policy: a {@link org.shortcuthessian.curvature.spectrum.SpectrumRequest} (dense, Lanczos,
 * SLQ or auto; every eigenvalue or the top/bottom k; eigenvectors), one decision with its reason
 * ({@link org.shortcuthessian.curvature.spectrum.SpectrumPolicy}, from
 * {@link org.shortcuthessian.curvature.Curvature#fits}), one result
 * ({@link org.shortcuthessian.curvature.spectrum.SpectrumReport}) and one writer of {@code stats.json}
 * ({@link org.shortcuthessian.curvature.spectrum.SpectrumReport#toJson}). The command line, training and the
 * sweeps all go through {@link org.shortcuthessian.curvature.spectrum.SpectrumSolver}.
 */
package org.shortcuthessian.curvature.spectrum;
