package dev.descent.optim;

import dev.descent.linalg.MatMulKernel;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import java.util.Arrays;

/**
 * Muon (MomentUm Orthogonalized by Newton–Schulz): momentum SGD on matrices whose update is the
 * momentum (or its Nesterov form) replaced by the nearest semi-orthogonal matrix, computed with a
 * quintic Newton–Schulz iteration. Every block must be a matrix; in a model, give Muon the weight
 * matrices and another optimizer the rest: {@code partition(matrices: muon(lr=0.02), rest: adamw(lr=3e-4))}.
 *
 * <pre>
 *   for each block W (m × n) with gradient G:
 *     B ← lerp(B, G, 1 − μ)                      (B₀ = 0;  = μB + (1 − μ)G)
 *     U = lerp(G, B, μ) if nesterov, else B       (= (1 − μ)G + μB)
 *     X = Uᵀ if m &gt; n, else U                    (r × k, r = min(m, n))
 *     X ← X / max(‖X‖_F, ε)                      [torch]      X ← X / (‖X‖_F + ε)   [keller_jordan]
 *     repeat s times:  A = XXᵀ;  X ← aX + (bA + cA²)X
 *     O = Xᵀ if m &gt; n, else X                    (≈ the orthogonal factor of U's polar decomposition)
 *     W ← W (1 − ε_k λ)
 *     W ← W − (ε_k ρ) O                         [torch]      W ← W − ε_k (ρ O)       [keller_jordan]
 *   ρ = √max(1, m/n)  (adjust_lr = original)     ρ = 0.2 √max(m, n)  (adjust_lr = match_rms_adamw)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch.optim.Muon)</th><th>Keller Jordan's</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>0.001</td><td>0.02</td></tr>
 *   <tr><td>λ</td><td>{@code weightDecay}</td><td>0.1</td><td>0</td></tr>
 *   <tr><td>μ</td><td>{@code momentum}</td><td>0.95</td><td>0.95</td></tr>
 *   <tr><td></td><td>{@code nesterov}</td><td>true</td><td>true</td></tr>
 *   <tr><td>a, b, c</td><td>{@code nsA, nsB, nsC} ({@code ns_coefficients})</td><td>3.4445, −4.7750, 2.0315</td><td>same</td></tr>
 *   <tr><td>ε</td><td>{@code eps}</td><td>1e-7</td><td>1e-7</td></tr>
 *   <tr><td>s</td><td>{@code nsSteps}</td><td>5</td><td>5</td></tr>
 *   <tr><td>ρ</td><td>{@code adjustLr}</td><td>{@code original}</td><td>{@code original}</td></tr>
 *   <tr><td></td><td>{@code useAddmm}</td><td>false</td><td>(false)</td></tr>
 *   <tr><td></td><td>{@code form}</td><td>{@code torch}</td><td>{@code keller_jordan}</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * {@code form = torch} is {@code torch.optim.Muon}'s {@code _single_tensor_muon} (PyTorch ≥ 2.9):
 * the normalization divides by the Frobenius norm clamped below at ε, the learning rate is adjusted
 * by ρ ({@code _adjust_lr}) and applied as one factor {@code add_(O, alpha=−ε_kρ)}.
 * {@code form = keller_jordan} is {@code SingleDeviceMuon} of KellerJordan/Muon: ε is added to the
 * norm and ρ scales O before the learning rate does. Both evaluate the polynomial as
 * {@code b * A + c * A @ A}, that is b·A + (c·A)A, and then aX + (…)X; torch's {@code use_addmm=True}
 * computes {@code addmm(A, A, A, beta=b, alpha=c)} = b·A + c·(AA) instead (the same map, other
 * rounding).
 * Both decay the weights as AdamW does (multiplied by 1 − ε_kλ, before the update). lerp is
 * torch's CPU formula: for weight w &lt; 0.5, a + w(b − a), else b − (b − a)(1 − w).
 * The references run Newton–Schulz in bfloat16 ({@code G.bfloat16()}); descent runs it in float64,
 * as its reference cases do (a bfloat16 iteration is a different, noisier, map). The matrix
 * products use {@link MatMulKernel#standard()} (a native BLAS when one is installed), so the last
 * bits depend on the kernel, as torch's depend on its BLAS. t, the step count, is not used: Muon
 * has no bias correction. Beyond Goodfellow et al. ch. 8: momentum (Algorithm 8.2) with an
 * orthogonalized direction; torch.optim 1.13 has no Muon.
 *
 * <h2>Memory</h2>
 * One extra vector of size n (B), and work space for the largest block: 2rk + 3r² doubles.
 *
 * <h2>References</h2>
 * K. Jordan, Y. Jin, V. Boza, J. You, F. Cesista, L. Newhouse, J. Bernstein, "Muon: an optimizer for
 * hidden layers in neural networks", 2024, kellerjordan.github.io/posts/muon; github.com/KellerJordan/Muon
 * at commit {@code 857d1adc159e098212f828d927460782d3da59e9}, {@code muon.py}
 * ({@code zeropower_via_newtonschulz5}, {@code muon_update}, {@code SingleDeviceMuon}). PyTorch,
 * github.com/pytorch/pytorch at commit {@code 098e03f91de9384cc3afdf5c8b9a6bbc442bd66a},
 * {@code torch/optim/_muon.py} ({@code _zeropower_via_newtonschulz}, {@code _adjust_lr},
 * {@code _single_tensor_muon}). J. Liu et al., "Muon is scalable for LLM training", arXiv:2502.16982
 * (the {@code match_rms_adamw} scaling 0.2√max(m, n)). Goodfellow, Bengio, Courville, <i>Deep
 * Learning</i>, MIT Press 2016, §8.3.2, Algorithm 8.2 (momentum).
 *
 * @param learningRate ε_k
 * @param weightDecay  λ ≥ 0, decoupled (AdamW's form)
 * @param momentum     μ in [0, 1)
 * @param nesterov     whether the update is lerp(G, B, μ) rather than B
 * @param nsA          a, the linear coefficient of the Newton–Schulz polynomial
 * @param nsB          b, the cubic coefficient
 * @param nsC          c, the quintic coefficient
 * @param eps          ε &gt; 0 of the normalization
 * @param nsSteps      s ≥ 0 Newton–Schulz iterations (torch refuses 100 or more; so does descent)
 * @param adjustLr     ρ: {@code original} or {@code match_rms_adamw}
 * @param useAddmm     torch's {@code use_addmm}: the polynomial's rounding order (above)
 * @param form         {@code torch} or {@code keller_jordan}: where ε and ρ enter (above)
 * @see dev.descent.optim.transform.Partition the way to give Muon only the matrices of a model
 */
