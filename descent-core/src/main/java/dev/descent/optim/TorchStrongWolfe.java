package dev.descent.optim;

/**
 * torch.optim's strong Wolfe line search, {@code _strong_wolfe} with its {@code _cubic_interpolate},
 * transcribed operation by operation so that {@link TorchLbfgs} evaluates the objective at the same
 * points, in the same order, as torch's {@code LBFGS(line_search_fn="strong_wolfe")}.
 *
 * <pre>
 *   φ(t) = J(x + t d),  φ'(t) = ∇J(x + t d)ᵀd,  f = φ(0), gtd = φ'(0) &lt; 0,  ‖d‖_∞ = max|dᵢ|
 *   bracketing, from t_prev = 0 and the given t (ls_iter counts the evaluations after the first):
 *     φ(t) &gt; f + c₁·t·gtd,  or φ(t) ≥ φ(t_prev) with ls_iter &gt; 1:   bracket [t_prev, t]
 *     |φ'(t)| ≤ −c₂·gtd:                                         accept t (done)
 *     φ'(t) ≥ 0:                                                 bracket [t_prev, t]
 *     else t ← cubic(t_prev, t) clamped to [t + 0.01(t − t_prev), 10t]
 *   after max_ls extrapolations without a bracket:                bracket [0, t]
 *   zoom, while not done and ls_iter &lt; max_ls:
 *     stop when |b₁ − b₀|·‖d‖_∞ &lt; tolerance_change
 *     t ← cubic(b₀, b₁) clamped to the bracket;  ε = 0.1·(max b − min b)
 *     if min(max b − t, t − min b) &lt; ε:                           (too close to an end)
 *        if insuf_progress or t outside (b₀, b₁): t ← 0.1 away from the nearer end, insuf_progress ← false
 *        else insuf_progress ← true
 *     else insuf_progress ← false
 *     φ(t) &gt; f + c₁·t·gtd or φ(t) ≥ φ(b_low):    b_high ← t     (then low/high by value, ties to b₀)
 *     else: |φ'(t)| ≤ −c₂·gtd: done;  else if φ'(t)(b_high − b_low) ≥ 0: b_high ← b_low;  then b_low ← t
 *   return b_low, φ(b_low), ∇J at b_low
 *
 *   cubic(x₁, x₂) with f, g = φ, φ' at both:  d₁ = g₁ + g₂ − 3(f₁ − f₂)/(x₁ − x₂),  d₂² = d₁² − g₁g₂
 *     d₂² ≥ 0:  x₂ − (x₂ − x₁)(g₂ + d₂ − d₁)/(g₂ − g₁ + 2d₂)  (x₁ ≤ x₂; mirrored otherwise), clamped
 *     d₂² &lt; 0:  the midpoint of the bounds
 * </pre>
 *
 * <table>
 *   <caption>Constants (torch's defaults; {@code LBFGS} never passes others)</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>torch</th></tr>
 *   <tr><td>c₁</td><td>{@code c1}</td><td>1e-4</td></tr>
 *   <tr><td>c₂</td><td>{@code c2}</td><td>0.9</td></tr>
 *   <tr><td></td><td>{@code toleranceChange}</td><td>1e-9 (not LBFGS's own {@code tolerance_change})</td></tr>
 *   <tr><td></td><td>{@code maxLs}</td><td>25</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Exactly torch's control flow, including what differs from Nocedal &amp; Wright's Algorithms 3.5–3.6
 * (and from descent's own {@link StrongWolfe}): the test φ(t) ≥ φ(t_prev) only from the third trial
 * ({@code ls_iter > 1}); comparisons with NaN are false, so a NaN trial is extrapolated through as in
 * torch; an absolute bracket tolerance in parameter units; after the budget the low end of the bracket
 * is returned even when it is t = 0 with the gradient at x. Python's {@code min}/{@code max} are kept
 * (they return the first argument on ties and NaN), and every dot product is {@link TorchCpu#dot}, so
 * the trials are those of the reference cases to the last bit.
 * Use {@link StrongWolfe} for a search with Nocedal &amp; Wright's tests; use this one to reproduce torch.
 *
 * <h2>Memory</h2>
 * One new vector of size n per evaluation (the gradient there, as torch allocates one), plus the
 * clone of g: the bracket holds references to them.
 *
 * <h2>References</h2>
 * PyTorch {@code torch/optim/lbfgs.py}, functions {@code _strong_wolfe} and {@code _cubic_interpolate}:
 * torch 1.13.1 (Debian {@code python3-torch 1.13.1+dfsg-4}) and github.com/pytorch/pytorch at commit
 * {@code 045a976cc7fd4af11d46649bd90979d9a97fbc2a}, where both functions are unchanged apart from
 * formatting; ported by torch from M. Schmidt's minFunc via {@code torch/optim}'s {@code lswolfe.lua}
 * and {@code polyinterp.lua}. J. Nocedal, S. J. Wright, <i>Numerical Optimization</i>, 2nd ed.,
 * Springer 2006, §3.5 (the method it approximates).
 *
 * @param c1              c₁ in (0, 1), sufficient decrease
 * @param c2              c₂ in (c₁, 1), curvature
 * @param toleranceChange the bracket width (times max|dᵢ|) below which the zoom stops, finite and ≥ 0
 * @param maxLs           the most evaluations after the first, ≥ 1
 * @see TorchLbfgs
 * @see StrongWolfe
 */
