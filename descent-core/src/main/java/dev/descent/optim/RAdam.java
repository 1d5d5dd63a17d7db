package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * RAdam: Adam whose adaptive step is switched on, and rectified, only once the variance of the
 * second-moment estimate is tractable.
 *
 * <pre>
 *   t ← t + 1
 *   g ← g + λθ                                  (only when λ &gt; 0: coupled L2, torch's weight_decay)
 *   m ← β₁m + (1 − β₁) g;   v ← β₂v + (1 − β₂) g ⊙ g       (m₀ = v₀ = 0)
 *   m̂ = m / (1 − β₁ᵗ)
 *   ρ∞ = 2/(1 − β₂) − 1;   ρ_t = ρ∞ − 2t β₂ᵗ/(1 − β₂ᵗ)
 *   ρ_t &gt; 5:  r_t = √((ρ_t − 4)(ρ_t − 2) ρ∞ / ((ρ∞ − 4)(ρ∞ − 2) ρ_t))
 *             θ ← θ − ε_k · m̂ · √(1 − β₂ᵗ)/(√v + δ) · r_t
 *   ρ_t ≤ 5:  θ ← θ − ε_k · m̂                     (momentum SGD, no denominator)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim {@code RAdam} (1.13). δ is added to √v <em>before</em> the bias correction
 * √(1 − β₂ᵗ) is applied, unlike {@link Adam}, where it is added after. The threshold is fixed at
 * 5 and strict (ρ_t &gt; 5), as in torch and in Liu et al.'s Algorithm 2; Optax {@code radam}
 * makes it a parameter ({@code threshold=5.0}), compares with ≥ and adds eps after the bias
 * correction. With β₂ = 0.999 the first five steps take the un-adapted branch, whose size is
 * ε_k·m̂, the size of the gradient itself: choose ε_k as for SGD. {@code weightDecay} is torch's
 * coupled L2. Not in Goodfellow, whose Adam (Algorithm 8.7) this modifies.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, v).
 *
 * <h2>References</h2>
 * L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, "On the variance of the adaptive
 * learning rate and beyond", ICLR 2020, arXiv:1908.03265 (Algorithm 2). Goodfellow, Bengio,
 * Courville, <i>Deep Learning</i>, MIT Press 2016, §8.5.3, Algorithm 8.7 (Adam).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1)
 * @param beta2        β₂ in [0, 1)
 * @param eps          δ ≥ 0
 * @param weightDecay  λ ≥ 0, coupled L2
 * @see Adam
 * @see AdamW
 * @see NAdam
 */
public record RAdam(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay)
        implements Optimizer<RAdam.State>, HasLearningRate {

    /** ρ_t must exceed this for the adaptive, rectified step (torch's and the paper's 5). */
    public static final double THRESHOLD = 5;

    public RAdam {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch defaults with learning rate ε. */
    public static RAdam of(double learningRate) {
        return new RAdam(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0);
    }

    /** torch.optim {@code RAdam()} defaults: lr = 0.001, betas = (0.9, 0.999), eps = 1e-8. */
    public static RAdam defaults() {
        return of(0.001);
    }

    public RAdam withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public RAdam withLearningRate(Schedule lr) {
        return new RAdam(lr, beta1, beta2, eps, weightDecay);
    }

    public RAdam withBeta1(double b1) {
        return new RAdam(learningRate, b1, beta2, eps, weightDecay);
    }

    public RAdam withBeta2(double b2) {
        return new RAdam(learningRate, beta1, b2, eps, weightDecay);
    }

    public RAdam withEps(double e) {
        return new RAdam(learningRate, beta1, beta2, e, weightDecay);
    }

    public RAdam withWeightDecay(double wd) {
        return new RAdam(learningRate, beta1, beta2, eps, wd);
    }

    @Override
    public String name() {
        return "radam";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /**
     * ρ_t, the length of the approximated simple moving average at step t (from 1); the step is
     * rectified when it exceeds {@link #THRESHOLD}.
     */
    public double rho(long t) {
        double rhoInf = 2 / (1 - beta2) - 1;
        double b2t = Math.pow(beta2, t);
        return rhoInf - 2 * t * b2t / (1 - b2t);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double b2 = beta2;
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double rhoInf = 2 / (1 - b2) - 1;
        double rhoT = rho(t);
        boolean rectified = rhoT > THRESHOLD;
        double rect = rectified
                ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
                : 0;
        double bc2Sqrt = Math.sqrt(bc2);
        double wd = weightDecay;
        double d = eps;
        double[] m = state.m;
        double[] v = state.v;
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                double mi = b1 * m[i] + c1 * g;
                double vi = b2 * v[i] + c2 * (g * g);
                m[i] = mi;
                v[i] = vi;
                double step = (mi / bc1) * lr;
                if (rectified) {
                    step = step * (bc2Sqrt / (Math.sqrt(vi) + d)) * rect;
                }
                params[i] -= step;
            }
        });
        state.advance();
    }

    /** State: m and v, keys {@code radam.m}, {@code radam.v}. */
    public static final class State extends OptimizerState {
        /** m, the biased first moment (torch {@code exp_avg}). */
        public final double[] m;
        /** v, the biased second moment (torch {@code exp_avg_sq}). */
        public final double[] v;

        State(ParamLayout layout) {
            super("radam", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.size());
        }
    }
}
