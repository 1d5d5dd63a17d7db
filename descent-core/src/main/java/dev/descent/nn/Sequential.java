package dev.descent.nn;

import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Var;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A stack of {@link Dense} layers, each feeding the next: the multilayer perceptron, and (with one
 * layer) linear, logistic and softmax regression.
 *
 * <pre>
 *   h₀ = x;   hₖ = actₖ(hₖ₋₁·Wₖ + bₖ) [⊙ dropout maskₖ in training];   output = h_L
 *   θ = [W1 (in₁ × out₁), b1 (out₁), W2, b2, …]        row-major, contiguous, in this order
 * </pre>
 *
 * Layer k (from 1) owns the blocks {@code "Wk"} and {@code "bk"}. Initialization draws W1, b1, W2,
 * b2, … in that order from one generator, each with its layer's {@link Init}. In training mode the
 * dropout masks are drawn, in layer order, from {@code new SplittableRandom(seed)} of the
 * {@link Mode.Train}.
 */
public final class Sequential implements Model {

    private final List<Dense> layers;
    private final ParamLayout layout;
    private final List<Block> weights;

    /**
     * @param layers at least one; each takes as many inputs as the previous one gives
     */
    public Sequential(List<Dense> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a Sequential model needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        ParamLayout.Builder b = ParamLayout.builder();
        for (int k = 0; k < this.layers.size(); k++) {
            Dense d = this.layers.get(k);
            if (k > 0 && d.inputs() != this.layers.get(k - 1).outputs()) {
                throw new IllegalArgumentException("layer " + (k + 1) + " (" + d + ") takes " + d.inputs()
                        + " inputs but layer " + k + " (" + this.layers.get(k - 1) + ") gives "
                        + this.layers.get(k - 1).outputs());
            }
            b.add("W" + (k + 1), d.inputs(), d.outputs()).add("b" + (k + 1), d.outputs());
        }
        this.layout = b.build();
        List<Block> w = new ArrayList<>();
        for (int k = 0; k < this.layers.size(); k++) {
            w.add(layout.blocks().get(2 * k));
        }
        this.weights = List.copyOf(w);
    }

    /** The layers, in order. */
    public static Sequential of(Dense... layers) {
        return new Sequential(Arrays.asList(layers));
    }

    /** The layers, in order (unmodifiable). */
    public List<Dense> layers() {
        return layers;
    }

    @Override
    public ParamLayout layout() {
        return layout;
    }

    @Override
    public int inputs() {
        return layers.get(0).inputs();
    }

    @Override
    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    @Override
    public List<Block> weights() {
        return weights;
    }

    /** The same model with dropout rate p after every hidden layer (not the output layer). */
    public Sequential withDropout(double rate) {
        List<Dense> out = new ArrayList<>(layers.size());
        for (int k = 0; k < layers.size(); k++) {
            out.add(k < layers.size() - 1 ? layers.get(k).withDropout(rate) : layers.get(k));
        }
        return new Sequential(out);
    }

    /** The same model with every layer initialized by {@code init}. */
    public Sequential withInit(Init init) {
        List<Dense> out = new ArrayList<>(layers.size());
        for (Dense d : layers) {
            out.add(d.withInit(init));
        }
        return new Sequential(out);
    }

    @Override
    public void init(double[] theta, RandomGenerator rng) {
        if (theta.length != layout.size()) {
            throw new IllegalArgumentException("theta has length " + theta.length + " but the model has "
                    + layout.size() + " parameters");
        }
        for (int k = 0; k < layers.size(); k++) {
            Dense d = layers.get(k);
            Block w = layout.blocks().get(2 * k);
            Block b = layout.blocks().get(2 * k + 1);
            d.init().fill(theta, w.offset(), b.offset(), d.inputs(), d.outputs(), rng);
        }
    }

    @Override
    public Var forward(ParamVars params, Var x, Mode mode) {
        int[] shape = x.shape();
        if (shape.length != 2 || shape[1] != inputs()) {
            throw new IllegalArgumentException("the model takes rows of " + inputs() + " features ([m, " + inputs()
                    + "]) but the input has shape " + Arrays.toString(shape));
        }
        if (!params.layout().equals(layout)) {
            throw new IllegalArgumentException("the parameters have layout " + params.layout().names()
                    + " but the model's is " + layout.names());
        }
        RandomGenerator rng = mode instanceof Mode.Train t ? new SplittableRandom(t.seed()) : null;
        Var h = x;
        for (int k = 0; k < layers.size(); k++) {
            Block w = layout.blocks().get(2 * k);
            Block b = layout.blocks().get(2 * k + 1);
            h = layers.get(k).apply(h, params.get(w.name()), params.get(b.name()), rng);
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sequential s && s.layers.equals(layers);
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }

    /** For example {@code Sequential[Dense[2 → 16, TANH, XAVIER_UNIFORM], Dense[16 → 2, …]]}. */
    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}
