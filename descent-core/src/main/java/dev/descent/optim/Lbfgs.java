package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.problem.Objective;
import dev.descent.util.Sizes;
import java.util.Locale;

/**
 * L-BFGS: a quasi-Newton method that builds an inverse-Hessian approximation from the last m
 * curvature pairs, with a strong Wolfe line search.
 *
 * <pre>
 *   s = θ_k − θ_{k−1},  y = g_k − g_{k−1}                (the pair left by the previous update)
 *   keep it when sᵀy &gt; ε‖s‖‖y‖ (ε = 1e-8):  ρ = 1/(sᵀy),  γ = sᵀy/(yᵀy);  only the newest m are kept
 *   two-loop recursion (Nocedal &amp; Wright Alg. 7.4), q ← g:
 *     for i = newest … oldest:  αᵢ ← ρᵢ sᵢᵀq;   q ← q − αᵢ yᵢ
 *     r ← γ q                                      (H⁰ = γI, eq. 7.20)
 *     for i = oldest … newest:  β ← ρᵢ yᵢᵀr;    r ← r + sᵢ(αᵢ − β)
 *   d = −r                                         (d = −g while no pair is kept)
 *   if gᵀd ≥ 0:  forget every pair, d = −g         (reset: not a descent direction)
 *   t₀ = ε_k,  or min(1, 1/‖g‖₁)·ε_k while no pair is kept      (torch's first step)
 *   t  = t₀                                        (lineSearch = NONE, or the plain step)
 *   t  = a strong Wolfe step from t₀:              (lineSearch = STRONG_WOLFE, with the objective)
 *          J(θ + t d) ≤ J(θ) + c₁ t gᵀd   and   |∇J(θ + t d)ᵀd| ≤ c₂ |gᵀd|,
 *        or, where J cannot resolve the decrease, the approximate form (Hager &amp; Zhang)
 *          J(θ + t d) ≤ J(θ) + ε_J|J(θ)|  and  ∇J(θ + t d)ᵀd ≤ (2c₁ − 1) gᵀd  with the same curvature test
 *   θ ← θ + t d
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default (torch)</th></tr>
 *   <tr><td>ε_k</td><td>{@code learningRate}</td><td>1 (1)</td></tr>
 *   <tr><td>m</td><td>{@code historySize}</td><td>10 (100)</td></tr>
 *   <tr><td></td><td>{@code lineSearch}</td><td>STRONG_WOLFE (None)</td></tr>
 *   <tr><td></td><td>{@code maxLineSearchEvaluations}</td><td>25 (25)</td></tr>
 *   <tr><td>c₁</td><td>{@code c1}</td><td>1e-4 (1e-4)</td></tr>
 *   <tr><td>c₂</td><td>{@code c2}</td><td>0.9 (0.9)</td></tr>
 *   <tr><td>ε_J</td><td>{@code approximateWolfeEps}</td><td>1e-10 (none: 0)</td></tr>
 * </table>
 *
 * <h2>Two ways to step</h2>
 * <ul>
 *   <li><b>With the objective</b>, {@link #step(double[], double, double[], Objective, State)} (the
 *       {@link LineSearchOptimizer} contract, which {@link dev.descent.minimize.Minimizer} uses):
 *       with {@code lineSearch = STRONG_WOLFE} the step length comes from {@link StrongWolfe} started
 *       at t₀, and the update returns J and ∇J at the accepted point, so nothing is evaluated twice.
 *       An update makes at most {@code maxLineSearchEvaluations} evaluations, one more when the search
 *       runs out of budget and its best point is an earlier trial (whose gradient is recomputed).
 *       When the search finds no point with sufficient decrease, θ stays where it is and every pair
 *       is forgotten, so the next update starts again from steepest descent. With
 *       {@code lineSearch = NONE} it takes the fixed step t₀ and evaluates J once at the new point.</li>
 *   <li><b>Without the objective</b>, {@link #step(double[], double[], State)} (a training loop with
 *       gradients only): always the fixed step t = t₀ along d, whatever {@code lineSearch} says. This
 *       is torch's {@code line_search_fn=None}. Pick ε_k below 1 unless the problem is close to
 *       quadratic: nothing checks that the step decreases J.</li>
 * </ul>
 * Both ways share the state and can be mixed. The pair (s, y) of an update is formed at the start of
 * the next one, from the gradient it is given.
 *
 * <h2>Conventions</h2>
 * Nocedal &amp; Wright's Algorithm 7.5 with the two-loop recursion (Alg. 7.4), the scaling
 * γ = sᵀy/yᵀy of eq. (7.20), and the line search of Algorithms 3.5–3.6 with c₁ = 1e-4, c₂ = 0.9.
 * Goodfellow et al. (§8.6.3) describe BFGS and L-BFGS without pseudocode. The defaults follow
 * Optax's {@code lbfgs} (memory 10, a zoom line search for strong Wolfe) and SciPy's L-BFGS-B
 * ({@code maxcor=10}) rather than torch: the strong Wolfe search is what makes L-BFGS robust on
 * full-batch problems, and Nocedal &amp; Wright recommend m between 3 and 20. {@link #torch} gives
 * torch's defaults (m = 100, no line search). Differences from torch.optim {@code LBFGS}:
 * <ul>
 *   <li>One {@code step} is one iteration. Torch's {@code step(closure)} runs up to {@code max_iter}
 *       (20) iterations and has its own stopping tests; here stopping belongs to the loop's
 *       {@link dev.descent.optim.stop.StoppingCriterion}: {@code tolerance_grad} is
 *       {@code GradientNorm} (torch tests max|gᵢ|, not ‖g‖₂), {@code tolerance_change} is
 *       {@code StepSize} or {@code AbsoluteChange}, {@code max_eval} is {@code MaxEvaluations}.
 *       Torch's {@code LBFGS(max_iter=1)} stepped repeatedly is this optimizer, step for step, up
 *       to the differences below.</li>
 *   <li>A pair is kept when sᵀy &gt; ε‖s‖‖y‖ with ε = 1e-8, i.e. when the cosine of the angle
 *       between s and y exceeds 1e-8; torch keeps it when sᵀy &gt; 1e-10. The cosine test does not
 *       change when J or θ is rescaled, whereas torch's absolute test (and a test sᵀy &gt; ε‖y‖²)
 *       depends on their units: near the optimum of a well-scaled problem torch stops learning
 *       curvature, and on a badly scaled one it never starts. For y = As with A symmetric positive
 *       definite the cosine is at least 2√κ/(κ + 1) (Kantorovich), so no pair of a convex quadratic
 *       with condition number κ &lt; 4e16 is ever skipped.</li>
 *   <li>The first-step scaling min(1, 1/‖g‖₁) applies whenever no pair is kept (the first update,
 *       after a reset, or while every pair has been skipped); torch applies it only to the very
 *       first iteration.</li>
 *   <li>When gᵀd ≥ 0 the memory is reset and the update goes along −g; torch ends the
 *       {@code step(closure)} call instead. When the line search finds no decrease, θ is kept and
 *       the memory reset; torch takes the bracket's low end, which is then also θ.</li>
 *   <li>s is the displacement actually applied, fl(θ + t d) − θ; torch stores t·d (they differ by
 *       rounding). The line search's own differences are listed in {@link StrongWolfe}.</li>
 *   <li>The approximate Wolfe test (ε_J &gt; 0; neither torch nor Nocedal &amp; Wright have it) keeps the
 *       line search working when J(θ*) ≠ 0: once ‖θ − θ*‖ is about √(ε_mach|J|/λ) the decrease
 *       ½δᵀAδ is below the rounding of J, the exact test fails by rounding, and every search would
 *       spend its whole budget and return t = 0 (on the 5-D quadratic with eigenvalues 1 … 100,
 *       x stalls 4e-9 from x* with ε_J = 0 and reaches 4e-13 with ε_J = 1e-10). The gradient test
 *       that replaces it is the
 *       sufficient-decrease condition of the local quadratic model. {@link #torch} sets ε_J = 0.</li>
 * </ul>
 * torch's {@code LBFGS(max_iter=1)} is reproduced step for step (to 1e-9, with the same numbers of
 * line-search evaluations) until the iterates reach rounding level, on Rosenbrock, Beale and a
 * quadratic, in both modes (the test LbfgsTorchTest). To reproduce torch exactly (its multi-iteration
 * {@code step(closure)}, stopping tests and line search, closure call by closure call), use
 * {@link TorchLbfgs}.
 *
 * <h2>Memory</h2>
 * 2m + 2 saved vectors of size n (the rings of s and y, the previous step and gradient) plus m + 4
 * scalars (ρ, γ, the ring's head and count, a pending-pair flag); three work vectors of size n
 * (the direction, the trial point and its gradient) and m work scalars, not saved.
 *
 * <h2>References</h2>
 * J. Nocedal, S. J. Wright, <i>Numerical Optimization</i>, 2nd ed., Springer 2006, §7.2,
 * Algorithms 7.4 (two-loop recursion) and 7.5 (L-BFGS), eq. (7.20); §3.5, Algorithms 3.5 and 3.6
 * (strong Wolfe line search). D. C. Liu, J. Nocedal, "On the limited memory BFGS method for large
 * scale optimization", Math. Programming 45, 1989. Goodfellow, Bengio, Courville, <i>Deep
 * Learning</i>, MIT Press 2016, §8.6.3 (BFGS and L-BFGS). torch.optim {@code LBFGS} (after M.
 * Schmidt's minFunc).
 *
 * @param learningRate             ε_k, the first trial step of the line search or the fixed step
 * @param historySize              m ≥ 1, the number of curvature pairs kept
 * @param lineSearch               how the step length is chosen when the objective is available
 * @param maxLineSearchEvaluations the most objective evaluations per line search, ≥ 1
 * @param c1                       c₁ in (0, 1), sufficient decrease
 * @param c2                       c₂ in (c₁, 1), curvature
 * @param approximateWolfeEps      ε_J ≥ 0 of the approximate Wolfe test; 0 keeps the exact test only
 * @see StrongWolfe
 * @see TorchLbfgs
 * @see LineSearchOptimizer
 * @see Adam
 */
