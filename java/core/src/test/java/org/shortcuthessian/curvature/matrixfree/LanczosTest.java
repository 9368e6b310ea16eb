package org.shortcuthessian.curvature.matrixfree;

import org.shortcuthessian.linalg.Backends;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricOperator;

/** Lanczos against dense LAPACK: the 10 largest, smallest and largest-magnitude eigenvalues to 1e-8 relative. */
public class LanczosTest {
    static final double REL = 1e-8;

    public static void assertRelative(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], REL * Math.abs(expected[i]), what + " " + i);
        }
    }

    static void assertEnds(double[] exact, LanczosResult r, int top, int bottom) {
        double[] s = MatrixFreeFixtures.sorted(exact);
        double[] want = new double[top + bottom];
        System.arraycopy(s, 0, want, 0, bottom);
        System.arraycopy(s, s.length - top, want, bottom, top);
        assertRelative(want, r.values(), "eigenvalue");
        assertTrue(r.allConverged(), "converged: " + Arrays.toString(r.converged()));
        assertTrue(r.maxResidual() <= r.tolerance() * r.normEstimate(), "residual " + r.maxResidual());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 1600, 3200})
    void topAndBottomTenOfKnownSpectra(int n) {
        double[] lam = MatrixFreeFixtures.spectrum(n, n);
        HeapMatrix h = MatrixFreeFixtures.matrix(lam, 7);
        LanczosResult r = Lanczos.extremes(MatrixFreeFixtures.NATIVE, Operators.dense(h), 10, 10,
                LanczosOptions.defaults().withExplicitResiduals(true));
        assertEnds(lam, r, 10, 10);
        assertTrue(r.residualsExplicit());
    }

    @Test
    void largestMagnitudeAndOneEndAtATime() {
        int n = 800;
        double[] lam = MatrixFreeFixtures.spectrum(n, 3);
        HeapMatrix h = MatrixFreeFixtures.matrix(lam, 9);
        SymmetricOperator a = Operators.dense(h);
        assertEnds(lam, Lanczos.largest(Backends.get(), a, 10, LanczosOptions.defaults()), 10, 0);
        assertEnds(lam, Lanczos.smallest(Backends.get(), a, 10, LanczosOptions.defaults()), 0, 10);
        LanczosResult m = Lanczos.largestMagnitude(MatrixFreeFixtures.NATIVE, a, 10, LanczosOptions.defaults());
        double[] byMagnitude = Arrays.stream(lam).boxed().sorted((x, y) -> Double.compare(Math.abs(y), Math.abs(x)))
                .limit(10).mapToDouble(Double::doubleValue).sorted().toArray();
        assertRelative(byMagnitude, m.values(), "largest magnitude");
        assertTrue(m.allConverged());
        LanczosResult sel = Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 10, 10,
                LanczosOptions.defaults().withReorthogonalization(Reorthogonalization.SELECTIVE));
        assertEnds(lam, sel, 10, 10);
    }

    @Test
    void reluNetworkHessianAgainstDense() {
        MatrixFreeFixtures.Network net = MatrixFreeFixtures.relu(4, 1000);
        LanczosResult r = Lanczos.extremes(MatrixFreeFixtures.NATIVE, net.curvature().hessianOperator(net.theta()), 10, 10,
                LanczosOptions.defaults().withVectors(true));
        assertEnds(net.eigenvalues(), r, 10, 10);
        double[] x = r.vectors()[19];
        double[] hx = net.curvature().hvp(net.theta(), x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(r.values()[19] * x[i], hx[i], 1e-7 * r.values()[19]);
        }
    }

    @Test
    void bitIdenticalForASeedWhateverTheThreads() throws Exception {
        MatrixFreeFixtures.Network net = MatrixFreeFixtures.relu(2, 1500);
        SymmetricOperator a = net.curvature().hessianOperator(net.theta());
        LanczosOptions o = LanczosOptions.defaults().withSeed(11);
        LanczosResult many = Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 5, 5, o);
        LanczosResult one = new ForkJoinPool(1).submit(() -> Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 5, 5, o)).get();
        assertArrayEquals(many.values(), one.values());
        assertArrayEquals(many.residuals(), one.residuals());
        assertEquals(many.products(), one.products());
    }

    @Test
    void argumentsAreNamed() {
        SymmetricOperator a = Operators.dense(MatrixFreeFixtures.matrix(new double[] {1, 2, 3}, 1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 2, 2, LanczosOptions.defaults()))
                .getMessage().contains("top + bottom = 4"));
        var bad = assertThrows(org.shortcuthessian.InvalidInputException.class,
                () -> LanczosOptions.defaults().withTolerance(0));
        assertTrue(bad.getMessage().startsWith("tolerance"), bad.getMessage());
        assertEquals("tolerance", bad.field(), "a settings error names its field (the CLI maps it to --tolerance)");
        // the whole space: exact
        LanczosResult r = Lanczos.extremes(MatrixFreeFixtures.NATIVE, a, 2, 1, LanczosOptions.defaults());
        assertArrayEquals(new double[] {1, 2, 3}, r.values(), 1e-14);
    }
}
