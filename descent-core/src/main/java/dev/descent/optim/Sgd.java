package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Stochastic gradient descent: a step against the gradient.
 *
 * <pre>
 *   g ← g + λθ          (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   θ ← θ − ε_k g
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * With λ = 0 this is Goodfellow Algorithm 8.1 exactly, where g is the gradient of the loss
 * averaged over a minibatch of m examples (full batch when m is the data size). It equals
 * torch.optim {@code SGD(lr, weight_decay)} without momentum and Optax {@code sgd}. The learning
 * rate ε_k may follow a {@link Schedule}; the book's linear decay is
 * {@link dev.descent.optim.schedule.LinearDecay}. Momentum variants are {@link Momentum} and
 * {@link Nesterov}.
 *
 * <h2>Memory</h2>
 * No state beyond the step count.
 *
 * <h2>References</h2>
 * I. Goodfellow, Y. Bengio, A. Courville, <i>Deep Learning</i>, MIT Press 2016, §8.3.1,
 * Algorithm 8.1 (Stochastic gradient descent update). H. Robbins, S. Monro, "A stochastic
 * approximation method", Ann. Math. Statist. 22(3), 1951.
 *
 * @param learningRate ε_k, the step size (a constant or a schedule)
 * @param weightDecay  λ ≥ 0, coupled L2 regularization added to the gradient
 * @see Momentum
 * @see Nesterov
 */
public record Sgd(Schedule learningRate, double weightDecay) implements Optimizer<Sgd.State>, HasLearningRate {

    public Sgd {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** The book's form: learning rate ε, no weight decay. */
    public static Sgd of(double learningRate) {
        return new Sgd(Schedule.constant(learningRate), 0);
    }

    /** Defaults: ε = 0.01. */
    public static Sgd defaults() {
        return of(0.01);
    }

    public Sgd withLearningRate(double lr) {
        return new Sgd(Schedule.constant(lr), weightDecay);
    }

    public Sgd withLearningRate(Schedule lr) {
        return new Sgd(lr, weightDecay);
    }

    public Sgd withWeightDecay(double wd) {
        return new Sgd(learningRate, wd);
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double wd = weightDecay;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                params[i] -= lr * g;
            }
        });
        state.advance();
    }

    /** SGD keeps only the step count (for the schedule). */
    public static final class State extends OptimizerState {
        State(ParamLayout layout) {
            super("sgd", layout);
        }
    }
}
