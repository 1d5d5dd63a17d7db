package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Schedule-Free SGD: SGD with momentum replaced by interpolation and averaging, without a
 * decaying schedule. The parameters hold the interpolated point y, where the gradient is taken; a
 * base sequence z takes plain SGD steps, and the averaged sequence x (the point to evaluate or
 * deploy) is a weighted running average of z.
 *
 * <pre>
 *   k ← t (completed steps)
 *   γ = ε_k · min(1, (k+1)/warmup)                 (linear warmup; 1 when warmup = 0)
 *   γ_max ← max(γ_max, γ)
 *   w = (k+1)^r · γ_max^p,  Σw ← Σw + w,  c = w/Σw (c = 0 when Σw = 0)
 *   u = g + λy                                     (g taken at y)
 *   y ← lerp(y, z, c) + γ(β(1 − c) − 1) u
 *   z ← z − γu                                    (z₀ = θ₀, set at the first step)
 *   x = lerp(y, z, 1 − 1/β)                        ({@link #modelPoint})
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (reference)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0</td></tr>
 *   <tr><td>β</td><td>{@code momentum}</td><td>0.9</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td>warmup</td><td>{@code warmupSteps}</td><td>0</td></tr>
 *   <tr><td>r</td><td>{@code r}</td><td>0</td></tr>
 *   <tr><td>p</td><td>{@code weightLrPower}</td><td>2</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * The reference's {@code SGDScheduleFree} per-tensor loop ({@code foreach=False}) operation for
 * operation, in train mode: {@code params} hold y, the gradient is evaluated at y, so
 * {@link #evaluationPoint} returns {@code params}; x, the point the reference's {@code eval()} puts
 * in the parameters, is {@link #modelPoint}. lerp is torch's (see {@link ScheduleFreeAdamW}).
 * Weight decay is the reference's coupled form, λy added to the gradient. The warmup and the
 * averaging weights are part of the algorithm, not a schedule; {@code learningRate} may still be a
 * schedule, and γ_max keeps the largest γ so far. β must be in (0, 1), as the reference requires.
 * The default ε = 1 is the reference's, tuned for deep networks; an ill-conditioned problem needs
 * ε &lt; 2/L as for SGD.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (z) and two scalars (Σw, γ_max).
 *
 * <h2>References</h2>
 * A. Defazio, X. A. Yang, H. Mehta, K. Mishchenko, A. Khaled, A. Cutkosky, "The road less
 * scheduled", NeurIPS 2024, arXiv:2405.15682. Reference implementation:
 * github.com/facebookresearch/schedule_free, {@code schedulefree/sgd_schedulefree.py} at commit
 * {@code 70785b53e778d0e872c0bbb75ff4ee54ee10c291}. Goodfellow, Bengio, Courville, <i>Deep Learning</i>,
 * MIT Press 2016, §8.7.3 (Polyak averaging, of which x is a weighted form) and §8.3.2 (momentum,
 * which the interpolation y replaces).
 *
 * @param learningRate  ε_k, the peak learning rate (reference {@code lr})
 * @param momentum      β in (0, 1), the interpolation weight between z and x
 * @param weightDecay   λ ≥ 0, coupled: added to the gradient
 * @param warmupSteps   ≥ 0, steps of linear warmup (0: none)
 * @param r             ≥ 0, the polynomial power of the averaging weights
 * @param weightLrPower p ≥ 0, the power of γ_max in the averaging weights
 * @see ScheduleFreeAdamW
 * @see Momentum
 */
public record ScheduleFreeSgd(Schedule learningRate, double momentum, double weightDecay, long warmupSteps,
        double r, double weightLrPower) implements Optimizer<ScheduleFreeSgd.State>, HasLearningRate {

    public ScheduleFreeSgd {
        Hyper.learningRate(learningRate);
        Hyper.openUnitInterval("momentum", momentum);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.nonNegativeCount("warmupSteps", warmupSteps);
        Hyper.nonNegative("r", r);
        Hyper.nonNegative("weightLrPower", weightLrPower);
    }

    /** Reference defaults with learning rate ε. */
    public static ScheduleFreeSgd of(double learningRate) {
        return new ScheduleFreeSgd(Schedule.constant(learningRate), 0.9, 0, 0, 0, 2);
    }

    /** Reference {@code SGDScheduleFree()} defaults: lr 1.0, momentum 0.9, no decay, no warmup, r 0, weight_lr_power 2. */
    public static ScheduleFreeSgd defaults() {
        return of(1.0);
    }

    public ScheduleFreeSgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    @Override
    public ScheduleFreeSgd withLearningRate(Schedule lr) {
        return new ScheduleFreeSgd(lr, momentum, weightDecay, warmupSteps, r, weightLrPower);
    }

    public ScheduleFreeSgd withWarmupSteps(long steps) {
        return new ScheduleFreeSgd(learningRate, momentum, weightDecay, steps, r, weightLrPower);
    }

    public ScheduleFreeSgd withR(double power) {
        return new ScheduleFreeSgd(learningRate, momentum, weightDecay, warmupSteps, power, weightLrPower);
    }

    @Override
    public String name() {
        return "sf_sgd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /** γ of the step after {@code k} completed steps: ε_k · min(1, (k+1)/warmup), the reference's {@code scheduled_lr}. */
    public double scheduledLearningRate(long k) {
        return ScheduleFreeAdamW.warmedUp(learningRate.valueAt(k), k, warmupSteps);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double base = Hyper.checkStep(name(), learningRate, params, grad, state);
        long k = state.step();
        double lr = ScheduleFreeAdamW.warmedUp(base, k, warmupSteps);
        double lrMax = Math.max(lr, state.lrMax[0]);
        double weight = Math.pow(k + 1, r) * Math.pow(lrMax, weightLrPower);
        double weightSum = state.weightSum[0] + weight;
        double ckp1 = weightSum == 0 ? 0 : weight / weightSum; // the reference's ZeroDivisionError branch
        double[] z = state.z;
        if (k == 0) {
            System.arraycopy(params, 0, z, 0, params.length); // z₀ = θ₀
        }
        double decay = weightDecay;
        double yStep = lr * (momentum * (1 - ckp1) - 1);
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                double u = grad[i];
                double y = params[i];
                if (decay != 0) {
                    u = u + decay * y;
                }
                double zi = z[i];
                y = ScheduleFreeAdamW.lerp(y, zi, ckp1);
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
     * x, the averaged point (the reference's parameters after {@code eval()}): lerp(y, z, 1 − 1/β),
     * or y itself before the first step. Returns a buffer owned by {@code state}.
     *
     * @param params not modified: y
     * @param state  not modified (apart from its scratch buffer)
     */
    @Override
    public double[] modelPoint(double[] params, State state) {
        return ScheduleFreeAdamW.average(params, state.z, state.step(), momentum, state.x);
    }

    /** State: z (key {@code sf_sgd.z}), Σw, γ_max and the last c. */
    public static final class State extends OptimizerState {
        /** z, the base sequence (reference {@code state['z']}). */
        public final double[] z;
        /** Σw, the sum of the averaging weights so far (reference {@code weight_sum}). */
        final double[] weightSum;
        /** γ_max, the largest γ so far (reference {@code lr_max}, which starts at −1; 0 here, γ ≥ 0). */
        final double[] lrMax;
        /** c of the last step (reference {@code ckp1}), kept for reports. */
        final double[] lastCkp1;
        private final double[] x;

        State(ParamLayout layout) {
            super("sf_sgd", layout);
            z = buffer("z", layout.size());
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
}
