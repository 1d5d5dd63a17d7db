package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * SGD with Nesterov momentum.
 *
 * <pre>
 *   LOOKAHEAD (book):      θ̃ ← θ + αv;  g ← ∇J(θ̃) + λθ̃;  v ← αv − ε_k g;  θ ← θ + v
 *   REFORMULATED (torch):  g ← ∇J(θ) + λθ;  b ← g at t = 1, else b ← αb + g;  θ ← θ − ε_k (g + αb)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (book)</th><th>{@link #torch torch}</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01</td><td>given</td></tr>
 *   <tr><td>α (torch μ)</td><td>{@code momentum}</td><td>0.9</td><td>given</td></tr>
 *   <tr><td></td><td>{@code form}</td><td>{@link NesterovForm#LOOKAHEAD}</td><td>{@link NesterovForm#REFORMULATED}</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The default {@link NesterovForm#LOOKAHEAD} is Goodfellow Algorithm 8.3: the gradient is
 * evaluated at the interim point θ̃ = θ + αv, which {@link #evaluationPoint} returns, so any
 * driver that asks for the evaluation point runs the book's algorithm. {@link NesterovForm#REFORMULATED}
 * is torch.optim {@code SGD(nesterov=True)} (dampening must be 0 there) and Optax
 * {@code sgd(nesterov=True)}: the gradient at θ, with the look-ahead folded into the update. With
 * constant ε, v₀ = 0 and the same gradients, torch's θ_t is the book's θ̃ of step t + 1.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (v or b), plus a scratch vector of size n for θ̃ in LOOKAHEAD form.
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.3.3, Algorithm 8.3 (SGD
 * with Nesterov momentum). Y. Nesterov, "A method of solving a convex programming problem with
 * convergence rate O(1/k²)", Soviet Math. Dokl. 27, 1983. I. Sutskever, J. Martens, G. Dahl,
 * G. Hinton, "On the importance of initialization and momentum in deep learning", ICML 2013.
 *
 * @param learningRate ε_k
 * @param momentum     α in [0, 1)
 * @param form         look-ahead (book) or reformulated (torch)
 * @param weightDecay  λ ≥ 0, coupled L2, taken at the point where the gradient was evaluated
 * @see Momentum
 * @see RmsPropNesterov
 */
public record Nesterov(Schedule learningRate, double momentum, NesterovForm form, double weightDecay)
        implements Optimizer<Nesterov.State>, HasLearningRate {

    public Nesterov {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("momentum", momentum);
        Hyper.notNull("form", form);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** The book's form (Algorithm 8.3). */
    public static Nesterov of(double learningRate, double momentum) {
        return new Nesterov(Schedule.constant(learningRate), momentum, NesterovForm.LOOKAHEAD, 0);
    }

    /** Defaults: ε = 0.01, α = 0.9, look-ahead form. */
    public static Nesterov defaults() {
        return of(0.01, 0.9);
    }

    /** torch.optim {@code SGD(lr, momentum, nesterov=True, weight_decay)}. */
    public static Nesterov torch(double lr, double momentum, double weightDecay) {
        return new Nesterov(Schedule.constant(lr), momentum, NesterovForm.REFORMULATED, weightDecay);
    }

    public Nesterov withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Nesterov withLearningRate(Schedule lr) {
        return new Nesterov(lr, momentum, form, weightDecay);
    }

    public Nesterov withMomentum(double m) {
        return new Nesterov(learningRate, m, form, weightDecay);
    }

    public Nesterov withForm(NesterovForm f) {
        return new Nesterov(learningRate, momentum, f, weightDecay);
    }

    public Nesterov withWeightDecay(double wd) {
        return new Nesterov(learningRate, momentum, form, wd);
    }

    @Override
    public String name() {
        return "nesterov";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public double[] evaluationPoint(double[] params, State state) {
        if (form == NesterovForm.REFORMULATED) {
            return params;
        }
        double[] at = state.lookahead;
        double[] v = state.v;
        double a = momentum;
        for (int i = 0; i < at.length; i++) {
            at[i] = params[i] + a * v[i];
        }
        return at;
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double mu = momentum;
        double wd = weightDecay;
        double[] v = state.v;
        switch (form) {
            case LOOKAHEAD -> {
                Parallel.forRange(params.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double g = wd == 0 ? grad[i] : grad[i] + wd * (params[i] + mu * v[i]);
                        v[i] = mu * v[i] - lr * g;
                        params[i] += v[i];
                    }
                });
            }
            case REFORMULATED -> {
                boolean first = state.step() == 0;
                Parallel.forRange(params.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                        v[i] = first ? g : mu * v[i] + g;
                        params[i] -= lr * (g + mu * v[i]);
                    }
                });
            }
        }
        state.advance();
    }

    /** State: the velocity v (book) or buffer b (torch), key {@code nesterov.velocity}. */
    public static final class State extends OptimizerState {
        /** v (LOOKAHEAD form) or b (REFORMULATED form). */
        public final double[] v;
        final double[] lookahead;

        State(ParamLayout layout) {
            super("nesterov", layout);
            v = buffer("velocity", layout.size());
            lookahead = scratch(layout.size());
        }
    }
}
