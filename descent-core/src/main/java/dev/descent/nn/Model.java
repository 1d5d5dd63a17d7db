package dev.descent.nn;

import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.autodiff.Var;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A differentiable model whose parameters live in one flat vector θ: a {@link ParamLayout} of named
 * blocks, an initialization from an explicit seed, and a forward pass recorded on a {@link Tape}
 * that maps a batch of inputs [m, inputs] to outputs [m, outputs] (logits for classifiers,
 * predictions for regression; the {@link Loss} turns them into a number).
 *
 * <pre>{@code
 * Model mlp = Mlp.of(Activation.RELU, 784, 128, 10);      // blocks W1 [784, 128], b1, W2, b2
 * double[] theta = mlp.init(42);                          // He for the relu layer, Xavier for the output
 * Tape tape = new Tape();
 * Var logits = mlp.forward(tape, theta, batch.features()); // [m, 10]
 * }</pre>
 *
 * Because θ is flat, any optimizer, schedule and parameter-group rule applies unchanged, and the
 * block names (see {@link #layout()}) are what {@code Partition} rules, state dicts and
 * checkpoints refer to.
 */
public interface Model {

    /** The blocks of θ, in order. */
    ParamLayout layout();

    /** Features per input row. */
    int inputs();

    /** Outputs per row. */
    int outputs();

    /** The weight matrices (not the biases): the blocks an L2 {@link Regularizer} penalizes. */
    List<Block> weights();

    /**
     * Draws every block of θ, in layout order, from {@code rng}.
     *
     * @param theta modified: every element written; length {@code layout().size()}
     * @param rng   modified: advanced by the draws
     */
    void init(double[] theta, RandomGenerator rng);

    /** {@code init(theta, new SplittableRandom(seed))}: the same seed gives the same θ, bit for bit. */
    default void init(double[] theta, long seed) {
        init(theta, new SplittableRandom(seed));
    }

    /** A fresh θ initialized from {@code seed}. */
    default double[] init(long seed) {
        double[] theta = new double[layout().size()];
        init(theta, seed);
        return theta;
    }

    /**
     * Records the forward pass on {@code params}' tape.
     *
     * @param params the blocks of θ as leaves of the tape
     * @param x      the inputs [m, inputs()], on the same tape
     * @param mode   {@link Mode#EVAL}, or training with a dropout seed
     * @return the outputs [m, outputs()]
     * @throws IllegalArgumentException if x does not have {@code inputs()} columns
     */
    Var forward(ParamVars params, Var x, Mode mode);

    /**
     * The evaluation-mode forward pass of {@code x} with parameters θ, on {@code tape}.
     *
     * @param theta not modified
     * @param x     not modified
     */
    default Var forward(Tape tape, double[] theta, Tensor x) {
        return forward(new ParamVars(tape, theta, layout()), tape.constant(x), Mode.EVAL);
    }

    /**
     * The outputs for {@code x} (evaluation mode), as a fresh tensor [m, outputs()].
     *
     * @param theta not modified
     * @param x     not modified
     */
    default Tensor predict(double[] theta, Tensor x) {
        return forward(new Tape(), theta, x).value();
    }
}
