package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.Spectra;
import org.shortcuthessian.curvature.SpectrumResult;
import org.shortcuthessian.curvature.matrixfree.SpectrumReport;
import org.shortcuthessian.curvature.matrixfree.SpectrumRequest;
import org.shortcuthessian.curvature.matrixfree.SpectrumSolver;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spectrum}: eigenvalues (and optionally eigenvectors) and statistics of a Hessian in an .npy file. */
@Command(name = "spectrum", mixinStandardHelpOptions = true,
        description = {"Full spectrum of a symmetric matrix (a Hessian) stored as .npy (float64 or float32, N×N).",
                "Writes DIR/eigenvalues.npy (ascending), DIR/stats.json (lambda_max_abs, lambda_min_abs, p10_abs,"
                        + " cond, cond_p10, negative_ratio) and with --vectors DIR/eigenvectors.npy (columns).",
                "With --top K / --bottom K only those eigenvalues (ascending); --method lanczos|slq works from"
                        + " matrix-vector products (slq: estimated statistics with their spread).",
                "Outputs appear all at once, or not at all if the run fails."})
final class SpectrumCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--hessian", required = true, paramLabel = "H.npy", description = "The symmetric N×N matrix.")
    Path hessian;

    @Mixin
    OutputOptions output;

    @Option(names = "--vectors", description = "Also compute eigenvectors (dsyevd) and write eigenvectors.npy.")
    boolean vectors;

    @Mixin
    SpectrumMethodOptions methods;


    @Option(names = "--symmetry-tolerance", paramLabel = "REL", defaultValue = "1e-8",
            description = "Largest accepted max|H[i,j] - H[j,i]| relative to max|H| (default: ${DEFAULT-VALUE}).")
    double symmetryTolerance;

    @Override
    public Integer call() {
        Backend backend = common.apply();
        try (OutputDirectory dir = OutputDirectory.open(output.out);
             DenseMatrix h = Npy.readMatrix(hessian, backend::allocate)) {
            ObjectNode extra = Json.object();
            extra.put("hessian", hessian.toString());
            if (methods.plainDense()) {
                write(dir, backend, h, hessian.getFileName().toString(), output.method, vectors, symmetryTolerance, extra);
            } else {
                if (vectors) {
                    throw new InvalidInputException("--vectors: only with the full dense spectrum"
                            + " (no --top/--bottom, --method dense or auto)");
                }
                SpectrumRequest request = methods.request(h.rows());
                HessianValidation.requireHessian(h, hessian.getFileName().toString(), symmetryTolerance);
                SpectrumReport r = SpectrumSolver.compute(backend, h, request);
                SpectrumOutput.write(dir, r, methods.method, backend, extra);
            }
            dir.commit();
        }
        return ExitCodes.OK;
    }

    /**
     * Validates h, computes its spectrum in place, and stages eigenvalues.npy, stats.json and
     * (with vectors) eigenvectors.npy in dir. h is overwritten.
     */
    static SpectrumResult write(OutputDirectory dir, Backend backend, DenseMatrix h, String label,
                                EigenvalueMethod method, boolean vectors, double symmetryTolerance, ObjectNode extra) {
        HessianValidation.requireHessian(h, label, symmetryTolerance);
        long t0 = System.nanoTime();
        SpectrumResult r = Spectra.dense(backend, h, method, vectors);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        Npy.writeVector(dir.stage("eigenvalues.npy"), r.eigenvalues());
        if (vectors) {
            Npy.writeMatrix(dir.stage("eigenvectors.npy"), r.vectors());
        }
        ObjectNode stats = Json.stats(r.statistics());
        stats.put("method", "dense");
        stats.put("routine", r.routine());
        stats.put("backend", backend.kind().name().toLowerCase(java.util.Locale.ROOT));
        stats.put("threads", backend.threads());
        stats.put("seconds", seconds);
        stats.setAll(extra);
        Json.write(dir.stage("stats.json"), stats);
        return r;
    }
}
