package org.shortcuthessian.curvature.matrixfree;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;

/**
 * Block Lanczos with thick restarts: the Krylov space of a block of b vectors, grown b vectors at a time by one
 * block product A·V ({@link SymmetricOperator#applyBlock}: for a Hessian, one pass over the data for b
 * products), kept orthonormal by full reorthogonalization (twice), with Rayleigh–Ritz on the whole basis.
 * Unlike single-vector Lanczos, which finds each distinct eigenvalue once, a block of b vectors finds an
 * eigenvalue of multiplicity up to b that many times: the zero point of Theorem 2, where ±c·σ_k(M) each occur
 * R·d times, needs b ≥ the multiplicity wanted.
 *
 * <p>At a restart the wanted Ritz vectors (and b more) are kept, together with their images A·x (known without
 * products), and the basis is extended from the residuals of the unconverged wanted pairs. Residuals
 * ‖A·x − θ·x‖ are exact (from the stored A·V, no extra products); a pair has converged when its residual is at
 * most tolerance·‖A‖ (‖A‖ estimated by the largest |θ| seen). Deterministic for a seed.
 */
public final class BlockLanczos {
    private BlockLanczos() {
    }

    /**
     * The {@code top} largest and the {@code bottom} smallest eigenvalues of a, ascending, with block size b.
     *
     * @param backend solves the projected eigenproblems
     */
    public static LanczosResult extremes(Backend backend, SymmetricOperator a, int top, int bottom, int block,
                                         LanczosOptions options) {
        Objects.requireNonNull(backend, "BlockLanczos: backend");
        Objects.requireNonNull(a, "BlockLanczos: operator");
        Objects.requireNonNull(options, "BlockLanczos: options");
        int n = a.dimension();
        Lanczos.checkEnds("BlockLanczos", n, top, bottom);
        if (block < 1 || block > n) {
            throw new IllegalArgumentException("BlockLanczos: block size " + block + " outside 1.." + n);
        }
        return new Run(backend, a, top, bottom, block, options).solve();
    }

    /**
     * An upper bound of the Java heap one solve takes, the operator's own memory aside: the basis V and its images
     * A·V (m vectors each; m the basis size: the option, or max(2·wanted + 4b, 50, 6b), at least wanted + 2b, at most
     * n), the Ritz vectors and images a restart builds while the basis still exists (m each), the block product's
     * input and output (b each), and the projected matrix with its eigenvectors: 8·n·(4m + 2b) + 24·m² bytes.
     */
    public static long heapBytes(int n, int wanted, int block, LanczosOptions options) {
        long m = basisSize(n, wanted, block, options);
        return 8L * n * (4 * m + 2L * block) + 24L * m * m;
    }

    private static int basisSize(int n, int wanted, int block, LanczosOptions o) {
        int m = o.maxBasis() > 0 ? o.maxBasis() : Math.max(2 * wanted + 4 * block, Math.max(50, 6 * block));
        return Math.min(n, Math.max(m, wanted + 2 * block));
    }

    private static final class Run {
        private final Backend backend;
        private final SymmetricOperator a;
        private final int n;
        private final int top;
        private final int bottom;
        private final int wanted;
        private final int b;
        private final LanczosOptions o;
        private final int maxBasis;
        private final int budget;
        private final SplittableRandom rnd;
        private final List<double[]> v = new ArrayList<>();
        private final List<double[]> av = new ArrayList<>();
        /** tcols.get(j)[i] = T[i][j] = (v_iᵀ·A v_j + v_jᵀ·A v_i)/2 for i ≤ j: computed once per pair. */
        private final List<double[]> tcols = new ArrayList<>();
        private int products;
        private int restarts;
        private double norm;
        private double[] theta;
        private double[][] y;
        private double[] residuals;

        Run(Backend backend, SymmetricOperator a, int top, int bottom, int block, LanczosOptions o) {
            this.backend = backend;
            this.a = a;
            this.n = a.dimension();
            this.top = top;
            this.bottom = bottom;
            this.wanted = top + bottom;
            this.b = block;
            this.o = o;
            this.maxBasis = basisSize(n, wanted, block, o);
            this.budget = o.maxProducts() > 0 ? o.maxProducts() : 5000;
            this.rnd = new SplittableRandom(o.seed());
        }

