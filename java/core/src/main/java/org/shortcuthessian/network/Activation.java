package org.shortcuthessian.network;

import org.shortcuthessian.linalg.passes.Nonlinearity;

import java.util.Locale;

/**
 * Elementwise activations of the model (docs/DESIGN.md): identity, relu, tanh, with their first and
 * second derivatives. relu'(0) = 0 and relu'' = 0 (the PyTorch and JAX convention).
 */
public enum Activation {
    IDENTITY(Nonlinearity.IDENTITY),
    RELU(Nonlinearity.RELU),
    TANH(Nonlinearity.TANH);

    private final Nonlinearity nonlinearity;

    Activation(Nonlinearity nonlinearity) {
        this.nonlinearity = nonlinearity;
    }

    /** @return the function as the kernels know it (where its mathematics lives). */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** @return σ(x). */
    public double apply(double x) {
        return nonlinearity.apply(x);
    }

    /** @return σ'(x). */
    public double d1(double x) {
        return nonlinearity.d1(x);
    }

    /** @return σ''(x). */
    public double d2(double x) {
        return nonlinearity.d2(x);
    }

    /** @return true if σ'' vanishes everywhere (identity, relu): no curvature of its own. */
    public boolean piecewiseLinear() {
        return nonlinearity.piecewiseLinear();
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
