package example;

import java.util.Random;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.curvature.SpectrumStatistics;
import org.shortcuthessian.curvature.spectrum.SpectrumReport;
import org.shortcuthessian.curvature.spectrum.SpectrumRequest;
import org.shortcuthessian.curvature.spectrum.SpectrumSolver;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/**
 * What an embedder writes: a 2-shortcut relu network on its own data, the exact Hessian and its spectrum,
 * with nothing but the core artifact on the class path.
 */
public final class EmbedExample {
    private EmbedExample() {
    }

    /** The run's results. */
    public record Result(int parameters, double loss, double symmetryError, SpectrumStatistics statistics,
                         String backend) {
    }

    public static Result run(long seed) {
        int d = 4;
        int m = 500;
        Random rnd = new Random(seed);
        double[] x = new double[d * m];
        double[] y = new double[d * m];
        for (int j = 0; j < m; j++) {
            for (int c = 0; c < d; c++) {
                x[j * d + c] = rnd.nextGaussian();
            }
            y[j * d + rnd.nextInt(d)] = 1.0; // one-hot targets
        }
        Backend backend = Backends.get(); // native if it loads, else pure Java; chosen once and logged
        NetworkSpec spec = new NetworkSpec(d, 3, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        Curvature curvature = new Curvature(spec, new Dataset(d, x, y), backend);
        double[] theta = Initialization.XAVIER.sample(spec, seed);
        double asymmetry;
        try (DenseMatrix h = curvature.hessian(theta)) {
            asymmetry = backend.symmetry(h).maxAsymmetry();
        }
        SpectrumReport report = SpectrumSolver.compute(curvature, theta, SpectrumRequest.auto());
        return new Result(curvature.parameters(), curvature.loss(theta), asymmetry, report.statistics(),
                backend.description());
    }

    public static void main(String[] args) {
        Result r = run(args.length > 0 ? Long.parseLong(args[0]) : 1);
        System.out.printf("N = %d, loss %.6f, backend %s%n", r.parameters(), r.loss(), r.backend());
        System.out.printf("lambda_max_abs %.6g, cond_p10 %.6g, negative_ratio %.4f%n", r.statistics().lambdaMaxAbs(),
                r.statistics().condP10(), r.statistics().negativeRatio());
    }
}