        LanczosResult solve() {
            List<double[]> next = new ArrayList<>();
            for (int t = 0; t < b; t++) {
                next.add(Vectors.probe(n, Probe.GAUSSIAN, rnd));
            }
            boolean done = false;
            while (!done) {
                List<double[]> added = orthonormalizeAgainstBasis(next);
                if (added.isEmpty()) {
                    added = orthonormalizeAgainstBasis(randomBlock());
                }
                if (!added.isEmpty()) {
                    multiply(added);
                }
                rayleighRitz();
                done = v.size() >= n || converged() || products >= budget || added.isEmpty();
                if (done) {
                    break;
                }
                if (v.size() + b > maxBasis) {
                    next = restart();
                } else {
                    next = newestImages(added.size());
                }
            }
            return finish();
        }

        private List<double[]> randomBlock() {
            List<double[]> r = new ArrayList<>();
            for (int t = 0; t < b; t++) {
                r.add(Vectors.probe(n, Probe.GAUSSIAN, rnd));
            }
            return r;
        }

        /** The images A·v of the newest vectors: the Krylov continuation. */
        private List<double[]> newestImages(int count) {
            List<double[]> r = new ArrayList<>();
            for (int i = av.size() - count; i < av.size(); i++) {
                r.add(av.get(i).clone());
            }
            return r;
        }

        /** Orthonormalizes the candidates against the basis and each other (twice); drops dependent ones. */
        private List<double[]> orthonormalizeAgainstBasis(List<double[]> candidates) {
            List<double[]> out = new ArrayList<>();
            double[][] basis = v.toArray(new double[0][]);
            for (double[] w : candidates) {
                double before = Vectors.norm(w);
                if (before == 0.0) {
                    continue;
                }
                Vectors.orthogonalize(basis, basis.length, w); // two passes each
                Vectors.orthogonalize(out.toArray(new double[0][]), out.size(), w);
                double after = Vectors.norm(w);
                if (after > 1e-10 * before && v.size() + out.size() < n) {
                    Vectors.scale(1.0 / after, w);
                    out.add(w);
                }
            }
            return out;
        }

        /** Appends the vectors to the basis and their images A·x (one block product). */
        private void multiply(List<double[]> vectors) {
            int k = vectors.size();
            double[] in = new double[n * k];
            for (int t = 0; t < k; t++) {
                System.arraycopy(vectors.get(t), 0, in, t * n, n);
            }
            double[] out = new double[n * k];
            a.applyBlock(in, k, out);
            products += k;
            for (int t = 0; t < k; t++) {
                v.add(vectors.get(t));
                av.add(Arrays.copyOfRange(out, t * n, (t + 1) * n));
            }
        }

        /** T = Vᵀ(AV), symmetrized; its eigenpairs (ascending) and the exact residuals of every Ritz pair. */
        private void rayleighRitz() {
            int s = v.size();
            for (int j = tcols.size(); j < s; j++) {
                double[] col = new double[j + 1];
                for (int i = 0; i <= j; i++) {
                    col[i] = 0.5 * (Vectors.dot(v.get(i), av.get(j)) + Vectors.dot(v.get(j), av.get(i)));
                }
                tcols.add(col);
            }
            try (DenseMatrix t = backend.allocate(s, s)) {
                for (int j = 0; j < s; j++) {
                    double[] col = tcols.get(j);
                    for (int i = 0; i <= j; i++) {
                        t.set(i, j, col[i]);
                        t.set(j, i, col[i]);
                    }
                }
                theta = backend.eigenpairs(t);
                y = new double[s][s];
                for (int c = 0; c < s; c++) {
                    for (int r = 0; r < s; r++) {
                        y[c][r] = t.get(r, c);
                    }
                }
            }
            for (double th : theta) {
                norm = Math.max(norm, Math.abs(th));
            }
            residuals = new double[s];
            for (int c : wantedIndices()) {
                residuals[c] = Vectors.norm(residual(c));
            }
        }

