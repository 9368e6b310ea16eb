package org.shortcuthessian.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.concurrency.EjmlConcurrency;
import org.ojalgo.OjAlgoUtils;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Base of the suite's benchmarks (issue 5): one class per operation ({@link GemmBench},
 * {@link EigenValuesBench}, {@link EigenPairsBench}, {@link AssemblyBench}, {@link HvpBench}), each with a
 * single {@code @Benchmark} method, {@code run}, that makes one call of the {@link Contender} chosen by
 * the parameter {@code contender}. The shared parameters are {@code seed} and {@code threads} (from
 * {@link AbstractBench}) and {@code contender} and {@code size}, which every suite class declares as
 * public fields of these names with the values of its operation (a JMH {@code @Param} cannot be given
 * other values in a subclass; this base reads them by name), so that {@code bench/run} sets them alike
 * everywhere ({@code -p contender=ejml -p size=800}).
 *
 * <p>The trial set-up resolves the contender, makes its inputs and outputs (seeded) and binds the one
 * call to {@link #call}; the benchmark method only invokes it: no allocation or copying in the
 * benchmark code (what a library allocates inside its own call is part of its time). Every fork runs
 * one contender, so the call site is monomorphic. After the trial the last measured result is checked
 * against an invariant of the operation ({@link #check}), so that a contender that computes something
 * else fails the run instead of winning it (no extra call: some take a minute).
 *
 * <p>Threads: {@code threads} is OpenBLAS's thread count (native and direct) and the cap given to the
 * pure-Java libraries that can run in parallel (ojAlgo's {@code OjAlgoUtils.limitThreadsTo}, EJML's
 * {@code EjmlConcurrency.setMaxThreads} and its {@code _MT} product); Commons Math is sequential.
 */
@State(Scope.Benchmark)
public abstract class SuiteBench extends AbstractBench {
    /** One call of the contender under test; returns its result (to the blackhole and to {@link #check}). */
    @FunctionalInterface
    protected interface Call {
        Object run();
    }

    /** The contender of this trial (the subclass's {@code contender} parameter). */
    protected Contender kind;

    private int sizeValue;

    /** The call that the benchmark method makes. */
    protected Call call;

    /** Result of the last call (checked after the trial). */
    protected Object last;

    /** Native buffers made by {@link #prepare}, closed after the trial. */
    private final List<AutoCloseable> owned = new ArrayList<>();

    /** @return the value of the subclass's {@code size} parameter. */
    protected final int size() {
        return sizeValue;
    }

    /** Makes the inputs and outputs of {@link #kind} and sets {@link #call}. */
    protected abstract void prepare();

    /**
     * Checks the last result of the trial.
     *
     * @throws IllegalStateException if it is wrong
     */
    protected abstract void check(Object result);

    @Setup(Level.Trial)
    public void setUpSuite() {
        kind = Contender.parse(String.valueOf(param("contender")));
        sizeValue = ((Number) param("size")).intValue();
        OjAlgoUtils.limitThreadsTo(threads);
        EjmlConcurrency.setMaxThreads(threads);
        System.err.println("# bench-info " + benchClass() + ": contender=" + kind.id()
                + " size=" + size() + " threads=" + threads + " library=" + kind.library());
        prepare();
        if (call == null) {
            throw new IllegalStateException(benchClass() + " has no call for contender " + kind.id());
        }
    }

    /** Checks the last measured result, then frees what {@link #prepare} allocated off the heap. */
    @TearDown(Level.Trial)
    public void tearDownSuite() throws Exception {
        try {
            if (last != null) {
                check(last);
            }
        } finally {
            last = null;
            release();
        }
    }

    /** Frees what {@link #prepare} registered with {@link #own}; subclasses may free more. */
    protected void release() throws Exception {
        for (AutoCloseable c : owned) {
            c.close();
        }
        owned.clear();
    }

    /** Registers native buffers to close after the trial. */
    protected final void own(AutoCloseable... resources) {
        owned.addAll(List.of(resources));
    }

    /** The benchmark body shared by every suite class: one call, its result kept and returned. */
    protected final Object runCall() {
        Object r = call.run();
        last = r;
        return r;
    }

    /** @return the value of the public {@code @Param} field {@code name} that every suite class declares */
    private Object param(String name) {
        try {
            return getClass().getField(name).get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(benchClass() + " must declare the @Param field public " + name, e);
        }
    }

    /** @return the simple name of the benchmark class (not of JMH's generated subclasses). */
    protected final String benchClass() {
        Class<?> c = getClass();
        while (c.getSimpleName().contains("_jmhType") && c.getSuperclass() != null) {
            c = c.getSuperclass();
        }
        return c.getSimpleName();
    }

    /** @return a seeded column-major rows×cols matrix of independent N(0, 1) entries. */
    protected static double[] randomGaussian(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int k = 0; k < a.length; k++) {
            a[k] = rnd.nextGaussian();
        }
        return a;
    }

    /** @throws IllegalStateException unless |actual − expected| ≤ tol·(1 + |expected|) */
    protected final void expectClose(String what, double expected, double actual, double tol) {
        if (!(Math.abs(actual - expected) <= tol * (1 + Math.abs(expected)))) {
            throw new IllegalStateException(benchClass() + " " + kind.id() + " size " + size()
                    + ": " + what + " = " + actual + ", expected " + expected);
        }
    }

    /** @throws IllegalArgumentException naming the class and the contenders it has */
    protected final IllegalArgumentException unsupported() {
        return new IllegalArgumentException(benchClass() + " has no contender '" + kind.id() + "'");
    }
}
