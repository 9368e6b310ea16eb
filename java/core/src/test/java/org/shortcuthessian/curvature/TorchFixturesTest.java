package org.shortcuthessian.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shortcuthessian.io.Json;
import org.shortcuthessian.io.Npy;
import org.shortcuthessian.io.NpyArray;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;
import org.shortcuthessian.network.WeightsFile;

/**
 * Loss, gradient and dense Hessian against PyTorch's ({@code torch.autograd.functional.hessian} in
 * float64), read through the project's own file readers: every folder of {@code fixtures/torch}
 * holds model.json, weights.npy, inputs.npy, targets.npy and torch's hessian.npy, gradient.npy and
 * result.json, written by {@code bench/pytorch/hessian_reference.py} (see the README.md there).
 * Agreement is required to 1e-10 relative: to |L| for the loss, max|g| for the gradient, max|H| for
 * the Hessian; for both backends and every Hessian path that applies.
 */
class TorchFixturesTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/torch");
    private static final double TOLERANCE = 1e-10;
    /** The cases of the README: (a)–(e). */
    private static final int EXPECTED_FIXTURES = 5;

    static List<Path> fixtureDirs() {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            return s.filter(Files::isDirectory).filter(p -> Files.exists(p.resolve("hessian.npy"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> fixturesAndBackends() {
        List<Arguments> out = new ArrayList<>();
        for (Path dir : fixtureDirs()) {
            for (BackendKind kind : List.of(BackendKind.NATIVE, BackendKind.JAVA)) {
                out.add(Arguments.of(dir.getFileName().toString(), kind));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> fixturesBackendsAndPaths() {
        List<Arguments> out = new ArrayList<>();
        for (Path dir : fixtureDirs()) {
            boolean linear = NetworkSpec.read(dir.resolve("model.json")).isLinear();
            for (BackendKind kind : List.of(BackendKind.NATIVE, BackendKind.JAVA)) {
                for (Curvature.HessianPath path : Curvature.HessianPath.values()) {
                    if (path != Curvature.HessianPath.MOMENTS || linear) {
                        out.add(Arguments.of(dir.getFileName().toString(), kind, path));
                    }
                }
            }
        }
        return out.stream();
    }

    /** A fixture read with the project's API. */
    private record Case(NetworkSpec spec, double[] theta, Dataset data, double loss, NpyArray gradient,
                        NpyArray hessian) {
        static Case read(String name) {
            Path dir = FIXTURES.resolve(name);
            NetworkSpec spec = NetworkSpec.read(dir.resolve("model.json"));
            double[] theta = WeightsFile.read(dir.resolve("weights.npy"), spec);
            Dataset data = Dataset.read(dir.resolve("inputs.npy"), dir.resolve("targets.npy"), spec.dim());
            JsonNode result = Json.read(dir.resolve("result.json"));
            assertEquals(spec.parameterCount(), result.get("parameters").intValue(), name + ": result.json parameters");
            return new Case(spec, theta, data, result.get("loss").doubleValue(), Npy.readArray(dir.resolve("gradient.npy")),
                    Npy.readArray(dir.resolve("hessian.npy")));
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void allFixturesArePresent() {
        List<Path> dirs = fixtureDirs();
        assertEquals(EXPECTED_FIXTURES, dirs.size(), "fixture folders in " + FIXTURES + ": " + dirs);
        for (Path dir : dirs) {
            for (String f : List.of("model.json", "weights.npy", "inputs.npy", "targets.npy", "hessian.npy",
                    "gradient.npy", "result.json")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), dir + ": missing " + f);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixturesAndBackends")
    void lossAndGradientMatchTorch(String name, BackendKind kind) {
        Case c = Case.read(name);
        Curvature curv = new Curvature(c.spec(), c.data(), Backends.of(kind));
        double loss = curv.loss(c.theta());
        assertEquals(c.loss(), loss, TOLERANCE * Math.abs(c.loss()), name + ": loss");

        int n = c.spec().parameterCount();
        assertArrayEquals(new long[] {n}, c.gradient().shape(), name + ": gradient.npy shape");
        double[] torch = c.gradient().data();
        double[] g = curv.gradient(c.theta());
        double scale = maxAbs(torch);
        assertTrue(scale > 0, name + ": torch's gradient is zero; the fixture tests nothing");
        int worst = 0;
        double diff = 0;
        for (int q = 0; q < n; q++) {
            double e = Math.abs(g[q] - torch[q]);
            if (e > diff) {
                diff = e;
                worst = q;
            }
        }
        if (diff > TOLERANCE * scale) {
            fail(String.format(Locale.ROOT, "%s (%s): gradient differs from torch's by %.3e relative to max|g| = %.6e,"
                    + " worst at θ[%d]: %.17g vs torch %.17g", name, kind, diff / scale, scale, worst, g[worst], torch[worst]));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("fixturesBackendsAndPaths")
    void hessianMatchesTorch(String name, BackendKind kind, Curvature.HessianPath path) {
        Case c = Case.read(name);
        int n = c.spec().parameterCount();
        assertArrayEquals(new long[] {n, n}, c.hessian().shape(), name + ": hessian.npy shape");
        double[] torch = c.hessian().data(); // C order: element (row, col) at row·N + col
        double scale = maxAbs(torch);
        assertTrue(scale > 0, name + ": torch's Hessian is zero; the fixture tests nothing");
        Curvature curv = new Curvature(c.spec(), c.data(), Backends.of(kind));
        try (DenseMatrix h = curv.hessian(c.theta(), path)) {
            assertEquals(n, h.rows());
            assertEquals(n, h.cols());
            double diff = 0;
            int wr = 0;
            int wc = 0;
            for (int row = 0; row < n; row++) {
                for (int col = 0; col < n; col++) {
                    double e = Math.abs(h.get(row, col) - torch[row * n + col]);
                    if (e > diff) {
                        diff = e;
                        wr = row;
                        wc = col;
                    }
                }
            }
            if (diff > TOLERANCE * scale) {
                fail(String.format(Locale.ROOT, "%s (%s, %s): Hessian differs from torch's by %.3e relative to max|H| = %.6e,"
                                + " worst at (%d, %d): %.17g vs torch %.17g", name, kind, path, diff / scale, scale, wr, wc,
                        h.get(wr, wc), torch[wr * n + wc]));
            }
        }
    }
}