public record Muon(Schedule learningRate, double weightDecay, double momentum, boolean nesterov, double nsA,
        double nsB, double nsC, double eps, int nsSteps, AdjustLr adjustLr, boolean useAddmm, Form form)
        implements Optimizer<Muon.State>, HasLearningRate {

    /** How the learning rate is scaled by the shape of the block (torch's {@code adjust_lr_fn}). */
    public enum AdjustLr {
        /** ρ = √max(1, m/n): Keller Jordan's and torch's default ({@code None}). */
        ORIGINAL,
        /** ρ = 0.2√max(m, n): the update's RMS matches AdamW's (Liu et al. 2025). */
        MATCH_RMS_ADAMW
    }

    /** Which reference's order of operations (see the class comment). */
    public enum Form {
        /** {@code torch.optim.Muon}: X/max(‖X‖, ε), W − (ε_kρ)O. */
        TORCH,
        /** KellerJordan/Muon {@code SingleDeviceMuon}: X/(‖X‖ + ε), W − ε_k(ρO). */
        KELLER_JORDAN
    }

    /** Newton–Schulz coefficients of both references: (a, b, c) = (3.4445, −4.7750, 2.0315). */
    public static final double[] NS_COEFFICIENTS = {3.4445, -4.7750, 2.0315};

    public Muon {
        Hyper.learningRate(learningRate);
        Hyper.nonNegative("weightDecay", weightDecay);
        Hyper.unitInterval("momentum", momentum);
        if (!(Double.isFinite(nsA) && Double.isFinite(nsB) && Double.isFinite(nsC))) {
            throw new IllegalArgumentException("ns_coefficients = (" + nsA + ", " + nsB + ", " + nsC + ") must be finite");
        }
        Hyper.positive("eps", eps);
        if (nsSteps < 0 || nsSteps >= 100) {
            throw new IllegalArgumentException("nsSteps = " + nsSteps + " must be in [0, 100)");
        }
        Hyper.notNull("adjustLr", adjustLr);
        Hyper.notNull("form", form);
    }

    /** torch.optim.Muon's defaults with learning rate ε. */
    public static Muon of(double learningRate) {
        return new Muon(Schedule.constant(learningRate), 0.1, 0.95, true, NS_COEFFICIENTS[0], NS_COEFFICIENTS[1],
                NS_COEFFICIENTS[2], 1e-7, 5, AdjustLr.ORIGINAL, false, Form.TORCH);
    }

    /** torch.optim.Muon's defaults: ε_k = 0.001, λ = 0.1, μ = 0.95, Nesterov, 5 steps. */
    public static Muon defaults() {
        return of(0.001);
    }

    /** KellerJordan/Muon's {@code SingleDeviceMuon} defaults: ε_k = 0.02, λ = 0, μ = 0.95, Nesterov. */
    public static Muon kellerJordan() {
        return defaults().withLearningRate(0.02).withWeightDecay(0).withForm(Form.KELLER_JORDAN);
    }

    public Muon withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Muon withLearningRate(Schedule lr) {
        return new Muon(lr, weightDecay, momentum, nesterov, nsA, nsB, nsC, eps, nsSteps, adjustLr, useAddmm, form);
    }

    public Muon withWeightDecay(double wd) {
        return new Muon(learningRate, wd, momentum, nesterov, nsA, nsB, nsC, eps, nsSteps, adjustLr, useAddmm, form);
    }

    public Muon withMomentum(double mu, boolean nest) {
        return new Muon(learningRate, weightDecay, mu, nest, nsA, nsB, nsC, eps, nsSteps, adjustLr, useAddmm, form);
    }

    public Muon withNewtonSchulz(double a, double b, double c, int steps) {
        return new Muon(learningRate, weightDecay, momentum, nesterov, a, b, c, eps, steps, adjustLr, useAddmm, form);
    }

    public Muon withEps(double e) {
        return new Muon(learningRate, weightDecay, momentum, nesterov, nsA, nsB, nsC, e, nsSteps, adjustLr, useAddmm, form);
    }

    public Muon withAdjustLr(AdjustLr fn) {
        return new Muon(learningRate, weightDecay, momentum, nesterov, nsA, nsB, nsC, eps, nsSteps, fn, useAddmm, form);
    }

    /** torch's {@code use_addmm}: the polynomial as {@code addmm(A, A, A, beta=b, alpha=c)} = b·A + c·(A A). */
    public Muon withAddmm(boolean addmm) {
        return new Muon(learningRate, weightDecay, momentum, nesterov, nsA, nsB, nsC, eps, nsSteps, adjustLr, addmm, form);
    }

    public Muon withForm(Form f) {
        return new Muon(learningRate, weightDecay, momentum, nesterov, nsA, nsB, nsC, eps, nsSteps, adjustLr, useAddmm, f);
    }

    @Override
    public String name() {
        return "muon";
    }

    /**
     * @throws IllegalArgumentException when a block of {@code layout} is not a matrix, naming it
     */
    @Override
    public State init(ParamLayout layout) {
        for (Block b : layout.blocks()) {
            if (b.shape().length != 2) {
                throw new IllegalArgumentException("muon: block '" + b.name() + "' has shape "
                        + Arrays.toString(b.shape()) + "; Muon updates matrices (2-D blocks) only: give the other "
                        + "blocks to another optimizer, e.g. partition(matrices: muon(...), rest: adamw(...))");
            }
        }
        return new State(layout);
    }

    /**
     * One step. {@code params} and {@code state} are modified, {@code grad} is not.
     *
     * @throws IllegalArgumentException for a bad step; then nothing was changed
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        double[] buf = state.momentumBuffer;
        double[] u = state.update;
        double decay = 1 - lr * weightDecay;
        for (Block blk : state.layout().blocks()) {
            int m = blk.shape()[0];
            int n = blk.shape()[1];
            int off = blk.offset();
            int size = blk.size();
            for (int i = off; i < off + size; i++) {
                buf[i] = lerp(buf[i], grad[i], 1 - momentum);
                u[i - off] = nesterov ? lerp(grad[i], buf[i], momentum) : buf[i];
            }
            orthogonalize(u, m, n, state);
            double rho = adjustLr == AdjustLr.ORIGINAL ? Math.sqrt(Math.max(1, (double) m / n))
                    : 0.2 * Math.sqrt(Math.max(m, n));
            if (form == Form.TORCH) {
                double alpha = -(lr * rho);
                for (int i = 0; i < size; i++) {
                    params[off + i] = TorchCpu.addAlpha(params[off + i] * decay, alpha, u[i]);
                }
            } else {
                for (int i = 0; i < size; i++) {
                    params[off + i] = TorchCpu.addAlpha(params[off + i] * decay, -lr, u[i] * rho);
                }
            }
        }
        state.advance();
    }

    /** torch's CPU lerp: a + w(b − a) for |w| &lt; 0.5, else b − (b − a)(1 − w). */
    static double lerp(double a, double b, double w) {
        return Math.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
    }

    /**
     * Replaces the m × n matrix in {@code u[0, mn)} by s Newton–Schulz iterations of its normalized
     * form, worked on in the wide orientation (r = min(m, n) rows), as both references do.
     */
    private void orthogonalize(double[] u, int m, int n, State state) {
        boolean tall = m > n;
        int r = tall ? n : m;
        int k = tall ? m : n;
        int size = m * n;
        double[] x = state.x;
        if (tall) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    x[j * m + i] = u[i * n + j];
                }
            }
        } else {
            System.arraycopy(u, 0, x, 0, size);
        }
        double norm = TorchCpu.norm(u, 0, size);
        double div = form == Form.TORCH ? Math.max(norm, eps) : norm + eps;
        for (int i = 0; i < size; i++) {
            x[i] = x[i] / div;
        }
        MatMulKernel kernel = MatMulKernel.standard();
        double[] a = state.gram;
        double[] a2 = state.gram2;
        double[] poly = state.poly;
        double[] next = state.next;
        int rr = r * r;
        for (int s = 0; s < nsSteps; s++) {
            Arrays.fill(a, 0, rr, 0);
            kernel.gemmNT(r, r, k, x, 0, x, 0, a, 0); // A = X Xᵀ
            Arrays.fill(a2, 0, rr, 0);
            if (useAddmm) { // torch's use_addmm: addmm(A, A, A, beta=b, alpha=c) = b·A + c·(A A)
                kernel.gemm(r, r, r, a, 0, a, 0, a2, 0);
                for (int i = 0; i < rr; i++) {
                    poly[i] = nsB * a[i] + nsC * a2[i];
                }
            } else { // both references' default: b * A + c * A @ A = b·A + (c·A) A
                for (int i = 0; i < rr; i++) {
                    poly[i] = nsC * a[i];
                }
                kernel.gemm(r, r, r, poly, 0, a, 0, a2, 0);
                for (int i = 0; i < rr; i++) {
                    poly[i] = nsB * a[i] + a2[i];
                }
            }
            Arrays.fill(next, 0, size, 0);
            kernel.gemm(r, k, r, poly, 0, x, 0, next, 0); // (bA + cA²) X
            for (int i = 0; i < size; i++) {
                x[i] = nsA * x[i] + next[i];
            }
        }
        if (tall) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    u[i * n + j] = x[j * m + i];
                }
            }
        } else {
            System.arraycopy(x, 0, u, 0, size);
        }
    }

    /**
     * State: the momentum buffer B (key {@code muon.velocity}, torch's {@code momentum_buffer}), plus work space
     * for the largest block (not saved).
     */
    public static final class State extends OptimizerState {
        /** B, the momentum of the gradients. */
        public final double[] momentumBuffer;
        final double[] update;
        final double[] x;
        final double[] next;
        final double[] gram;
        final double[] gram2;
        final double[] poly;

        State(ParamLayout layout) {
            super("muon", layout);
            momentumBuffer = buffer("velocity", layout.size());
            int size = 0;
            int r = 0;
            for (Block b : layout.blocks()) {
                size = Math.max(size, b.size());
                r = Math.max(r, Math.min(b.shape()[0], b.shape()[1]));
            }
            update = scratch(size);
            x = scratch(size);
            next = scratch(size);
            gram = scratch(r * r);
            gram2 = scratch(r * r);
            poly = scratch(r * r);
        }
    }
}
