/**
 * Curvature past the dense limit: spectra, densities and traces of a Hessian known only through its
 * Hessian-vector products ({@link org.shortcuthessian.linalg.SymmetricOperator}).
 *
 * <ul>
 *   <li>{@link org.shortcuthessian.curvature.matrixfree.Lanczos}: the k largest, smallest or
 *       largest-magnitude eigenvalues (thick-restart Lanczos, full or selective reorthogonalization),
 *       each with its residual ‖Hv − λv‖ and a converged flag;</li>
 *   <li>{@link org.shortcuthessian.curvature.matrixfree.StochasticLanczosQuadrature}: the eigenvalue
 *       density and estimates of {@code p10_abs}, {@code cond_p10}, {@code negative_ratio} and the trace,
 *       each with its standard error over probes;</li>
 *   <li>{@link org.shortcuthessian.curvature.matrixfree.TraceEstimators}: Hutchinson and Hutch++;</li>
 *   <li>{@link org.shortcuthessian.curvature.matrixfree.Operators} and
 *       {@link org.shortcuthessian.curvature.matrixfree.ParameterBlocks}: dense matrices and diagonal blocks
 *       (a unit, a layer, any subset of parameters) as operators.</li>
 * </ul>
 * The choice between these and the dense path is made once, in {@link org.shortcuthessian.curvature.spectrum}.
 * Every random choice comes from a seed: results are bit-identical for a seed whatever the number of threads.
 */
package org.shortcuthessian.curvature.matrixfree;
