package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * AdamW: Adam with decoupled weight decay, which shrinks θ directly instead of adding λθ to the
 * gradient that feeds the moments.
 *
 * <pre>
 *   t ← t + 1
 *   θ ← θ (1 − ε_k λ)                            (decoupled decay, before the Adam step)
 *   m ← β₁m + (1 − β₁) g                          (m₀ = 0)
 *   v ← β₂v + (1 − β₂) g ⊙ g                      (v₀ = 0)
 *   v_max ← max(v_max, v); use v_max for v         (AMSGrad only)
 *   θ ← θ − ε_k/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + δ)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td></tr>
 *   <tr><td>β₁ (book ρ₁)</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂ (book ρ₂)</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0.01</td></tr>
 *   <tr><td></td><td>{@code amsgrad}</td><td>false</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code AdamW} (1.13), step for step: θ ← θ(1 − ε_kλ) happens first, then the Adam
 * update of {@link Adam} with the same order of operations, so with λ = 0 this class reproduces
 * {@code Adam} bit for bit. The decay is scaled by the learning rate ε_k, as in torch and Optax
 * {@code adamw} (Optax adds λθ to the normalized update before scaling by −ε_k, which is the same
 * to rounding, and defaults λ to 1e-4); Loshchilov &amp; Hutter scale it only by the schedule
 * multiplier η_t, not by the base rate. Goodfellow (Algorithm 8.7) has no weight decay; its
 * coupled L2 form is {@link Adam#weightDecay()}. Any optimizer gets the same decay from
 * {@link dev.descent.optim.transform.DecoupledWeightDecay}, which applies it after the inner
 * step from the saved θ (equal to this class to rounding). m and v are the book's s and r.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, v); three with AMSGrad.
 *
 * <h2>References</h2>
 * I. Loshchilov, F. Hutter, "Decoupled weight decay regularization", ICLR 2019, arXiv:1711.05101
 * (Algorithm 2). D. P. Kingma, J. Ba, "Adam: A method for stochastic optimization", ICLR 2015,
 * arXiv:1412.6980. Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.3,
 * Algorithm 8.7 (Adam), §7.1 (L2 parameter norm penalty). S. J. Reddi, S. Kale, S. Kumar, "On the
 * convergence of Adam and beyond", ICLR 2018 (AMSGrad).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1)
 * @param beta2        β₂ in [0, 1)
 * @param eps          δ ≥ 0
 * @param weightDecay  λ ≥ 0, decoupled: θ ← θ(1 − ε_kλ)
 * @param amsgrad      use the running maximum of the second moment
 * @see Adam
 * @see Adamax
 * @see NAdam
 * @see RAdam
 * @see dev.descent.optim.transform.DecoupledWeightDecay
 */
public record AdamW(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay,
        boolean amsgrad) implements Optimizer<AdamW.State>, HasLearningRate {

    public AdamW {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch defaults (λ = 0.01) with learning rate ε. */
    public static AdamW of(double learningRate) {
        return new AdamW(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0.01, false);
    }

    /** torch.optim {@code AdamW()} defaults: lr = 0.001, betas = (0.9, 0.999), eps = 1e-8, weight_decay = 0.01. */
    public static AdamW defaults() {
        return of(0.001);
    }

    public AdamW withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public AdamW withLearningRate(Schedule lr) {
        return new AdamW(lr, beta1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamW withBeta1(double b1) {
        return new AdamW(learningRate, b1, beta2, eps, weightDecay, amsgrad);
    }

    public AdamW withBeta2(double b2) {
        return new AdamW(learningRate, beta1, b2, eps, weightDecay, amsgrad);
    }

    public AdamW withEps(double e) {
        return new AdamW(learningRate, beta1, beta2, e, weightDecay, amsgrad);
    }

    public AdamW withWeightDecay(double wd) {
        return new AdamW(learningRate, beta1, beta2, eps, wd, amsgrad);
    }

    public AdamW withAmsgrad(boolean a) {
        return new AdamW(learningRate, beta1, beta2, eps, weightDecay, a);
    }

    @Override
    public String name() {
        return "adamw";
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
        double keep = 1 - lr * weightDecay;
        double d = eps;
        double[] m = state.m;
        double[] v = state.v;
        double[] vMax = state.vMax;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double mi = b1 * m[i] + c1 * g;
                double vi = b2 * v[i] + c2 * (g * g);
                m[i] = mi;
                v[i] = vi;
                if (vMax != null) {
                    vi = Math.max(vMax[i], vi);
                    vMax[i] = vi;
                }
                double denom = Math.sqrt(vi) / bc2Sqrt + d;
                params[i] = params[i] * keep - stepSize * (mi / denom);
            }
        });
        state.advance();
    }

    /** State: m and v (keys {@code adamw.m}, {@code adamw.v}), and {@code adamw.v_max} with AMSGrad. */
    public static final class State extends OptimizerState {
        /** m, the biased first moment (torch {@code exp_avg}). */
        public final double[] m;
        /** v, the biased second moment (torch {@code exp_avg_sq}). */
        public final double[] v;
        /** The running maximum of v (AMSGrad only, torch {@code max_exp_avg_sq}), else null. */
        public final double[] vMax;

        State(ParamLayout layout, boolean amsgrad) {
            super("adamw", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.size());
            vMax = amsgrad ? buffer("v_max", layout.size()) : null;
        }
    }
}