public record Lbfgs(Schedule learningRate, int historySize, LineSearch lineSearch, int maxLineSearchEvaluations,
        double c1, double c2, double approximateWolfeEps) implements LineSearchOptimizer<Lbfgs.State>, HasLearningRate {

    /** ε of the curvature test: a pair is kept only when sᵀy &gt; ε‖s‖‖y‖. */
    public static final double CURVATURE_EPS = 1e-8;

    /** How the step length is chosen when the objective is available. */
    public enum LineSearch {
        /** A fixed step t₀ (torch's {@code line_search_fn=None}). */
        NONE,
        /** Nocedal &amp; Wright's strong Wolfe search, {@link StrongWolfe} (torch's {@code "strong_wolfe"}). */
        STRONG_WOLFE
    }

    public Lbfgs {
        Hyper.learningRate(learningRate);
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize = " + historySize + " must be >= 1");
        }
        Hyper.notNull("lineSearch", lineSearch);
        if (maxLineSearchEvaluations < 1) {
            throw new IllegalArgumentException("maxLineSearchEvaluations = " + maxLineSearchEvaluations
                    + " must be >= 1");
        }
        StrongWolfe.checkConstants(c1, c2);
        Hyper.nonNegative("approximateWolfeEps", approximateWolfeEps);
    }

    /** Defaults with first trial step ε. */
    public static Lbfgs of(double learningRate) {
        return new Lbfgs(Schedule.constant(learningRate), 10, LineSearch.STRONG_WOLFE, 25, 1e-4, 0.9, 1e-10);
    }

    /** Defaults: ε = 1, m = 10, strong Wolfe with c₁ = 1e-4, c₂ = 0.9, 25 evaluations, ε_J = 1e-10. */
    public static Lbfgs defaults() {
        return of(1);
    }

    /**
     * torch.optim {@code LBFGS(lr, max_iter=1, history_size, line_search_fn)}, with torch's fixed
     * line-search constants (c₁ = 1e-4, c₂ = 0.9, 25 evaluations) and no approximate Wolfe test.
     * {@code torch(1, 100, LineSearch.NONE)} is torch's default.
     */
    public static Lbfgs torch(double lr, int historySize, LineSearch lineSearch) {
        return new Lbfgs(Schedule.constant(lr), historySize, lineSearch, 25, 1e-4, 0.9, 0);
    }

    public Lbfgs withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public Lbfgs withLearningRate(Schedule lr) {
        return new Lbfgs(lr, historySize, lineSearch, maxLineSearchEvaluations, c1, c2, approximateWolfeEps);
    }

    public Lbfgs withHistorySize(int m) {
        return new Lbfgs(learningRate, m, lineSearch, maxLineSearchEvaluations, c1, c2, approximateWolfeEps);
    }

    public Lbfgs withLineSearch(LineSearch ls) {
        return new Lbfgs(learningRate, historySize, ls, maxLineSearchEvaluations, c1, c2, approximateWolfeEps);
    }

    public Lbfgs withMaxLineSearchEvaluations(int max) {
        return new Lbfgs(learningRate, historySize, lineSearch, max, c1, c2, approximateWolfeEps);
    }

    /** Both Wolfe constants at once (each must fit the other's range). */
    public Lbfgs withWolfeConstants(double newC1, double newC2) {
        return new Lbfgs(learningRate, historySize, lineSearch, maxLineSearchEvaluations, newC1, newC2, approximateWolfeEps);
    }

    public Lbfgs withApproximateWolfeEps(double eps) {
        return new Lbfgs(learningRate, historySize, lineSearch, maxLineSearchEvaluations, c1, c2, eps);
    }

    /** The line search this configuration runs. */
    public StrongWolfe strongWolfe() {
        return new StrongWolfe(c1, c2, maxLineSearchEvaluations, approximateWolfeEps);
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    /**
     * A fresh state: the history of m pairs (sⱼ, yⱼ) of n each, and ρ.
     *
     * @throws IllegalArgumentException before allocating anything, if the history 2·m·n does not fit
     *                                  one Java array, or the state needs more memory than this JVM may
     *                                  use ({@link Runtime#maxMemory()}), naming historySize and n
     */
    @Override
    public State init(ParamLayout layout) {
        requireFits(layout.size(), Runtime.getRuntime().maxMemory());
        return new State(layout, historySize);
    }

    /** The doubles a state for n parameters allocates, work space included: 2·m·n + 2m + 5n + 4. */
    public long memoryDoubles(int n) {
        return 2L * historySize * n + 2L * historySize + 5L * n + 4;
    }

    /** The saved buffers, computed without allocating: s and y (2·m·n), ρ (m), 2n and 4 scalars. */
    @Override
    public long stateDoubles(ParamLayout layout) {
        long n = layout.size();
        return 2L * historySize * n + historySize + 2 * n + 4;
    }

    /** Refuses a history that does not fit one array or {@code maxBytes}. */
    void requireFits(int n, long maxBytes) {
        long ring = (long) historySize * n;
        if (ring > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("lbfgs: historySize × n = " + historySize + " × " + n + " = "
                    + ring + " does not fit in one array; lower historySize");
        }
        long bytes = 8 * memoryDoubles(n);
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "lbfgs: historySize = %d with n = %d"
                    + " parameters needs %d doubles (2·m·n for the curvature pairs, %s), more than the %s this JVM may"
                    + " use (-Xmx); lower historySize", historySize, n, memoryDoubles(n), Sizes.bytes(bytes), Sizes.bytes(maxBytes)));
        }
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        rate(params, grad, state);
    }

    /**
     * The checked learning rate of the coming update. Unlike a first-order step, a line search needs
     * a first trial step t₀ &gt; 0, so a schedule that reaches 0 is refused here.
     */
    private double rate(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        if (lr == 0) {
            throw new IllegalArgumentException(name() + ": learningRate = 0.0 at step " + (state.step() + 1) + " (from "
                    + learningRate + ") must be > 0: it is the first trial step; nothing was changed");
        }
        return lr;
    }

    /**
     * One update without the objective: a fixed step t₀ along the L-BFGS direction (see the class
     * comment), whatever {@code lineSearch} says.
     *
     * @param params modified: θ
     * @param grad   not modified: ∇J(θ)
     * @param state  modified: the pair of the previous update is absorbed, this update's is left
     *               pending
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = rate(params, grad, state);
        state.absorbPendingPair(grad);
        state.direction(grad);
        double t = state.initialStep(lr, grad);
        double[] d = state.d;
        double[] s = state.previousStep;
        double[] gPrev = state.previousGrad;
        for (int i = 0; i < params.length; i++) {
            double x = params[i] + t * d[i];
            s[i] = x - params[i];
            gPrev[i] = grad[i];
            params[i] = x;
        }
        state.pending[0] = 1;
        state.advance();
    }

    /**
     * One update with the objective: a strong Wolfe line search along the L-BFGS direction, or the
     * fixed step t₀ followed by one evaluation when {@code lineSearch = NONE}.
     *
     * @param params    modified: θ, set to the accepted point (unchanged when the search found no
     *                  decrease)
     * @param value     J(θ)
     * @param grad      modified: ∇J(θ) on entry, ∇J at the accepted point on return
     * @param objective J, evaluated at trial points only
     * @param state     modified
     * @return J at the accepted point and the evaluations made
     */
    @Override
    public Outcome step(double[] params, double value, double[] grad, Objective objective, State state) {
        double lr = rate(params, grad, state);
        if (objective == null) {
            throw new IllegalArgumentException(name() + ": objective must not be null; nothing was changed");
        }
        if (objective.dimension() != params.length) {
            throw new IllegalArgumentException(name() + ": the objective has dimension " + objective.dimension()
                    + " but params has length " + params.length + "; nothing was changed");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name() + ": value = " + value + " is not finite at step "
                    + (state.step() + 1) + "; nothing was changed");
        }
        // From here on the state changes; an exception from the objective leaves it so that a
        // retry with the same arguments computes the same update (the pair is absorbed once).
        state.absorbPendingPair(grad);
        double gtd = state.direction(grad);
        double t0 = state.initialStep(lr, grad);
        double[] d = state.d;
        double[] x = state.trialPoint;
        double[] gx = state.trialGrad;
        if (gtd == 0) { // g = 0: nowhere to go
            keep(params, grad, state);
            return new Outcome(value, 0);
        }
        int evaluations;
        double newValue;
        if (lineSearch == LineSearch.NONE) {
            for (int i = 0; i < x.length; i++) {
                x[i] = params[i] + t0 * d[i];
            }
            newValue = objective.valueAndGradient(x, gx);
            evaluations = 1;
        } else {
            Along line = new Along(objective, params, d, x, gx);
            StrongWolfe.Step found = strongWolfe().search(line, value, gtd, t0);
            evaluations = found.evaluations();
            if (found.status() == StrongWolfe.Status.NO_DECREASE) {
                state.forgetPairs();
                keep(params, grad, state);
                return new Outcome(value, evaluations);
            }
            if (found.alpha() != line.lastAlpha) { // an earlier trial won: recompute its gradient
                line.valueAndSlope(found.alpha(), new double[1]);
                evaluations++;
            }
            newValue = found.value();
        }
        double[] s = state.previousStep;
        double[] gPrev = state.previousGrad;
        for (int i = 0; i < params.length; i++) {
            s[i] = x[i] - params[i];
            gPrev[i] = grad[i];
            params[i] = x[i];
            grad[i] = gx[i];
        }
        state.pending[0] = 1;
        state.advance();
        return new Outcome(newValue, evaluations);
    }

    /** Completes an update that leaves θ where it is (no pair will come of it). */
    private static void keep(double[] params, double[] grad, State state) {
        java.util.Arrays.fill(state.previousStep, 0);
        System.arraycopy(grad, 0, state.previousGrad, 0, grad.length);
        state.pending[0] = 0;
        state.advance();
    }

    /** φ(α) = J(θ + αd); keeps the trial point and gradient of the latest evaluation. */
    private static final class Along implements StrongWolfe.Line {
        private final Objective objective;
        private final double[] theta;
        private final double[] d;
        private final double[] x;
        private final double[] gx;
        double lastAlpha = Double.NaN;

        Along(Objective objective, double[] theta, double[] d, double[] x, double[] gx) {
            this.objective = objective;
            this.theta = theta;
            this.d = d;
            this.x = x;
            this.gx = gx;
        }

        @Override
        public double valueAndSlope(double alpha, double[] slope) {
            for (int i = 0; i < x.length; i++) {
                x[i] = theta[i] + alpha * d[i];
            }
            double f = objective.valueAndGradient(x, gx);
            double gd = 0;
            for (int i = 0; i < x.length; i++) {
                gd += gx[i] * d[i];
            }
            slope[0] = gd;
            lastAlpha = alpha;
            return f;
        }
    }

    /**
     * State: the rings of curvature pairs (keys {@code lbfgs.s}, {@code lbfgs.y}: m rows of n, row j
     * at offset j·n), {@code lbfgs.rho} (ρⱼ = 1/sⱼᵀyⱼ), {@code lbfgs.gamma} (γ of the newest pair),
     * {@code lbfgs.head} (the row the next pair goes to), {@code lbfgs.count} (pairs kept, ≤ m),
     * {@code lbfgs.pending} (1 when the previous update left a pair to absorb),
     * {@code lbfgs.previous_step} and {@code lbfgs.previous_grad} (its s and its g).
     */
    public static final class State extends OptimizerState {
        /** m, the ring capacity. */
        public final int historySize;
        /** sⱼ, row j at offset j·n. */
        public final double[] s;
        /** yⱼ, row j at offset j·n. */
        public final double[] y;
        /** ρⱼ = 1/(sⱼᵀyⱼ). */
        public final double[] rho;
        /** γ = sᵀy/yᵀy of the newest pair kept. */
        public final double[] gamma;
        /** The ring row the next pair is written to. */
        public final double[] head;
        /** The number of pairs kept. */
        public final double[] count;
        /** 1 when the previous update left a pair (previous_step, g − previous_grad) to absorb. */
        public final double[] pending;
        /** θ_k − θ_{k−1} of the previous update. */
        public final double[] previousStep;
        /** The gradient the previous update was given. */
        public final double[] previousGrad;
        /** Work space: the search direction d of the latest update. */
        public final double[] d;
        final double[] trialPoint;
        final double[] trialGrad;
        private final double[] alpha;
        private final int n;

        State(ParamLayout layout, int historySize) {
            super("lbfgs", layout);
            this.n = layout.size();
            this.historySize = historySize;
            long ring = (long) historySize * n; // checked by requireFits
            s = buffer("s", (int) ring);
            y = buffer("y", (int) ring);
            rho = buffer("rho", historySize);
            gamma = buffer("gamma", 1);
            // integers that load() checks, so a hand-edited state cannot break the ring
            head = integer("head", 0, historySize - 1);
            count = integer("count", 0, historySize);
            pending = integer("pending", 0, 1);
            previousStep = buffer("previous_step", n);
            previousGrad = buffer("previous_grad", n);
            d = scratch(n);
            trialPoint = scratch(n);
            trialGrad = scratch(n);
            alpha = scratch(historySize);
        }

        /** The number of curvature pairs kept. */
        public int pairs() {
            return (int) count[0];
        }

        /** Adds the pair (previous_step, g − previous_grad) when it passes the curvature test. */
        void absorbPendingPair(double[] g) {
            if (pending[0] == 0) {
                return;
            }
            pending[0] = 0;
            double sy = 0;
            double ss = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = previousStep[i];
                double yi = g[i] - previousGrad[i];
                sy += si * yi;
                ss += si * si;
                yy += yi * yi;
            }
            if (!(sy > CURVATURE_EPS * Math.sqrt(ss) * Math.sqrt(yy))) {
                return; // skipped: too little (or negative) curvature along s
            }
            int j = (int) head[0];
            int off = j * n;
            for (int i = 0; i < n; i++) {
                s[off + i] = previousStep[i];
                y[off + i] = g[i] - previousGrad[i];
            }
            rho[j] = 1 / sy;
            gamma[0] = sy / yy;
            head[0] = (j + 1) % historySize;
            count[0] = Math.min(count[0] + 1, historySize);
        }

        /** Forgets every pair. */
        void forgetPairs() {
            head[0] = 0;
            count[0] = 0;
        }

        /**
         * Writes d = −H g into {@link #d} by the two-loop recursion, resetting the memory when d is
         * not a descent direction; returns gᵀd (0 only when g = 0).
         */
        double direction(double[] g) {
            int k = pairs();
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            if (k == 0) {
                return -dotSelf(g);
            }
            int m = historySize;
            int h = (int) head[0];
            for (int c = 0; c < k; c++) { // newest to oldest
                int j = Math.floorMod(h - 1 - c, m);
                int off = j * n;
                double sq = 0;
                for (int i = 0; i < n; i++) {
                    sq += s[off + i] * d[i];
                }
                double a = rho[j] * sq;
                alpha[j] = a;
                for (int i = 0; i < n; i++) {
                    d[i] -= a * y[off + i];
                }
            }
            double scale = gamma[0];
            for (int i = 0; i < n; i++) {
                d[i] *= scale;
            }
            for (int c = k - 1; c >= 0; c--) { // oldest to newest
                int j = Math.floorMod(h - 1 - c, m);
                int off = j * n;
                double yr = 0;
                for (int i = 0; i < n; i++) {
                    yr += y[off + i] * d[i];
                }
                double coef = alpha[j] - rho[j] * yr;
                for (int i = 0; i < n; i++) {
                    d[i] += coef * s[off + i];
                }
            }
            double gtd = 0;
            for (int i = 0; i < n; i++) {
                gtd += g[i] * d[i];
            }
            if (gtd < 0) {
                return gtd;
            }
            forgetPairs(); // not a descent direction (or NaN): start again from steepest descent
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            return -dotSelf(g);
        }

        /** t₀: ε, or min(1, 1/‖g‖₁)·ε while no pair is kept. */
        double initialStep(double lr, double[] g) {
            if (pairs() > 0) {
                return lr;
            }
            double l1 = 0;
            for (int i = 0; i < n; i++) {
                l1 += Math.abs(g[i]);
            }
            return Math.min(1, 1 / l1) * lr;
        }

        private static double dotSelf(double[] g) {
            double sum = 0;
            for (double v : g) {
                sum += v * v;
            }
            return sum;
        }
    }
}
