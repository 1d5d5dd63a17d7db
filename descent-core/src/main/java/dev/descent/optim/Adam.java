package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Adam: adaptive moments with bias correction.
 *
 * <pre>
 *   t ← t + 1
 *   g ← g + λθ                                  (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   s ← ρ₁s + (1 − ρ₁) g                        (first moment, s₀ = 0)
 *   r ← ρ₂r + (1 − ρ₂) g ⊙ g                    (second moment, r₀ = 0)
 *   r_max ← max(r_max, r); use r_max for r       (AMSGrad only)
 *   ŝ = s / (1 − ρ₁ᵗ);   √r̂ = √r / √(1 − ρ₂ᵗ)
 *   θ ← θ − ε_k ŝ / (√r̂ + δ)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (book = torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td></tr>
 *   <tr><td>ρ₁ (β₁)</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>ρ₂ (β₂)</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code amsgrad}</td><td>false</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Goodfellow Algorithm 8.7 and torch.optim {@code Adam} (Kingma &amp; Ba's Algorithm 1) agree: δ is
 * added outside the root of the bias-corrected second moment, and t counts from 1. This class
 * evaluates it in torch's order (step size ε/(1 − ρ₁ᵗ), denominator √r/√(1 − ρ₂ᵗ) + δ), which
 * agrees with the book's order to rounding. {@code weightDecay} is torch's coupled L2 (added to g);
 * for decoupled decay use AdamW. {@code amsgrad} keeps the running maximum of r (Reddi et al.),
 * as torch does. Optax {@code adam} is the same with its extra {@code eps_root} = 0; Tribuo's Adam
 * differs (ε on the uncorrected √v).
 *
 * <p>Why the bias correction: s and r start at 0, so after t steps they are (1 − ρᵗ) times the
 * average they estimate. Without the correction the first steps would be too small (s) and, with
 * ρ₂ = 0.999, the denominator far too small for hundreds of steps.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (s, r); three with AMSGrad.
 *
 * <h2>References</h2>
 * Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.3, Algorithm 8.7
 * (Adam). D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization", ICLR 2015,
 * arXiv:1412.6980. S. J. Reddi, S. Kale, S. Kumar, "On the convergence of Adam and beyond",
 * ICLR 2018 (AMSGrad).
 *
 * @param learningRate ε_k
 * @param beta1        ρ₁ in [0, 1)
 * @param beta2        ρ₂ in [0, 1)
 * @param eps          δ ≥ 0
 * @param weightDecay  λ ≥ 0, coupled L2
 * @param amsgrad      use the running maximum of the second moment
 * @see RmsProp
 * @see AdaGrad
 */
public record Adam(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay,
        boolean amsgrad) implements Optimizer<Adam.State>, HasLearningRate {

    public Adam {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** Book and torch defaults with learning rate ε. */
    public static Adam of(double learningRate) {
        return new Adam(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0, false);
    }

    /** Defaults: ε = 0.001, ρ₁ = 0.9, ρ₂ = 0.999, δ = 1e-8. */
    public static Adam defaults() {
        return of(0.001);
    }

    /** torch.optim {@code Adam(lr, betas=(beta1, beta2), eps, weight_decay, amsgrad)}. */
    public static Adam torch(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad) {
        return new Adam(Schedule.constant(lr), beta1, beta2, eps, weightDecay, amsgrad);
    }

    public Adam withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Adam withLearningRate(Schedule lr) {
        return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public Adam withBeta1(double b1) {
        return new Adam(learningRate, b1, beta2, eps, weightDecay, amsgrad);
    }

    public Adam withBeta2(double b2) {
        return new Adam(learningRate, beta1, b2, eps, weightDecay, amsgrad);
    }

    public Adam withEps(double e) {
        return new Adam(learningRate, beta1, beta2, e, weightDecay, amsgrad);
    }

    public Adam withWeightDecay(double wd) {
        return new Adam(learningRate, beta1, beta2, eps, wd, amsgrad);
    }

    public Adam withAmsgrad(boolean a) {
        return new Adam(learningRate, beta1, beta2, eps, weightDecay, a);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout, amsgrad);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double stepSize = lr / (1 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        double wd = weightDecay;
        double d = eps;
        double[] s = state.s;
        double[] r = state.r;
        double[] rMax = state.rMax;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double si = b1 * s[i] + c1 * g;
                double ri = b2 * r[i] + c2 * (g * g);
                s[i] = si;
                r[i] = ri;
                if (rMax != null) {
                    ri = Math.max(rMax[i], ri);
                    rMax[i] = ri;
                }
                double denom = Math.sqrt(ri) / bc2Sqrt + d;
                params[i] -= stepSize * (si / denom);
            }
        });
        state.advance();
    }

    /** State: s and r (keys {@code adam.m}, {@code adam.v}), and {@code adam.v_max} with AMSGrad. */
    public static final class State extends OptimizerState {
        /** s, the biased first moment. */
        public final double[] s;
        /** r, the biased second moment. */
        public final double[] r;
        /** The running maximum of r (AMSGrad only), else null. */
        public final double[] rMax;

        State(ParamLayout layout, boolean amsgrad) {
            super("adam", layout);
            s = buffer("m", layout.size());
            r = buffer("v", layout.size());
            rMax = amsgrad ? buffer("v_max", layout.size()) : null;
        }
    }
}
