package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * LARS (layer-wise adaptive rate scaling): SGD with momentum whose step in each block is rescaled by
 * the trust ratio η‖θ_b‖/(‖u_b‖ + ε), Optax's form (learning rate inside the momentum).
 *
 * <pre>
 *   u = g + λθ                                    (λθ only on the blocks of weightDecayMask)
 *   for each block b of trustRatioMask:
 *       r_b = η‖θ_b‖ / (‖u_b‖ + ε),   r_b = 1 if ‖θ_b‖ = 0 or ‖u_b‖ = 0;   u_b ← u_b · r_b
 *   u ← (−ε_k) u
 *   m ← u + μm                                    (m₀ = 0)
 *   θ ← θ + m                 (nesterov: θ ← θ + (u + μm), with the new m)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1.0 (Optax has no default)</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code weightDecayMask}</td><td>{@code all} ({@link BlockMask})</td></tr>
 *   <tr><td>η</td><td>{@code trustCoefficient}</td><td>0.001</td></tr>
 *   <tr><td>ε</td><td>{@code eps}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code trustRatioMask}</td><td>{@code all} ({@link BlockMask})</td></tr>
 *   <tr><td>μ</td><td>{@code momentum}</td><td>0.9</td></tr>
 *   <tr><td></td><td>{@code nesterov}</td><td>false</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code lars} step for step, in its order of floating-point operations:
 * {@code chain(add_decayed_weights(weight_decay, weight_decay_mask),
 * masked(scale_by_trust_ratio(trust_coefficient, eps), trust_ratio_mask),
 * scale_by_learning_rate(learning_rate), trace(momentum, nesterov))}, then {@code apply_updates}.
 * One trust ratio per Optax leaf, here per block of the {@link ParamLayout} (a flat layout is one
 * block), with ‖·‖ the Frobenius norm; ε is added to ‖u_b‖ in the denominator; r_b = 1 when either
 * norm is 0, exactly as Optax's {@code scale_by_trust_ratio} with {@code min_norm = 0}. A block left
 * out of {@code trustRatioMask} takes the plain momentum step. The learning rate multiplies the
 * update <em>before</em> the momentum trace (Goodfellow's Algorithm 8.2 velocity form, v ← αv − εg,
 * not torch's buffer form), so with a schedule the trace keeps the older rates' terms; Optax's
 * Nesterov is the reformulated one (u + μm, gradient at θ), as torch's. The trust ratio is
 * computed on g + λθ (You et al. apply it to the decayed gradient too). torch.optim 1.13 has no
 * LARS. The trust coefficient η = 0.001 is the paper's; with it ε_k is large (around 1) compared to
 * plain SGD's, since each block moves by about ε_k·η‖θ_b‖ per step.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (the trace m) and one scalar per block (the last trust ratios).
 *
 * <h2>References</h2>
 * Y. You, I. Gitman, B. Ginsburg, "Large batch training of convolutional networks",
 * arXiv:1708.03888, 2017 (Algorithm 1). Optax, github.com/google-deepmind/optax at commit
 * {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}: {@code optax/_src/alias.py} ({@code lars}),
 * {@code optax/_src/transform.py} ({@code scale_by_trust_ratio}, {@code scale_by_learning_rate}),
 * {@code optax/transforms/_adding.py} ({@code add_decayed_weights}),
 * {@code optax/transforms/_accumulation.py} ({@code trace}), {@code optax/transforms/_masking.py}
 * ({@code masked}). Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press 2016, §8.3.2,
 * Algorithm 8.2 (momentum).
 *
 * @param learningRate     ε_k
 * @param weightDecay      λ ≥ 0, added to g before the trust ratio
 * @param weightDecayMask  the blocks the weight decay applies to ({@link BlockMask})
 * @param trustCoefficient η ≥ 0, multiplies the trust ratio
 * @param eps              ε ≥ 0, added to ‖u_b‖
 * @param trustRatioMask   the blocks rescaled by their trust ratio ({@link BlockMask})
 * @param momentum         μ in [0, 1), the decay of the trace
 * @param nesterov         use Optax's (reformulated) Nesterov momentum
 * @see Lamb
 * @see Momentum
 * @see Nesterov
 */
public record Lars(Schedule learningRate, double weightDecay, String weightDecayMask, double trustCoefficient,
        double eps, String trustRatioMask, double momentum, boolean nesterov)
        implements Optimizer<Lars.State>, HasLearningRate {

    public Lars {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("weightDecay", weightDecay);
        BlockMask.check("weightDecayMask", weightDecayMask);
        Hyper.nonNegative("trustCoefficient", trustCoefficient);
        Hyper.nonNegative("eps", eps);
        BlockMask.check("trustRatioMask", trustRatioMask);
        Hyper.unitInterval("momentum", momentum);
    }

    /** Optax's defaults with learning rate ε. */
    public static Lars of(double learningRate) {
        return new Lars(Schedule.constant(learningRate), 0, BlockMask.ALL, 0.001, 0, BlockMask.ALL, 0.9, false);
    }

    /** Defaults: ε = 1 (Optax has none), λ = 0, η = 0.001, ε = 0, μ = 0.9, no Nesterov, masks all. */
    public static Lars defaults() {
        return of(1.0);
    }

    public Lars withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Lars withLearningRate(Schedule lr) {
        return new Lars(lr, weightDecay, weightDecayMask, trustCoefficient, eps, trustRatioMask, momentum, nesterov);
    }

    public Lars withWeightDecay(double wd, String mask) {
        return new Lars(learningRate, wd, mask, trustCoefficient, eps, trustRatioMask, momentum, nesterov);
    }

    public Lars withTrustRatio(double coefficient, double e, String mask) {
        return new Lars(learningRate, weightDecay, weightDecayMask, coefficient, e, mask, momentum, nesterov);
    }

    public Lars withMomentum(double mu, boolean nest) {
        return new Lars(learningRate, weightDecay, weightDecayMask, trustCoefficient, eps, trustRatioMask, mu, nest);
    }

    @Override
    public String name() {
        return "lars";
    }

    /**
     * @throws IllegalArgumentException when a mask names a block the layout does not have
     */
    @Override
    public State init(ParamLayout layout) {
        return new State(layout, BlockMask.select(name(), "weightDecayMask", weightDecayMask, layout),
                BlockMask.select(name(), "trustRatioMask", trustRatioMask, layout));
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step; then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        Hyper.checkLengths(name(), params, grad, state);
        ParamLayout layout = state.layout();
        int blocks = layout.blocks().size();
        double[] ratios = state.newRatio;
        double[] norms = state.norms;
        boolean finite = true;
        // pass 1, reading only: the trust ratios. It also checks g, which writes nothing: a finite
        // Σu² means every u = g + λθ, so every g, is finite; other blocks are checked on their own.
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            double wd = state.decayed[b] ? weightDecay : 0;
            double ratio = 1;
            if (state.scaled[b]) {
                // Σθ², Σu² in index order per fixed chunk, the chunks in order (Parallel.tiledSums)
                Parallel.tiledSums(blk.offset(), blk.end(), PLUS_PLUS, (from, to, terms, at) -> {
                    for (int i = from; i < to; i++) {
                        double p = params[i];
                        double u = wd == 0 ? grad[i] : grad[i] + wd * p;
                        terms[at + i - from] = p * p;
                        terms[at + Parallel.TILE + i - from] = u * u;
                    }
                }, 0, null, norms);
                finite &= Double.isFinite(norms[1]);
                double paramNorm = Math.sqrt(norms[0]);
                double updateNorm = Math.sqrt(norms[1]);
                ratio = paramNorm == 0 || updateNorm == 0 ? 1 : trustCoefficient * paramNorm / (updateNorm + eps);
            } else {
                finite &= Vec.allFinite(grad, blk.offset(), blk.end());
            }
            ratios[b] = ratio;
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        double lr = Hyper.learningRateAt(name(), learningRate, state);
        double mu = momentum;
        double[] m = state.velocity;
        boolean nest = nesterov;
        // pass 2: the momentum step of each block
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            double wd = state.decayed[b] ? weightDecay : 0;
            double ratio = ratios[b];
            state.trustRatio[b] = ratio;
            boolean scaled = state.scaled[b];
            Parallel.forRange(blk.offset(), blk.end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double u = wd == 0 ? grad[i] : grad[i] + wd * params[i];
                    if (scaled) {
                        u = u * ratio;
                    }
                    u = -lr * u;
                    double mi = u + mu * m[i];
                    m[i] = mi;
                    params[i] = params[i] + (nest ? u + mu * mi : mi);
                }
            });
        }
        state.advance();
    }

    private static final int[] PLUS_PLUS = {Parallel.PLUS, Parallel.PLUS};

    /**
     * State: the trace m (key {@code lars.velocity}, Optax's {@code trace}: the book's velocity, ε_k
     * inside) and the trust ratio of each block
     * used by the last step ({@code lars.trust_ratio}, 1 for unmasked blocks; not read by the update).
     */
    public static final class State extends OptimizerState {
        /** m, the trace of the scaled updates (it holds −ε_k terms: the book's velocity). */
        public final double[] velocity;
        /** r_b of the last step, one per block (1 before the first step and outside trustRatioMask). */
        public final double[] trustRatio;
        final boolean[] decayed;
        final boolean[] scaled;
        final double[] newRatio;
        final double[] norms = new double[2];

        State(ParamLayout layout, boolean[] decayed, boolean[] scaled) {
            super("lars", layout);
            velocity = buffer("velocity", layout.size());
            trustRatio = buffer("trust_ratio", layout.blocks().size());
            java.util.Arrays.fill(trustRatio, 1);
            this.decayed = decayed;
            this.scaled = scaled;
            newRatio = scratch(layout.blocks().size());
        }
    }
}
