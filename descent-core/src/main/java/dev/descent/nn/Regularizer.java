package dev.descent.nn;

import dev.descent.linalg.Block;
import java.util.List;

/**
 * A penalty on the parameters added to the data loss: J(θ) = L(θ) + R(θ).
 *
 * <pre>
 *   NONE     R = 0
 *   L2(λ)    R = (λ/2) Σ_{W ∈ weights} ‖W‖²_F        ∂R/∂W = λW,  ∂R/∂b = 0
 * </pre>
 *
 * <h2>Conventions</h2>
 * The L2 penalty applies to the model's weight matrices only ({@link Model#weights()}), not to the
 * biases: shrinking a bias toward 0 does not reduce the model's capacity, it only shifts its
 * outputs (Goodfellow §7.1). With the ½, its gradient λW is exactly torch's coupled
 * {@code weight_decay=λ} restricted to the weights. Unlike an optimizer's weight decay, it is part
 * of the objective: it is in the reported loss, in finite-difference checks and in the closed form
 * of ridge regression. For decoupled decay (AdamW) use the optimizer instead.
 *
 * <p>It is computed directly on the flat vectors (one fused pass per weight block, no tape nodes,
 * no allocation).
 */
public sealed interface Regularizer permits Regularizer.None, Regularizer.L2 {

    /** No penalty. */
    Regularizer NONE = new None();

    /** (λ/2) Σ ‖W‖² over the weight matrices. */
    static Regularizer l2(double lambda) {
        return new L2(lambda);
    }

    /**
     * Adds the penalty's gradient to {@code grad} and returns the penalty.
     *
     * @param theta   not modified
     * @param weights the blocks penalized
     * @param grad    modified: ∂R/∂θ added to the weights' slices; may be null to skip the gradient
     * @return R(θ)
     */
    double addTo(double[] theta, List<Block> weights, double[] grad);

    /** No penalty. */
    record None() implements Regularizer {
        @Override
        public double addTo(double[] theta, List<Block> weights, double[] grad) {
            return 0;
        }
    }

    /** @param lambda λ ≥ 0, finite */
    record L2(double lambda) implements Regularizer {

        public L2 {
            if (!(lambda >= 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("lambda = " + lambda + " must be finite and >= 0");
            }
        }

        @Override
        public double addTo(double[] theta, List<Block> weights, double[] grad) {
            double sum = 0;
            for (Block w : weights) {
                int end = w.end();
                for (int i = w.offset(); i < end; i++) {
                    sum += theta[i] * theta[i];
                }
                if (grad != null) {
                    for (int i = w.offset(); i < end; i++) {
                        grad[i] += lambda * theta[i];
                    }
                }
            }
            return 0.5 * lambda * sum;
        }
    }
}
