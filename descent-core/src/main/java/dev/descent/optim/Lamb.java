package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * LAMB (layer-wise adaptive moments): Adam's step plus decoupled weight decay, rescaled in each
 * block by the trust ratio ‖θ_b‖/‖u_b‖, so every block moves by about ε_k‖θ_b‖ per step.
 *
 * <pre>
 *   t ← t + 1
 *   m ← (1 − β₁) g + β₁m;   v ← (1 − β₂) g ⊙ g + β₂v            (m₀ = v₀ = 0)
 *   m̂ = m / (1 − β₁ᵗ);   v̂ = v / (1 − β₂ᵗ)
 *   u = m̂ / (√(v̂ + ε_root) + ε) + λθ                          (λθ only on the blocks of mask)
 *   for each block b:  r_b = ‖θ_b‖ / ‖u_b‖,  r_b = 1 if ‖θ_b‖ = 0 or ‖u_b‖ = 0
 *   θ_b ← θ_b + (−ε_k)(u_b · r_b)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001 (Optax has no default)</td></tr>
 *   <tr><td>β₁</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂</td><td>{@code beta2}</td><td>0.999</td></tr>
 *   <tr><td>ε</td><td>{@code eps}</td><td>1e-6</td></tr>
 *   <tr><td>ε_root</td><td>{@code epsRoot}</td><td>0</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 *   <tr><td></td><td>{@code mask}</td><td>{@code all} (the blocks λθ is added to; see {@link BlockMask})</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code lamb} step for step, in its order of floating-point operations:
 * {@code chain(scale_by_adam(b1, b2, eps, eps_root), add_decayed_weights(weight_decay, mask),
 * scale_by_trust_ratio(), scale_by_learning_rate(learning_rate))} followed by
 * {@code apply_updates}. ε is outside the root of the bias-corrected v̂ (Adam's place) and
 * ε_root inside it. The trust ratio is Optax's {@code scale_by_trust_ratio} with
 * {@code min_norm = 0}, {@code trust_coefficient = 1}, {@code eps = 0}: one ratio per Optax leaf,
 * here per block of the {@link ParamLayout} (a flat layout is one block, so one global ratio), with
 * ‖·‖ the Frobenius norm of the block, and r_b = 1 where either norm is 0 (a zero block, such as a
 * bias initialized to 0, takes the plain Adam step). The weight decay is added to the Adam
 * direction before the trust ratio (You et al.'s Algorithm 2), so it is decoupled like AdamW's but
 * rescaled with the block; the mask selects the decayed blocks ({@code mask=matrices} leaves
 * biases alone). t counts from 1 as in {@link Adam}. With a schedule, step t uses ε at t − 1
 * (Optax's {@code count}). Beyond Goodfellow et al. ch. 8: Adam (Algorithm 8.7) with a per-layer
 * rescaling; torch.optim 1.13 has no LAMB. The authors' Algorithm 2 also allows a scaling function
 * φ(‖θ‖) and clips it; Optax (and descent) use φ = identity.
 *
 * <h2>Memory</h2>
 * Two extra vectors of size n (m, v) and one scalar per block (the last trust ratios).
 *
 * <h2>References</h2>
 * Y. You, J. Li, S. Reddi, J. Hseu, S. Kumar, S. Bhojanapalli, X. Song, J. Demmel, K. Keutzer,
 * C.-J. Hsieh, "Large batch optimization for deep learning: training BERT in 76 minutes",
 * ICLR 2020, arXiv:1904.00962 (Algorithm 2). Optax, github.com/google-deepmind/optax at commit
 * {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}: {@code optax/_src/alias.py} ({@code lamb}),
 * {@code optax/_src/transform.py} ({@code scale_by_adam}, {@code scale_by_trust_ratio},
 * {@code scale_by_learning_rate}), {@code optax/transforms/_adding.py}
 * ({@code add_decayed_weights}). Goodfellow, Bengio, Courville, <i>Deep Learning</i>, MIT Press
 * 2016, §8.5.3, Algorithm 8.7 (Adam).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1)
 * @param beta2        β₂ in [0, 1)
 * @param eps          ε ≥ 0, outside the root
 * @param epsRoot      ε_root ≥ 0, inside the root
 * @param weightDecay  λ ≥ 0, added to the Adam direction before the trust ratio
 * @param mask         the blocks the weight decay applies to ({@link BlockMask})
 * @see Lars
 * @see Adam
 * @see AdamW
 */
public record Lamb(Schedule learningRate, double beta1, double beta2, double eps, double epsRoot, double weightDecay,
        String mask) implements Optimizer<Lamb.State>, HasLearningRate {

    public Lamb {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("epsRoot", epsRoot);
        Hyper.nonNegative("weightDecay", weightDecay);
        BlockMask.check("mask", mask);
    }

    /** Optax's defaults with learning rate ε. */
    public static Lamb of(double learningRate) {
        return new Lamb(Schedule.constant(learningRate), 0.9, 0.999, 1e-6, 0, 0, BlockMask.ALL);
    }

    /** Defaults: ε = 0.001 (Optax has none), β₁ = 0.9, β₂ = 0.999, ε = 1e-6, ε_root = 0, λ = 0. */
    public static Lamb defaults() {
        return of(0.001);
    }

    public Lamb withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Lamb withLearningRate(Schedule lr) {
        return new Lamb(lr, beta1, beta2, eps, epsRoot, weightDecay, mask);
    }

    public Lamb withBetas(double b1, double b2) {
        return new Lamb(learningRate, b1, b2, eps, epsRoot, weightDecay, mask);
    }

    public Lamb withEps(double e, double eRoot) {
        return new Lamb(learningRate, beta1, beta2, e, eRoot, weightDecay, mask);
    }

    public Lamb withWeightDecay(double wd) {
        return new Lamb(learningRate, beta1, beta2, eps, epsRoot, wd, mask);
    }

    public Lamb withMask(String m) {
        return new Lamb(learningRate, beta1, beta2, eps, epsRoot, weightDecay, m);
    }

    @Override
    public String name() {
        return "lamb";
    }

    /**
     * @throws IllegalArgumentException when {@link #mask} names a block the layout does not have
     */
    @Override
    public State init(ParamLayout layout) {
        return new State(layout, BlockMask.select(name(), "mask", mask, layout));
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step; then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        long t = state.step() + 1;
        double b1 = beta1;
        double b2 = beta2;
        double bc1 = 1 - Math.pow(b1, t);
        double bc2 = 1 - Math.pow(b2, t);
        double[] m = state.m;
        double[] v = state.v;
        double[] norms = state.norms;
        ParamLayout layout = state.layout();
        for (int b = 0; b < layout.blocks().size(); b++) {
            Block blk = layout.blocks().get(b);
            double wd = state.decayed[b] ? weightDecay : 0;
            // pass 1: moments, and the norms of θ_b and u_b (Σθ², Σu² in index order per fixed chunk,
            // the chunks in order: Parallel.tiledSums, whose tile loop has no reduction to serialize it)
            Parallel.tiledSums(blk.offset(), blk.end(), PLUS_PLUS, (from, to, terms, at) -> {
                for (int i = from; i < to; i++) {
                    double g = grad[i];
                    double mi = (1 - b1) * g + b1 * m[i];
                    double vi = (1 - b2) * (g * g) + b2 * v[i];
                    m[i] = mi;
                    v[i] = vi;
                    double p = params[i];
                    double u = direction(mi, vi, bc1, bc2, wd, p);
                    terms[at + i - from] = p * p;
                    terms[at + Parallel.TILE + i - from] = u * u;
                }
            }, 0, null, norms);
            double paramNorm = Math.sqrt(norms[0]);
            double updateNorm = Math.sqrt(norms[1]);
            double ratio = paramNorm == 0 || updateNorm == 0 ? 1 : paramNorm / updateNorm;
            state.trustRatio[b] = ratio;
            // pass 2: u_b again (the same operations, so the same bits) times r_b, times −ε_k
            Parallel.forRange(blk.offset(), blk.end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double u = direction(m[i], v[i], bc1, bc2, wd, params[i]);
                    params[i] = params[i] + -lr * (u * ratio);
                }
            });
        }
        state.advance();
    }

    private static final int[] PLUS_PLUS = {Parallel.PLUS, Parallel.PLUS};

    /** Optax's scale_by_adam output plus add_decayed_weights: m̂/(√(v̂ + ε_root) + ε) + λθ. */
    private double direction(double m, double v, double bc1, double bc2, double wd, double theta) {
        double u = (m / bc1) / (Math.sqrt(v / bc2 + epsRoot) + eps);
        return wd == 0 ? u : u + wd * theta;
    }

    /**
     * State: m, v (keys {@code lamb.m}, {@code lamb.v}, Optax's {@code mu}, {@code nu}) and the trust
     * ratio of each block used by the last step ({@code lamb.trust_ratio}, not read by the update).
     */
    public static final class State extends OptimizerState {
        /** m, the biased first moment. */
        public final double[] m;
        /** v, the biased second moment. */
        public final double[] v;
        /** r_b of the last step, one per block (1 before the first step). */
        public final double[] trustRatio;
        final boolean[] decayed;
        final double[] norms = new double[2];

        State(ParamLayout layout, boolean[] decayed) {
            super("lamb", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.size());
            trustRatio = buffer("trust_ratio", layout.blocks().size());
            java.util.Arrays.fill(trustRatio, 1);
            this.decayed = decayed;
        }
    }
}
