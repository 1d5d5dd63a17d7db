package dev.descent.spark;

import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Var;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.nn.Mode;
import dev.descent.nn.Model;
import dev.descent.nn.SoftmaxRegression;
import java.util.List;
import java.util.random.RandomGenerator;

/** A user's own model class (it delegates to a softmax regression): the engine cannot rebuild it remotely. */
final class NotSequential implements Model {
    private final Model inner = SoftmaxRegression.of(10, 3);

    @Override
    public ParamLayout layout() {
        return inner.layout();
    }

    @Override
    public int inputs() {
        return inner.inputs();
    }

    @Override
    public int outputs() {
        return inner.outputs();
    }

    @Override
    public List<Block> weights() {
        return inner.weights();
    }

    @Override
    public void init(double[] theta, RandomGenerator rng) {
        inner.init(theta, rng);
    }

    @Override
    public Var forward(ParamVars params, Var x, Mode mode) {
        return inner.forward(params, x, mode);
    }
}
