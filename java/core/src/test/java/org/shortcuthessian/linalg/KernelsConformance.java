package org.shortcuthessian.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.shortcuthessian.linalg.passes.NetworkShape;
import org.shortcuthessian.linalg.passes.Nonlinearity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's own kernels ({@link MatrixKernels}, {@link HessianKernels}) of one backend, against
 * their defining formulas written out naively here, on heap and off-heap matrices, and against the
 * other backend (the native kernels and their pure-Java twins agree to 1e-12 relative).
 */
public abstract class KernelsConformance {
    protected abstract Backend backend();

    /** The other backend, for the cross-check. */
    protected abstract Backend other();

    static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = rnd.nextDouble() * 2 - 1;
        }
        return a;
    }

    static Workspace filled(Backend b, double[] values) {
        Workspace w = b.workspace(values.length);
        w.put(0, values, 0, values.length);
        return w;
    }

    static double[] read(Workspace w) {
        double[] out = new double[(int) w.length()];
        w.get(0, out, 0, out.length);
        return out;
    }

    @Test
    void workspaceRoundTripsAndRefusesOutOfRange() {
        try (Workspace w = backend().workspace(40)) {
            double[] v = random(40, 1);
            w.put(0, v, 0, 40);
            double[] back = new double[40];
            w.get(0, back, 0, 40);
            assertEquals(java.util.Arrays.toString(v), java.util.Arrays.toString(back));
            w.zero();
            w.get(10, back, 0, 30);
            for (int k = 0; k < 30; k++) {
                assertEquals(0.0, back[k]);
            }
            var e = assertThrows(IndexOutOfBoundsException.class, () -> w.put(35, v, 0, 10));
            assertTrue(e.getMessage().contains("[35, 45)"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void finiteAndSymmetryChecks(boolean offHeap) {
        int n = 37;
        try (DenseMatrix h = offHeap ? new OffHeapMatrix(n, n) : new HeapMatrix(n, n)) {
            double[] v = random(n * n, 2);
            for (int j = 0; j < n; j++) {
                for (int i = j; i < n; i++) {
                    h.set(i, j, v[i + n * j]);
                    h.set(j, i, v[i + n * j]);
                }
            }
            assertEquals(-1, backend().firstNonFinite(h));
            SymmetryReport s = backend().symmetry(h);
            assertEquals(0.0, s.maxAsymmetry());
            h.set(30, 4, h.get(30, 4) + 0.25);
            s = backend().symmetry(h);
            assertEquals(0.25, s.maxAsymmetry(), 1e-15);
            assertEquals(30, s.row());
            assertEquals(4, s.col());
            h.set(3, 20, Double.NaN);
            assertEquals(3 + 20L * n, backend().firstNonFinite(h));
            h.set(3, 20, 1.0);
            backend().symmetrizeFromLower(h);
            for (int j = 0; j < n; j++) {
                for (int i = j; i < n; i++) {
                    assertEquals(h.get(i, j), h.get(j, i));
                }
            }
            assertThrows(MatrixDimensionException.class, () -> backend().symmetry(new HeapMatrix(2, 3)));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 7})
    void pairBlockIsItsFormula(int d) {
        int mc = 16;
        int dd = d * d;
        double[] a = random(2 * d * mc, 3);   // a_s in item 0, a_l in item 1
        double[] lz = random(d * mc, 4);
        double[] lam = random(dd * mc, 5);
        double[] adot = random(dd * mc, 6);
        double[] acc0 = random(dd * dd, 7);
        for (boolean withAdot : new boolean[] {false, true}) {
            try (Workspace pa = filled(backend(), a); Workspace plz = filled(backend(), lz);
                 Workspace pl = filled(backend(), lam); Workspace pd = filled(backend(), adot);
                 Workspace acc = filled(backend(), acc0)) {
                backend().pairBlock(d, mc, pa, 0, (long) d * mc, plz, 0, pl, 0, pd, 0, withAdot, acc, 0);
                double[] got = read(acc);
                for (int c = 0; c < d; c++) {
                    for (int r = 0; r < d; r++) {
                        for (int cp = 0; cp < d; cp++) {
                            for (int rp = 0; rp < d; rp++) {
                                double want = acc0[(rp + d * cp) + dd * (r + d * c)];
                                for (int j = 0; j < mc; j++) {
                                    double t = lam[(rp + d * r) * mc + j] * a[(d + cp) * mc + j];
                                    if (withAdot) {
                                        t += lz[rp * mc + j] * adot[(cp + d * r) * mc + j];
                                    }
                                    want += a[c * mc + j] * t;
                                }
                                assertEquals(want, got[(rp + d * cp) + dd * (r + d * c)], 1e-12 * (1 + Math.abs(want)));
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void storeAndKronBlocksWriteTheBlockAndItsMirror(boolean offHeap) {
        int d = 3;
        int dd = d * d;
        int n = 3 * dd;
        double[] b = random(dd * dd, 8);
        try (DenseMatrix h = offHeap ? new OffHeapMatrix(n, n) : new HeapMatrix(n, n); Workspace acc = filled(backend(), b)) {
            backend().storeBlock(h, d, 2, 0, acc, 0);
            backend().storeBlock(h, d, 1, 1, acc, 0);
            for (int col = 0; col < dd; col++) {
                for (int row = 0; row < dd; row++) {
                    assertEquals(b[row + col * dd], h.get(2 * dd + row, col));
                    assertEquals(b[row + col * dd], h.get(col, 2 * dd + row));
                    assertEquals(0.5 * (b[row + col * dd] + b[col + row * dd]), h.get(dd + row, dd + col), 1e-15);
                }
            }
            double[] c = random(dd, 9);
            double[] r = random(dd, 10);
            double[] f = random(dd, 11);
            double[] y = random(dd, 12);
            backend().kronBlock(h, d, 0, 2, c, r, f, y);
            for (int cc = 0; cc < d; cc++) {
                for (int rr = 0; rr < d; rr++) {
                    for (int cp = 0; cp < d; cp++) {
                        for (int rp = 0; rp < d; rp++) {
                            double want = c[cc + d * cp] * r[rr + d * rp] + f[rp + d * cc] * y[cp + d * rr];
                            assertEquals(want, h.get(cc * d + rr, 2 * dd + cp * d + rp), 1e-15);
                            assertEquals(want, h.get(2 * dd + cp * d + rp, cc * d + rr), 1e-15);
                        }
                    }
                }
            }
        }
    }

    /** sourceTangents of this backend and of the other one, on every kind of site, to 1e-12 relative. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void sourceTangentsAgreeAcrossBackends(int s) {
        int d = 3;
        int units = 2;
        int depth = 3;
        int mc = 8;
        for (boolean shortcut : new boolean[] {false, true}) {
            // pre, mid, post of different kinds: identity, relu (piecewise linear) and tanh (curved) sites
            NetworkShape g = new NetworkShape(d, units, depth, shortcut, Nonlinearity.TANH, Nonlinearity.RELU,
                    Nonlinearity.IDENTITY);
            int layers = g.layers();
            long slot = (long) d * d * mc;
            long sites = units * (depth + 1L);
            double[] theta = random(layers * d * d, 13);
            double[] d1 = random((int) (sites * d * mc), 14);
            double[] d2 = random((int) (sites * d * mc), 15);
            double[][] results = new double[2][];
            Backend[] backends = {backend(), other()};
            for (int k = 0; k < 2; k++) {
                Backend b = backends[k];
                try (Workspace th = filled(b, theta); Workspace w1 = filled(b, d1); Workspace w2 = filled(b, d2);
                     Workspace lam = b.workspace((layers - s) * slot); Workspace adot = b.workspace((layers - s) * slot);
                     Workspace zdot = b.workspace((layers - s) * slot); Workspace hdot = b.workspace((units + 1) * slot);
                     Workspace tmp = b.workspace(3 * slot)) {
                    lam.zero();
                    adot.zero();
                    b.sourceTangents(g, s, mc, 0.5, th, w1, w2, lam, adot, zdot, hdot, tmp);
                    double[] l = read(lam);
                    double[] a = read(adot);
                    double[] both = new double[l.length + a.length];
                    System.arraycopy(l, 0, both, 0, l.length);
                    System.arraycopy(a, 0, both, l.length, a.length);
                    results[k] = both;
                }
            }
            double scale = 0;
            for (double v : results[1]) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0, "tangents are not all zero");
            for (int q = 0; q < results[0].length; q++) {
                assertEquals(results[1][q], results[0][q], 1e-12 * scale, "element " + q + ", shortcut " + shortcut);
            }
        }
    }

    @Test
    void argumentsAreCheckedOnceNamingTheRoutine() {
        try (Workspace w = backend().workspace(8)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> backend().pairBlock(2, 12, w, 0, 0, w, 0, w, 0, w, 0, true, w, 0));
            assertTrue(e.getMessage().startsWith("pairBlock:"), e.getMessage());
            var r = assertThrows(IndexOutOfBoundsException.class,
                    () -> backend().pairBlock(2, 8, w, 0, 0, w, 0, w, 0, w, 0, true, w, 0));
            assertTrue(r.getMessage().startsWith("pairBlock: a_s"), r.getMessage());
            var m = assertThrows(MatrixDimensionException.class,
                    () -> backend().storeBlock(new HeapMatrix(10, 10), 3, 0, 0, w, 0));
            assertTrue(m.getMessage().startsWith("storeBlock:"), m.getMessage());
        }
    }

    @Test
    void uninitializedAllocationAndMemory() {
        try (DenseMatrix h = backend().allocateUninitialized(5, 7)) {
            assertEquals(5, h.rows());
            assertEquals(7, h.cols());
        }
        assertTrue(backend().availableBytes() > 0);
    }
}
