package org.shortcuthessian.curvature;

import org.shortcuthessian.linalg.Backend;
import org.shortcuthessian.linalg.DenseMatrix;
import org.shortcuthessian.data.Dataset;
import org.shortcuthessian.network.NetworkSpec;

/**
 * The exact loss, gradient and Hessian of a linear network (all activations identity) from the data
 * moments Σxx = X·Xᵀ/m, Σyx = Y·Xᵀ/m and tr(Σyy): the cost does not depend on m.
 *
 * <p>The network is f(x) = P·x with P = S_{R−1}···S_0 and S_i = I + W_{i,n−1}···W_{i,0} (or without the
 * I for a plain network). L = ½·tr(P·Σxx·Pᵀ) − tr(Σyx·Pᵀ) + ½·tr(Σyy), and with E = P·Σxx − Σyx:
 * <ul>
 *   <li>the perturbation of layer l enters as dP = A_l·dW·B_l, with A_l = ∂f/∂z_l and a_l = B_l·x;</li>
 *   <li>the Gauss–Newton block is a Kronecker product: H[(l,r,c),(l',r',c')] ∋ (B_l·Σxx·B_l'ᵀ)[c,c']·(A_lᵀ·A_l')[r,r'];</li>
 *   <li>for l &lt; l' the second-order part is a permuted Kronecker product:
 *       H[(l,r,c),(l',r',c')] ∋ (A_l'ᵀ·E·B_lᵀ)[r',c]·Y_{l→l'}[c',r], with Y_{l→l'} = ∂a_l'/∂z_l.</li>
 * </ul>
 */
public final class MomentsHessian {
    private MomentsHessian() {
    }

    /** Prefix/suffix products of one linear network at θ. */
    static final class Factors {
        final int d;
        final int layers;
        final double[][] a; // A_l = ∂f/∂z_l
        final double[][] b; // B_l: a_l = B_l·x
        final double[] p;   // P: f = P·x
        final NetworkSpec spec;
        final double[] theta;

        Factors(NetworkSpec spec, double[] theta) {
            if (!spec.isLinear()) {
                throw new IllegalArgumentException("the moments path needs a linear network (all activations identity)");
            }
            this.spec = spec;
            this.theta = theta;
            this.d = spec.dim();
            this.layers = spec.layers();
            int n = spec.depth();
            a = new double[layers][];
            b = new double[layers][];
            double[] state = SmallMatrices.identity(d); // h_i as a function of x
            for (int i = 0; i < spec.units(); i++) {
                double[] t = state;
                for (int k = 0; k < n; k++) {
                    int l = i * n + k;
                    b[l] = t;
                    t = SmallMatrices.mul(SmallMatrices.layer(theta, l, d), t, d);
                }
                state = spec.shortcut() ? SmallMatrices.add(state, t) : t;
            }
            p = state;
            double[] back = SmallMatrices.identity(d); // ∂f/∂h_{i+1}
            for (int i = spec.units() - 1; i >= 0; i--) {
                double[] t = back; // ∂f/∂o_i = ∂f/∂z_{i,n-1}
                for (int k = n - 1; k >= 0; k--) {
                    int l = i * n + k;
                    a[l] = t;
                    t = SmallMatrices.mul(t, SmallMatrices.layer(theta, l, d), d);
                }
                back = spec.shortcut() ? SmallMatrices.add(back, t) : t;
            }
        }

        /** Y_{l→l'} = ∂a_l'/∂z_l for every l' &gt; l (entries for l' ≤ l are null). */
        double[][] between(int l) {
            int n = spec.depth();
            double[][] y = new double[layers][];
            int i0 = l / n;
            double[] z = SmallMatrices.identity(d); // ∂z_current/∂z_l
            double[] h = null;               // ∂h_i/∂z_l for the current unit i (null = 0)
            for (int i = i0; i < spec.units(); i++) {
                int kStart = i == i0 ? l % n + 1 : 0;
                if (i > i0) {
                    y[i * n] = h;
                    z = SmallMatrices.mul(SmallMatrices.layer(theta, i * n, d), h, d);
                    kStart = 1;
                }
                for (int k = kStart; k < n; k++) {
                    int lp = i * n + k;
                    y[lp] = z;
                    z = SmallMatrices.mul(SmallMatrices.layer(theta, lp, d), z, d);
                }
                h = spec.shortcut() && h != null ? SmallMatrices.add(h, z) : z;
            }
            return y;
        }
    }

