package org.shortcuthessian.cli;

import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.HessianTooLargeException;
import org.shortcuthessian.curvature.matrixfree.LanczosOptions;
import org.shortcuthessian.curvature.matrixfree.Reorthogonalization;
import org.shortcuthessian.curvature.matrixfree.SpectrumMethod;
import org.shortcuthessian.curvature.matrixfree.SpectrumRequest;
import org.shortcuthessian.linalg.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a spectrum is computed: dense or matrix-free, which eigenvalues, and the Lanczos and SLQ settings. */
final class SpectrumMethodOptions {
    @Option(names = "--method", paramLabel = "dense|lanczos|slq|auto", defaultValue = "auto",
            description = "dense (LAPACK), lanczos (the --top/--bottom eigenvalues from Hessian-vector products),"
                    + " slq (density and estimated statistics) or auto (default: dense when the N×N matrix fits in"
                    + " memory, else lanczos with --top/--bottom, slq without).")
    String method;

    @Option(names = "--top", paramLabel = "K", description = "Only the K largest eigenvalues.")
    Integer top;

    @Option(names = "--bottom", paramLabel = "K", description = "Only the K smallest (most negative) eigenvalues.")
    Integer bottom;

    @Option(names = "--tolerance", paramLabel = "REL", defaultValue = "1e-10",
            description = "Lanczos: a pair converged when ‖Hx − λx‖ ≤ REL·‖H‖ (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--reorthogonalization", paramLabel = "full|selective", defaultValue = "full",
            description = "Lanczos: full or selective reorthogonalization (default: ${DEFAULT-VALUE}).")
    String reorthogonalization;

    @Option(names = "--max-products", paramLabel = "P", defaultValue = "5000",
            description = "Lanczos: at most P Hessian-vector products (default: ${DEFAULT-VALUE}).")
    int maxProducts;

    @Mixin
    SlqSettings slq;

    /** @return whether nothing but the default (every eigenvalue, dense when it fits) was asked for. */
    boolean plainDense() {
        SpectrumMethod m = parsedMethod();
        return (m == SpectrumMethod.AUTO || m == SpectrumMethod.DENSE) && top == null && bottom == null;
    }

    /** @return whether any of --method, --top, --bottom was given a non-default value. */
    boolean given() {
        return parsedMethod() != SpectrumMethod.AUTO || top != null || bottom != null;
    }

    SpectrumMethod parsedMethod() {
        try {
            return SpectrumMethod.parse(method);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--method: " + e.getMessage());
        }
    }

    /**
     * @param n the dimension of the Hessian
     * @return the request, every option checked, errors naming the option
     */
    SpectrumRequest request(int n) {
        SpectrumMethod m = parsedMethod();
        int t = count("--top", top, n);
        int b = count("--bottom", bottom, n);
        if ((long) t + b > n) {
            throw new InvalidInputException("--top + --bottom: " + (t + b) + " exceeds N = " + n);
        }
        if (m == SpectrumMethod.LANCZOS && t + b == 0) {
            throw new InvalidInputException("--method lanczos: needs --top K and/or --bottom K");
        }
        try {
            LanczosOptions lz = LanczosOptions.defaults().withTolerance(tolerance).withMaxProducts(maxProducts)
                    .withReorthogonalization(Reorthogonalization.valueOf(reorthogonalization.trim()
                            .toUpperCase(java.util.Locale.ROOT))).withSeed(slq.probeSeed);
            return new SpectrumRequest(m, t, b, lz, slq.options());
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.startsWith("No enum constant")) {
                throw new InvalidInputException("--reorthogonalization: unknown value '" + reorthogonalization
                        + "' (expected full or selective)");
            }
            throw new InvalidInputException((msg.startsWith("tolerance") ? "--tolerance" : "--max-products") + ": "
                    + msg.substring(msg.indexOf(": ") + 2));
        }
    }

    private static int count(String option, Integer k, int n) {
        if (k == null) {
            return 0;
        }
        if (k < 1) {
            throw new InvalidInputException(option + ": " + k + " (must be at least 1)");
        }
        if (k > n) {
            throw new InvalidInputException(option + ": " + k + " exceeds N = " + n);
        }
        return k;
    }

    /** @return whether the request is answered without the dense Hessian of N parameters. */
    static boolean matrixFree(SpectrumRequest r, int n, Backend backend) {
        if (r.method() == SpectrumMethod.LANCZOS || r.method() == SpectrumMethod.SLQ) {
            return true;
        }
        if (r.method() == SpectrumMethod.DENSE) {
            return false;
        }
        try {
            Curvature.requireFits(n, backend);
            return false;
        } catch (HessianTooLargeException e) {
            return true;
        }
    }
}
