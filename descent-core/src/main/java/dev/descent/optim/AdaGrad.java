package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * AdaGrad: per-parameter learning rates scaled by the root of the summed squared gradients.
 *
 * <pre>
 *   g ← g + λθ                                   (only when λ &gt; 0)
 *   r ← r + g ⊙ g                                 (r₀ = initialAccumulator)
 *   ε'_k = ε_k / (1 + k·lrDecay)                  (k = t − 1 completed steps)
 *   θ ← θ − ε'_k · g / (δ + √r)                   OUTSIDE_SQRT (book, torch)
 *   θ ← θ − ε'_k · g / √(δ + r)                   INSIDE_SQRT (Optax)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (book)</th><th>{@link #torch torch}</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01</td><td>0.01</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-7</td><td>1e-10</td></tr>
 *   <tr><td></td><td>{@code epsPlacement}</td><td>OUTSIDE_SQRT</td><td>OUTSIDE_SQRT</td></tr>
 *   <tr><td></td><td>{@code lrDecay}</td><td>0</td><td>0</td></tr>
 *   <tr><td>r₀</td><td>{@code initialAccumulator}</td><td>0</td><td>0</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The defaults are Goodfellow Algorithm 8.4: δ = 1e-7 added <em>outside</em> the square root,
 * r₀ = 0. torch.optim {@code Adagrad} has the same form with eps = 1e-10 plus {@code lr_decay}
 * (step 1 uses the full lr) and {@code initial_accumulator_value}; {@link #torch()} selects those
 * defaults. Optax's {@code adagrad} puts eps inside the root ({@link EpsilonPlacement#INSIDE_SQRT})
 * and starts the accumulator at 0.1.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (r).
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.1, Algorithm 8.4
 * (AdaGrad). J. Duchi, E. Hazan, Y. Singer, "Adaptive subgradient methods for online learning and
 * stochastic optimization", JMLR 12, 2011.
 *
 * @param learningRate       ε_k, the global learning rate
 * @param eps                δ ≥ 0, the stabilizer
 * @param epsPlacement       where δ sits
 * @param lrDecay            ≥ 0, torch's 1/(1 + k·lrDecay) decay of the learning rate
 * @param initialAccumulator r₀ ≥ 0
 * @param weightDecay        λ ≥ 0, coupled L2
 * @see RmsProp
 * @see Adam
 */
public record AdaGrad(Schedule learningRate, double eps, EpsilonPlacement epsPlacement, double lrDecay,
        double initialAccumulator, double weightDecay) implements Optimizer<AdaGrad.State>, HasLearningRate {

    public AdaGrad {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("eps", eps);
        Hyper.notNull("epsPlacement", epsPlacement);
        Hyper.nonNegative("lrDecay", lrDecay);
        Hyper.nonNegative("initialAccumulator", initialAccumulator);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** The book's form (Algorithm 8.4): δ = 1e-7 outside the root. */
    public static AdaGrad of(double learningRate) {
        return new AdaGrad(Schedule.constant(learningRate), 1e-7, EpsilonPlacement.OUTSIDE_SQRT, 0, 0, 0);
    }

    /** Defaults: ε = 0.01, δ = 1e-7, book form. */
    public static AdaGrad defaults() {
        return of(0.01);
    }

    /** torch.optim {@code Adagrad()} defaults: lr = 0.01, eps = 1e-10. */
    public static AdaGrad torch() {
        return torch(0.01, 0, 0, 0, 1e-10);
    }

    /** torch.optim {@code Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value, eps)}. */
    public static AdaGrad torch(double lr, double lrDecay, double weightDecay, double initialAccumulator,
            double eps) {
        return new AdaGrad(Schedule.constant(lr), eps, EpsilonPlacement.OUTSIDE_SQRT, lrDecay,
                initialAccumulator, weightDecay);
    }

    public AdaGrad withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public AdaGrad withLearningRate(Schedule lr) {
        return new AdaGrad(lr, eps, epsPlacement, lrDecay, initialAccumulator, weightDecay);
    }

    public AdaGrad withEps(double e) {
        return new AdaGrad(learningRate, e, epsPlacement, lrDecay, initialAccumulator, weightDecay);
    }

    public AdaGrad withEpsPlacement(EpsilonPlacement p) {
        return new AdaGrad(learningRate, eps, p, lrDecay, initialAccumulator, weightDecay);
    }

    public AdaGrad withLrDecay(double d) {
        return new AdaGrad(learningRate, eps, epsPlacement, d, initialAccumulator, weightDecay);
    }

    public AdaGrad withInitialAccumulator(double r0) {
        return new AdaGrad(learningRate, eps, epsPlacement, lrDecay, r0, weightDecay);
    }

    public AdaGrad withWeightDecay(double wd) {
        return new AdaGrad(learningRate, eps, epsPlacement, lrDecay, initialAccumulator, wd);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public State init(ParamLayout layout) {
        State s = new State(layout);
        java.util.Arrays.fill(s.r, initialAccumulator);
        return s;
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double clr = lr / (1 + state.step() * lrDecay);
        double wd = weightDecay;
        double d = eps;
        double[] r = state.r;
        boolean inside = epsPlacement == EpsilonPlacement.INSIDE_SQRT;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double ri = r[i] + g * g;
                r[i] = ri;
                double denom = inside ? Math.sqrt(ri + d) : Math.sqrt(ri) + d;
                params[i] -= clr * (g / denom);
            }
        });
        state.advance();
    }

    /** State: the accumulated squared gradient r, key {@code adagrad.v}. */
    public static final class State extends OptimizerState {
        /** r, the sum of squared gradients. */
        public final double[] r;

        State(ParamLayout layout) {
            super("adagrad", layout);
            r = buffer("v", layout.size());
        }
    }
}
