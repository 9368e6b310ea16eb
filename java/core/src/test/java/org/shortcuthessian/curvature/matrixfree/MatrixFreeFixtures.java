package org.shortcuthessian.curvature.matrixfree;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.shortcuthessian.curvature.Curvature;
import org.shortcuthessian.data.SyntheticData;
import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.BackendKind;
import org.shortcuthessian.linalg.Backends;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.linalg.EigenvalueMethod;
import org.shortcuthessian.linalg.HeapMatrix;
import org.shortcuthessian.linalg.SymmetricMatrices;
import org.shortcuthessian.network.Activation;
import org.shortcuthessian.network.Initialization;
import org.shortcuthessian.network.NetworkSpec;

/** Matrices with known spectra and network Hessians for the matrix-free tests. */
public final class MatrixFreeFixtures {
    public static final Backend NATIVE = Backends.of(BackendKind.NATIVE);

    private MatrixFreeFixtures() {
    }

    /** A spectrum with distinct eigenvalues: a bulk, a negative cluster and outliers at both ends. */
    public static double[] spectrum(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] lam = new double[n];
        for (int i = 0; i < n; i++) {
            lam[i] = SymmetricMatrices.gaussian(r) + (i % 7 == 0 ? -2 : 0) + (i % 5 == 0 ? 3 : 0);
        }
        for (int i = 0; i < 12; i++) {
            lam[i] = 6 + 0.8 * i + r.nextDouble() * 0.1;
            lam[n - 1 - i] = -5 - 0.5 * i - r.nextDouble() * 0.1;
        }
        return lam;
    }

    public static HeapMatrix matrix(double[] lam, long seed) {
        HeapMatrix h = new HeapMatrix(lam.length, lam.length);
        SymmetricMatrices.withSpectrum(lam, seed, 4, h);
        return h;
    }

    /** A 2-shortcut relu network Hessian (d = 10, R units, m samples) with its exact eigenvalues. */
    public record Network(Curvature curvature, double[] theta, double[] eigenvalues) {
    }

    public static Network relu(int units, int samples) {
        NetworkSpec spec = new NetworkSpec(10, units, 2, true, Activation.IDENTITY, Activation.RELU, Activation.IDENTITY);
        Curvature c = new Curvature(spec, SyntheticData.whitenedOneHot(10, samples, 3, NATIVE), NATIVE);
        double[] theta = Initialization.XAVIER.sample(spec, 5);
        double[] eig;
        try (DenseMatrix h = c.hessian(theta)) {
            eig = NATIVE.eigenvalues(h, EigenvalueMethod.AUTO);
        }
        return new Network(c, theta, eig);
    }

    public static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }
}
