package org.shortcuthessian.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ojalgo.matrix.decomposition.Eigenvalue;
import org.ojalgo.matrix.store.R064Store;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.OffHeapMatrix;

/**
 * The symmetric eigenproblem of a seeded random symmetric Gaussian (Wigner) matrix of order
 * N ∈ {400, 800, 1600, 3200, 6400}, for every contender: eigenvalues only ({@link EigenValuesBench}) or
 * all eigenpairs ({@link EigenPairsBench}). Single-shot time of one call (the JMH annotations here
 * hold for both).
 *
 * <p>The input is made once per trial and kept pristine. Before every call (JMH
 * {@code @Setup(Level.Invocation)}, outside the timed region) it is copied into the contender's own
 * work matrix, for every contender alike: LAPACK destroys its input, and each library gets the same
 * fresh matrix, so no contender is timed on a matrix another call left behind. Outputs and the
 * libraries' decomposition objects are made once per trial where the API allows it.
 *
 * <ul>
 *   <li>{@code native}: {@code Backend.eigenvalues(h, AUTO)} / {@code eigenpairs(h)} of the native
 *       backend on an {@code OffHeapMatrix} (AUTO: dsyevd below {@code TWO_STAGE_CROSSOVER}, dsyev_2stage
 *       from it on; pairs: dsyevd);
 *   <li>{@code direct}: the LAPACKE routine AUTO resolves to at this N ({@code LAPACKE_dsyevd} or
 *       {@code LAPACKE_dsyev_2stage}; pairs {@code LAPACKE_dsyevd}), same buffers, preallocated output;
 *   <li>{@code java}: the pure-Java backend's facade (ojAlgo inside) on a {@code HeapMatrix};
 *   <li>{@code ojalgo}: {@code Eigenvalue.R064} (symmetric) {@code computeValuesOnly} / {@code decompose};
 *   <li>{@code ejml}: {@code DecompositionFactory_DDRM.eig(N, vectors, symmetric = true)};
 *   <li>{@code commons-math}: {@code new EigenDecomposition(matrix)}, which has no values-only form: its
 *       eigenvalues-only time is that of the whole decomposition (eigenvectors included).
 * </ul>
 * The last result is checked: Σλ = tr(A) and Σλ² = ‖A‖²_F.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx12g"})
public abstract class AbstractEigenBench extends SuiteBench {
    /** Contender, see the class comment. */
    @Param({"native", "direct", "java", "ojalgo", "ejml", "commons-math"})
    public String contender;

    /** Matrix order N. */
    @Param({"400", "800", "1600", "3200", "6400"})
    public int size;

    private double[] pristine;
    private Runnable refill;
    private DoublePointer w;

    /** @return true for all eigenpairs, false for eigenvalues only. */
    protected abstract boolean vectors();

    @Override
    protected void prepare() {
        int n = size;
        boolean vectors = vectors();
        pristine = randomSymmetric(n, seed);
        switch (kind) {
            case NATIVE, DIRECT -> {
                OffHeapMatrix source = new OffHeapMatrix(n, n);
                OffHeapMatrix work = new OffHeapMatrix(n, n);
                w = nativeDoubles(n);
                own(source, work, w::deallocate);
                source.pointer().put(pristine);
                refill = () -> Pointer.memcpy(work.pointer(), source.pointer(), 8L * n * n);
                if (kind == Contender.NATIVE) {
                    call = vectors ? () -> nativeBackend.eigenpairs(work)
                            : () -> nativeBackend.eigenvalues(work, EigenvalueMethod.AUTO);
                } else {
                    call = directCall(work.pointer(), w, n, vectors);
                }
            }
            case JAVA -> {
                HeapMatrix work = new HeapMatrix(n, n);
                refill = () -> System.arraycopy(pristine, 0, work.data(), 0, pristine.length);
                call = vectors ? () -> javaBackend.eigenpairs(work)
                        : () -> javaBackend.eigenvalues(work, EigenvalueMethod.AUTO);
            }
            case OJALGO -> {
                R064Store work = R064Store.FACTORY.make(n, n);
                Eigenvalue<Double> evd = Eigenvalue.R064.make(n, true);
                refill = () -> System.arraycopy(pristine, 0, work.data, 0, pristine.length);
                call = vectors ? () -> evd.decompose(work) ? evd : null
                        : () -> evd.computeValuesOnly(work) ? evd : null;
            }
            case EJML -> {
                // symmetric: the column-major array is also the row-major one
                DMatrixRMaj work = new DMatrixRMaj(n, n);
                EigenDecomposition_F64<DMatrixRMaj> evd = DecompositionFactory_DDRM.eig(n, vectors, true);
                refill = () -> System.arraycopy(pristine, 0, work.data, 0, pristine.length);
                call = () -> evd.decompose(work) ? evd : null;
            }
            case COMMONS_MATH -> {
                Array2DRowRealMatrix work = new Array2DRowRealMatrix(n, n);
                double[][] rows = work.getDataRef();
                refill = () -> {
                    for (int i = 0; i < n; i++) {
                        System.arraycopy(pristine, i * n, rows[i], 0, n); // row i = column i (symmetric)
                    }
                };
                call = () -> new EigenDecomposition(work);
            }
            default -> throw unsupported();
        }
    }

    /** The LAPACKE call the native backend makes for this job at order n, on the given buffers. */
    private static Call directCall(DoublePointer a, DoublePointer w, int n, boolean vectors) {
        int layout = openblas.LAPACK_COL_MAJOR;
        byte lower = 'L';
        if (vectors) {
            return () -> lapack("dsyevd", openblas.LAPACKE_dsyevd(layout, (byte) 'V', lower, n, a, n, w), w);
        }
        if (EigenvalueMethod.AUTO.resolve(n) == EigenvalueMethod.TWO_STAGE) {
            return () -> lapack("dsyev_2stage", openblas.LAPACKE_dsyev_2stage(layout, (byte) 'N', lower, n, a, n, w), w);
        }
        return () -> lapack("dsyevd", openblas.LAPACKE_dsyevd(layout, (byte) 'N', lower, n, a, n, w), w);
    }

    private static DoublePointer lapack(String routine, int info, DoublePointer w) {
        if (info != 0) {
            throw new IllegalStateException(routine + " failed: info = " + info);
        }
        return w;
    }

    /** A fresh copy of the input before every call, outside the timed region. */
    @Setup(Level.Invocation)
    public void copyInput() {
        refill.run();
    }

    @Override
    protected void check(Object result) {
        if (result == null) {
            throw new IllegalStateException(benchClass() + " " + kind.id() + ": decomposition failed");
        }
        double[] values = values(result, size);
        double trace = 0;
        double frobenius = 0;
        for (int j = 0; j < size; j++) {
            trace += pristine[j + j * size];
        }
        for (double x : pristine) {
            frobenius += x * x;
        }
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        expectClose("Σλ (trace)", trace, sum, 1e-9 * Math.sqrt(frobenius));
        expectClose("Σλ² (‖A‖²_F)", frobenius, squares, 1e-9);
    }

    private static double[] values(Object result, int n) {
        double[] values = new double[n];
        if (result instanceof double[] v) {
            return v;
        } else if (result instanceof DoublePointer p) {
            p.position(0).get(values);
        } else if (result instanceof Eigenvalue<?> e) {
            e.getEigenvalues(values, Optional.empty());
        } else if (result instanceof EigenDecomposition_F64<?> e) {
            for (int i = 0; i < n; i++) {
                values[i] = e.getEigenvalue(i).real;
            }
        } else if (result instanceof EigenDecomposition e) {
            return e.getRealEigenvalues();
        } else {
            throw new IllegalStateException("unknown result type " + result.getClass());
        }
        return values;
    }
}
