package org.shortcuthessian.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.shortcuthessian.curvature.SpectrumResult;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.OutputDirectory;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.SymmetricMatrices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the built-in example. Generates a symmetric N×N matrix with a known spectrum
 * (saddle-like: mostly positive, some negative, spread over six decades), writes it as
 * hessian.npy, then runs the spectrum job on it and reports the error against the known spectrum.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Built-in example: generate a symmetric matrix with a known spectrum (DIR/hessian.npy),"
                + " compute its spectrum as the spectrum command does (DIR/eigenvalues.npy, DIR/stats.json),"
                + " and write DIR/demo.json with the largest error against the known eigenvalues."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed).")
    Path out;

    @Option(names = "--size", paramLabel = "N", defaultValue = "1600", description = "Order of the matrix (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (size < 1) {
            throw new org.shortcuthessian.InvalidInputException("--size: " + size + " (must be at least 1)");
        }
        Backend backend = common.apply();
        double[] known = knownSpectrum(size);
        try (OutputDirectory dir = OutputDirectory.open(out); DenseMatrix h = backend.allocate(size, size)) {
            SymmetricMatrices.withSpectrum(known, seed, 4, h);
            Npy.writeMatrix(dir.stage("hessian.npy"), h);
            ObjectNode extra = Json.object();
            extra.put("hessian", "hessian.npy (generated, seed " + seed + ")");
            SpectrumResult r = SpectrumCommand.write(dir, backend, h, "hessian.npy", EigenvalueMethod.AUTO, false,
                    1e-12, extra);
            double maxErr = 0;
            double scale = 0;
            for (int i = 0; i < size; i++) {
                maxErr = Math.max(maxErr, Math.abs(r.eigenvalues()[i] - known[i]));
                scale = Math.max(scale, Math.abs(known[i]));
            }
            ObjectNode demo = Json.object();
            demo.put("size", size);
            demo.put("seed", seed);
            demo.put("max_abs_error", maxErr);
            demo.put("relative_error", maxErr / scale);
            demo.set("stats", Json.stats(r.statistics()));
            Json.write(dir.stage("demo.json"), demo);
            dir.commit();
            spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                    "demo: N = %d, routine %s, cond = %.6g, cond_p10 = %.6g, negative_ratio = %.4f,"
                            + " max |λ - λ_known| / max|λ| = %.2e; outputs in %s%n",
                    size, r.routine(), r.statistics().cond(), r.statistics().condP10(),
                    r.statistics().negativeRatio(), maxErr / scale, out);
        }
        return ExitCodes.OK;
    }

    /** 90 % positive eigenvalues from 1e-3 to 1e3 (log-spaced), 10 % negative from −1e-2 to −1, ascending. */
    static double[] knownSpectrum(int n) {
        int neg = n / 10;
        double[] l = new double[n];
        for (int i = 0; i < neg; i++) {
            l[i] = -Math.pow(10, -2 * (double) i / Math.max(1, neg - 1));
        }
        int pos = n - neg;
        for (int i = 0; i < pos; i++) {
            l[neg + i] = Math.pow(10, -3 + 6 * (double) i / Math.max(1, pos - 1));
        }
        java.util.Arrays.sort(l);
        return l;
    }
}
