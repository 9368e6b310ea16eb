package org.shortcuthessian.linalg.passes;

/**
 * The elementwise functions the kernels apply at an activation site, with their first and second
 * derivatives: identity, relu (relu'(0) = 0, relu'' = 0: the PyTorch and JAX convention) and tanh.
 * The codes are those of the C kernels ({@code SH_ACT_*} in {@code native/include/shpasses.h}).
 */
public enum Nonlinearity {
    IDENTITY(0, SiteKind.IDENTITY) {
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
    RELU(1, SiteKind.PIECEWISE_LINEAR) {
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
    TANH(2, SiteKind.CURVED) {
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

    private final int code;
    private final SiteKind siteKind;

    Nonlinearity(int code, SiteKind siteKind) {
        this.code = code;
        this.siteKind = siteKind;
    }

    /** @return σ(x). */
    public abstract double apply(double x);

    /** @return σ'(x). */
    public abstract double d1(double x);

    /** @return σ''(x). */
    public abstract double d2(double x);

    /** @return the C kernels' code: 0 identity, 1 relu, 2 tanh. */
    public int code() {
        return code;
    }

    /** @return what the Hessian kernels need to know of it. */
    public SiteKind siteKind() {
        return siteKind;
    }

    /** @return true if σ'' vanishes everywhere (identity, relu). */
    public boolean piecewiseLinear() {
        return siteKind != SiteKind.CURVED;
    }
}
