package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * RMSProp: AdaGrad with an exponentially decaying average of squared gradients.
 *
 * <pre>
 *   g ← g + λθ                                  (only when λ &gt; 0)
 *   r ← ρr + (1 − ρ) g ⊙ g                       (r₀ = 0)
 *   ḡ ← ρḡ + (1 − ρ) g;  q = r − ḡ ⊙ ḡ           (centered; otherwise q = r)
 *   d = √(δ + q)  (INSIDE_SQRT, book)   or   d = √q + δ  (OUTSIDE_SQRT, torch)
 *   θ ← θ − ε_k g / d                            (momentum μ = 0)
 *   b ← μb + g / d;  θ ← θ − ε_k b               (momentum μ &gt; 0, b₀ = 0)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (book)</th><th>{@link #torch torch}</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td><td>0.01</td></tr>
 *   <tr><td>ρ (torch alpha)</td><td>{@code rho}</td><td>0.9</td><td>0.99</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-6</td><td>1e-8</td></tr>
 *   <tr><td></td><td>{@code epsPlacement}</td><td>INSIDE_SQRT</td><td>OUTSIDE_SQRT</td></tr>
 *   <tr><td>μ</td><td>{@code momentum}</td><td>0</td><td>0</td></tr>
 *   <tr><td></td><td>{@code centered}</td><td>false</td><td>false</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The defaults are Goodfellow Algorithm 8.5: δ = 1e-6 <em>inside</em> the square root. The book
 * gives no default decay rate; 0.9 is Hinton's suggestion and Keras's default. torch.optim
 * {@code RMSprop} adds eps <em>outside</em> the root (default 1e-8), calls ρ {@code alpha}
 * (default 0.99), and offers the centered form (Graves 2013) and a momentum buffer that
 * accumulates the already-scaled step; {@link #torch()} selects those defaults. Optax
 * {@code rmsprop} has {@code eps_in_sqrt=True} by default. The book's Nesterov variant
 * (Algorithm 8.6) is {@link RmsPropNesterov}.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (r); one more when centered (ḡ) and one more with momentum (b).
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.2, Algorithm 8.5
 * (RMSProp). G. Hinton, N. Srivastava, K. Swersky, <i>Neural Networks for Machine Learning</i>,
 * lecture 6e, 2012. A. Graves, "Generating sequences with recurrent neural networks",
 * arXiv:1308.0850, 2013 (centered form).
 *
 * @param learningRate ε_k
 * @param rho          ρ in [0, 1), the decay rate of the average
 * @param eps          δ ≥ 0
 * @param epsPlacement where δ sits
 * @param momentum     μ in [0, 1)
 * @param centered     divide by an estimate of the variance instead of the second moment
 * @param weightDecay  λ ≥ 0, coupled L2
 * @see AdaGrad
 * @see RmsPropNesterov
 * @see Adam
 */
public record RmsProp(Schedule learningRate, double rho, double eps, EpsilonPlacement epsPlacement,
        double momentum, boolean centered, double weightDecay) implements Optimizer<RmsProp.State>, HasLearningRate {

    public RmsProp {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("rho", rho);
        Hyper.nonNegative("eps", eps);
        Hyper.notNull("epsPlacement", epsPlacement);
        Hyper.unitInterval("momentum", momentum);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** The book's form (Algorithm 8.5): δ = 1e-6 inside the root. */
    public static RmsProp of(double learningRate, double rho) {
        return new RmsProp(Schedule.constant(learningRate), rho, 1e-6, EpsilonPlacement.INSIDE_SQRT, 0, false, 0);
    }

    /** Defaults: ε = 0.001, ρ = 0.9, δ = 1e-6 inside the root. */
    public static RmsProp defaults() {
        return of(0.001, 0.9);
    }

    /** torch.optim {@code RMSprop()} defaults: lr = 0.01, alpha = 0.99, eps = 1e-8 outside the root. */
    public static RmsProp torch() {
        return torch(0.01, 0.99, 1e-8, 0, 0, false);
    }

    /** torch.optim {@code RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}. */
    public static RmsProp torch(double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean centered) {
        return new RmsProp(Schedule.constant(lr), alpha, eps, EpsilonPlacement.OUTSIDE_SQRT, momentum, centered,
                weightDecay);
    }

    public RmsProp withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public RmsProp withLearningRate(Schedule lr) {
        return new RmsProp(lr, rho, eps, epsPlacement, momentum, centered, weightDecay);
    }

    public RmsProp withRho(double r) {
        return new RmsProp(learningRate, r, eps, epsPlacement, momentum, centered, weightDecay);
    }

    public RmsProp withEps(double e) {
        return new RmsProp(learningRate, rho, e, epsPlacement, momentum, centered, weightDecay);
    }

    public RmsProp withEpsPlacement(EpsilonPlacement p) {
        return new RmsProp(learningRate, rho, eps, p, momentum, centered, weightDecay);
    }

    public RmsProp withMomentum(double m) {
        return new RmsProp(learningRate, rho, eps, epsPlacement, m, centered, weightDecay);
    }

    public RmsProp withCentered(boolean c) {
        return new RmsProp(learningRate, rho, eps, epsPlacement, momentum, c, weightDecay);
    }

    public RmsProp withWeightDecay(double wd) {
        return new RmsProp(learningRate, rho, eps, epsPlacement, momentum, centered, wd);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, centered, momentum > 0);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double p = rho;
        double q = 1 - rho;
        double wd = weightDecay;
        double d = eps;
        double mu = momentum;
        boolean inside = epsPlacement == EpsilonPlacement.INSIDE_SQRT;
        double[] r = state.r;
        double[] gbar = state.gbar;
        double[] b = state.b;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double ri = p * r[i] + q * (g * g);
                r[i] = ri;
                double var = ri;
                if (gbar != null) {
                    double gi = p * gbar[i] + q * g;
                    gbar[i] = gi;
                    var = ri - gi * gi;
                }
                double denom = inside ? Math.sqrt(var + d) : Math.sqrt(var) + d;
                if (b != null) {
                    b[i] = mu * b[i] + g / denom;
                    params[i] -= lr * b[i];
                } else {
                    params[i] -= lr * (g / denom);
                }
            }
        });
        state.advance();
    }

    /** State: r (key {@code rmsprop.v}), ḡ when centered ({@code rmsprop.m}), b with momentum ({@code rmsprop.velocity}). */
    public static final class State extends OptimizerState {
        /** r, the average of squared gradients. */
        public final double[] r;
        /** ḡ, the average gradient (centered form only), else null. */
        public final double[] gbar;
        /** b, the momentum buffer (momentum &gt; 0 only), else null. */
        public final double[] b;

        State(ParamLayout layout, boolean centered, boolean momentum) {
            super("rmsprop", layout);
            int n = layout.size();
            r = buffer("v", n);
            gbar = centered ? buffer("m", n) : null;
            b = momentum ? buffer("velocity", n) : null;
        }
    }
}
