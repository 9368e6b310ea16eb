package org.shortcuthessian.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.OffHeapMatrix;

/**
 * The facade's overhead measured A/B: each facade call is paired with the same LAPACKE call made
 * directly, alternately in the order AB and BA, on the same buffers in the same JVM, so that slow
 * periods of a shared machine fall on both alike (JMH runs the contenders one after the other, minutes
 * apart, and there the machine's swings, up to 3× for the memory-bound reductions, swamp a 3 % effect).
 * Reports, per size and routine, the minima and medians of both and the median of the per-pair ratios.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.shortcuthessian.bench.EigenOverheadAB \
 *     [sizes=800,1600,3200,6400] [pairs=40,20,6,3] [threads=2] [seed=20240611]</pre>
 * Output: a Markdown table on stdout (the first pair of each cell is a warm-up and not counted).
 */
public final class EigenOverheadAB {
    private static final int COL_MAJOR = openblas.LAPACK_COL_MAJOR;

    private EigenOverheadAB() {
    }

    private interface Call {
        void run();
    }

    public static void main(String[] args) {
        int[] sizes = {800, 1600, 3200, 6400};
        int[] pairs = {40, 20, 6, 3};
        int threads = 2;
        long seed = 20240611L;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "sizes" -> sizes = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "pairs" -> pairs = Arrays.stream(kv[1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "threads" -> threads = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + " (expected sizes=, pairs=, threads=, seed=)");
            }
        }
        Backend nb = Backends.of(BackendKind.NATIVE);
        nb.setThreads(threads);
        System.out.println("Facade ÷ direct LAPACKE, A/B-paired: OpenBLAS core " + nb.info().get("openblas_core")
                + ", " + nb.threads() + " threads, OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE")
                + ", JDK " + Runtime.version() + ". Times in ms.");
        System.out.println();
        System.out.println("| N | routine | pairs | facade min | direct min | facade median | direct median"
                + " | overhead (min) | overhead (median) | overhead (median of pair ratios) |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            int k = pairs[Math.min(s, pairs.length - 1)];
            double[] a = AbstractBench.randomSymmetric(n, seed);
            try (OffHeapMatrix pristine = new OffHeapMatrix(n, n); OffHeapMatrix work = new OffHeapMatrix(n, n)) {
                pristine.pointer().put(a);
                DoublePointer p = work.pointer();
                DoublePointer w = new DoublePointer(n);
                IntPointer found = new IntPointer(1);
                IntPointer isuppz = new IntPointer(2L * n);
                DoublePointer z = new DoublePointer(1);
                List<Object[]> routines = new ArrayList<>();
                routines.add(new Object[] {"dsyevd, values",
                        (Call) () -> nb.eigenvalues(work, EigenvalueMethod.DIVIDE_AND_CONQUER),
                        (Call) () -> check(openblas.LAPACKE_dsyevd(COL_MAJOR, (byte) 'N', (byte) 'L', n, p, n, w))});
                routines.add(new Object[] {"dsyev_2stage, values",
                        (Call) () -> nb.eigenvalues(work, EigenvalueMethod.TWO_STAGE),
                        (Call) () -> check(openblas.LAPACKE_dsyev_2stage(COL_MAJOR, (byte) 'N', (byte) 'L', n, p, n, w))});
                routines.add(new Object[] {"dsyevr, values",
                        (Call) () -> nb.eigenvalues(work, EigenvalueMethod.RRR),
                        (Call) () -> check(openblas.LAPACKE_dsyevr(COL_MAJOR, (byte) 'N', (byte) 'I', (byte) 'L', n, p, n,
                                0.0, 0.0, 1, n, Double.MIN_NORMAL, found, w, z, n, isuppz))});
                routines.add(new Object[] {"dsyevd, pairs",
                        (Call) () -> nb.eigenpairs(work),
                        (Call) () -> check(openblas.LAPACKE_dsyevd(COL_MAJOR, (byte) 'V', (byte) 'L', n, p, n, w))});
                for (Object[] r : routines) {
                    Call facade = (Call) r[1];
                    Call direct = (Call) r[2];
                    double[] tf = new double[k];
                    double[] td = new double[k];
                    for (int i = -1; i < k; i++) {
                        boolean facadeFirst = (i & 1) == 0;
                        double t1 = time(facadeFirst ? facade : direct, pristine, work, n);
                        double t2 = time(facadeFirst ? direct : facade, pristine, work, n);
                        if (i >= 0) {
                            tf[i] = facadeFirst ? t1 : t2;
                            td[i] = facadeFirst ? t2 : t1;
                        }
                    }
                    double[] ratio = new double[k];
                    for (int i = 0; i < k; i++) {
                        ratio[i] = tf[i] / td[i];
                    }
                    double fMin = Arrays.stream(tf).min().orElse(Double.NaN);
                    double dMin = Arrays.stream(td).min().orElse(Double.NaN);
                    double fMed = median(tf);
                    double dMed = median(td);
                    System.out.println(String.format(Locale.ROOT,
                            "| %d | %s | %d | %.1f | %.1f | %.1f | %.1f | %+.1f %% | %+.1f %% | %+.1f %% |",
                            n, r[0], k, fMin, dMin, fMed, dMed, 100 * (fMin / dMin - 1), 100 * (fMed / dMed - 1),
                            100 * (median(ratio) - 1)));
                }
                w.deallocate();
                found.deallocate();
                isuppz.deallocate();
                z.deallocate();
            }
        }
    }

    private static double time(Call c, OffHeapMatrix pristine, OffHeapMatrix work, int n) {
        Pointer.memcpy(work.pointer(), pristine.pointer(), 8L * n * n);
        long t0 = System.nanoTime();
        c.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    private static void check(int info) {
        if (info != 0) {
            throw new IllegalStateException("LAPACKE info = " + info);
        }
    }
}