public record TorchStrongWolfe(double c1, double c2, double toleranceChange, int maxLs) {

    /** torch's defaults: c₁ = 1e-4, c₂ = 0.9, tolerance_change = 1e-9, max_ls = 25. */
    public static final TorchStrongWolfe TORCH = new TorchStrongWolfe(1e-4, 0.9, 1e-9, 25);

    public TorchStrongWolfe {
        StrongWolfe.checkConstants(c1, c2);
        Hyper.nonNegative("toleranceChange", toleranceChange);
        if (maxLs < 1) {
            throw new IllegalArgumentException("maxLs = " + maxLs + " must be >= 1");
        }
    }

    /** φ: J and ∇J at x + t·d. */
    @FunctionalInterface
    public interface Line {
        /**
         * @param t    the step along d
         * @param grad modified: receives ∇J(x + t d), a new array of length n
         * @return J(x + t d)
         */
        double evaluate(double t, double[] grad);
    }

    /**
     * The accepted step.
     *
     * @param value       φ(t), torch's {@code f_new}
     * @param grad        ∇J(x + t d), torch's {@code g_new} (possibly the clone of the given g, at t = 0)
     * @param t           the step
     * @param evaluations torch's {@code ls_func_evals}
     */
    public record Result(double value, double[] grad, double t, int evaluations) {
    }

