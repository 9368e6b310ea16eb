package org.shortcuthessian.curvature.matrixfree;

import org.shortcuthessian.InvalidInputException;

import java.util.Objects;

/**
 * Settings of {@link Lanczos}.
 *
 * @param tolerance          a Ritz pair (θ, x) has converged when ‖A·x − θ·x‖ ≤ tolerance·‖A‖, ‖A‖ estimated
 *                           by the largest |Ritz value| seen; eigenvalue errors are then at most that residual,
 *                           and about its square over the gap to the rest of the spectrum
 * @param maxBasis           basis vectors kept before a thick restart; 0 chooses max(2·wanted + 30, 50), at most n
 * @param maxProducts        operator applications allowed before giving up (unconverged pairs are reported with
 *                           {@code converged = false}); 0 chooses 5000
 * @param reorthogonalization FULL (default) or SELECTIVE
 * @param seed               seed of the random start vector
 * @param vectors            return the Ritz vectors
 * @param explicitResiduals  compute ‖A·x − θ·x‖ with one more product per reported pair, rather than the
 *                           free Lanczos estimate |β_m·y_m| (always done when vectors are asked for)
 * @param blockSize          1: single-vector {@link Lanczos}; b &gt; 1: {@link BlockLanczos} with blocks of b vectors
 *                           (one block product each; finds eigenvalues of multiplicity up to b that many times);
 *                           0 chooses 1 ({@link #blockSizeFor}): for distinct eigenvalues single-vector Lanczos needs
 *                           about a third of the products (measured: top 10 at N = 262 144, 64 products against 182
 *                           with blocks of 8); a block pays where multiplicities must be found
 */
public record LanczosOptions(double tolerance, int maxBasis, int maxProducts, Reorthogonalization reorthogonalization,
                             long seed, boolean vectors, boolean explicitResiduals, int blockSize) {
    /** Default tolerance on residual / ‖A‖. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    public LanczosOptions {
        Objects.requireNonNull(reorthogonalization, "reorthogonalization");
        if (!(tolerance > 0) || !(tolerance < 1)) {
            throw InvalidInputException.ofField("tolerance", tolerance + " (must be in (0, 1))");
        }
        if (maxBasis < 0 || maxBasis == 1 || maxBasis == 2) {
            throw InvalidInputException.ofField("maxBasis", maxBasis + " (0 for automatic, or at least 3)");
        }
        if (maxProducts < 0) {
            throw InvalidInputException.ofField("maxProducts", maxProducts + " (0 for automatic)");
        }
        if (blockSize < 0) {
            throw InvalidInputException.ofField("blockSize", blockSize + " (0 for automatic, 1 for single-vector"
                    + " Lanczos, or the block's size)");
        }
    }

    /** Without a block size: automatic. */
    public LanczosOptions(double tolerance, int maxBasis, int maxProducts, Reorthogonalization reorthogonalization,
                          long seed, boolean vectors, boolean explicitResiduals) {
        this(tolerance, maxBasis, maxProducts, reorthogonalization, seed, vectors, explicitResiduals, 0);
    }

    /** @return the block size used for top + bottom eigenvalues: the set one, or 1 (single-vector Lanczos). */
    public int blockSizeFor(int top, int bottom) {
        return blockSize > 0 ? blockSize : 1;
    }

    public LanczosOptions withBlockSize(int b) {
        return new LanczosOptions(tolerance, maxBasis, maxProducts, reorthogonalization, seed, vectors, explicitResiduals, b);
    }

    /** Tolerance 1e-10, automatic basis, budget and block size, full reorthogonalization, seed 0, values and estimated residuals. */
    public static LanczosOptions defaults() {
        return new LanczosOptions(DEFAULT_TOLERANCE, 0, 0, Reorthogonalization.FULL, 0, false, false, 0);
    }

    public LanczosOptions withTolerance(double t) {
        return new LanczosOptions(t, maxBasis, maxProducts, reorthogonalization, seed, vectors, explicitResiduals, blockSize);
    }

    public LanczosOptions withMaxBasis(int m) {
        return new LanczosOptions(tolerance, m, maxProducts, reorthogonalization, seed, vectors, explicitResiduals, blockSize);
    }

    public LanczosOptions withMaxProducts(int p) {
        return new LanczosOptions(tolerance, maxBasis, p, reorthogonalization, seed, vectors, explicitResiduals, blockSize);
    }

    public LanczosOptions withReorthogonalization(Reorthogonalization r) {
        return new LanczosOptions(tolerance, maxBasis, maxProducts, r, seed, vectors, explicitResiduals, blockSize);
    }

    public LanczosOptions withSeed(long s) {
        return new LanczosOptions(tolerance, maxBasis, maxProducts, reorthogonalization, s, vectors, explicitResiduals, blockSize);
    }

    public LanczosOptions withVectors(boolean v) {
        return new LanczosOptions(tolerance, maxBasis, maxProducts, reorthogonalization, seed, v, explicitResiduals, blockSize);
    }

    public LanczosOptions withExplicitResiduals(boolean e) {
        return new LanczosOptions(tolerance, maxBasis, maxProducts, reorthogonalization, seed, vectors, e, blockSize);
    }
}
