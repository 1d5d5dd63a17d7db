package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.problem.Objective;
import dev.descent.util.Sizes;
import java.util.Locale;

/**
 * torch.optim's {@code LBFGS}, exactly as torch computes it: one {@code step} is one call of
 * torch's {@code optimizer.step(closure)}, up to {@code maxIter} L-BFGS iterations with torch's own
 * stopping tests, first step, history rule and (optionally) its strong Wolfe line search
 * {@link TorchStrongWolfe}.
 *
 * <pre>
 *   on entry: f, g = J(θ), ∇J(θ)  (torch's first closure call; func_evals += 1)
 *   if max|gᵢ| ≤ tolerance_grad: return (θ and the rest of the state unchanged)
 *   repeat k = 1 … max_iter  (n_iter += 1 each time; n_iter counts over all calls):
 *     if n_iter = 1:  d = −g,  history empty,  H_diag = 1
 *     else:  y = g − g_prev,  s = t·d  (the previous d and t),  ys = yᵀs
 *            if ys &gt; 1e-10: push (s, y, ρ = 1/ys), dropping the oldest beyond history_size; H_diag = ys/yᵀy
 *            q = −g;  for i = newest … oldest: αᵢ = ρᵢ sᵢᵀq,  q ← q − αᵢ yᵢ
 *            d = H_diag·q;  for i = oldest … newest: βᵢ = ρᵢ yᵢᵀd,  d ← d + (αᵢ − βᵢ) sᵢ
 *     g_prev = g,  f_prev = f
 *     t = min(1, 1/‖g‖₁)·lr  when n_iter = 1,  else t = lr
 *     gtd = gᵀd;  if gtd &gt; −tolerance_change: stop
 *     strong_wolfe:  (f, g, t) = the search from t;  θ ← θ + t d           (its evaluations counted)
 *     none:          θ ← θ + t d;  unless k = max_iter: f, g = J(θ), ∇J(θ)  (one evaluation)
 *     stop if k = max_iter, or evaluations of this call ≥ max_eval, or max|gᵢ| ≤ tolerance_grad,
 *          or max|t dᵢ| ≤ tolerance_change, or |f − f_prev| &lt; tolerance_change
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>torch name</th><th>parameter</th><th>default (torch's)</th></tr>
 *   <tr><td>{@code lr}</td><td>{@code learningRate}</td><td>1</td></tr>
 *   <tr><td>{@code max_iter}</td><td>{@code maxIter}</td><td>20</td></tr>
 *   <tr><td>{@code max_eval}</td><td>{@code maxEval}</td><td>0 = torch's None: ⌊5·maxIter/4⌋ (25)</td></tr>
 *   <tr><td>{@code tolerance_grad}</td><td>{@code toleranceGrad}</td><td>1e-7</td></tr>
 *   <tr><td>{@code tolerance_change}</td><td>{@code toleranceChange}</td><td>1e-9</td></tr>
 *   <tr><td>{@code history_size}</td><td>{@code historySize}</td><td>100</td></tr>
 *   <tr><td>{@code line_search_fn}</td><td>{@code lineSearchFn}</td><td>NONE (torch None); or STRONG_WOLFE</td></tr>
 * </table>
 * The line search's own constants are torch's fixed ones ({@link TorchStrongWolfe#TORCH}: c₁ = 1e-4,
 * c₂ = 0.9, max_ls = 25 and a bracket tolerance of 1e-9 — torch does not pass its
 * {@code tolerance_change} to the search).
 *
 * <h2>Three ways to step</h2>
 * <ul>
 *   <li>{@link #stepWithClosure}: torch's {@code step(closure)} itself. It evaluates the objective at
 *       θ first, then as often as the iterations need; the evaluation points, their order and
 *       number are torch's (the conformance cases replay this closure by closure).</li>
 *   <li>{@link #step(double[], double, double[], Objective, State)} ({@link LineSearchOptimizer}, what
 *       {@link dev.descent.minimize.Minimizer} calls): the same call, with the caller's J(θ), ∇J(θ) as
 *       the first closure call. It hands back J and ∇J at the new θ; when the call ended without
 *       evaluating there (no line search and k = max_iter), it evaluates once more: that is torch's
 *       next call's first closure call, so over a run the points evaluated are torch's, except that
 *       a point torch evaluates twice in a row (the end of one call, the start of the next) is
 *       evaluated once.</li>
 *   <li>{@link #step(double[], double[], State)} without the objective (a minibatch loop): one
 *       iteration with a fixed step, torch's {@code step} with {@code max_iter = 1} and no line
 *       search whatever {@code lineSearchFn} says; {@code prev_loss} is not known and keeps its
 *       value (torch writes it but never reads it back).</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * torch 1.13's {@code LBFGS.step} transcribed statement by statement, with its arithmetic where it
 * decides the bits: θ + t·d and the two-loop updates as torch's fused {@code add_(b, alpha)}
 * ({@link TorchCpu#addAlpha}), ‖g‖₁ in torch's {@code sum} order, and inner products as a sequential
 * fused multiply-add ({@link TorchCpu#dot}): torch's {@code dot} is BLAS, whose bits depend on the
 * CPU's OpenBLAS kernel, and this is the one that made the reference cases. With it every bundled
 * torch case (lbfgs/) replays bit for bit; against torch on an AVX2 machine the iterates differ by an
 * ulp from the first two-loop recursion on. In the spec grammar it is
 * {@code torch_lbfgs(lr=1, max_iter=20, max_eval=0, tolerance_grad=1e-7, tolerance_change=1e-9,
 * history_size=100, line_search_fn=none|strong_wolfe)} (torch's keyword names; not a {@code torch.}
 * preset, which is a registry entry with torch's defaults, because this is a different algorithm from
 * {@code lbfgs}). How it differs from descent's {@link Lbfgs}, which follows
 * Nocedal &amp; Wright: one {@code step} here is up to {@code maxIter} iterations with torch's stopping
 * tests (there one step is one iteration and stopping belongs to the loop's criteria); a pair is kept
 * when yᵀs &gt; 1e-10 (absolute, unit-dependent; there when the cosine of s and y exceeds 1e-8); the
 * scaled first step min(1, 1/‖g‖₁)·lr only at the very first iteration of the run; a direction that
 * is not a descent direction ends the call (there it resets the memory); s = t·d as computed (there
 * the displacement actually applied); and torch's line search, whose sufficient-decrease test cannot
 * pass once the decrease is below the rounding of J (descent's has an approximate Wolfe test for
 * that). Use this class to reproduce a torch run or carry a torch configuration over; use
 * {@link Lbfgs} for robust full-batch minimization. Goodfellow et al. (§8.6.3) describe L-BFGS
 * without pseudocode. The algorithm of the newest torch (github.com/pytorch/pytorch at commit
 * {@code 045a976cc7fd4af11d46649bd90979d9a97fbc2a}) is the same as 1.13's; it only adds complex
 * parameters (viewed as pairs of reals), type annotations and formatting.
 *
 * <h2>Memory</h2>
 * 2m + 2 saved vectors of size n (the m pairs (s, y), d and the previous gradient) plus m + 7
 * scalars (ρ, t, H_diag, the previous loss, the ring's head and count, n_iter, func_evals). Work
 * space, not saved: five vectors of size n, m scalars and an undo log of up to min(max_iter, m)
 * pairs, so that a call the objective interrupts with an exception leaves the state as it was; one
 * vector of size n per line-search evaluation (torch allocates one too).
 *
 * <h2>References</h2>
 * PyTorch {@code torch/optim/lbfgs.py}, class {@code LBFGS} (method {@code step}) and functions
 * {@code _strong_wolfe}, {@code _cubic_interpolate}: torch 1.13.1 (Debian
 * {@code python3-torch 1.13.1+dfsg-4}, md5 {@code ef07b91099f4874f2234acb23ddbbd01}) and
 * github.com/pytorch/pytorch at commit {@code 045a976cc7fd4af11d46649bd90979d9a97fbc2a}; "heavily
 * inspired by" M. Schmidt's minFunc (www.cs.ubc.ca/~schmidtm/Software/minFunc.html). D. C. Liu,
 * J. Nocedal, "On the limited memory BFGS method for large scale optimization", Math. Programming 45,
 * 1989. J. Nocedal, S. J. Wright, <i>Numerical Optimization</i>, 2nd ed., Springer 2006, Algorithm 7.4
 * (two-loop recursion), eq. (7.20) (H_diag). Goodfellow, Bengio, Courville, <i>Deep Learning</i>,
 * MIT Press 2016, §8.6.3.
 *
 * @param learningRate    lr: the fixed step, or the first trial step of the line search; &gt; 0
 * @param maxIter         max_iter ≥ 1, iterations per call
 * @param maxEval         max_eval ≥ 1, objective evaluations per call (the first included), or 0
 *                        for torch's default ⌊5·maxIter/4⌋
 * @param toleranceGrad   tolerance_grad ≥ 0, on max|gᵢ|
 * @param toleranceChange tolerance_change ≥ 0, on max|t dᵢ|, |f − f_prev| and gᵀd
 * @param historySize     history_size ≥ 1, pairs kept
 * @param lineSearchFn    line_search_fn
 * @see Lbfgs
 * @see TorchStrongWolfe
 * @see LineSearchOptimizer
 */
