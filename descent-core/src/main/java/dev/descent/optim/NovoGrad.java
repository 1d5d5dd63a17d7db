package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * NovoGrad: a second moment per parameter block (the squared norm of the block's gradient) instead
 * of per coordinate, and a momentum of the normalized gradient plus weight decay.
 *
 * <pre>
 *   t ← t + 1;   for each block b of the layout:
 *   v_b ← ‖g_b‖²                                   (t = 1)
 *   v_b ← (1 − β₂)‖g_b‖² + β₂v_b                   (t &gt; 1)
 *   u_b = g_b / (√(v_b + ε̄) + ε) + λθ_b            (the new v_b)
 *   m_b ← u_b (t = 1);   m_b ← β₁m_b + u_b (t &gt; 1)
 *   θ_b ← θ_b − ε_k m_b
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (Optax)</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.001 (Optax has none)</td></tr>
 *   <tr><td>β₁ ({@code b1})</td><td>{@code beta1}</td><td>0.9</td></tr>
 *   <tr><td>β₂ ({@code b2})</td><td>{@code beta2}</td><td>0.25</td></tr>
 *   <tr><td>ε ({@code eps})</td><td>{@code eps}</td><td>1e-6 (the alias's; {@code scale_by_novograd}'s is 1e-8)</td></tr>
 *   <tr><td>ε̄ ({@code eps_root})</td><td>{@code epsRoot}</td><td>0</td></tr>
 *   <tr><td>λ ({@code weight_decay})</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code novograd} operation for operation: {@code chain(scale_by_novograd(b1, b2, eps,
 * eps_root, weight_decay), scale_by_learning_rate(ε_k))}. Optax's blocks are the leaves of the
 * parameter pytree; descent's are the blocks of the {@link ParamLayout} (on a flat layout, the
 * whole vector is one block). ‖g_b‖² is evaluated as Optax writes it, {@code norm(g)**2} =
 * (√Σg²)², with the sum taken left to right. As in the paper's algorithm, the first step
 * initializes v_b and m_b from the first gradient (no zero start, no bias correction), m
 * accumulates without a (1 − β₁) factor, and the weight decay sits inside the momentum
 * (m ← β₁m + g/(√v + ε) + λθ); Optax puts ε̄ inside and ε outside the root. torch.optim has no
 * NovoGrad; not in Goodfellow (its per-block scaling is that of the layer-wise methods, LARS).
 *
 * <h2>Memory</h2>
 * One extra vector of size n (m) and one number per block (v).
 *
 * <h2>References</h2>
 * B. Ginsburg, P. Castonguay, O. Hrinchuk, O. Kuchaiev, V. Lavrukhin, R. Leary, J. Li, H. Nguyen,
 * Y. Zhang, J. M. Cohen, "Stochastic gradient methods with layer-wise adaptive moments for
 * training of deep networks", arXiv:1905.11286, 2019. Optax {@code optax.novograd} and
 * {@code optax.scale_by_novograd} ({@code optax/_src/alias.py}, {@code optax/_src/transform.py},
 * github.com/google-deepmind/optax at commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}).
 *
 * @param learningRate ε_k
 * @param beta1        β₁ in [0, 1), the momentum factor
 * @param beta2        β₂ in [0, 1), the decay of the per-block second moment
 * @param eps          ε ≥ 0, outside the root
 * @param epsRoot      ε̄ ≥ 0, inside the root
 * @param weightDecay  λ ≥ 0, added to the normalized gradient inside the momentum
 * @see Adam
 * @see LDoG
 */
public record NovoGrad(Schedule learningRate, double beta1, double beta2, double eps, double epsRoot,
        double weightDecay) implements Optimizer<NovoGrad.State>, HasLearningRate {

    public NovoGrad {
        Hyper.learningRate(learningRate);
        Hyper.unitInterval("beta1", beta1);
        Hyper.unitInterval("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.nonNegative("epsRoot", epsRoot);
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** Optax's defaults with learning rate ε. */
    public static NovoGrad of(double learningRate) {
        return new NovoGrad(Schedule.constant(learningRate), 0.9, 0.25, 1e-6, 0, 0);
    }

    /** Defaults: ε_k = 0.001, β₁ = 0.9, β₂ = 0.25, ε = 1e-6, ε̄ = 0, λ = 0. */
    public static NovoGrad defaults() {
        return of(0.001);
    }

    public NovoGrad withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public NovoGrad withLearningRate(Schedule lr) {
        return new NovoGrad(lr, beta1, beta2, eps, epsRoot, weightDecay);
    }

    public NovoGrad withBeta1(double b1) {
        return new NovoGrad(learningRate, b1, beta2, eps, epsRoot, weightDecay);
    }

    public NovoGrad withBeta2(double b2) {
        return new NovoGrad(learningRate, beta1, b2, eps, epsRoot, weightDecay);
    }

    public NovoGrad withEps(double e) {
        return new NovoGrad(learningRate, beta1, beta2, e, epsRoot, weightDecay);
    }

    public NovoGrad withEpsRoot(double e) {
        return new NovoGrad(learningRate, beta1, beta2, eps, e, weightDecay);
    }

    public NovoGrad withWeightDecay(double wd) {
        return new NovoGrad(learningRate, beta1, beta2, eps, epsRoot, wd);
    }

    @Override
    public String name() {
        return "novograd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        Hyper.checkLengths(name(), params, grad, state);
        ParamLayout layout = state.layout();
        int blocks = layout.blocks().size();
        double[] sums = state.sums;
        boolean finite = true;
        // pass 1, reading g only: Σ g_b² per block, which also checks g (a finite sum has finite terms)
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            sums[b] = Vec.blockSumOfSquares(grad, blk.offset(), blk.end());
            finite &= Double.isFinite(sums[b]);
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        double lr = Hyper.learningRateAt(name(), learningRate, state);
        boolean first = state.step() == 0;
        double[] m = state.m;
        double[] v = state.v;
        double b1 = beta1;
        double wd = weightDecay;
        for (int b = 0; b < blocks; b++) {
            Block blk = layout.blocks().get(b);
            double norm = Math.sqrt(sums[b]);
            double normSq = norm * norm; // Optax: jnp.linalg.norm(g) ** 2
            double vb = first ? normSq : (1 - beta2) * normSq + beta2 * v[b];
            v[b] = vb;
            double denom = Math.sqrt(vb + epsRoot) + eps;
            // pass 2: the normalized gradient into m, and the step
            Parallel.forRange(blk.offset(), blk.end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double u = grad[i] / denom + wd * params[i];
                    double mi = first ? u : b1 * m[i] + u;
                    m[i] = mi;
                    params[i] -= lr * mi;
                }
            });
        }
        state.advance();
    }

    /** State: m (key {@code novograd.m}, Optax {@code mu}) and one v per block ({@code novograd.v}, Optax {@code nu}). */
    public static final class State extends OptimizerState {
        /** m, the momentum of the normalized gradients. */
        public final double[] m;
        /** v_b, the average of ‖g_b‖², one entry per block in layout order. */
        public final double[] v;
        final double[] sums;

        State(ParamLayout layout) {
            super("novograd", layout);
            m = buffer("m", layout.size());
            v = buffer("v", layout.blocks().size());
            sums = scratch(layout.blocks().size());
        }
    }
}
