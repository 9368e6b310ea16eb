package org.shortcuthessian.curvature.matrixfree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * Extreme eigenvalues of a symmetric operator by thick-restart Lanczos (Wu and Simon, 2000).
 *
 * <p>From a seeded random unit vector v₀, each step applies the operator once and orthogonalizes:
 * A·V_j = V_j·T_j + β_j·v_{j+1}·e_jᵀ with V_j orthonormal and T_j = V_jᵀ·A·V_j. The Ritz pairs
 * (θ_i, x_i = V_j·y_i) of T_j approximate eigenpairs, with residual ‖A·x_i − θ_i·x_i‖ = |β_j·y_i[j]|.
 * When the basis is full, it restarts from the Ritz vectors nearest to the wanted ones (about half the
 * basis), which keeps T_j an arrowhead-plus-tridiagonal matrix and loses nothing already found. It stops
 * when every wanted pair has residual ≤ tolerance·‖A‖ (‖A‖ estimated by the largest |θ| seen), or when
 * the product budget is spent (pairs then reported with {@code converged = false}).
 *
 * <p>Single-vector Lanczos finds each <em>distinct</em> eigenvalue once: a multiple eigenvalue (such as
 * those of the zero point of Theorem 2, repeated R·d times) appears once among the k reported, and
 * the next ones then belong to other eigenvalues. Use the dense path where multiplicities matter.
 *
 * <p>Deterministic for a seed: the vector loops are sequential and the operator is itself deterministic.
 */
public final class Lanczos {
    private Lanczos() {
    }

    /** @return the k largest eigenvalues (the backend solves the small projected problems). */
    public static LanczosResult largest(Backend backend, SymmetricOperator a, int k, LanczosOptions options) {
        return extremes(backend, a, k, 0, options);
    }

    /** @return the k smallest (algebraic) eigenvalues. */
    public static LanczosResult smallest(Backend backend, SymmetricOperator a, int k, LanczosOptions options) {
        return extremes(backend, a, 0, k, options);
    }

    /**
     * The {@code top} largest and the {@code bottom} smallest eigenvalues in one run (both ends of the
     * spectrum converge from the same Krylov space).
     *
     * @param backend solves the small projected eigenproblems
     */
    public static LanczosResult extremes(Backend backend, SymmetricOperator a, int top, int bottom,
                                         LanczosOptions options) {
        Objects.requireNonNull(a, "Lanczos: operator");
        checkEnds("Lanczos", a.dimension(), top, bottom);
        return new Run(backend, a, top, bottom, 0, options).solve();
    }

    /** @throws IllegalArgumentException naming the routine unless 0 ≤ top, bottom; 0 &lt; top + bottom ≤ n */
    static void checkEnds(String routine, int n, int top, int bottom) {
        if (top < 0 || bottom < 0 || top + bottom == 0) {
            throw new IllegalArgumentException(routine + ": top = " + top + ", bottom = " + bottom
                    + " (both at least 0, at least one positive)");
        }
        if ((long) top + bottom > n) {
            throw new IllegalArgumentException(routine + ": top + bottom = " + ((long) top + bottom)
                    + " exceeds the dimension " + n);
        }
    }

    /** @return the k eigenvalues largest in absolute value, ascending. */
    public static LanczosResult largestMagnitude(Backend backend, SymmetricOperator a, int k, LanczosOptions options) {
        Objects.requireNonNull(a, "Lanczos: operator");
        if (k < 1 || k > a.dimension()) {
            throw new IllegalArgumentException("Lanczos: k = " + k + " outside 1.." + a.dimension());
        }
        return new Run(backend, a, 0, 0, k, options).solve();
    }

    /**
     * An upper bound of the Java heap one solve for {@code wanted} eigenvalues of an operator of dimension n
     * takes, the operator's own memory aside: the basis of m + 1 vectors (m = {@link LanczosOptions#maxBasis()},
     * automatic: max(2·wanted + 30, 50), at most n), the m Ritz vectors a thick restart builds while the basis
     * still exists, the converged vectors of selective reorthogonalization (up to m more), a work vector, and the
     * m×m projected matrix twice: 8·n·(2m + 2 [+ m]) + 16·m² bytes.
     */
    public static long heapBytes(int n, int wanted, LanczosOptions options) {
        int m = basisSize(n, wanted, options);
        long vectors = 2L * m + 2 + (options.reorthogonalization() == Reorthogonalization.SELECTIVE ? m : 0);
        return 8L * n * vectors + 16L * m * m;
    }

    /** The basis size mMax of a solve: the option, or max(2·wanted + 30, 50); at least wanted + 3, at most n. */
    private static int basisSize(int n, int wanted, LanczosOptions o) {
        int m = o.maxBasis() > 0 ? o.maxBasis() : Math.max(2 * wanted + 30, 50);
        return Math.min(n, Math.max(m, wanted + 3));
    }

