package org.shortcuthessian.training;

import java.util.ArrayDeque;
import java.util.Deque;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4/7.5) with a weak-Wolfe bisection line search (Lewis and
 * Overton): a quasi-Newton polish of a point, on the exact loss and gradient of an objective.
 *
 * <p>Iteration k: the direction d_k = −H_k·∇f(x_k), with H_k the two-loop recursion over the last m pairs
 * s_i = x_{i+1} − x_i, y_i = ∇f(x_{i+1}) − ∇f(x_i) (pairs with s_iᵀy_i ≤ 0 are not stored) and the initial scaling
 * H⁰ = (sᵀy / yᵀy)·I of the newest pair (before any pair, H⁰ = I and the first trial step is α = min(1, 1/‖∇f‖));
 * a step α accepted when f(x+αd) ≤ f(x) + c₁·α·∇fᵀd (c₁ = 1e-4) and ∇f(x+αd)ᵀd ≥ c₂·∇fᵀd
 * (c₂ = 0.9). Every accepted step lowers f, so the result is never worse than the start.
 *
 * <p>Stops when ‖∇f‖₂ ≤ the gradient tolerance ({@link Stop#GRADIENT}), when the line search finds no decrease
 * (the loss is flat to rounding along the direction: {@link Stop#NO_DECREASE}) or after the iteration limit
 * ({@link Stop#ITERATIONS}). Deterministic: the same start and objective give the same bits.
 */
public final class Lbfgs {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int LINE_SEARCH_EVALUATIONS = 60;

    private Lbfgs() {
    }

    /** The function minimized: f(x) and ∇f(x). */
    @FunctionalInterface
    public interface Objective {
        /** @return f(x) and ∇f(x) (x not modified) */
        Curvature.LossGradient evaluate(double[] x);
    }

    /** Why a run stopped. */
    public enum Stop {
        /** ‖∇f‖₂ at or below the tolerance. */
        GRADIENT,
        /** the line search found no point lower than x along the direction: f is flat to rounding there. */
        NO_DECREASE,
        /** the iteration limit. */
        ITERATIONS;

        /** @return the CSV value, e.g. {@code no_decrease}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param maxIterations     the most quasi-Newton steps (≥ 0)
     * @param memory            m, the number of (s, y) pairs kept (≥ 1)
     * @param gradientTolerance stop when ‖∇f‖₂ ≤ this (≥ 0)
     */
    public record Config(int maxIterations, int memory, double gradientTolerance) {
        public Config {
            if (maxIterations < 0) {
                throw InvalidInputException.ofField("maxIterations", maxIterations + " (must be ≥ 0)");
            }
            if (memory < 1) {
                throw InvalidInputException.ofField("memory", memory + " (must be ≥ 1)");
            }
            if (!(gradientTolerance >= 0)) {
                throw InvalidInputException.ofField("gradientTolerance", gradientTolerance + " (must be ≥ 0)");
            }
        }
    }

    /**
     * @param x            the point reached (f(x) ≤ f(start))
     * @param loss         f(x)
     * @param gradientNorm ‖∇f(x)‖₂
     * @param iterations   quasi-Newton steps taken
     * @param evaluations  evaluations of f and ∇f, the start included
     * @param stop         why it stopped
     */
    public record Result(double[] x, double loss, double gradientNorm, int iterations, int evaluations, Stop stop) {
    }

    /** Minimizes a network's loss over its parameters θ (the library's exact loss and gradient). */
    public static Result minimize(Curvature curvature, double[] theta0, Config config) {
        return minimize(curvature::lossAndGradient, theta0, config);
    }

    /**
     * @param f      the objective
     * @param start  x₀ (not modified; f and ∇f must be finite there)
     * @param config limits and tolerance
     * @throws IllegalArgumentException if f or ∇f is not finite at the start
     */
    public static Result minimize(Objective f, double[] start, Config config) {
        double[] x = start.clone();
        Curvature.LossGradient at = f.evaluate(x);
        double fx = at.loss();
        double[] g = at.gradient().clone();
        double gnorm = GradientDescent.norm(g);
        if (!Double.isFinite(fx) || !Double.isFinite(gnorm)) {
            throw new IllegalArgumentException("Lbfgs: f or its gradient is not finite at the start");
        }
        int evaluations = 1;
        Deque<double[][]> pairs = new ArrayDeque<>(); // {s, y, {1/(sᵀy)}}, newest last
        int n = x.length;
        for (int k = 0; ; k++) {
            if (gnorm <= config.gradientTolerance()) {
                return new Result(x, fx, gnorm, k, evaluations, Stop.GRADIENT);
            }
            if (k == config.maxIterations()) {
                return new Result(x, fx, gnorm, k, evaluations, Stop.ITERATIONS);
            }
            double[] d = direction(g, pairs);
            double slope = dot(g, d);
            if (!(slope < 0)) { // rounding made H·g useless: restart from steepest descent
                pairs.clear();
                d = direction(g, pairs);
                slope = dot(g, d);
            }
            double alpha = pairs.isEmpty() ? Math.min(1.0, 1.0 / gnorm) : 1.0;
            double lo = 0;
            double hi = Double.POSITIVE_INFINITY;
            double[] xNew = new double[n];
            Curvature.LossGradient accepted = null;
            Curvature.LossGradient lowered = null; // the last trial that satisfied the decrease condition
            double loweredAlpha = 0;
            for (int t = 0; t < LINE_SEARCH_EVALUATIONS; t++) {
                for (int q = 0; q < n; q++) {
                    xNew[q] = x[q] + alpha * d[q];
                }
                Curvature.LossGradient trial = f.evaluate(xNew);
                evaluations++;
                double ft = trial.loss();
                if (!Double.isFinite(ft) || ft > fx + C1 * alpha * slope) {
                    hi = alpha;
                } else {
                    lowered = trial;
                    loweredAlpha = alpha;
                    if (dot(trial.gradient(), d) < C2 * slope) {
                        lo = alpha;
                    } else {
                        accepted = trial;
                        break;
                    }
                }
                alpha = Double.isInfinite(hi) ? 2 * alpha : 0.5 * (lo + hi);
            }
            if (accepted == null && lowered != null && lowered.loss() < fx) {
                accepted = lowered; // sufficient decrease without the curvature condition: take it
                alpha = loweredAlpha;
                for (int q = 0; q < n; q++) {
                    xNew[q] = x[q] + alpha * d[q];
                }
            }
            if (accepted == null || !(accepted.loss() < fx)) {
                return new Result(x, fx, gnorm, k, evaluations, Stop.NO_DECREASE);
            }
            double[] gNew = accepted.gradient().clone();
            double[] s = new double[n];
            double[] y = new double[n];
            for (int q = 0; q < n; q++) {
                s[q] = xNew[q] - x[q];
                y[q] = gNew[q] - g[q];
            }
            double sy = dot(s, y);
            if (sy > 0) {
                pairs.addLast(new double[][] {s, y, {1 / sy}});
                if (pairs.size() > config.memory()) {
                    pairs.removeFirst();
                }
            }
            x = xNew;
            fx = accepted.loss();
            g = gNew;
            gnorm = GradientDescent.norm(g);
        }
    }

    /** The two-loop recursion: −H·g with H⁰ = (sᵀy/yᵀy)·I of the newest pair (I without pairs). */
    private static double[] direction(double[] g, Deque<double[][]> pairs) {
        double[] q = g.clone();
        double[] alphas = new double[pairs.size()];
        int i = pairs.size();
        var newestFirst = pairs.descendingIterator();
        while (newestFirst.hasNext()) {
            double[][] p = newestFirst.next();
            i--;
            alphas[i] = p[2][0] * dot(p[0], q);
            axpy(-alphas[i], p[1], q);
        }
        if (!pairs.isEmpty()) {
            double[][] newest = pairs.peekLast();
            double gamma = 1 / (newest[2][0] * dot(newest[1], newest[1]));
            for (int k = 0; k < q.length; k++) {
                q[k] *= gamma;
            }
        }
        i = 0;
        for (double[][] p : pairs) {
            double beta = p[2][0] * dot(p[1], q);
            axpy(alphas[i] - beta, p[0], q);
            i++;
        }
        for (int k = 0; k < q.length; k++) {
            q[k] = -q[k];
        }
        return q;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int k = 0; k < y.length; k++) {
            y[k] += a * x[k];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