    /** @return L = ½·tr(P·Σxx·Pᵀ) − tr(Σyx·Pᵀ) + ½·tr(Σyy). */
    public static double loss(NetworkSpec spec, Dataset data, double[] theta) {
        Factors f = new Factors(spec, theta);
        return loss(f, SmallMatrices.mul(f.p, data.sigmaXX(), f.d), data);
    }

    /** L from the factors and P·Σxx. */
    private static double loss(Factors f, double[] pSigma, Dataset data) {
        double[] syx = data.sigmaYX();
        double quad = 0;
        double cross = 0;
        for (int q = 0; q < f.d * f.d; q++) {
            quad += pSigma[q] * f.p[q];
            cross += syx[q] * f.p[q];
        }
        return 0.5 * quad - cross + 0.5 * data.sigmaYYTrace();
    }

    /** @return ∇L: block l is A_lᵀ·E·B_lᵀ with E = P·Σxx − Σyx. */
    public static double[] gradient(NetworkSpec spec, Dataset data, double[] theta) {
        return lossAndGradient(spec, data, theta).gradient();
    }

    /** @return L and ∇L from one set of prefix/suffix products (as {@link #loss} and {@link #gradient}). */
    public static Curvature.LossGradient lossAndGradient(NetworkSpec spec, Dataset data, double[] theta) {
        int d = spec.dim();
        Factors f = new Factors(spec, theta);
        double[] pSigma = SmallMatrices.mul(f.p, data.sigmaXX(), d);
        double loss = loss(f, pSigma, data);
        double[] e = pSigma; // E = P·Σxx − Σyx, in place
        double[] syx = data.sigmaYX();
        for (int q = 0; q < e.length; q++) {
            e[q] -= syx[q];
        }
        double[] g = new double[spec.parameterCount()];
        for (int l = 0; l < f.layers; l++) {
            double[] gl = SmallMatrices.mulNT(SmallMatrices.mulTN(f.a[l], e, d), f.b[l], d);
            System.arraycopy(gl, 0, g, l * d * d, d * d);
        }
        return new Curvature.LossGradient(loss, g);
    }

    private static double[] residualMoment(Factors f, Dataset data) {
        double[] e = SmallMatrices.mul(f.p, data.sigmaXX(), f.d);
        double[] syx = data.sigmaYX();
        for (int q = 0; q < e.length; q++) {
            e[q] -= syx[q];
        }
        return e;
    }

    /**
     * Fills h (N×N) with the exact Hessian, one {@link Backend#kronBlock} call per block pair. h is overwritten.
     */
    static void fill(Backend backend, NetworkSpec spec, Dataset data, double[] theta, DenseMatrix h) {
        int d = spec.dim();
        int dd = d * d;
        int n = spec.parameterCount();
        Factors f = new Factors(spec, theta);
        double[] sigma = data.sigmaXX();
        double[] e = residualMoment(f, data);
        int layers = f.layers;
        double[][] bSigma = new double[layers][];
        double[][] eB = new double[layers][];
        for (int l = 0; l < layers; l++) {
            bSigma[l] = SmallMatrices.mul(f.b[l], sigma, d);
            eB[l] = SmallMatrices.mulNT(e, f.b[l], d);
        }
        for (int l = 0; l < layers; l++) {
            double[][] y = f.between(l);
            for (int lp = l; lp < layers; lp++) {
                double[] c = SmallMatrices.mulNT(bSigma[l], f.b[lp], d);   // B_l Σ B_l'ᵀ   [c, c']
                double[] r = SmallMatrices.mulTN(f.a[l], f.a[lp], d);      // A_lᵀ A_l'     [r, r']
                double[] fm = lp > l ? SmallMatrices.mulTN(f.a[lp], eB[l], d) : null; // A_l'ᵀ E B_lᵀ [r', c]
                double[] ym = lp > l ? y[lp] : null;                // Y_{l→l'}       [c', r]
                backend.kronBlock(h, d, l, lp, c, r, fm, ym);
            }
        }
    }
}
