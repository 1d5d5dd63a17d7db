package dev.descent.optim;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * Adafactor: an RMSProp-like step whose second moment of a matrix is stored factored, as one
 * value per row and one per column (O(m + n) memory instead of O(mn)), with a step relative to the
 * block's RMS, a decay β₂ₜ = 1 − t^γ that needs no bias correction, and the update clipped to RMS d.
 *
 * <pre>
 *   t ← t + 1;   w = t^γ  (= 1 − β₂ₜ);   ρ = min(ε_k, 1/√t)
 *   for each block θ_b with gradient g:
 *     α = max(ε₂, RMS(θ_b)) · ρ                            (RMS(x) = ‖x‖₂ / √numel, before the decay)
 *     θ_b ← θ_b (1 − ε_k λ)                               (only when λ ≠ 0)
 *     a matrix m × n (the last two dimensions; leading ones are a batch):
 *       R ← lerp(R, rowmean(g²), w);  C ← lerp(C, colmean(g²), w)     (R m × 1, C 1 × n)
 *       V = R C / max(mean(R), ε₁)
 *     a vector or scalar:  V ← lerp(V, g², w)
 *     U = g / √max(V, ε₁²)
 *     θ_b ← θ_b − (α / max(1, RMS(U)/d)) U
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch.optim.Adafactor)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.01 (the cap of the relative step ρ)</td></tr>
 *   <tr><td>γ</td><td>{@code beta2Decay}</td><td>−0.8</td></tr>
 *   <tr><td>ε₁</td><td>{@code eps1}</td><td>2.220446049250313e-16 (torch's None: the float64 machine epsilon)</td></tr>
 *   <tr><td>ε₂</td><td>{@code eps2}</td><td>1e-3</td></tr>
 *   <tr><td>d</td><td>{@code d}</td><td>1 (the clipping threshold of the update's RMS)</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * torch.optim.Adafactor (PyTorch ≥ 2.5), {@code _single_tensor_adafactor}, operation for operation:
 * rowmean(g²) is {@code norm(g, dim=-1)² / n} (a norm squared, not a sum of squares), mean(R) is
 * the mean of the row factor over the rows, ε₁ clamps V from below at ε₁² before the reciprocal
 * square root ({@code clamp_(min=eps1*eps1).rsqrt_()}), and the weight decay is torch's decoupled
 * (AdamW-like) multiplication by 1 − ε_kλ, after α was read off θ. lerp is torch's CPU formula
 * (w &lt; 0.5: a + w(b − a), else b − (b − a)(1 − w)); at t = 1, w = 1, so R, C and V start at the
 * first step's values. This is torch's variant of Shazeer &amp; Stern's algorithm: there, ε₁ is added
 * to g² and β₁ momentum is optional; torch has no momentum, and neither has descent. A block with two
 * or more dimensions is factored over its last two; a flat layout is one vector block, so
 * {@code adafactor} on a flat vector is RMSProp with the relative step and clipping. The step count t
 * is shared by all blocks (torch keeps one per tensor; they advance together).
 *
 * <h2>Memory</h2>
 * Per matrix block m + n values (times its leading dimensions); per other block its size; work space
 * the size of the largest block.
 *
 * <h2>References</h2>
 * N. Shazeer, M. Stern, "Adafactor: adaptive learning rates with sublinear memory cost", ICML 2018,
 * arXiv:1804.04235 (Algorithms 4 and 5). PyTorch, github.com/pytorch/pytorch at commit
 * {@code 051d6a09bb159a48ac11006c454c0c979511d0f3}, {@code torch/optim/_adafactor.py}
 * ({@code Adafactor.__init__}, {@code _single_tensor_adafactor}). Goodfellow, Bengio, Courville,
 * <i>Deep Learning</i>, MIT Press 2016, §8.5.2, Algorithm 8.5 (RMSProp).
 *
 * @param learningRate ε_k &gt; 0, the largest relative step
 * @param beta2Decay   γ ≤ 0: 1 − β₂ₜ = t^γ
 * @param eps1         ε₁ ≥ 0, floor of the second moment (squared) and of mean(R)
 * @param eps2         ε₂ ≥ 0, floor of RMS(θ_b) in the relative step
 * @param d            d ≥ 1, clipping threshold of RMS(U) (torch refuses d &lt; 1)
 * @param weightDecay  λ ≥ 0, decoupled, scaled by ε_k
 * @see RmsProp
 */
public record Adafactor(Schedule learningRate, double beta2Decay, double eps1, double eps2, double d,
        double weightDecay) implements Optimizer<Adafactor.State>, HasLearningRate {

    /** The float64 machine epsilon, torch's value of {@code eps[0] = None} for double tensors. */
    public static final double MACHINE_EPSILON = Math.ulp(1.0);

    public Adafactor {
        Hyper.learningRate(learningRate);
        if (!(beta2Decay <= 0) || Double.isInfinite(beta2Decay)) {
            throw new IllegalArgumentException("beta2Decay = " + beta2Decay + " must be finite and <= 0");
        }
        Hyper.nonNegative("eps1", eps1);
        Hyper.nonNegative("eps2", eps2);
        if (!(d >= 1) || Double.isInfinite(d)) { // torch: "Clipping threshold d should be >= 1"
            throw new IllegalArgumentException("d = " + d + " must be finite and >= 1");
        }
        Hyper.nonNegative("weightDecay", weightDecay);
    }

    /** torch's defaults with learning rate ε_k. */
    public static Adafactor of(double learningRate) {
        return new Adafactor(Schedule.constant(learningRate), -0.8, MACHINE_EPSILON, 1e-3, 1.0, 0.0);
    }

    /** torch's defaults: ε_k = 0.01, γ = −0.8, ε₁ = machine ε, ε₂ = 1e-3, d = 1, λ = 0. */
    public static Adafactor defaults() {
        return of(0.01);
    }

    public Adafactor withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Adafactor withLearningRate(Schedule lr) {
        return new Adafactor(lr, beta2Decay, eps1, eps2, d, weightDecay);
    }

    public Adafactor withBeta2Decay(double gamma) {
        return new Adafactor(learningRate, gamma, eps1, eps2, d, weightDecay);
    }

    public Adafactor withEps(double e1, double e2) {
        return new Adafactor(learningRate, beta2Decay, e1, e2, d, weightDecay);
    }

    public Adafactor withClipThreshold(double threshold) {
        return new Adafactor(learningRate, beta2Decay, eps1, eps2, threshold, weightDecay);
    }

    public Adafactor withWeightDecay(double wd) {
        return new Adafactor(learningRate, beta2Decay, eps1, eps2, d, wd);
    }

    @Override
    public String name() {
        return "adafactor";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step; then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        if (state.vectorsOnly) {
            stepVectors(params, grad, state);
            return;
        }
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double t = state.step() + 1;
        double w = Math.pow(t, beta2Decay);
        double rho = Math.min(lr, 1 / Math.sqrt(t));
        double[] u = state.update;
        int factor = 0; // running offsets into the factor buffers
        for (int bi = 0; bi < state.layout().blocks().size(); bi++) {
            Block blk = state.layout().blocks().get(bi);
            int off = blk.offset();
            int size = blk.size();
            double alpha = Math.max(eps2, TorchCpu.norm(params, off, size) / Math.sqrt(size)) * rho;
            if (weightDecay != 0) {
                double decay = 1 - lr * weightDecay;
                for (int i = off; i < off + size; i++) {
                    params[i] *= decay;
                }
            }
            int[] shape = blk.shape();
            if (shape.length >= 2) {
                int m = shape[shape.length - 2];
                int n = shape[shape.length - 1];
                int batches = size / (m * n);
                for (int p = 0; p < batches; p++) {
                    factorBlock(grad, off + p * m * n, m, n, state.rowVar, state.rowOffset[bi] + p * m,
                            state.colVar, state.colOffset[bi] + p * n, w, u, p * m * n);
                }
            } else {
                double[] v = state.variance;
                int vo = state.varianceOffset[bi];
                for (int i = 0; i < size; i++) {
                    double g = grad[off + i];
                    v[vo + i] = Muon.lerp(v[vo + i], g * g, w);
                    u[i] = g * (1 / Math.sqrt(Math.max(v[vo + i], eps1 * eps1)));
                }
            }
            double denom = Math.max(1.0, TorchCpu.norm(u, 0, size) / (Math.sqrt(size) * d));
            double a = -alpha / denom;
            for (int i = 0; i < size; i++) {
                params[off + i] = TorchCpu.addAlpha(params[off + i], a, u[i]);
            }
        }
        state.advance();
    }

    /**
     * {@link #step} when no block is factored, in two passes instead of five: pass 1 reads θ, g and V
     * and sums ‖θ_b‖² and ‖U_b‖² (U from the new V, which is not stored yet) in torch.norm's order per
     * fixed chunk ({@link Parallel#tiledSums}, as {@link TorchCpu#norm}); it also checks g, since a
     * finite ‖U‖² has finite terms U = g/√max(V, ε₁²), so finite g. Pass 2 recomputes V and U (the
     * same operations, so the same bits), stores V and steps θ.
     */
    private void stepVectors(double[] params, double[] grad, State state) {
        double lr = Hyper.checkLengthsAndRate(name(), learningRate, params, grad, state);
        double t = state.step() + 1;
        double w = Math.pow(t, beta2Decay);
        double rho = Math.min(lr, 1 / Math.sqrt(t));
        double floor = eps1 * eps1;
        double[] v = state.variance;
        double[] a = state.blockStep;
        double[] two = state.two;
        java.util.List<Block> blocks = state.layout().blocks();
        boolean finite = true;
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block blk = blocks.get(bi);
            int off = blk.offset();
            int size = blk.size();
            int vo = state.varianceOffset[bi] - off;
            Parallel.tiledSums(off, off + size, FMA_FMA, (from, to, terms, at) -> {
                System.arraycopy(params, from, terms, at, to - from);
                for (int i = from; i < to; i++) {
                    double g = grad[i];
                    double vi = Muon.lerp(v[vo + i], g * g, w);
                    terms[at + Parallel.TILE + i - from] = g * (1 / Math.sqrt(Math.max(vi, floor)));
                }
            }, 0, null, two);
            finite &= Double.isFinite(two[1]);
            double alpha = Math.max(eps2, Math.sqrt(two[0]) / Math.sqrt(size)) * rho;
            double denom = Math.max(1.0, Math.sqrt(two[1]) / (Math.sqrt(size) * d));
            a[bi] = -alpha / denom;
        }
        if (!finite) {
            Hyper.recheckFinite(name(), params, grad, state);
        }
        double decay = 1 - lr * weightDecay;
        boolean decays = weightDecay != 0;
        for (int bi = 0; bi < blocks.size(); bi++) {
            Block blk = blocks.get(bi);
            int vo = state.varianceOffset[bi] - blk.offset();
            double ab = a[bi];
            Parallel.forRange(blk.offset(), blk.end(), (from, to) -> {
                for (int i = from; i < to; i++) {
                    double g = grad[i];
                    double vi = Muon.lerp(v[vo + i], g * g, w);
                    v[vo + i] = vi;
                    double u = g * (1 / Math.sqrt(Math.max(vi, floor)));
                    double p = decays ? params[i] * decay : params[i];
                    params[i] = TorchCpu.addAlpha(p, ab, u);
                }
            });
        }
        state.advance();
    }

    private static final int[] FMA_FMA = {Parallel.FMA_SQUARES, Parallel.FMA_SQUARES};

    /** One m × n matrix at {@code grad[off…]}: updates its factors and writes U to {@code u[uo…]}. */
    private void factorBlock(double[] grad, int off, int m, int n, double[] row, int ro, double[] col, int co,
            double w, double[] u, int uo) {
        for (int i = 0; i < m; i++) {
            double norm = TorchCpu.norm(grad, off + i * n, n);
            row[ro + i] = Muon.lerp(row[ro + i], norm * norm / n, w);
        }
        for (int j = 0; j < n; j++) {
            double acc = 0;
            for (int i = 0; i < m; i++) {
                double g = grad[off + i * n + j];
                acc = Math.fma(g, g, acc);
            }
            double norm = Math.sqrt(acc);
            col[co + j] = Muon.lerp(col[co + j], norm * norm / m, w);
        }
        double rowSum = 0;
        for (int i = 0; i < m; i++) {
            rowSum += row[ro + i];
        }
        double rowMean = Math.max(rowSum / m, eps1);
        double floor = eps1 * eps1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = row[ro + i] * col[co + j] / rowMean;
                u[uo + i * n + j] = (1 / Math.sqrt(Math.max(v, floor))) * grad[off + i * n + j];
            }
        }
    }

    /**
     * State: the row and column factors of the matrix blocks (keys {@code adafactor.row_var},
     * {@code adafactor.col_var}, torch's names, the blocks' factors one after another in layout
     * order) and the second moment of the other blocks ({@code adafactor.v}, torch's {@code variance}).
     */
    public static final class State extends OptimizerState {
        /** R of every matrix block (and every leading index), concatenated. */
        public final double[] rowVar;
        /** C of every matrix block, concatenated. */
        public final double[] colVar;
        /** V of every vector or scalar block, concatenated. */
        public final double[] variance;
        final int[] rowOffset;
        final int[] colOffset;
        final int[] varianceOffset;
        final double[] update;
        /** Whether no block is factored ({@link #stepVectors}), its step size per block, two sums. */
        final boolean vectorsOnly;
        final double[] blockStep;
        final double[] two;

        State(ParamLayout layout) {
            super("adafactor", layout);
            int k = layout.blocks().size();
            rowOffset = new int[k];
            colOffset = new int[k];
            varianceOffset = new int[k];
            int rows = 0;
            int cols = 0;
            int vars = 0;
            int largest = 0;
            for (int b = 0; b < k; b++) {
                Block blk = layout.blocks().get(b);
                int[] shape = blk.shape();
                largest = Math.max(largest, blk.size());
                rowOffset[b] = rows;
                colOffset[b] = cols;
                varianceOffset[b] = vars;
                if (shape.length >= 2) {
                    int m = shape[shape.length - 2];
                    int n = shape[shape.length - 1];
                    int batches = blk.size() / (m * n);
                    rows += batches * m;
                    cols += batches * n;
                } else {
                    vars += blk.size();
                }
            }
            rowVar = buffer("row_var", rows);
            colVar = buffer("col_var", cols);
            variance = buffer("v", vars);
            vectorsOnly = rows == 0 && cols == 0;
            update = scratch(vectorsOnly ? 0 : largest);
            blockStep = scratch(k);
            two = scratch(2);
        }
    }
}