    /** One solve: the basis, the projected matrix and the bookkeeping. */
    private static final class Run {
        private final Backend backend;
        private final SymmetricOperator a;
        private final int n;
        private final int top;
        private final int bottom;
        private final int magnitude;
        private final int wanted;
        private final LanczosOptions o;
        private final int mMax;
        private final int budget;
        private final SplittableRandom rnd;
        private final double[][] v;
        private final double[][] t;
        private final List<double[]> good = new ArrayList<>();
        private final List<Double> goodValues = new ArrayList<>();
        private int size;
        private int kept;
        private int products;
        private int restarts;
        private double coupling;
        private double norm;
        private double[] theta;
        private double[][] y;

        Run(Backend backend, SymmetricOperator a, int top, int bottom, int magnitude, LanczosOptions o) {
            this.backend = Objects.requireNonNull(backend, "Lanczos: backend");
            this.a = a;
            this.o = Objects.requireNonNull(o, "Lanczos: options");
            this.n = a.dimension();
            this.top = top;
            this.bottom = bottom;
            this.magnitude = magnitude;
            this.wanted = magnitude > 0 ? magnitude : top + bottom;
            this.mMax = basisSize(n, wanted, o);
            this.budget = o.maxProducts() > 0 ? o.maxProducts() : 5000;
            this.rnd = new SplittableRandom(o.seed());
            this.v = new double[mMax + 1][];
            this.t = new double[mMax][mMax];
        }

        LanczosResult solve() {
            v[0] = randomUnit(0);
            boolean done = false;
            while (!done) {
                step();
                if (size >= Math.min(wanted, mMax)) {
                    ritz();
                    done = size == n || allConverged() || products >= budget;
                    if (!done && o.reorthogonalization() == Reorthogonalization.SELECTIVE) {
                        collectGood();
                    }
                }
                if (!done && size == mMax) {
                    restart();
                }
            }
            return finish();
        }

        /** Extends the basis by one vector: w = A·v_size, orthogonalized; T grows by a row and column. */
        private void step() {
            int j = size;
            double[] w = new double[n];
            a.apply(v[j], w);
            NonFiniteProductException.requireFinite(w);
            products++;
            double alpha;
            if (o.reorthogonalization() == Reorthogonalization.FULL) {
                alpha = Vectors.orthogonalize(v, j + 1, w)[j];
            } else {
                for (int i = 0; i < j; i++) {
                    if (t[i][j] != 0.0) {
                        Vectors.axpy(-t[i][j], v[i], w);
                    }
                }
                alpha = Vectors.dot(v[j], w);
                Vectors.axpy(-alpha, v[j], w);
                Vectors.orthogonalize(v, kept, w);
                Vectors.orthogonalize(good.toArray(new double[0][]), good.size(), w);
                double[] local = j > 0 ? Vectors.orthogonalize(new double[][] {v[j], v[j - 1]}, 2, w)
                        : Vectors.orthogonalize(new double[][] {v[j]}, 1, w);
                alpha += local[0];
            }
            t[j][j] = alpha;
            norm = Math.max(norm, Math.abs(alpha));
            size = j + 1;
            if (size == n) {
                coupling = 0.0;
                return;
            }
            double beta = Vectors.norm(w);
            if (beta <= 1e-13 * Math.max(norm, Double.MIN_NORMAL)) {
                // an invariant subspace: go on from a fresh direction, with no coupling to it
                w = randomUnit(size);
                beta = 0.0;
            } else {
                Vectors.scale(1.0 / beta, w);
            }
            v[size] = w;
            coupling = beta;
            if (size < mMax) {
                t[j][size] = beta;
                t[size][j] = beta;
            }
        }

        /** A seeded random unit vector orthogonal to v[0..count). */
        private double[] randomUnit(int count) {
            for (int attempt = 0; attempt < 10; attempt++) {
                double[] z = Vectors.probe(n, Probe.GAUSSIAN, rnd);
                Vectors.orthogonalize(v, count, z);
                double nz = Vectors.norm(z);
                if (nz > 1e-8) {
                    Vectors.scale(1.0 / nz, z);
                    return z;
                }
            }
            throw new ArithmeticException("Lanczos: could not find a direction orthogonal to the basis");
        }

        /** Ritz values (ascending) and vectors of the current T, and the norm estimate. */
        private void ritz() {
            int s = size;
            double[] tc = new double[s * s];
            for (int j = 0; j < s; j++) {
                for (int i = 0; i < s; i++) {
                    tc[i + j * s] = t[i][j];
                }
            }
            HeapMatrix h = new HeapMatrix(s, s, tc);
            theta = backend.eigenpairs(h);
            y = new double[s][];
            for (int c = 0; c < s; c++) {
                y[c] = Arrays.copyOfRange(tc, c * s, (c + 1) * s);
            }
            for (double th : theta) {
                norm = Math.max(norm, Math.abs(th));
            }
        }

        private double residualEstimate(int c) {
            return Math.abs(coupling * y[c][size - 1]);
        }

        private double threshold() {
            return o.tolerance() * Math.max(norm, Double.MIN_NORMAL);
        }

