package org.shortcuthessian.linalg.purejava;

import java.util.Arrays;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetryReport;
import org.shortcuthessian.linalg.passes.NetworkShape;

/**
 * The pure-Java twin of the project's C kernels ({@code native/src}): the same arithmetic, loop for
 * loop, on Java arrays and any {@link DenseMatrix}. The fallback where the native library does not load,
 * the baseline of the benchmarks, and the reference the native kernels are tested against. Arguments
 * are validated by the facade ({@code AbstractBackend}); nothing is checked here.
 */
public final class JavaKernels {
    private JavaKernels() {
    }

    /** @return the column-major index of the first NaN or infinite element of m, or −1. */
    public static long firstNonFinite(DenseMatrix m) {
        if (m instanceof HeapMatrix h) {
            double[] a = h.data();
            for (int k = 0; k < a.length; k++) {
                if (!Double.isFinite(a[k])) {
                    return k;
                }
            }
            return -1;
        }
        long n = m.size();
        for (long k = 0; k < n; k++) {
            if (!Double.isFinite(m.getLinear(k))) {
                return k;
            }
        }
        return -1;
    }

    /** @return max |h[i,j] − h[j,i]|, max |h[i,j]| and where the former is attained. */
    public static SymmetryReport symmetry(DenseMatrix h) {
        int n = h.rows();
        double maxAsym = 0.0;
        double maxAbs = 0.0;
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double x = h.get(i, j);
                double y = h.get(j, i);
                double d = Math.abs(x - y);
                maxAbs = Math.max(maxAbs, Math.max(Math.abs(x), Math.abs(y)));
                if (d > maxAsym) {
                    maxAsym = d;
                    bi = i;
                    bj = j;
                }
            }
        }
        return new SymmetryReport(maxAsym, maxAbs, bi, bj);
    }

    /** h[j,i] = h[i,j] for i &gt; j. h is modified. */
    public static void symmetrizeFromLower(DenseMatrix h) {
        int n = h.rows();
        for (int j = 0; j < n; j++) {
            for (int i = j + 1; i < n; i++) {
                h.set(j, i, h.get(i, j));
            }
        }
    }

    // ---- the general path (tangents.c, pairblock.c) ----

    /** out = diag(dv)·in (kind 0: copy); packed d×d matrices at the given offsets. */
    private static void scaleRows(int d, int mc, double[] out, int o, double[] in, int i, double[] dv, int dvo, int kind) {
        int dd = d * d;
        if (kind == 0) {
            System.arraycopy(in, i, out, o, dd * mc);
            return;
        }
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int g = dvo + r * mc;
                int x = i + (r + d * c) * mc;
                int y = o + (r + d * c) * mc;
                for (int j = 0; j < mc; j++) {
                    out[y + j] = dv[g + j] * in[x + j];
                }
            }
        }
    }

    /** out = diag(d1)·gd + diag(d2)·vd (kind 2), diag(d1)·gd (kind 1), gd (kind 0). */
    private static void reverseSite(int d, int mc, double[] out, int o, double[] gd, int g, double[] vd, int v,
                                    double[] d1, int d1o, double[] d2, int d2o, int kind) {
        int dd = d * d;
        if (kind == 0) {
            System.arraycopy(gd, g, out, o, dd * mc);
            return;
        }
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int a = d1o + r * mc;
                int x = g + (r + d * c) * mc;
                int y = o + (r + d * c) * mc;
                if (kind == 2) {
                    int b = d2o + r * mc;
                    int z = v + (r + d * c) * mc;
                    for (int j = 0; j < mc; j++) {
                        out[y + j] = d1[a + j] * gd[x + j] + d2[b + j] * vd[z + j];
                    }
                } else {
                    for (int j = 0; j < mc; j++) {
                        out[y + j] = d1[a + j] * gd[x + j];
                    }
                }
            }
        }
    }

    /** out = W·in or Wᵀ·in, W d×d column-major at w[wo …], in/out packed d×d matrices. */
    private static void matmul(int d, int mc, double[] out, int o, double[] w, int wo, double[] in, int i,
                               boolean transposed) {
        for (int c = 0; c < d; c++) {
            for (int r = 0; r < d; r++) {
                int y = o + (r + d * c) * mc;
                Arrays.fill(out, y, y + mc, 0.0);
                for (int k = 0; k < d; k++) {
                    double wk = transposed ? w[wo + k + d * r] : w[wo + r + d * k];
                    if (wk == 0.0) {
                        continue;
                    }
                    int x = i + (k + d * c) * mc;
                    for (int j = 0; j < mc; j++) {
                        out[y + j] += wk * in[x + j];
                    }
                }
            }
        }
    }

    /** The twin of {@code sh_source_tangents} (see {@code HessianKernels#sourceTangents}). */
    public static void sourceTangents(NetworkShape g, int s, int mc, double invM, double[] theta, double[] d1,
                                      double[] d2, double[] lam, double[] adot, double[] zdot, double[] hdot,
                                      double[] tmp) {
        int d = g.dim();
        int dd = d * d;
        int n = g.depth();
        int units = g.units();
        boolean shortcut = g.shortcut();
        int[] kind = g.siteCodes();
        int slot = dd * mc;
        int vec = d * mc;
        int is = s / n;
        int ks = s % n;
        int sites = n + 1;
        int lhd = 0;
        int tb = slot;
        int tc = 2 * slot;

        // forward tangents
        Arrays.fill(zdot, 0, slot, 0.0);
        for (int r = 0; r < d; r++) {
            int o = (r + d * r) * mc;
            Arrays.fill(zdot, o, o + mc, 1.0);
        }
        for (int i = is; i < units; i++) {
            int site0 = i * sites;
            if (i > is) {
                int l = i * n;
                scaleRows(d, mc, adot, (l - s) * slot, hdot, i * slot, d1, site0 * vec, kind[site0]);
                matmul(d, mc, zdot, (l - s) * slot, theta, l * dd, adot, (l - s) * slot, false);
            }
            int kfirst = i == is ? ks + 1 : 1;
            for (int k = kfirst; k < n; k++) {
                int l = i * n + k;
                scaleRows(d, mc, adot, (l - s) * slot, zdot, (l - 1 - s) * slot, d1, (site0 + k) * vec, kind[site0 + k]);
                matmul(d, mc, zdot, (l - s) * slot, theta, l * dd, adot, (l - s) * slot, false);
            }
            int last = i * n + n - 1;
            int next = (i + 1) * slot;
            scaleRows(d, mc, hdot, next, zdot, (last - s) * slot, d1, (site0 + n) * vec, kind[site0 + n]);
            if (shortcut && i > is) {
                int prev = i * slot;
                for (int q = 0; q < slot; q++) {
                    hdot[next + q] += hdot[prev + q];
                }
            }
        }

        // reverse tangents
        int f = units * slot;
        for (int q = 0; q < slot; q++) {
            tmp[lhd + q] = hdot[f + q] * invM;
        }
        for (int i = units - 1; i >= is; i--) {
            int site0 = i * sites;
            int last = i * n + n - 1;
            reverseSite(d, mc, lam, (last - s) * slot, tmp, lhd, zdot, (last - s) * slot, d1, (site0 + n) * vec, d2,
                    (site0 + n) * vec, kind[site0 + n]);
            int kstop = i == is ? ks : 0;
            for (int k = n - 1; k > kstop; k--) {
                int l = i * n + k;
                matmul(d, mc, tmp, tb, theta, l * dd, lam, (l - s) * slot, true);
                reverseSite(d, mc, lam, (l - 1 - s) * slot, tmp, tb, zdot, (l - 1 - s) * slot, d1, (site0 + k) * vec,
                        d2, (site0 + k) * vec, kind[site0 + k]);
            }
            if (i > is) {
                int l0 = i * n;
                matmul(d, mc, tmp, tb, theta, l0 * dd, lam, (l0 - s) * slot, true);
                reverseSite(d, mc, tmp, tc, tmp, tb, hdot, i * slot, d1, site0 * vec, d2, site0 * vec, kind[site0]);
                for (int q = 0; q < slot; q++) {
                    tmp[lhd + q] = (shortcut ? tmp[lhd + q] : 0.0) + tmp[tc + q];
                }
            }
        }
    }

    /** The twin of {@code sh_pair_block} (see {@code HessianKernels#pairBlock}). */
    public static void pairBlock(int d, int mc, double[] pa, int as, int al, double[] plz, int lz, double[] lam,
                                 int lamOff, double[] adot, int adotOff, boolean withAdot, double[] b, int bo) {
        int dd = d * d;
        double[] v = new double[mc];
        for (int cp = 0; cp < d; cp++) {
            int alc = al + cp * mc;
            for (int rp = 0; rp < d; rp++) {
                int lzr = lz + rp * mc;
                int row = rp + d * cp;
                for (int r = 0; r < d; r++) {
                    int l0 = lamOff + (rp + d * r) * mc;
                    int a0 = adotOff + (cp + d * r) * mc;
                    for (int j = 0; j < mc; j++) {
                        double x = lam[l0 + j] * pa[alc + j];
                        if (withAdot) {
                            x += plz[lzr + j] * adot[a0 + j];
                        }
                        v[j] = x;
                    }
                    for (int c = 0; c < d; c++) {
                        int s0 = as + c * mc;
                        double sum = 0.0;
                        for (int j = 0; j < mc; j++) {
                            sum += v[j] * pa[s0 + j];
                        }
                        b[bo + row + dd * (r + d * c)] += sum;
                    }
                }
            }
        }
    }

    /** The twin of {@code sh_store_block}: block (l, s) of h from b, and its mirror. h is modified. */
    public static void storeBlock(DenseMatrix h, int d, int l, int s, double[] b, int bo) {
        int dd = d * d;
        if (l == s) {
            for (int col = 0; col < dd; col++) {
                for (int row = 0; row < dd; row++) {
                    h.set(l * dd + row, s * dd + col, 0.5 * (b[bo + row + col * dd] + b[bo + col + row * dd]));
                }
            }
            return;
        }
        for (int col = 0; col < dd; col++) {
            for (int row = 0; row < dd; row++) {
                double x = b[bo + row + col * dd];
                h.set(l * dd + row, s * dd + col, x);
                h.set(s * dd + col, l * dd + row, x);
            }
        }
    }

    /** The twin of {@code sh_kron_block}: H[(l,c,r),(l',c',r')] = C[c,c']·R[r,r'] + F[r',c]·Y[c',r]. h is modified. */
    public static void kronBlock(DenseMatrix h, int d, int l, int lp, double[] c, double[] r, double[] f, double[] y) {
        int dd = d * d;
        for (int cp = 0; cp < d; cp++) {
            for (int rp = 0; rp < d; rp++) {
                int col = lp * dd + cp * d + rp;
                for (int cc = 0; cc < d; cc++) {
                    double ccp = c[cc + d * cp];
                    double fv = f != null ? f[rp + d * cc] : 0.0;
                    int row0 = l * dd + cc * d;
                    for (int rr = 0; rr < d; rr++) {
                        double v = ccp * r[rr + d * rp];
                        if (f != null) {
                            v += fv * y[cp + d * rr];
                        }
                        h.set(row0 + rr, col, v);
                        h.set(col, row0 + rr, v);
                    }
                }
            }
        }
    }
}
