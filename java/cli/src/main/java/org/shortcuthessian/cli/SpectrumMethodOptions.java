package org.shortcuthessian.cli;

import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.matrixfree.LanczosOptions;
import org.shortcuthessian.curvature.matrixfree.Reorthogonalization;
import org.shortcuthessian.curvature.spectrum.SpectrumMethod;
import org.shortcuthessian.curvature.spectrum.SpectrumPolicy;
import org.shortcuthessian.curvature.spectrum.SpectrumRequest;
import org.shortcuthessian.linalg.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a spectrum is computed: dense or matrix-free, which eigenvalues, and the Lanczos and SLQ settings. */
final class SpectrumMethodOptions {
    @Option(names = "--method", paramLabel = "dense|lanczos|slq|auto", defaultValue = "auto",
            description = "dense (LAPACK), lanczos (the --top/--bottom eigenvalues from Hessian-vector products),"
                    + " slq (density and estimated statistics) or auto (default: dense when the N×N matrix fits in"
                    + " memory, else lanczos with --top/--bottom, slq without).",
            converter = Converters.SpectrumMethods.class, completionCandidates = Converters.SpectrumMethodNames.class)
    SpectrumMethod method;

    @Option(names = "--top", paramLabel = "K", description = "Only the K largest eigenvalues.")
    Integer top;

    @Option(names = "--bottom", paramLabel = "K", description = "Only the K smallest (most negative) eigenvalues.")
    Integer bottom;

    @Option(names = "--tolerance", paramLabel = "REL", defaultValue = "1e-10",
            description = "Lanczos: a pair converged when ‖Hx − λx‖ ≤ REL·‖H‖ (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--reorthogonalization", paramLabel = "full|selective", defaultValue = "full",
            description = "Lanczos: full or selective reorthogonalization (default: ${DEFAULT-VALUE}).",
            converter = Converters.Reorthogonalizations.class,
            completionCandidates = Converters.ReorthogonalizationNames.class)
    Reorthogonalization reorthogonalization;

    @Option(names = "--max-products", paramLabel = "P", defaultValue = "5000",
            description = "Lanczos: at most P Hessian-vector products (default: ${DEFAULT-VALUE}).")
    int maxProducts;

    @Option(names = "--block-size", paramLabel = "B", defaultValue = "0",
            description = "Lanczos: vectors per block (one pass over the data for B Hessian-vector products); a block"
                    + " finds an eigenvalue of multiplicity up to B that many times (the zero point of Theorem 2 has"
                    + " multiplicities R·d). 0 (default) or 1: single-vector Lanczos, fewer products for distinct eigenvalues.")
    int blockSize;

    @Mixin
    SlqSettings slq;

    /** @return whether nothing but the default (every eigenvalue, dense when it fits) was asked for. */
    boolean plainDense() {
        return (method == SpectrumMethod.AUTO || method == SpectrumMethod.DENSE) && top == null && bottom == null;
    }

    /** @return whether any of --method, --top, --bottom was given a non-default value. */
    boolean given() {
        return method != SpectrumMethod.AUTO || top != null || bottom != null;
    }

    /** @return the method as the user asked for it, for reports ("auto", "dense", …). */
    String requested() {
        return method.jsonName();
    }

    /**
     * @param n the dimension of the Hessian
     * @return the request, every option checked, errors naming the option
     */
    SpectrumRequest request(int n) {
        SpectrumMethod m = method;
        int t = count("--top", top, n);
        int b = count("--bottom", bottom, n);
        if ((long) t + b > n) {
            throw new InvalidInputException("--top + --bottom: " + (t + b) + " exceeds N = " + n);
        }
        if (m == SpectrumMethod.LANCZOS && t + b == 0) {
            throw new InvalidInputException("--method lanczos: needs --top K and/or --bottom K");
        }
        LanczosOptions lz = LanczosOptions.defaults().withTolerance(tolerance).withMaxProducts(maxProducts)
                .withReorthogonalization(reorthogonalization).withSeed(slq.probeSeed).withBlockSize(blockSize);
        return new SpectrumRequest(m, t, b, lz, slq.options());
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

    /** @return whether the request is answered without the dense Hessian of N parameters (the one policy decides). */
    static boolean matrixFree(SpectrumRequest r, int n, Backend backend) {
        return !SpectrumPolicy.decide(r, n, backend).dense();
    }
}
