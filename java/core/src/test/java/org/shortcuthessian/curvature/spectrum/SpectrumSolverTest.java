package org.shortcuthessian.curvature.spectrum;

import org.shortcuthessian.curvature.matrixfree.*;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.network.NetworkSpec;

/** The entry point: its choice and report, and block spectra against dense submatrices. */
class SpectrumSolverTest {
    static final MatrixFreeFixtures.Network NET = MatrixFreeFixtures.relu(3, 600);

    @Test
    void autoIsDenseWhenItFitsAndSaysSo() {
        SpectrumReport all = SpectrumSolver.compute(NET.curvature(), NET.theta(), SpectrumRequest.auto());
        assertEquals(SpectrumMethod.DENSE, all.method());
        assertTrue(all.reason().startsWith("dense: the N×N Hessian"), all.reason());
        assertArrayEquals(NET.eigenvalues(), all.eigenvalues(), 1e-10 * all.statistics().lambdaMaxAbs());
        assertTrue(all.complete());

        SpectrumReport ends = SpectrumSolver.compute(NET.curvature(), NET.theta(), SpectrumRequest.of(SpectrumMethod.AUTO, 4, 3));
        SpectrumReport lz = SpectrumSolver.compute(NET.curvature(), NET.theta(), SpectrumRequest.of(SpectrumMethod.LANCZOS, 4, 3));
        assertEquals(SpectrumMethod.LANCZOS, lz.method());
        assertEquals("requested", lz.reason());
        LanczosTest.assertRelative(ends.eigenvalues(), lz.eigenvalues(), "lanczos vs dense");
        assertNotNull(lz.converged());
        assertTrue(lz.products() > 0);

        SpectrumReport slq = SpectrumSolver.compute(NET.curvature(), NET.theta(), SpectrumRequest.of(SpectrumMethod.SLQ, 0, 0)
                .withSlq(SlqOptions.defaults().withProbes(3).withSteps(30)));
        assertNotNull(slq.density());
        assertEquals(0, slq.eigenvalues().length);
        assertNull(slq.statistics());

        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumSolver.compute(NET.curvature(), NET.theta(),
                SpectrumRequest.of(SpectrumMethod.AUTO, 601, 0))).getMessage().startsWith("top: 601 exceeds"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumRequest.of(SpectrumMethod.LANCZOS, 0, 0))
                .getMessage().contains("lanczos"));
    }

    @Test
    void blockSpectraEqualDenseSubmatrixSpectra() {
        Curvature c = NET.curvature();
        NetworkSpec spec = c.spec();
        double[] theta = NET.theta();
        try (DenseMatrix h = c.hessian(theta)) {
            // not W[i,n−1]: with identity post its block is (Σ a·aᵀ) ⊗ (·) with d-fold multiple eigenvalues,
            // which single-vector Lanczos reports once each (see Lanczos); the dense path is checked on it below
            for (int[] idx : new int[][] {ParameterBlocks.unit(spec, 1), ParameterBlocks.layer(spec, 2, 0),
                    {5, 17, 100, 250, 299, 3, 42, 88}}) {
                HeapMatrix sub = ParameterBlocks.submatrix(h, idx);
                double[] exact = MatrixFreeFixtures.NATIVE.eigenvalues(sub, EigenvalueMethod.AUTO);
                SpectrumReport dense = SpectrumSolver.computeBlock(c, theta, idx, SpectrumRequest.auto());
                assertEquals(SpectrumMethod.DENSE, dense.method());
                assertArrayEquals(exact, dense.eigenvalues(), 1e-12 * Math.abs(exact[exact.length - 1]));
                int k = Math.min(3, idx.length / 3);
                SpectrumReport lz = SpectrumSolver.computeBlock(c, theta, idx, SpectrumRequest.of(SpectrumMethod.LANCZOS, k, k));
                double[] want = new double[2 * k];
                System.arraycopy(exact, 0, want, 0, k);
                System.arraycopy(exact, exact.length - k, want, k, k);
                LanczosTest.assertRelative(want, lz.eigenvalues(), "block lanczos");
                // the operator path assembled column by column
                SpectrumReport assembled = SpectrumSolver.compute(MatrixFreeFixtures.NATIVE,
                        Operators.restricted(c.hessianOperator(theta), idx), SpectrumRequest.of(SpectrumMethod.DENSE, 0, 0));
                assertArrayEquals(exact, assembled.eigenvalues(), 1e-10 * Math.abs(exact[exact.length - 1]));
            }
        }
        int[] last = ParameterBlocks.layer(spec, 2, 1);
        try (DenseMatrix h = c.hessian(theta)) {
            double[] exact = MatrixFreeFixtures.NATIVE.eigenvalues(ParameterBlocks.submatrix(h, last), EigenvalueMethod.AUTO);
            assertArrayEquals(exact, SpectrumSolver.computeBlock(c, theta, last, SpectrumRequest.auto()).eigenvalues(), 0.0);
        }
        assertThrows(IllegalArgumentException.class, () -> ParameterBlocks.layer(spec, 0, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpectrumSolver.computeBlock(c, theta, new int[] {1, 1},
                SpectrumRequest.auto())).getMessage().contains("repeated"));
    }
}
