package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * SGD with classical (heavy-ball) momentum.
 *
 * <pre>
 *   g ← g + λθ                              (only when λ &gt; 0)
 *   VELOCITY (book):  v ← αv − ε_k g;       θ ← θ + v
 *   BUFFER (torch):   b ← g at t = 1, else b ← αb + (1 − τ) g;   θ ← θ − ε_k b
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (book)</th><th>{@link #torch torch}</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01</td><td>given</td></tr>
 *   <tr><td>α (torch μ)</td><td>{@code momentum}</td><td>0.9</td><td>given</td></tr>
 *   <tr><td>τ</td><td>{@code dampening}</td><td>0</td><td>0</td></tr>
 *   <tr><td></td><td>{@code form}</td><td>{@link MomentumForm#VELOCITY}</td><td>{@link MomentumForm#BUFFER}</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The default {@link MomentumForm#VELOCITY} is Goodfellow Algorithm 8.2 (learning rate inside the
 * velocity, v₀ = 0). {@link MomentumForm#BUFFER} is torch.optim {@code SGD(momentum, dampening)}:
 * the first buffer is the gradient itself (no dampening on step 1) and the learning rate
 * multiplies the buffer, so when ε_k changes torch rescales past gradients and the book does not.
 * At constant ε both give the same θ. Optax {@code sgd(momentum=μ)} is the BUFFER form without
 * dampening. Dampening is only defined for the BUFFER form.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (v, or b).
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.3.2, Algorithm 8.2
 * (SGD with momentum). B. T. Polyak, "Some methods of speeding up the convergence of iteration
 * methods", USSR Comput. Math. Math. Phys. 4(5), 1964.
 *
 * @param learningRate ε_k
 * @param momentum     α in [0, 1)
 * @param dampening    τ in [0, 1]; non-zero only with the BUFFER form
 * @param form         where the learning rate sits
 * @param weightDecay  λ ≥ 0, coupled L2
 * @see Sgd
 * @see Nesterov
 */
public record Momentum(Schedule learningRate, double momentum, double dampening, MomentumForm form,
        double weightDecay) implements Optimizer<Momentum.State>, HasLearningRate {

    public Momentum {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("momentum", momentum);
        Hyper.closedUnitInterval("dampening", dampening);
        Hyper.notNull("form", form);
        Hyper.nonNegative("weightDecay", weightDecay);
        if (dampening != 0 && form != MomentumForm.BUFFER) {
            throw new IllegalArgumentException("dampening = " + dampening
                    + " needs form = BUFFER (torch's convention); the book's VELOCITY form has none");
        }
    }

    /** The book's form (Algorithm 8.2). */
    public static Momentum of(double learningRate, double momentum) {
        return new Momentum(Schedule.constant(learningRate), momentum, 0, MomentumForm.VELOCITY, 0);
    }

    /** Defaults: ε = 0.01, α = 0.9, book form. */
    public static Momentum defaults() {
        return of(0.01, 0.9);
    }

    /** torch.optim {@code SGD(lr, momentum, dampening, weight_decay)} with {@code nesterov=False}. */
    public static Momentum torch(double lr, double momentum, double dampening, double weightDecay) {
        return new Momentum(Schedule.constant(lr), momentum, dampening, MomentumForm.BUFFER, weightDecay);
    }

    public Momentum withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Momentum withLearningRate(Schedule lr) {
        return new Momentum(lr, momentum, dampening, form, weightDecay);
    }

    public Momentum withMomentum(double m) {
        return new Momentum(learningRate, m, dampening, form, weightDecay);
    }

    public Momentum withDampening(double d) {
        return new Momentum(learningRate, momentum, d, form, weightDecay);
    }

    public Momentum withForm(MomentumForm f) {
        return new Momentum(learningRate, momentum, dampening, f, weightDecay);
    }

    public Momentum withWeightDecay(double wd) {
        return new Momentum(learningRate, momentum, dampening, form, wd);
    }

    @Override
    public String name() {
        return "momentum";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double mu = momentum;
        double wd = weightDecay;
        double[] v = state.v;
        switch (form) {
            case VELOCITY -> {
                Parallel.forRange(params.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                        v[i] = mu * v[i] - lr * g;
                        params[i] += v[i];
                    }
                });
            }
            case BUFFER -> {
                boolean first = state.step() == 0;
                double keep = 1 - dampening;
                Parallel.forRange(params.length, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                        v[i] = first ? g : mu * v[i] + keep * g;
                        params[i] -= lr * v[i];
                    }
                });
            }
        }
        state.advance();
    }

    /** State: the velocity v (book) or momentum buffer b (torch), key {@code momentum.velocity}. */
    public static final class State extends OptimizerState {
        /** v (VELOCITY form) or b (BUFFER form). */
        public final double[] v;

        State(ParamLayout layout) {
            super("momentum", layout);
            v = buffer("velocity", layout.size());
        }
    }
}
