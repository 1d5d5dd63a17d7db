package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * ASGD: averaged stochastic gradient descent. SGD with a slowly decaying step η_t and a shrinkage
 * term, plus a running average x̄ of the iterates from step t₀ on.
 *
 * <pre>
 *   t ← t + 1                                   (η₁ = ε₀, μ₁ = 1)
 *   g ← g + λ_wd θ                               (only when λ_wd &gt; 0: coupled L2, torch's weight_decay)
 *   θ ← θ (1 − λ η_t) − η_t g
 *   x̄ ← θ                    if μ_t = 1
 *   x̄ ← x̄ + μ_t (θ − x̄)     otherwise
 *   η_{t+1} = ε_k / (1 + λ ε_k t)^α               (ε_k: the learning rate in force at this step)
 *   μ_{t+1} = 1 / max(1, t − t₀)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01</td></tr>
 *   <tr><td>λ (torch lambd)</td><td>{@code lambda}</td><td>1e-4</td></tr>
 *   <tr><td>α</td><td>{@code alpha}</td><td>0.75</td></tr>
 *   <tr><td>t₀</td><td>{@code t0}</td><td>1000000</td></tr>
 *   <tr><td>λ_wd</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code ASGD} (1.13), with its η and μ kept as one-element state buffers exactly as
 * torch keeps them, so a scheduled learning rate enters η from the next step on, as in torch. θ is
 * the SGD iterate that the gradient is evaluated at; the averaged iterate x̄ (torch {@code ax})
 * is what Polyak &amp; Juditsky's theory says to return, and it lives in the state
 * ({@link State#ax}): read it at the end, it is not copied into θ. x̄ equals θ through step
 * t₀ + 2 and is the plain mean of θ_{t₀+2}, …, θ_t after that (μ_t = 1/(t − t₀ − 1)), so with
 * torch's default t₀ = 10⁶ it is simply θ in most runs. λ both decays η_t (Bottou's
 * 1/(1 + λε₀t)^α schedule) and shrinks θ by (1 − λη_t) every step, which is gradient descent on
 * J + ½λ‖θ‖²: the fixed point is the minimizer of that, not of J, unless λ = 0. Optax has no
 * ASGD. Goodfellow §8.7.3 (Polyak averaging) describes x̄, and its Algorithm 8.1 is the SGD part. t₀ is an integer here
 * (torch takes a float; the files write 10.0).
 *
 * <h2>Memory</h2>
 * One extra vector of size n (x̄) and two scalars (η, μ).
 *
 * <h2>References</h2>
 * B. T. Polyak, A. B. Juditsky, "Acceleration of stochastic approximation by averaging", SIAM J.
 * Control Optim. 30(4), 1992. L. Bottou, "Stochastic gradient descent tricks", in <i>Neural
 * Networks: Tricks of the Trade</i>, 2nd ed., Springer 2012 (averaged SGD). W. Xu, "Towards
 * optimal one pass large scale learning with averaged stochastic gradient descent",
 * arXiv:1107.2490, 2011. Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016,
 * §8.3.1, Algorithm 8.1 (SGD) and §8.7.3 (Polyak averaging).
 *
 * @param learningRate ε_k: η₁ = ε₀, and η_{t+1} is computed from the rate in force at step t
 * @param lambda       λ ≥ 0, the decay of η_t and the shrinkage of θ
 * @param alpha        α ≥ 0, the power of the η decay
 * @param t0           t₀ ≥ 0, the step after which averaging starts
 * @param weightDecay  λ_wd ≥ 0, coupled L2
 * @see Sgd
 * @see Momentum
 */
public record Asgd(Schedule learningRate, double lambda, double alpha, long t0, double weightDecay)
        implements Optimizer<Asgd.State>, HasLearningRate {

    public Asgd {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("lambda", lambda);
        Hyper.nonNegative("alpha", alpha);
        if (t0 < 0) {
            throw new IllegalArgumentException("t0 = " + t0 + " must be >= 0");
        }
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch defaults with learning rate ε. */
    public static Asgd of(double learningRate) {
        return new Asgd(Schedule.constant(learningRate), 1e-4, 0.75, 1_000_000, 0);
    }

    /** torch.optim {@code ASGD()} defaults: lr = 0.01, lambd = 1e-4, alpha = 0.75, t0 = 1e6. */
    public static Asgd defaults() {
        return of(0.01);
    }

    public Asgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Asgd withLearningRate(Schedule lr) {
        return new Asgd(lr, lambda, alpha, t0, weightDecay);
    }

    public Asgd withLambda(double l) {
        return new Asgd(learningRate, l, alpha, t0, weightDecay);
    }

    public Asgd withAlpha(double a) {
        return new Asgd(learningRate, lambda, a, t0, weightDecay);
    }

    public Asgd withT0(long t) {
        return new Asgd(learningRate, lambda, alpha, t, weightDecay);
    }

    public Asgd withWeightDecay(double wd) {
        return new Asgd(learningRate, lambda, alpha, t0, wd);
    }

    @Override
    public String name() {
        return "asgd";
    }

    /** A state with η = ε₀ ({@code learningRate.valueAt(0)}), μ = 1 and x̄ = 0. */
    @Override
    public State init(ParamLayout layout) {
        State s = new State(layout);
        s.eta[0] = learningRate.valueAt(0);
        s.mu[0] = 1;
        return s;
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double eta = state.eta[0];
        double mu = state.mu[0];
        double keep = 1 - lambda * eta;
        double wd = weightDecay;
        double[] ax = state.ax;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double p = params[i] * keep - eta * g;
                params[i] = p;
                ax[i] = mu == 1 ? p : ax[i] + mu * (p - ax[i]);
            }
        });
        state.eta[0] = lr / Math.pow(1 + lambda * lr * t, alpha);
        state.mu[0] = 1.0 / Math.max(1, t - t0);
        state.advance();
    }

    /** State: η, μ and x̄, keys {@code asgd.eta}, {@code asgd.mu}, {@code asgd.ax}. */
    public static final class State extends OptimizerState {
        /** η for the next step, in element 0 (torch {@code eta}). */
        public final double[] eta;
        /** μ for the next step, in element 0 (torch {@code mu}); 1 means "x̄ ← θ". */
        public final double[] mu;
        /** x̄, the averaged iterate after the last step (torch {@code ax}); 0 before the first step. */
        public final double[] ax;

        State(ParamLayout layout) {
            super("asgd", layout);
            eta = buffer("eta", 1);
            mu = buffer("mu", 1);
            ax = buffer("ax", layout.size());
        }
    }
}