public record TorchLbfgs(Schedule learningRate, int maxIter, int maxEval, double toleranceGrad,
        double toleranceChange, int historySize, LineSearchFn lineSearchFn)
        implements LineSearchOptimizer<TorchLbfgs.State>, HasLearningRate {

    /** torch's {@code ys > 1e-10}: the least yᵀs of a pair that is kept. */
    public static final double CURVATURE_EPS = 1e-10;

    /** torch's {@code line_search_fn}. */
    public enum LineSearchFn {
        /** None: a fixed step t along d, one evaluation after it (except on the last iteration). */
        NONE,
        /** "strong_wolfe": {@link TorchStrongWolfe#TORCH}. */
        STRONG_WOLFE
    }

    public TorchLbfgs {
        Hyper.learningRate(learningRate);
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter = " + maxIter + " must be >= 1");
        }
        if (maxEval < 0) {
            throw new IllegalArgumentException("maxEval = " + maxEval
                    + " must be >= 1, or 0 for torch's default floor(5 * maxIter / 4)");
        }
        Hyper.nonNegative("toleranceGrad", toleranceGrad);
        Hyper.nonNegative("toleranceChange", toleranceChange);
        if (historySize < 1) {
            throw new IllegalArgumentException("historySize = " + historySize + " must be >= 1");
        }
        Hyper.notNull("lineSearchFn", lineSearchFn);
    }

    /** torch's defaults: {@code LBFGS(params)} (lr 1, max_iter 20, max_eval 25, no line search). */
    public static TorchLbfgs defaults() {
        return new TorchLbfgs(Schedule.constant(1), 20, 0, 1e-7, 1e-9, 100, LineSearchFn.NONE);
    }

    /** torch's {@code LBFGS(params, line_search_fn="strong_wolfe")}. */
    public static TorchLbfgs strongWolfe() {
        return defaults().withLineSearchFn(LineSearchFn.STRONG_WOLFE);
    }

    public TorchLbfgs withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    @Override
    public TorchLbfgs withLearningRate(Schedule lr) {
        return new TorchLbfgs(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public TorchLbfgs withMaxIter(int n) {
        return new TorchLbfgs(learningRate, n, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public TorchLbfgs withMaxEval(int n) {
        return new TorchLbfgs(learningRate, maxIter, n, toleranceGrad, toleranceChange, historySize, lineSearchFn);
    }

    public TorchLbfgs withToleranceGrad(double tol) {
        return new TorchLbfgs(learningRate, maxIter, maxEval, tol, toleranceChange, historySize, lineSearchFn);
    }

    public TorchLbfgs withToleranceChange(double tol) {
        return new TorchLbfgs(learningRate, maxIter, maxEval, toleranceGrad, tol, historySize, lineSearchFn);
    }

    public TorchLbfgs withHistorySize(int m) {
        return new TorchLbfgs(learningRate, maxIter, maxEval, toleranceGrad, toleranceChange, m, lineSearchFn);
    }

    public TorchLbfgs withLineSearchFn(LineSearchFn fn) {
        return new TorchLbfgs(learningRate, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, fn);
    }

    /** max_eval as torch resolves it: {@code maxEval}, or ⌊5·maxIter/4⌋ when it is 0. */
    public int resolvedMaxEval() {
        return maxEval != 0 ? maxEval : (int) (maxIter * 5L / 4);
    }

    @Override
    public String name() {
        return "torch_lbfgs";
    }

    /**
     * A fresh state: n_iter = func_evals = 0 and an empty history.
     *
     * @throws IllegalArgumentException before allocating, if the history m·n does not fit one array
     *                                  or the state needs more memory than this JVM may use
     */
    @Override
    public State init(ParamLayout layout) {
        int n = layout.size();
        long ring = (long) historySize * n;
        if (ring > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name() + ": historySize × n = " + historySize + " × " + n + " = "
                    + ring + " does not fit in one array; lower historySize");
        }
        long bytes = 8 * memoryDoubles(n);
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: historySize = %d with n = %d"
                    + " parameters needs %d doubles (%s), more than the %s this JVM may use (-Xmx); lower historySize",
                    name(), historySize, n, memoryDoubles(n), Sizes.bytes(bytes), Sizes.bytes(max)));
        }
        return new State(layout, historySize, Math.min(maxIter, historySize));
    }

    /** The doubles a state for n parameters allocates, work space and undo log included. */
    public long memoryDoubles(int n) {
        long undo = Math.min(maxIter, historySize);
        return 2L * historySize * n + 2L * historySize + 7L * n + 2 * undo * n + 16;
    }

    /** The saved buffers, computed without allocating: 2·m·n + m + 2n + 7. */
    @Override
    public long stateDoubles(ParamLayout layout) {
        long n = layout.size();
        return 2L * historySize * n + historySize + 2 * n + 7;
    }

    @Override
    public void check(double[] params, double[] grad, State state) {
        rate(params, grad, state);
    }

    private double rate(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        if (lr == 0) {
            throw new IllegalArgumentException(name() + ": learningRate = 0.0 at step " + (state.step() + 1) + " (from "
                    + learningRate + ") must be > 0; nothing was changed");
        }
        return lr;
    }

    /**
     * One iteration without the objective: torch's {@code step} with {@code max_iter = 1} and no line
     * search, whose closure returned {@code grad} (see the class comment).
     *
     * @param params modified: θ
     * @param grad   not modified: ∇J(θ)
     * @param state  modified
     */
    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = rate(params, grad, state);
        System.arraycopy(params, 0, state.theta, 0, params.length);
        Call c = run(state.theta, Double.NaN, grad, null, state, lr, 1, false);
        System.arraycopy(c.theta, 0, params, 0, params.length);
        state.advance();
    }

    /**
     * One call of torch's {@code step(closure)} whose first closure call is {@code (value, grad)}; it
     * evaluates J at θ⁺ at the end when the call did not (see the class comment).
     *
     * @param params    modified: θ on entry, θ⁺ on return
     * @param value     J(θ)
     * @param grad      modified: ∇J(θ) on entry, ∇J(θ⁺) on return
     * @param objective J
     * @param state     modified
     * @return J(θ⁺) and the evaluations made here (torch's evaluations of the call but the first,
     *         plus the one at θ⁺ when it was needed)
     */
    @Override
    public Outcome step(double[] params, double value, double[] grad, Objective objective, State state) {
        double lr = checkWithObjective(params, grad, objective, state);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name() + ": value = " + value + " is not finite at step "
                    + (state.step() + 1) + "; nothing was changed");
        }
        System.arraycopy(params, 0, state.theta, 0, params.length);
        state.saveUndo();
        try {
            Call c = run(state.theta, value, grad, objective, state, lr, maxIter, lineSearchFn == LineSearchFn.STRONG_WOLFE);
            double f = c.loss;
            double[] g = c.grad;
            int evaluations = c.evaluations - 1;
            if (!c.fresh) { // torch's next call evaluates here first
                g = new double[params.length];
                f = objective.valueAndGradient(c.theta, g);
                evaluations++;
            }
            System.arraycopy(c.theta, 0, params, 0, params.length);
            System.arraycopy(g, 0, grad, 0, grad.length);
            state.advance();
            return new Outcome(f, evaluations);
        } catch (RuntimeException e) {
            state.restoreUndo();
            throw e;
        }
    }

    /**
     * torch's {@code optimizer.step(closure)}: evaluates {@code closure} at θ, then runs the call.
     *
     * @param params  modified: θ on entry, θ⁺ on return (unchanged if the closure throws)
     * @param closure J, evaluated first at θ
     * @param state   modified (unchanged if the closure throws)
     * @return what torch's {@code step} returns (J at the first evaluation) and the number of closure
     *         calls
     * @throws IllegalArgumentException before any evaluation, if the call is refused; or after the
     *                                  first, if J(θ) or ∇J(θ) is not finite (then nothing was changed)
     */
    public ClosureStep stepWithClosure(double[] params, Objective closure, State state) {
        requireObjective(params, closure, state);
        Hyper.checkLengths(name(), params, params, state);
        double[] g = new double[params.length];
        System.arraycopy(params, 0, state.theta, 0, params.length);
        double f = closure.valueAndGradient(state.theta, g);
        double lr = rate(params, g, state);
        if (!Double.isFinite(f)) {
            throw new IllegalArgumentException(name() + ": the closure returned " + f + " at step "
                    + (state.step() + 1) + "; nothing was changed");
        }
        state.saveUndo();
        try {
            Call c = run(state.theta, f, g, closure, state, lr, maxIter, lineSearchFn == LineSearchFn.STRONG_WOLFE);
            System.arraycopy(c.theta, 0, params, 0, params.length);
            state.advance();
            return new ClosureStep(f, c.evaluations);
        } catch (RuntimeException e) {
            state.restoreUndo();
            throw e;
        }
    }

    /**
     * What {@link #stepWithClosure} did.
     *
     * @param loss        torch's return value: J at θ, the first evaluation
     * @param evaluations the closure calls made, ≥ 1 (torch's {@code current_evals})
     */
    public record ClosureStep(double loss, int evaluations) {
    }

    private double checkWithObjective(double[] params, double[] grad, Objective objective, State state) {
        double lr = rate(params, grad, state);
        requireObjective(params, objective, state);
        return lr;
    }

    private void requireObjective(double[] params, Objective objective, State state) {
        if (objective == null) {
            throw new IllegalArgumentException(name() + ": objective must not be null; nothing was changed");
        }
        if (objective.dimension() != params.length) {
            throw new IllegalArgumentException(name() + ": the objective has dimension " + objective.dimension()
                    + " but params has length " + params.length + "; nothing was changed");
        }
    }

    /** The end of a call: θ⁺ (the state's work copy), J and ∇J of the last evaluation and whether they are at θ⁺. */
    private record Call(double[] theta, double loss, double[] grad, boolean fresh, int evaluations) {
    }

    /**
     * torch's {@code step} after its first closure call, which returned (loss, flatGrad) at theta.
     * {@code closure} is null for the step without the objective (then maxIter is 1 and no line
     * search runs). Modifies theta (the work copy) and the state; never flatGrad.
     */
    private Call run(double[] theta, double loss, double[] flatGrad, Objective closure, State st, double lr,
            int maxIter, boolean search) {
        int n = theta.length;
        int maxEvals = resolvedMaxEval();
        int currentEvals = 1;
        st.funcEvals[0] += 1;
        boolean fresh = true; // (loss, flatGrad) are at theta
        boolean optCond = TorchStrongWolfe.maxAbs(flatGrad) <= toleranceGrad;
        if (optCond) {
            return new Call(theta, loss, flatGrad, true, currentEvals);
        }
        double[] d = st.d;
        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            st.nIter[0] += 1;
            if (st.nIter[0] == 1) {
                for (int i = 0; i < n; i++) {
                    d[i] = -flatGrad[i];
                }
                st.head[0] = 0;
                st.count[0] = 0;
                st.hDiag[0] = 1;
            } else {
                st.updateMemory(flatGrad);
                st.direction(flatGrad);
            }
            System.arraycopy(flatGrad, 0, st.prevFlatGrad, 0, n);
            double prevLoss = loss;
            if (!Double.isNaN(loss)) {
                st.prevLoss[0] = loss;
            }
            double t = st.nIter[0] == 1
                    ? TorchStrongWolfe.pyMin(1., 1. / TorchCpu.sumAbs(flatGrad)) * lr
                    : lr;
            st.t[0] = t;
            double gtd = TorchCpu.dot(flatGrad, 0, d, 0, n);
            if (gtd > -toleranceChange) {
                break;
            }
            int lsEvals = 0;
            if (search) {
                double[] xInit = st.xInit;
                System.arraycopy(theta, 0, xInit, 0, n);
                double[] trial = st.trial;
                TorchStrongWolfe.Result r = TorchStrongWolfe.TORCH.search((step, g) -> {
                    for (int i = 0; i < n; i++) {
                        trial[i] = TorchCpu.addAlpha(xInit[i], step, d[i]);
                    }
                    return closure.valueAndGradient(trial, g);
                }, d, loss, flatGrad, gtd, t);
                loss = r.value();
                flatGrad = r.grad();
                t = r.t();
                st.t[0] = t;
                lsEvals = r.evaluations();
                addTo(theta, t, d);
                optCond = TorchStrongWolfe.maxAbs(flatGrad) <= toleranceGrad;
                fresh = true;
            } else {
                addTo(theta, t, d);
                if (nIter != maxIter) {
                    double[] g = new double[n];
                    loss = closure.valueAndGradient(theta, g);
                    flatGrad = g;
                    optCond = TorchStrongWolfe.maxAbs(flatGrad) <= toleranceGrad;
                    lsEvals = 1;
                    fresh = true;
                } else {
                    fresh = false;
                }
            }
            currentEvals += lsEvals;
            st.funcEvals[0] += lsEvals;
            if (nIter == maxIter || currentEvals >= maxEvals || optCond) {
                break;
            }
            if (maxAbsTimes(d, t) <= toleranceChange) {
                break;
            }
            if (Math.abs(loss - prevLoss) < toleranceChange) {
                break;
            }
        }
        return new Call(theta, loss, flatGrad, fresh, currentEvals);
    }

    /** torch's {@code _add_grad(t, d)}: θ ← θ + t·d with its fused add. */
    private static void addTo(double[] theta, double t, double[] d) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] = TorchCpu.addAlpha(theta[i], t, d[i]);
        }
    }

    /** torch's {@code d.mul(t).abs().max()}. */
    private static double maxAbsTimes(double[] d, double t) {
        double m = 0;
        for (double x : d) {
            double a = Math.abs(x * t);
            if (Double.isNaN(a)) {
                return a;
            }
            if (a > m) {
                m = a;
            }
        }
        return m;
    }

    /**
     * State, torch's {@code state} of the first parameter: {@code torch_lbfgs.d}, {@code .t},
     * {@code .old_dirs} and {@code .old_stps} (the y and s rings: m rows of n, row j at j·n; the
     * logical order oldest → newest starts at row (head − count) mod m), {@code .ro} (by ring row),
     * {@code .head}, {@code .count}, {@code .h_diag}, {@code .prev_flat_grad}, {@code .prev_loss},
     * {@code .n_iter} and {@code .func_evals} (torch's cumulative counters).
     */
    public static final class State extends OptimizerState {
        /** d, the latest direction. */
        public final double[] d;
        /** t, the latest step length. */
        public final double[] t;
        /** yⱼ (torch's {@code old_dirs}), row j at j·n. */
        public final double[] oldDirs;
        /** sⱼ (torch's {@code old_stps}), row j at j·n. */
        public final double[] oldStps;
        /** ρⱼ = 1/(yⱼᵀsⱼ), by ring row. */
        public final double[] ro;
        /** The ring row the next pair goes to. */
        public final double[] head;
        /** The pairs kept. */
        public final double[] count;
        /** H_diag = yᵀs/yᵀy of the newest pair kept (1 before any). */
        public final double[] hDiag;
        /** The gradient at the start of the latest iteration. */
        public final double[] prevFlatGrad;
        /** The loss at the start of the latest iteration. */
        public final double[] prevLoss;
        /** torch's {@code state['n_iter']}: iterations over all calls. */
        public final double[] nIter;
        /** torch's {@code state['func_evals']}: closure calls over all calls. */
        public final double[] funcEvals;
        final double[] theta;
        final double[] xInit;
        final double[] trial;
        private final double[] yNew;
        private final double[] sNew;
        private final double[] al;
        private final int n;
        private final int m;
        // undo log of one call
        private final double[] undoD;
        private final double[] undoPrevGrad;
        private final double[] undoRo;
        private final double[] undoScalars;
        private final double[] undoRows;
        private final int[] undoRowIndex;
        private int undoRowCount;
        private int pushes;

        State(ParamLayout layout, int historySize, int undoCapacity) {
            super("torch_lbfgs", layout);
            n = layout.size();
            m = historySize;
            d = buffer("d", n);
            t = buffer("t", 1);
            oldDirs = buffer("old_dirs", (int) ((long) m * n));
            oldStps = buffer("old_stps", (int) ((long) m * n));
            ro = buffer("ro", m);
            head = integer("head", 0, m - 1);
            count = integer("count", 0, m);
            hDiag = buffer("h_diag", 1);
            prevFlatGrad = buffer("prev_flat_grad", n);
            prevLoss = buffer("prev_loss", 1);
            nIter = integer("n_iter", 0, 1L << 53);
            funcEvals = integer("func_evals", 0, 1L << 53);
            theta = scratch(n);
            xInit = scratch(n);
            trial = scratch(n);
            yNew = scratch(n);
            sNew = scratch(n);
            al = scratch(m);
            undoD = scratch(n);
            undoPrevGrad = scratch(n);
            undoRo = scratch(m);
            undoScalars = scratch(8);
            undoRows = scratch((int) Math.min(Integer.MAX_VALUE - 8, 2L * undoCapacity * n));
            undoRowIndex = new int[undoCapacity];
        }

        /** The pairs kept. */
        public int pairs() {
            return (int) count[0];
        }

        /** Logical index i (0 = oldest) → ring row. */
        private int row(int i) {
            return Math.floorMod((int) head[0] - (int) count[0] + i, m);
        }

        /** torch's memory update: y = g − g_prev, s = t·d, kept when yᵀs &gt; 1e-10. */
        void updateMemory(double[] g) {
            double step = t[0];
            for (int i = 0; i < n; i++) {
                yNew[i] = g[i] - prevFlatGrad[i];
                sNew[i] = d[i] * step;
            }
            double ys = TorchCpu.dot(yNew, 0, sNew, 0, n);
            if (!(ys > CURVATURE_EPS)) {
                return;
            }
            int j = (int) head[0];
            if (count[0] == m) {
                saveRow(j); // the oldest pair is dropped
            }
            System.arraycopy(yNew, 0, oldDirs, j * n, n);
            System.arraycopy(sNew, 0, oldStps, j * n, n);
            ro[j] = 1. / ys;
            hDiag[0] = ys / TorchCpu.dot(yNew, 0, yNew, 0, n);
            head[0] = (j + 1) % m;
            count[0] = Math.min(count[0] + 1, m);
        }

        /** torch's two-loop recursion into d (one buffer: q, then r). */
        void direction(double[] g) {
            int k = pairs();
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int i = k - 1; i >= 0; i--) {
                int off = row(i) * n;
                double a = TorchCpu.dot(oldStps, off, d, 0, n) * ro[row(i)];
                al[i] = a;
                for (int e = 0; e < n; e++) {
                    d[e] = TorchCpu.addAlpha(d[e], -a, oldDirs[off + e]);
                }
            }
            double h = hDiag[0];
            for (int e = 0; e < n; e++) {
                d[e] = d[e] * h;
            }
            for (int i = 0; i < k; i++) {
                int off = row(i) * n;
                double be = TorchCpu.dot(oldDirs, off, d, 0, n) * ro[row(i)];
                double coef = al[i] - be;
                for (int e = 0; e < n; e++) {
                    d[e] = TorchCpu.addAlpha(d[e], coef, oldStps[off + e]);
                }
            }
        }

        /** Remembers what a call may change, so an exception from the objective can undo it. */
        void saveUndo() {
            System.arraycopy(d, 0, undoD, 0, n);
            System.arraycopy(prevFlatGrad, 0, undoPrevGrad, 0, n);
            System.arraycopy(ro, 0, undoRo, 0, m);
            undoScalars[0] = t[0];
            undoScalars[1] = head[0];
            undoScalars[2] = count[0];
            undoScalars[3] = hDiag[0];
            undoScalars[4] = prevLoss[0];
            undoScalars[5] = nIter[0];
            undoScalars[6] = funcEvals[0];
            undoRowCount = 0;
            pushes = 0;
        }

        /** Saves ring row j before a call overwrites it (the first m overwrites of a call are distinct rows). */
        private void saveRow(int j) {
            if (pushes++ >= m || undoRowCount == undoRowIndex.length) {
                return; // wrapped around: the row's original content is saved already
            }
            int off = 2 * undoRowCount * n;
            System.arraycopy(oldDirs, j * n, undoRows, off, n);
            System.arraycopy(oldStps, j * n, undoRows, off + n, n);
            undoRowIndex[undoRowCount++] = j;
        }

        /** Undoes the current call. */
        void restoreUndo() {
            for (int r = 0; r < undoRowCount; r++) {
                int j = undoRowIndex[r];
                int off = 2 * r * n;
                System.arraycopy(undoRows, off, oldDirs, j * n, n);
                System.arraycopy(undoRows, off + n, oldStps, j * n, n);
            }
            System.arraycopy(undoD, 0, d, 0, n);
            System.arraycopy(undoPrevGrad, 0, prevFlatGrad, 0, n);
            System.arraycopy(undoRo, 0, ro, 0, m);
            t[0] = undoScalars[0];
            head[0] = undoScalars[1];
            count[0] = undoScalars[2];
            hDiag[0] = undoScalars[3];
            prevLoss[0] = undoScalars[4];
            nIter[0] = undoScalars[5];
            funcEvals[0] = undoScalars[6];
        }
    }
}
