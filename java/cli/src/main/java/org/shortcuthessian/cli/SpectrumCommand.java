package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.shortcuthessian.InvalidInputException;
import org.shortcuthessian.curvature.HessianValidation;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumRequest;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spectrum}: eigenvalues (and optionally eigenvectors) and statistics of a Hessian in an .npy file. */
@Command(name = "spectrum", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
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
        if (!(symmetryTolerance >= 0) || Double.isInfinite(symmetryTolerance)) {
            throw new InvalidInputException("--symmetry-tolerance: " + symmetryTolerance
                    + " (must be a finite number ≥ 0: the largest accepted max|H[i,j] - H[j,i]| / max|H|)");
        }
        if (vectors && !methods.plainDense()) {
            throw new InvalidInputException("--vectors: only with the full dense spectrum"
                    + " (no --top/--bottom, --method dense or auto)");
        }
        // the matrix is read and checked before the output directory is created
        try (DenseMatrix h = Npy.readMatrix(hessian, backend::allocate)) {
            SpectrumRequest request = methods.request(h.rows()).withEigensolver(output.method).withVectors(vectors);
            HessianValidation.requireHessian(backend, h, hessian.getFileName().toString(), symmetryTolerance);
            ObjectNode extra = Json.object();
            extra.put("hessian", hessian.toString());
            try (OutputDirectory dir = output.open()) {
                SpectrumReport r = SpectrumSolver.compute(backend, h, request);
                SpectrumOutput.write(dir, r, methods.requested(), backend, extra);
                dir.commit();
            }
        }
        return ExitCodes.OK;
    }
}
