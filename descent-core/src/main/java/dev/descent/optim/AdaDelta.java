package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * AdaDelta: RMSProp whose global learning rate is replaced by the root of a running average of
 * the squared updates, so that the step has the units of θ.
 *
 * <pre>
 *   g ← g + λθ                                  (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   E[g²] ← ρ E[g²] + (1 − ρ) g ⊙ g               (E[g²]₀ = 0)
 *   Δθ = √(E[Δθ²] + δ) / √(E[g²] + δ) ⊙ g          (E[Δθ²] from the previous steps)
 *   E[Δθ²] ← ρ E[Δθ²] + (1 − ρ) Δθ ⊙ Δθ           (E[Δθ²]₀ = 0)
 *   θ ← θ − ε_k Δθ
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>ρ</td><td>{@code rho}</td><td>0.9</td></tr>
 *   <tr><td>δ (Zeiler's ε)</td><td>{@code eps}</td><td>1e-6</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code Adadelta} (1.13): δ sits <em>inside</em> both roots, and E[Δθ²] accumulates
 * the unscaled Δθ, before ε_k multiplies it. Zeiler's Algorithm 1 has no learning rate (ε_k = 1,
 * torch's default); torch and Optax {@code adadelta} add one, and Optax's form is the same as
 * torch's (δ inside both roots, Optax default eps 1e-6). δ must be positive here: with δ = 0 the
 * numerator √E[Δθ²] starts at 0 and θ never moves (torch accepts 0 and stands still). Near an
 * optimum both averages vanish and the step tends to ε_k·g, plain gradient descent at rate ε_k:
 * with the default ε_k = 1 that is unstable for curvatures above 2. {@code weightDecay} is
 * torch's coupled L2. Not among Goodfellow's algorithms; §8.5.4 names AdaDelta among the popular
 * adaptive choices.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (E[g²], E[Δθ²]).
 *
 * <h2>References</h2>
 * M. D. Zeiler, "ADADELTA: An adaptive learning rate method", arXiv:1212.5701, 2012 (Algorithm 1).
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.2, Algorithm 8.5
 * (RMSProp), and §8.5.4.
 *
 * @param learningRate ε_k, a multiplier of the step (Zeiler: 1)
 * @param rho          ρ in [0, 1], the decay rate of both averages
 * @param eps          δ &gt; 0, inside both roots
 * @param weightDecay  λ ≥ 0, coupled L2
 * @see RmsProp
 * @see AdaGrad
 */
public record AdaDelta(Schedule learningRate, double rho, double eps, double weightDecay)
        implements Optimizer<AdaDelta.State>, HasLearningRate {

    public AdaDelta {
        Hyper.learningRate(learningRate);
        Hyper.closedUnitInterval("rho", rho);
        Hyper.positive("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch defaults with learning rate ε. */
    public static AdaDelta of(double learningRate) {
        return new AdaDelta(Schedule.constant(learningRate), 0.9, 1e-6, 0);
    }

    /** torch.optim {@code Adadelta()} defaults: lr = 1.0, rho = 0.9, eps = 1e-6. */
    public static AdaDelta defaults() {
        return of(1.0);
    }

    public AdaDelta withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public AdaDelta withLearningRate(Schedule lr) {
        return new AdaDelta(lr, rho, eps, weightDecay);
    }

    public AdaDelta withRho(double r) {
        return new AdaDelta(learningRate, r, eps, weightDecay);
    }

    public AdaDelta withEps(double e) {
        return new AdaDelta(learningRate, rho, e, weightDecay);
    }

    public AdaDelta withWeightDecay(double wd) {
        return new AdaDelta(learningRate, rho, eps, wd);
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double p = rho;
        double q = 1 - rho;
        double d = eps;
        double wd = weightDecay;
        double[] eg2 = state.eg2;
        double[] edx2 = state.edx2;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double r = p * eg2[i] + q * (g * g);
                eg2[i] = r;
                double dx = Math.sqrt(edx2[i] + d) / Math.sqrt(r + d) * g;
                edx2[i] = p * edx2[i] + q * (dx * dx);
                params[i] -= lr * dx;
            }
        });
        state.advance();
    }

    /** State: E[g²] and E[Δθ²], keys {@code adadelta.v}, {@code adadelta.edx2}. */
    public static final class State extends OptimizerState {
        /** E[g²], the average squared gradient (torch {@code square_avg}). */
        public final double[] eg2;
        /** E[Δθ²], the average squared update before ε_k (torch {@code acc_delta}). */
        public final double[] edx2;

        State(ParamLayout layout) {
            super("adadelta", layout);
            eg2 = buffer("v", layout.size());
            edx2 = buffer("edx2", layout.size());
        }
    }
}
