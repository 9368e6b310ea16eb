package org.shortcuthessian.linalg.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.shortcuthessian.linalg.Backend;

/**
 * The passes of one backend: against the other backend's (native and pure Java agree to 1e-12 relative),
 * against finite differences (gradient of the loss, HVP as the derivative of the gradient) on smooth
 * networks, block products against single ones bit for bit, and every result bit-identical for any number
 * of threads.
 */
public abstract class PassesConformance {
    protected abstract Backend backend();

    protected abstract Backend other();

    /** A network with its data (d×m) and a point and a direction. */
    record Case(String name, NetworkShape shape, int m, double[] x, double[] y, double[] theta, double[] v) {
        @Override
        public String toString() {
            return name;
        }
    }

    static double[] random(SplittableRandom rnd, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rnd.nextDouble() * 2 - 1) * scale;
        }
        return a;
    }

    static Case make(int d, int units, int depth, boolean shortcut, Nonlinearity pre, Nonlinearity mid,
                     Nonlinearity post, int m, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        NetworkShape s = new NetworkShape(d, units, depth, shortcut, pre, mid, post);
        double scale = 1.0 / Math.sqrt(d);
        return new Case(String.format("d%d R%d n%d %s %s/%s/%s m%d", d, units, depth, shortcut ? "shortcut" : "plain",
                pre, mid, post, m), s, m, random(rnd, d * m, 1.0), random(rnd, d * m, 1.0),
                random(rnd, s.parameters(), scale), random(rnd, s.parameters(), 1.0));
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        Nonlinearity id = Nonlinearity.IDENTITY;
        Nonlinearity relu = Nonlinearity.RELU;
        Nonlinearity tanh = Nonlinearity.TANH;
        c.add(make(3, 2, 2, true, id, relu, id, 37, 1));
        c.add(make(5, 3, 2, false, tanh, tanh, tanh, 70, 2));
        c.add(make(4, 2, 3, true, relu, tanh, relu, 1, 3));
        c.add(make(2, 3, 1, false, relu, id, tanh, 1300, 4));      // several chunks, m not a multiple of them
        c.add(make(10, 2, 2, true, id, relu, id, 600, 5));
        c.add(make(13, 1, 2, true, tanh, relu, id, 90, 6));        // d ≥ 12: the transposed sum kernel
        c.add(make(6, 2, 2, true, id, id, id, 50, 7));             // linear
        return c.stream();
    }

    static double relErr(double[] a, double[] b) {
        double num = 0;
        double den = 1e-300;
        for (int i = 0; i < a.length; i++) {
            num = Math.max(num, Math.abs(a[i] - b[i]));
            den = Math.max(den, Math.abs(b[i]));
        }
        return num / den;
    }

    record Results(double loss, double[] gradient, double[] hv, double[] block, double[] f) {
    }

    static Results all(Backend b, Case c, int threads) {
        int n = c.shape().parameters();
        try (Passes p = b.passes(c.shape(), c.x(), c.y(), c.m(), threads)) {
            double[] g = new double[n];
            double loss = p.lossAndGradient(c.theta(), g);
            assertEquals(loss, p.loss(c.theta()), 0.0, "loss alone = loss with the gradient");
            double[] hv = new double[n];
            p.hvp(c.theta(), c.v(), hv);
            double[] v3 = new double[3 * n];
            SplittableRandom rnd = new SplittableRandom(9);
            for (int i = 0; i < v3.length; i++) {
                v3[i] = rnd.nextDouble() - 0.5;
            }
            System.arraycopy(c.v(), 0, v3, n, n);
            double[] block = new double[3 * n];
            p.hvpBlock(c.theta(), v3, 3, block);
            double[] f = new double[c.shape().dim() * c.m()];
            p.forward(c.theta(), f);
            return new Results(loss, g, hv, block, f);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void agreesWithTheOtherBackend(Case c) {
        Results a = all(backend(), c, 2);
        Results b = all(other(), c, 2);
        assertEquals(b.loss(), a.loss(), 1e-12 * Math.abs(b.loss()), "loss");
        assertTrue(relErr(a.gradient(), b.gradient()) < 1e-12, "gradient " + relErr(a.gradient(), b.gradient()));
        assertTrue(relErr(a.hv(), b.hv()) < 1e-12, "hvp " + relErr(a.hv(), b.hv()));
        assertTrue(relErr(a.block(), b.block()) < 1e-12, "block hvp " + relErr(a.block(), b.block()));
        assertTrue(relErr(a.f(), b.f()) < 1e-12, "outputs " + relErr(a.f(), b.f()));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void blockColumnsAreSingleProductsBitForBit(Case c) {
        Results r = all(backend(), c, 1);
        int n = c.shape().parameters();
        double[] middle = java.util.Arrays.copyOfRange(r.block(), n, 2 * n);
        assertArrayEquals(r.hv(), middle, "column 1 of the block is the single product of the same direction");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bitIdenticalForAnyThreadCount(Case c) {
        Results one = all(backend(), c, 1);
        for (int threads : new int[] {2, 3, 5, 16}) {
            Results r = all(backend(), c, threads);
            assertEquals(Double.doubleToRawLongBits(one.loss()), Double.doubleToRawLongBits(r.loss()), threads + " threads");
            assertArrayEquals(one.gradient(), r.gradient(), threads + " threads: gradient");
            assertArrayEquals(one.hv(), r.hv(), threads + " threads: hvp");
            assertArrayEquals(one.block(), r.block(), threads + " threads: block");
        }
    }

    /** Smooth networks (tanh, identity): gradient = central differences of the loss, HVP = of the gradient. */
    @Test
    void finiteDifferences() {
        for (Case c : List.of(make(3, 2, 2, true, Nonlinearity.TANH, Nonlinearity.TANH, Nonlinearity.IDENTITY, 40, 11),
                make(4, 2, 1, false, Nonlinearity.IDENTITY, Nonlinearity.IDENTITY, Nonlinearity.TANH, 25, 12))) {
            int n = c.shape().parameters();
            try (Passes p = backend().passes(c.shape(), c.x(), c.y(), c.m(), 2)) {
                double[] g = new double[n];
                p.lossAndGradient(c.theta(), g);
                double h = 1e-6;
                double[] fd = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] tp = c.theta().clone();
                    double[] tm = c.theta().clone();
                    tp[i] += h;
                    tm[i] -= h;
                    fd[i] = (p.loss(tp) - p.loss(tm)) / (2 * h);
                }
                assertTrue(relErr(g, fd) < 1e-7, c + ": gradient vs differences " + relErr(g, fd));
                double[] hv = new double[n];
                p.hvp(c.theta(), c.v(), hv);
                double eps = 1e-5;
                double[] gp = new double[n];
                double[] gm = new double[n];
                double[] tp = c.theta().clone();
                double[] tm = c.theta().clone();
                for (int i = 0; i < n; i++) {
                    tp[i] += eps * c.v()[i];
                    tm[i] -= eps * c.v()[i];
                }
                p.lossAndGradient(tp, gp);
                p.lossAndGradient(tm, gm);
                double[] fdh = new double[n];
                for (int i = 0; i < n; i++) {
                    fdh[i] = (gp[i] - gm[i]) / (2 * eps);
                }
                assertTrue(relErr(hv, fdh) < 1e-7, c + ": hvp vs differences " + relErr(hv, fdh));
            }
        }
    }
}