    /**
     * Runs the search from step {@code t}.
     *
     * @param line the objective along d
     * @param d    not modified: the direction
     * @param f    φ(0)
     * @param g    not modified: ∇J(x) (cloned, as torch does)
     * @param gtd  φ'(0), torch's {@code flat_grad.dot(d)}
     * @param t    the first trial step
     */
    public Result search(Line line, double[] d, double f, double[] g, double gtd, double t) {
        int n = d.length;
        double dNorm = maxAbs(d);
        double[] g0 = g.clone();
        double[] gNew = new double[n];
        double fNew = line.evaluate(t, gNew);
        int evals = 1;
        double gtdNew = TorchCpu.dot(gNew, 0, d, 0, n);

        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g0;
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        // the bracket: one point (done) or two; torch's lists
        double[] b = new double[2];
        double[] bf = new double[2];
        double[][] bg = new double[2][];
        double[] bgtd = new double[2];
        int size = 0;
        while (lsIter < maxLs) {
            if (fNew > (f + c1 * t * gtd) || (lsIter > 1 && fNew >= fPrev)) {
                size = set(b, bf, bg, bgtd, tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                b[0] = t;
                bf[0] = fNew;
                bg[0] = gNew;
                size = 1;
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                size = set(b, bf, bg, bgtd, tPrev, fPrev, gPrev, gtdPrev, t, fNew, gNew, gtdNew);
                break;
            }
            // extrapolate
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            gNew = new double[n];
            fNew = line.evaluate(t, gNew);
            evals++;
            gtdNew = TorchCpu.dot(gNew, 0, d, 0, n);
            lsIter++;
        }
        if (lsIter == maxLs) { // no bracket: [0, t] (torch keeps no slopes: the zoom cannot run)
            b[0] = 0;
            b[1] = t;
            bf[0] = f;
            bf[1] = fNew;
            bg[0] = g0;
            bg[1] = gNew;
            size = 2;
        }

        boolean insufProgress = false;
        int low = bf[0] <= bf[size - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && lsIter < maxLs) {
            if (Math.abs(b[1] - b[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(b[0], bf[0], bgtd[0], b[1], bf[1], bgtd[1]);
            double bMax = pyMax(b[0], b[1]);
            double bMin = pyMin(b[0], b[1]);
            double eps = 0.1 * (bMax - bMin);
            if (pyMin(bMax - t, t - bMin) < eps) {
                if (insufProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            gNew = new double[n];
            fNew = line.evaluate(t, gNew);
            evals++;
            gtdNew = TorchCpu.dot(gNew, 0, d, 0, n);
            lsIter++;
            if (fNew > (f + c1 * t * gtd) || fNew >= bf[low]) {
                b[high] = t;
                bf[high] = fNew;
                bg[high] = gNew;
                bgtd[high] = gtdNew;
                low = bf[0] <= bf[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (b[high] - b[low]) >= 0) {
                    b[high] = b[low];
                    bf[high] = bf[low];
                    bg[high] = bg[low];
                    bgtd[high] = bgtd[low];
                }
                b[low] = t;
                bf[low] = fNew;
                bg[low] = gNew;
                bgtd[low] = gtdNew;
            }
        }
        return new Result(bf[low], bg[low], b[low], evals);
    }

    private static int set(double[] b, double[] bf, double[][] bg, double[] bgtd, double t0, double f0, double[] g0,
            double gtd0, double t1, double f1, double[] g1, double gtd1) {
        b[0] = t0;
        b[1] = t1;
        bf[0] = f0;
        bf[1] = f1;
        bg[0] = g0;
        bg[1] = g1;
        bgtd[0] = gtd0;
        bgtd[1] = gtd1;
        return 2;
    }

    /** torch's {@code _cubic_interpolate} without bounds: clamped to [min(x₁, x₂), max(x₁, x₂)]. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
        return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2)
                : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
    }

    /**
     * torch's {@code _cubic_interpolate} with bounds: the minimizer of the cubic through (x₁, f₁, g₁)
     * and (x₂, f₂, g₂), clamped to [lo, hi]; the bounds' midpoint when the cubic has no minimizer.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return pyMin(pyMax(minPos, lo), hi);
        }
        return (lo + hi) / 2.;
    }

    /** Python's {@code max(a, b)}: a unless b &gt; a (so NaN in a stays, and ties keep a). */
    static double pyMax(double a, double b) {
        return b > a ? b : a;
    }

    /** Python's {@code min(a, b)}: a unless b &lt; a. */
    static double pyMin(double a, double b) {
        return b < a ? b : a;
    }

    /** torch's {@code v.abs().max()} (NaN if any entry is NaN). */
    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            double a = Math.abs(x);
            if (a > m || Double.isNaN(a)) {
                m = a;
                if (Double.isNaN(a)) {
                    return a;
                }
            }
        }
        return v.length == 0 ? Double.NaN : m;
    }
}
