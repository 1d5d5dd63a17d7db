package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * RMSProp with Nesterov momentum, evaluated at the look-ahead point.
 *
 * <pre>
 *   θ̃ ← θ + αv;   g ← ∇J(θ̃)
 *   r ← ρr + (1 − ρ) g ⊙ g                  (r₀ = 0)
 *   v ← αv − (ε_k / √(δ + r)) ⊙ g           (v₀ = 0; δ = 0 is the literal book form)
 *   θ ← θ + v
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th><th>{@link #literal literal}</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td><td>given</td></tr>
 *   <tr><td>ρ</td><td>{@code rho}</td><td>0.9</td><td>given</td></tr>
 *   <tr><td>α</td><td>{@code momentum}</td><td>0.9</td><td>given</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-6</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Goodfellow Algorithm 8.6 divides by √r with <em>no</em> δ: a gradient component that has been
 * exactly zero since the start gives 0/0 = NaN. {@link #literal} keeps that form (its reference
 * case expects the NaN). The default adds δ = 1e-6 inside the root, as the book's own RMSProp
 * (Algorithm 8.5) does, which stays finite; this is the one place where descent's default differs
 * from the literal pseudocode, because a default should not produce NaN on a sparse gradient.
 * The look-ahead point θ̃ is returned by {@link #evaluationPoint}. torch.optim has no
 * counterpart (its RMSprop momentum is not Nesterov's); Optax can chain {@code scale_by_rms}
 * with {@code trace(nesterov=True)}, the reformulated form.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (r, v), plus a scratch vector for θ̃.
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.2, Algorithm 8.6
 * (RMSProp with Nesterov momentum). G. Hinton, lecture 6e (2012); I. Sutskever et al., ICML 2013.
 *
 * @param learningRate ε_k
 * @param rho          ρ in [0, 1)
 * @param momentum     α in [0, 1)
 * @param eps          δ ≥ 0, inside the square root; 0 is the literal book form
 * @see RmsProp
 * @see Nesterov
 */
public record RmsPropNesterov(Schedule learningRate, double rho, double momentum, double eps)
        implements Optimizer<RmsPropNesterov.State>, HasLearningRate {

    public RmsPropNesterov {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("rho", rho);
        Hyper.unitInterval("momentum", momentum);
        Hyper.nonNegative("eps", eps);
    }

    /** With δ = 1e-6 inside the root. */
    public static RmsPropNesterov of(double learningRate, double rho, double momentum) {
        return new RmsPropNesterov(Schedule.constant(learningRate), rho, momentum, 1e-6);
    }

    /** The literal Algorithm 8.6, with no δ. */
    public static RmsPropNesterov literal(double learningRate, double rho, double momentum) {
        return new RmsPropNesterov(Schedule.constant(learningRate), rho, momentum, 0);
    }

    /** Defaults: ε = 0.001, ρ = 0.9, α = 0.9, δ = 1e-6. */
    public static RmsPropNesterov defaults() {
        return of(0.001, 0.9, 0.9);
    }

    public RmsPropNesterov withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public RmsPropNesterov withLearningRate(Schedule lr) {
        return new RmsPropNesterov(lr, rho, momentum, eps);
    }

    public RmsPropNesterov withRho(double r) {
        return new RmsPropNesterov(learningRate, r, momentum, eps);
    }

    public RmsPropNesterov withMomentum(double m) {
        return new RmsPropNesterov(learningRate, rho, m, eps);
    }

    public RmsPropNesterov withEps(double e) {
        return new RmsPropNesterov(learningRate, rho, momentum, e);
    }

    @Override
    public String name() {
        return "rmsprop_nesterov";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public double[] evaluationPoint(double[] params, State state) {
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
        double p = rho;
        double q = 1 - rho;
        double a = momentum;
        double d = eps;
        double[] r = state.r;
        double[] v = state.v;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double ri = p * r[i] + q * (g * g);
                r[i] = ri;
                v[i] = a * v[i] - (lr / Math.sqrt(d + ri)) * g;
                params[i] += v[i];
            }
        });
        state.advance();
    }

    /** State: r and v, keys {@code rmsprop_nesterov.v} and {@code rmsprop_nesterov.velocity}. */
    public static final class State extends OptimizerState {
        /** r, the average of squared gradients. */
        public final double[] r;
        /** v, the velocity. */
        public final double[] v;
        final double[] lookahead;

        State(ParamLayout layout) {
            super("rmsprop_nesterov", layout);
            r = buffer("v", layout.size());
            v = buffer("velocity", layout.size());
            lookahead = scratch(layout.size());
        }
    }
}
