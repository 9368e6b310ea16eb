package org.shortcuthessian.curvature.spectrum;

import java.util.Locale;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.linalg.Backend;

/**
 * The one decision of how a spectrum of the Hessian of N parameters is computed, and why: the requested
 * method, or for AUTO dense when the N×N matrix fits in the memory the backend has ({@link Curvature#fits}),
 * else Lanczos when eigenvalues are selected and SLQ when not. Decided once, before anything is allocated.
 */
public final class SpectrumPolicy {
    private SpectrumPolicy() {
    }

    /**
     * A decision.
     *
     * @param method DENSE, LANCZOS or SLQ (never AUTO)
     * @param reason why, for reports
     */
    public record Decision(SpectrumMethod method, String reason) {
        /** @return whether the dense N×N Hessian is formed. */
        public boolean dense() {
            return method == SpectrumMethod.DENSE;
        }
    }

    /**
     * @param n the dimension of the Hessian
     * @return how the request is answered for a Hessian of n parameters on this backend. A DENSE request that
     *         does not fit is still DENSE here: {@link Curvature#requireFits} refuses it when it is assembled
     */
    public static Decision decide(SpectrumRequest request, long n, Backend backend) {
        if (request.method() == SpectrumMethod.DENSE) {
            return new Decision(SpectrumMethod.DENSE, "requested");
        }
        if (request.method() != SpectrumMethod.AUTO) {
            return new Decision(request.method(), "requested");
        }
        long available = backend.availableBytes();
        if (Curvature.fits(n, backend)) {
            return new Decision(SpectrumMethod.DENSE, String.format(Locale.ROOT,
                    "dense: the N×N Hessian (N = %d, 8·N² = %.3g GB) fits in the memory available", n, 8.0 * n * n / 1e9));
        }
        return new Decision(matrixFree(request), String.format(Locale.ROOT,
                "matrix-free: the N×N Hessian (N = %d) needs %.3g GB (8·N²), %.3g GB available", n, 8.0 * n * n / 1e9,
                available / 1e9));
    }

    /** The requested matrix-free method, or for AUTO and DENSE: LANCZOS when eigenvalues are selected, else SLQ. */
    static SpectrumMethod matrixFree(SpectrumRequest r) {
        if (r.method() == SpectrumMethod.LANCZOS || r.method() == SpectrumMethod.SLQ) {
            return r.method();
        }
        return r.selects() ? SpectrumMethod.LANCZOS : SpectrumMethod.SLQ;
    }
}
