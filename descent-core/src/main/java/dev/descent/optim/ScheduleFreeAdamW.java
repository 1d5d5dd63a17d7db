package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Schedule-Free AdamW: AdamW's normalized step without a decaying schedule. The parameters hold the
 * interpolated point y, where the gradient is taken; a base sequence z takes plain steps, and the
 * averaged sequence x (the point to evaluate or deploy) is a weighted running average of z.
 *
 * <pre>
 *   k ← t (completed steps)
 *   γ = ε_k · min(1, (k+1)/warmup)                 (linear warmup; 1 when warmup = 0)
 *   γ_max ← max(γ_max, γ)
 *   w = (k+1)^r · γ_max^p,  Σw ← Σw + w,  c = w/Σw (c = 0 when Σw = 0)
 *   v ← β₂v + (1 − β₂) g ⊙ g                      (v₀ = 0; g taken at y)
 *   u = g / (√(v / (1 − β₂^(k+1))) + δ) + λy       (λy from y before the step)
 *   y ← lerp(y, z, c) + γ(β₁(1 − c) − 1) u
 *   z ← z − γu                                    (z₀ = θ₀, set at the first step)
 *   x = lerp(y, z, 1 − 1/β₁)                       ({@link #modelPoint})
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.0025</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>δ</td><td>{@code eps}</td><td>1e-8</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td>warmup</td><td>{@code warmupSteps}</td><td>0</td></tr>
 *   <tr><td>r</td><td>{@code r}</td><td>0</td></tr>
 *   <tr><td>p</td><td>{@code weightLrPower}</td><td>2</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The reference's {@code AdamWScheduleFree} per-tensor loop ({@code foreach=False}) operation for
 * operation, in train mode: {@code params} hold y (the reference's parameter tensor in train mode),
 * the gradient is evaluated at y, so {@link #evaluationPoint} returns {@code params}; x, the point
 * the reference's {@code eval()} puts in the parameters, is {@link #modelPoint}. lerp is torch's:
 * a + w(b − a) for |w| &lt; 0.5, else b − (b − a)(1 − w). The bias correction applies to v only (β₁
 * is the interpolation weight, not a first moment, so there is no m; the reference's optional
 * {@code inner_momentum}, default 0, is not implemented). Weight decay is the reference's: λy added
 * to the normalized step, so it is scaled by γ and enters both y and z. The warmup and the averaging
 * weights are part of the algorithm, not a schedule; {@code learningRate} may still be a schedule
 * (the reference's group lr changed by hand), and γ_max keeps the largest γ so far. Unlike the
 * reference, β₁ must be in (0, 1) (x divides by β₁).
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (z, v) and two scalars (Σw, γ_max).
 *
 * <h2>References</h2>
 * A. Defazio, X. A. Yang, H. Mehta, K. Mishchenko, A. Khaled, A. Cutkosky, "The road less
 * scheduled", NeurIPS 2024, arXiv:2405.15682. Reference implementation:
 * github.com/facebookresearch/schedule_free, {@code schedulefree/adamw_schedulefree.py} at commit
 * {@code 70785b53e778d0e872c0bbb75ff4ee54ee10c291}. Goodfellow, Bengio, Courville, <i>Deep Learning</i>,
 * MIT Press 2016, §8.7.3 (Polyak averaging, of which x is a weighted form) and §8.3.2 (momentum,
 * which the interpolation y replaces).
 *
 * @param learningRate  ε_k, the peak learning rate (reference {@code lr})
 * @param beta1         β₁ in (0, 1), the interpolation weight between z and x
 * @param beta2         β₂ in [0, 1), the second-moment decay
 * @param eps           δ ≥ 0, outside the square root
 * @param weightDecay   λ ≥ 0, added to the normalized step at y
 * @param warmupSteps   ≥ 0, steps of linear warmup (0: none)
 * @param r             ≥ 0, the polynomial power of the averaging weights
 * @param weightLrPower p ≥ 0, the power of γ_max in the averaging weights
 * @see ScheduleFreeSgd
 * @see AdamW
 */
public record ScheduleFreeAdamW(Schedule learningRate, double beta1, double beta2, double eps, double weightDecay,
        long warmupSteps, double r, double weightLrPower) implements Optimizer<ScheduleFreeAdamW.State>, HasLearningRate {

    public ScheduleFreeAdamW {
        Hyper.learningRate(learningRate);
        Hyper.openUnitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.nonNegativeCount("warmupSteps", warmupSteps);
        Hyper.nonNegative("r", r);
        Hyper.nonNegative("weightLrPower", weightLrPower);
    }

    /** Reference defaults with learning rate ε. */
    public static ScheduleFreeAdamW of(double learningRate) {
        return new ScheduleFreeAdamW(Schedule.constant(learningRate), 0.9, 0.999, 1e-8, 0, 0, 0, 2);
    }

    /** Reference {@code AdamWScheduleFree()} defaults: lr 0.0025, betas (0.9, 0.999), eps 1e-8, no decay, no warmup, r 0, weight_lr_power 2. */
    public static ScheduleFreeAdamW defaults() {
        return of(0.0025);
    }

    public ScheduleFreeAdamW withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    @Override
    public ScheduleFreeAdamW withLearningRate(Schedule lr) {
        return new ScheduleFreeAdamW(lr, beta1, beta2, eps, weightDecay, warmupSteps, r, weightLrPower);
    }

    public ScheduleFreeAdamW withWarmupSteps(long steps) {
        return new ScheduleFreeAdamW(learningRate, beta1, beta2, eps, weightDecay, steps, r, weightLrPower);
    }

    public ScheduleFreeAdamW withR(double power) {
        return new ScheduleFreeAdamW(learningRate, beta1, beta2, eps, weightDecay, warmupSteps, power, weightLrPower);
    }

    public ScheduleFreeAdamW withWeightDecay(double wd) {
        return new ScheduleFreeAdamW(learningRate, beta1, beta2, eps, wd, warmupSteps, r, weightLrPower);
    }

    @Override
    public String name() {
        return "sf_adamw";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /** γ of the step after {@code k} completed steps: ε_k · min(1, (k+1)/warmup), the reference's {@code scheduled_lr}. */
    public double scheduledLearningRate(long k) {
        return warmedUp(learningRate.valueAt(k), k, warmupSteps);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double base = Hyper.checkStep(name(), learningRate, params, grad, state);
        long k = state.step();
        double lr = warmedUp(base, k, warmupSteps);
        double b1 = beta1;
        double b2 = beta2;
        double bc2 = 1 - Math.pow(b2, k + 1);
        double lrMax = Math.max(lr, state.lrMax[0]);
        double weight = Math.pow(k + 1, r) * Math.pow(lrMax, weightLrPower);
        double weightSum = state.weightSum[0] + weight;
        double ckp1 = weightSum == 0 ? 0 : weight / weightSum; // the reference's ZeroDivisionError branch
        double[] z = state.z;
        double[] v = state.v;
        if (k == 0) {
            System.arraycopy(params, 0, z, 0, params.length); // z₀ = θ₀
        }
        double c2 = 1 - b2;
        double decay = weightDecay;
        double yStep = lr * (b1 * (1 - ckp1) - 1);
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double g = grad[i];
                double vi = v[i] * b2 + c2 * g * g;
                v[i] = vi;
                double denom = Math.sqrt(vi / bc2) + eps;
                double u = g / denom;
                double y = params[i];
                if (decay != 0) {
                    u = u + decay * y;
                }
                double zi = z[i];
                y = lerp(y, zi, ckp1);
                params[i] = y + yStep * u;
                z[i] = zi - lr * u;
            }
        });
        state.lrMax[0] = lrMax;
        state.weightSum[0] = weightSum;
        state.lastCkp1[0] = ckp1;
        state.advance();
    }

    /**
     * x, the averaged point (the reference's parameters after {@code eval()}): lerp(y, z, 1 − 1/β₁),
     * or y itself before the first step. Returns a buffer owned by {@code state}.
     *
     * @param params not modified: y
     * @param state  not modified (apart from its scratch buffer)
     */
    @Override
    public double[] modelPoint(double[] params, State state) {
        return average(params, state.z, state.step(), beta1, state.x);
    }

    /** State: z and v (keys {@code sf_adamw.z}, {@code sf_adamw.v}), Σw, γ_max and the last c. */
    public static final class State extends OptimizerState {
        /** z, the base sequence (reference {@code state['z']}). */
        public final double[] z;
        /** v, the biased second moment (reference {@code exp_avg_sq}). */
        public final double[] v;
        /** Σw, the sum of the averaging weights so far (reference {@code weight_sum}). */
        final double[] weightSum;
        /** γ_max, the largest γ so far (reference {@code lr_max}, which starts at −1; 0 here, γ ≥ 0). */
        final double[] lrMax;
        /** c of the last step (reference {@code ckp1}), kept for reports. */
        final double[] lastCkp1;
        private final double[] x;

        State(ParamLayout layout) {
            super("sf_adamw", layout);
            z = buffer("z", layout.size());
            v = buffer("v", layout.size());
            weightSum = buffer("weight_sum", 1);
            lrMax = buffer("lr_max", 1);
            lastCkp1 = buffer("ckp1", 1);
            x = scratch(layout.size());
        }

        /** c = w_t/Σw of the last step (0 before the first). */
        public double ckp1() {
            return lastCkp1[0];
        }
    }

    // ---- shared with ScheduleFreeSgd ----

    /** torch's CPU lerp: a + w(b − a) for |w| &lt; 0.5, else b − (b − a)(1 − w). */
    static double lerp(double a, double b, double w) {
        return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    /** The reference's {@code lr * sched}, sched = (k+1)/warmup during the warmup, else 1. */
    static double warmedUp(double lr, long k, long warmupSteps) {
        double sched = k < warmupSteps ? (double) (k + 1) / warmupSteps : 1.0;
        return lr * sched;
    }

    static double[] average(double[] y, double[] z, long step, double beta, double[] out) {
        if (step == 0) {
            System.arraycopy(y, 0, out, 0, y.length); // no z yet: eval() leaves y
            return out;
        }
        double w = 1 - 1 / beta;
        for (int i = 0; i < y.length; i++) {
            out[i] = lerp(y[i], z[i], w);
        }
        return out;
    }
}
