package org.shortcuthessian.curvature.matrixfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.Fixtures;
import org.shortcuthessian.curvature.ZeroPoint;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.NetworkSpec;

/** Block Lanczos: known spectra with multiplicities, the zero point of Theorem 2, residuals. */
class BlockLanczosTest {
    static final LanczosOptions TIGHT = LanczosOptions.defaults().withTolerance(1e-10).withSeed(3);

    static double[] topOf(double[] ascending, int k) {
        return Arrays.copyOfRange(ascending, ascending.length - k, ascending.length);
    }

    /** Explicit ‖A·x − λ·x‖ for a unit Ritz vector. */
    static double residual(SymmetricOperator a, double[] x, double lambda) {
        double[] ax = new double[x.length];
        a.apply(x, ax);
        Vectors.axpy(-lambda, x, ax);
        return Vectors.norm(ax);
    }

    @Test
    void findsAnEigenvalueWithItsMultiplicityWhereSingleVectorLanczosCannot() {
        int n = 300;
        double[] lam = MatrixFreeFixtures.spectrum(n, 7);
        Arrays.sort(lam);
        for (int i = 0; i < 4; i++) {
            lam[n - 1 - i] = 9.5;               // the largest eigenvalue, four times
        }
        lam[0] = lam[1] = lam[2] = -7.25;       // the smallest, three times
        HeapMatrix h = MatrixFreeFixtures.matrix(lam, 11);
        SymmetricOperator a = Operators.dense(h);
        double[] exact = MatrixFreeFixtures.sorted(lam);
        LanczosResult block = BlockLanczos.extremes(MatrixFreeFixtures.NATIVE, a, 6, 4, 4, TIGHT.withVectors(true));
        assertTrue(block.allConverged(), "converged: " + Arrays.toString(block.residuals()));
        double[] want = new double[10];
        System.arraycopy(exact, 0, want, 0, 4);
        System.arraycopy(exact, n - 6, want, 4, 6);
        for (int i = 0; i < 10; i++) {
            assertEquals(want[i], block.values()[i], 1e-9 * 10, "value " + i);
            double r = residual(a, block.vectors()[i], block.values()[i]);
            assertEquals(r, block.residuals()[i], 1e-9 * 10, "reported residual " + i + " is the explicit one");
        }
        // single-vector Lanczos finds the distinct eigenvalues only: 9.5 once, then the next ones down
        LanczosResult single = Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 4, 0, TIGHT);
        long copies = Arrays.stream(single.values()).filter(v -> Math.abs(v - 9.5) < 1e-8).count();
        assertEquals(1, copies, "single-vector Lanczos reports the 4-fold eigenvalue once: " + Arrays.toString(single.values()));
    }

    /**
     * Theorem 2 (n = 2) at θ = 0: the Hessian's eigenvalues are ±c·σ_k(M), each R·d times; block Lanczos with
     * a block of R·d vectors finds the top one R·d times, from Hessian-vector products of the native passes.
     */
    @Test
    void zeroPointOfTheoremTwoWithItsMultiplicity() {
        int d = 3;
        int units = 2;
        NetworkSpec spec = new NetworkSpec(d, units, 2, true, Activation.IDENTITY, Activation.TANH, Activation.IDENTITY);
        Dataset data = Fixtures.data(d, 40, 5);
        try (Curvature c = new Curvature(spec, data, MatrixFreeFixtures.NATIVE)) {
            double[] predicted = ZeroPoint.predictedSpectrum(MatrixFreeFixtures.NATIVE, spec, data);
            int mult = units * d;
            SymmetricOperator h = c.hessianOperator(new double[spec.parameterCount()]);
            LanczosResult r = BlockLanczos.extremes(MatrixFreeFixtures.NATIVE, h, mult, mult, mult, TIGHT);
            assertTrue(r.allConverged(), "converged: " + Arrays.toString(r.residuals()));
            double top = predicted[predicted.length - 1];
            double bottom = predicted[0];
            for (int i = 0; i < mult; i++) {
                assertEquals(bottom, r.values()[i], 1e-9 * Math.abs(top), "bottom value " + i);
                assertEquals(top, r.values()[mult + i], 1e-9 * Math.abs(top), "top value " + i);
            }
            assertTrue(r.products() > 0);
        }
    }

    @Test
    void agreesWithSingleVectorLanczosOnDistinctEigenvalues() {
        int n = 400;
        HeapMatrix h = MatrixFreeFixtures.matrix(MatrixFreeFixtures.spectrum(n, 13), 5);
        SymmetricOperator a = Operators.dense(h);
        LanczosResult single = Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 5, 3, TIGHT);
        for (int block : new int[] {1, 2, 5}) {
            LanczosResult r = BlockLanczos.extremes(MatrixFreeFixtures.NATIVE, a, 5, 3, block, TIGHT);
            assertTrue(r.allConverged(), "block " + block);
            for (int i = 0; i < 8; i++) {
                assertEquals(single.values()[i], r.values()[i], 1e-9, "block " + block + ", value " + i);
            }
        }
    }
}
