package dev.descent.nn;

import dev.descent.autodiff.Var;

/**
 * The elementwise nonlinearity of a {@link Dense} layer, applied after the affine map.
 *
 * <pre>
 *   RELU       max(z, 0)               relu'(0) = 0 (the tape's subgradient)
 *   TANH       tanh z
 *   SIGMOID    1 / (1 + e^(−z))
 *   IDENTITY   z                       (output layers: the loss takes logits or predictions)
 * </pre>
 *
 * Each activation names the initialization suited to it ({@link #defaultInit()}): He for ReLU,
 * which halves the variance it passes on, Xavier/Glorot for the symmetric or linear ones.
 */
public enum Activation {
    RELU,
    TANH,
    SIGMOID,
    IDENTITY;

    /** The activation applied to {@code z}, recorded on z's tape (IDENTITY returns z itself). */
    public Var apply(Var z) {
        return switch (this) {
            case RELU -> z.relu();
            case TANH -> z.tanh();
            case SIGMOID -> z.sigmoid();
            case IDENTITY -> z;
        };
    }

    /** The activation of a plain number, for references and tests. */
    public double apply(double z) {
        return switch (this) {
            case RELU -> Math.max(z, 0);
            case TANH -> Math.tanh(z);
            case SIGMOID -> 1 / (1 + Math.exp(-z));
            case IDENTITY -> z;
        };
    }

    /** {@link Init#HE_NORMAL} for RELU, {@link Init#XAVIER_UNIFORM} for the others. */
    public Init defaultInit() {
        return switch (this) {
            case RELU -> Init.HE_NORMAL;
            case TANH, SIGMOID, IDENTITY -> Init.XAVIER_UNIFORM;
        };
    }
}