        /** A·x − θ·x for Ritz pair c, from the stored images (no product). */
        private double[] residual(int c) {
            double[] r = new double[n];
            double[] yc = y[c];
            for (int i = 0; i < yc.length; i++) {
                Vectors.axpy(yc[i], av.get(i), r);
                Vectors.axpy(-theta[c] * yc[i], v.get(i), r);
            }
            return r;
        }

        private double[] ritzVector(int c) {
            double[] x = new double[n];
            for (int i = 0; i < y[c].length; i++) {
                Vectors.axpy(y[c][i], v.get(i), x);
            }
            return x;
        }

        private double[] ritzImage(int c) {
            double[] x = new double[n];
            for (int i = 0; i < y[c].length; i++) {
                Vectors.axpy(y[c][i], av.get(i), x);
            }
            return x;
        }

        /** Indices of the wanted Ritz values in theta (ascending): the bottom smallest, then the top largest. */
        private int[] wantedIndices() {
            int s = theta.length;
            int lo = Math.min(bottom, s);
            int hi = Math.min(top, s - lo);
            int[] idx = new int[lo + hi];
            for (int i = 0; i < lo; i++) {
                idx[i] = i;
            }
            for (int i = 0; i < hi; i++) {
                idx[lo + i] = s - hi + i;
            }
            return idx;
        }

        private boolean converged() {
            int[] idx = wantedIndices();
            if (idx.length < wanted) {
                return false;
            }
            for (int c : idx) {
                if (residuals[c] > o.tolerance() * Math.max(norm, Double.MIN_NORMAL)) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Keeps the wanted Ritz vectors and b more (next to them in the ordering) with their images, and returns
         * the residuals of the unconverged wanted pairs as the directions to extend from.
         */
        private List<double[]> restart() {
            restarts++;
            int s = theta.length;
            boolean[] keep = new boolean[s];
            int extraLow = Math.min(s, bottom + (bottom > 0 ? b : 0));
            int extraHigh = Math.min(s, top + (top > 0 ? b : 0));
            for (int i = 0; i < extraLow; i++) {
                keep[i] = true;
            }
            for (int i = s - extraHigh; i < s; i++) {
                keep[i] = true;
            }
            List<double[]> directions = new ArrayList<>();
            for (int c : wantedIndices()) {
                if (residuals[c] > o.tolerance() * Math.max(norm, Double.MIN_NORMAL)) {
                    directions.add(residual(c));
                }
            }
            List<double[]> nv = new ArrayList<>();
            List<double[]> nav = new ArrayList<>();
            for (int c = 0; c < s; c++) {
                if (keep[c]) {
                    nv.add(ritzVector(c));
                    nav.add(ritzImage(c));
                }
            }
            v.clear();
            av.clear();
            tcols.clear();
            v.addAll(nv);
            av.addAll(nav);
            if (directions.size() > b) {
                directions = directions.subList(0, b);
            }
            return directions.isEmpty() ? randomBlock() : directions;
        }

        private LanczosResult finish() {
            int[] idx = wantedIndices();
            double[] values = new double[idx.length];
            double[] res = new double[idx.length];
            boolean[] conv = new boolean[idx.length];
            double[][] vectors = o.vectors() ? new double[idx.length][] : null;
            for (int i = 0; i < idx.length; i++) {
                values[i] = theta[idx[i]];
                res[i] = residuals[idx[i]];
                conv[i] = res[i] <= o.tolerance() * Math.max(norm, Double.MIN_NORMAL);
                if (vectors != null) {
                    vectors[i] = ritzVector(idx[i]);
                }
            }
            Which which = top > 0 ? Which.LARGEST : Which.SMALLEST;
            return new LanczosResult(values, res, conv, true, vectors, which, top, bottom, products, restarts,
                    maxBasis, norm, o.tolerance(), Reorthogonalization.FULL, b);
        }
    }
}