        /** Indices (ascending θ) of the wanted Ritz values among the current ones. */
        private int[] wantedIndices() {
            return select(wanted, 0);
        }

        /**
         * The count Ritz indices to keep, ascending: the wanted ones and then their neighbours inward
         * (extra more in all, split between the ends in proportion).
         */
        private int[] select(int count, int extra) {
            int s = size;
            int total = Math.min(s, count + extra);
            if (magnitude > 0) {
                Integer[] order = new Integer[s];
                for (int c = 0; c < s; c++) {
                    order[c] = c;
                }
                Arrays.sort(order, (p, q) -> Double.compare(Math.abs(theta[q]), Math.abs(theta[p])));
                int[] idx = new int[total];
                for (int c = 0; c < total; c++) {
                    idx[c] = order[c];
                }
                Arrays.sort(idx);
                return idx;
            }
            int lo = bottom + (int) Math.round((double) extra * bottom / (top + bottom));
            int hi = total - lo;
            lo = Math.min(lo, total);
            boolean[] pick = new boolean[s];
            for (int c = 0; c < lo; c++) {
                pick[c] = true;
            }
            for (int c = s - hi; c < s; c++) {
                pick[c] = true;
            }
            return indicesOf(pick);
        }

        private static int[] indicesOf(boolean[] pick) {
            int count = 0;
            for (boolean p : pick) {
                count += p ? 1 : 0;
            }
            int[] idx = new int[count];
            int q = 0;
            for (int c = 0; c < pick.length; c++) {
                if (pick[c]) {
                    idx[q++] = c;
                }
            }
            return idx;
        }

        private boolean allConverged() {
            for (int c : wantedIndices()) {
                if (residualEstimate(c) > threshold()) {
                    return false;
                }
            }
            return true;
        }

        /** Selective orthogonalization: keeps the Ritz vectors that have converged to √ε·‖A‖. */
        private void collectGood() {
            double level = Math.sqrt(Math.ulp(1.0)) * norm;
            for (int c = 0; c < size; c++) {
                if (residualEstimate(c) > level) {
                    continue;
                }
                boolean known = false;
                for (double g : goodValues) {
                    known |= Math.abs(g - theta[c]) <= level;
                }
                if (!known) {
                    good.add(ritzVector(c));
                    goodValues.add(theta[c]);
                }
            }
        }

        private double[] ritzVector(int c) {
            double[] x = new double[n];
            for (int i = 0; i < size; i++) {
                Vectors.axpy(y[c][i], v[i], x);
            }
            return x;
        }

        /** Thick restart: the kept Ritz vectors, then the residual direction, coupled through an arrowhead. */
        private void restart() {
            int keep = Math.min(size - 2, wanted + (size - wanted) / 2);
            int[] idx = select(wanted, Math.max(0, keep - wanted));
            int nk = idx.length;
            double[][] fresh = new double[nk][];
            for (int l = 0; l < nk; l++) {
                fresh[l] = ritzVector(idx[l]);
            }
            double[] residual = v[size];
            double[] arrow = new double[nk];
            for (int l = 0; l < nk; l++) {
                arrow[l] = coupling * y[idx[l]][size - 1];
            }
            Arrays.fill(v, null);
            for (double[] row : t) {
                Arrays.fill(row, 0.0);
            }
            for (int l = 0; l < nk; l++) {
                v[l] = fresh[l];
                t[l][l] = theta[idx[l]];
                t[l][nk] = arrow[l];
                t[nk][l] = arrow[l];
            }
            v[nk] = residual;
            size = nk;
            kept = nk;
            good.clear();
            goodValues.clear();
            restarts++;
        }

        private LanczosResult finish() {
            int[] idx = wantedIndices();
            int k = idx.length;
            double[] values = new double[k];
            double[] residuals = new double[k];
            boolean[] converged = new boolean[k];
            boolean explicit = o.explicitResiduals() || o.vectors();
            double[][] vectors = o.vectors() ? new double[k][] : null;
            for (int q = 0; q < k; q++) {
                int c = idx[q];
                values[q] = theta[c];
                if (explicit) {
                    double[] x = ritzVector(c);
                    Vectors.scale(1.0 / Vectors.norm(x), x);
                    double[] ax = new double[n];
                    a.apply(x, ax);
                    products++;
                    Vectors.axpy(-theta[c], x, ax);
                    residuals[q] = Vectors.norm(ax);
                    if (vectors != null) {
                        vectors[q] = x;
                    }
                } else {
                    residuals[q] = residualEstimate(c);
                }
                converged[q] = residuals[q] <= threshold();
            }
            Which which = magnitude > 0 ? Which.LARGEST_MAGNITUDE : top > 0 ? Which.LARGEST : Which.SMALLEST;
            return new LanczosResult(values, residuals, converged, explicit, vectors, which,
                    magnitude > 0 ? 0 : top, magnitude > 0 ? 0 : bottom, products, restarts, mMax, norm,
                    o.tolerance(), o.reorthogonalization(), 1);
        }
    }
}
