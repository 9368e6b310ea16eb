package org.shortcuthessian.curvature.spectrum;

import java.util.Locale;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianOperator;
import org.shortcuthessian.curvature.HessianTooLargeException;
import org.shortcuthessian.curvature.matrixfree.BlockLanczos;
import org.shortcuthessian.curvature.matrixfree.Lanczos;
import org.shortcuthessian.curvature.matrixfree.SlqOptions;
import org.shortcuthessian.curvature.matrixfree.StochasticLanczosQuadrature;

/**
 * The Java heap a matrix-free spectrum takes, estimated before it starts, and the refusal when the heap cannot
 * give it ({@link HeapTooSmallException}) instead of an {@link OutOfMemoryError} minutes later. The estimates are
 * upper bounds kept next to the code they describe: {@link Lanczos#heapBytes}, {@link
 * StochasticLanczosQuadrature#heapBytes} and {@link HessianOperator#heapBytes}.
 */
public final class HeapBudget {
    private HeapBudget() {
    }

    /** @return the bytes the heap can still give: the maximum heap less what is in use now (garbage included). */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * @throws HeapTooSmallException naming what and the figures if bytes exceed {@link #available()}
     */
    public static void require(String what, long bytes) {
        long available = available();
        if (bytes > available) {
            throw new HeapTooSmallException(what, bytes, available, Runtime.getRuntime().maxMemory());
        }
    }

    /**
     * Refuses a matrix-free spectrum of an operator of dimension n whose products take operatorBytes of heap
     * (the network's passes, or 8·n for a matrix in memory), when the operator and the larger of the two
     * methods' memory (they run one after the other) do not fit.
     *
     * @param method LANCZOS or SLQ (SLQ also runs Lanczos when the request selects eigenvalues)
     */
    public static void requireMatrixFree(int n, SpectrumMethod method, SpectrumRequest request, long operatorBytes) {
        long slq = method == SpectrumMethod.SLQ ? StochasticLanczosQuadrature.heapBytes(n, request.slq()) : 0;
        int wanted = request.top() + request.bottom();
        int block = request.lanczos().blockSizeFor(request.top(), request.bottom());
        long lanczos = !request.selects() ? 0 : block > 1 ? BlockLanczos.heapBytes(n, wanted, block, request.lanczos())
                : Lanczos.heapBytes(n, wanted, request.lanczos());
        long need = operatorBytes + Math.max(slq, lanczos);
        if (need > available()) {
            String vectors = slq >= lanczos
                    ? String.format(Locale.ROOT, "SLQ with %d steps, %d probes and a grid of %d points: %s",
                    Math.min(request.slq().steps(), n), request.slq().probes(), request.slq().gridPoints(),
                    HessianTooLargeException.human(slq))
                    : String.format(Locale.ROOT, "Lanczos for %d eigenvalues: %s", request.top() + request.bottom(),
                    HessianTooLargeException.human(lanczos));
            require(String.format(Locale.ROOT, "the matrix-free spectrum at N = %d (%s; products: %s)", n, vectors,
                    HessianTooLargeException.human(operatorBytes)), need);
        }
    }

    /** As {@link #requireMatrixFree(int, SpectrumMethod, SpectrumRequest, long)} for the Hessian of curv. */
    public static void requireMatrixFree(Curvature curv, SpectrumMethod method, SpectrumRequest request) {
        requireMatrixFree(curv.parameters(), method, request,
                HessianOperator.heapBytes(curv.spec(), curv.data().samples()));
    }

    /** Refuses the SLQ density of an operator of dimension n (products: operatorBytes) that does not fit. */
    public static void requireDensity(int n, SlqOptions options, long operatorBytes) {
        requireMatrixFree(n, SpectrumMethod.SLQ, SpectrumRequest.of(SpectrumMethod.SLQ, 0, 0).withSlq(options),
                operatorBytes);
    }

    /** As {@link #requireDensity(int, SlqOptions, long)} for the Hessian of curv. */
    public static void requireDensity(Curvature curv, SlqOptions options) {
        requireDensity(curv.parameters(), options, HessianOperator.heapBytes(curv.spec(), curv.data().samples()));
    }
}
