package org.shortcuthessian.network;

import org.shortcuthessian.linalg.SiteKind;

import java.util.Locale;

/**
 * Elementwise activations of the model (docs/DESIGN.md): identity, relu, tanh, with their first and
 * second derivatives. relu'(0) = 0 and relu'' = 0 (the PyTorch and JAX convention).
 */
public enum Activation {
    IDENTITY {
        @Override
        public double apply(double x) {
            return x;
        }

        @Override
        public double d1(double x) {
            return 1.0;
        }

        @Override
        public double d2(double x) {
            return 0.0;
        }
    },
    RELU {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        public double d1(double x) {
            return x > 0 ? 1.0 : 0.0;
        }

        @Override
        public double d2(double x) {
            return 0.0;
        }
    },
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double d1(double x) {
            double t = Math.tanh(x);
            return 1.0 - t * t;
        }

        @Override
        public double d2(double x) {
            double t = Math.tanh(x);
            return -2.0 * t * (1.0 - t * t);
        }
    };

    /** @return σ(x). */
    public abstract double apply(double x);

    /** @return σ'(x). */
    public abstract double d1(double x);

    /** @return σ''(x). */
    public abstract double d2(double x);

    /** @return true if σ'' vanishes everywhere (identity, relu): no curvature of its own. */
    public boolean piecewiseLinear() {
        return this != TANH;
    }

    /** @return what the Hessian kernels need to know of this activation at a site. */
    public SiteKind siteKind() {
        return this == IDENTITY ? SiteKind.IDENTITY : piecewiseLinear() ? SiteKind.PIECEWISE_LINEAR : SiteKind.CURVED;
    }

    /** @return the JSON name: "identity", "relu" or "tanh". */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the activation named s (identity, relu, tanh; case-insensitive)
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static Activation parse(String s) {
        for (Activation a : values()) {
            if (a.jsonName().equalsIgnoreCase(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + s + "' (expected identity, relu or tanh)");
    }
}
