package dev.descent.nn;

import dev.descent.autodiff.Var;
import java.util.random.RandomGenerator;

/**
 * A fully connected layer: an affine map, an activation, and optionally inverted dropout on the
 * result during training.
 *
 * <pre>
 *   h = act(x·W + b)                    x [m, in], W [in, out], b [out]  →  h [m, out]
 *   training with p > 0:  h ← h ⊙ μ,    μᵢ = 1/(1 − p) with probability 1 − p, else 0
 * </pre>
 *
 * W is stored [in, out] so that a row of x times W is a row of h; this is the transpose of torch's
 * {@code nn.Linear.weight} [out, in]. The layer's parameters are not fields: they are blocks of the
 * flat θ that the enclosing {@link Sequential} names (W1, b1, W2, …) and hands in.
 *
 * @param inputs     in ≥ 1, the fan-in
 * @param outputs    out ≥ 1, the fan-out
 * @param activation the nonlinearity
 * @param init       how W and b are drawn
 * @param dropout    p in [0, 1), the probability of dropping an output in training (0: none)
 */
public record Dense(int inputs, int outputs, Activation activation, Init init, double dropout) {

    public Dense {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs = " + inputs + " must be >= 1");
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs = " + outputs + " must be >= 1");
        }
        if ((long) inputs * outputs > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + inputs + " × " + outputs + " weight matrix has more than 2^31-1 elements");
        }
        if (activation == null || init == null) {
            throw new IllegalArgumentException("activation and init must not be null");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout = " + dropout + " is outside [0, 1)");
        }
    }

    /** No dropout, and the activation's {@link Activation#defaultInit() default initialization}. */
    public Dense(int inputs, int outputs, Activation activation) {
        this(inputs, outputs, activation, activation.defaultInit(), 0);
    }

    /** The same layer with another initialization. */
    public Dense withInit(Init newInit) {
        return new Dense(inputs, outputs, activation, newInit, dropout);
    }

    /** The same layer with dropout rate p. */
    public Dense withDropout(double rate) {
        return new Dense(inputs, outputs, activation, init, rate);
    }

    /** Number of parameters: in·out + out. */
    public int parameterCount() {
        return inputs * outputs + outputs;
    }

    /**
     * Records the layer on x's tape.
     *
     * @param dropoutRng null in evaluation; in training the generator the mask is drawn from
     *                   (modified: advanced by m·out draws when p > 0)
     */
    public Var apply(Var x, Var w, Var b, RandomGenerator dropoutRng) {
        Var h = activation.apply(x.matmul(w).addBias(b));
        return dropoutRng != null && dropout > 0 ? h.dropout(dropout, dropoutRng) : h;
    }

    /** For example {@code Dense[2 → 16, TANH, XAVIER_UNIFORM]} or {@code …, dropout 0.2]}. */
    @Override
    public String toString() {
        return "Dense[" + inputs + " → " + outputs + ", " + activation + ", " + init
                + (dropout > 0 ? ", dropout " + dropout : "") + "]";
    }
}
