package dev.descent.report.demo;

import dev.descent.global.CoolingSchedule;
import dev.descent.global.SimulatedAnnealing;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.ode.IntegrationException;
import dev.descent.ode.OdeSolver;
import dev.descent.ode.Trajectory;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.schedule.ExponentialDecay;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Bounds;
import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Marker;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 7 of the demo report, "Parameter estimation": the SIR model fitted by least squares to
 * the 1978 boarding-school influenza outbreak ({@link InfluenzaEngland1978}, N = 763, I₀ = 1 fixed),
 * by descent's L-BFGS, Adam and simulated annealing followed by L-BFGS, beside Hipparchus's
 * Levenberg–Marquardt as the baseline.
 *
 * <pre>
 *   dS/dt = −β S I / N,   dI/dt = β S I / N − γ I,   dR/dt = γ I,   S(0) = N − I₀, I(0) = I₀, R(0) = 0
 *   SSE(β, γ) = Σ_{t=1}^{14} (I(t; β, γ) − in_bed_t)²        minimized over u = (log β, log γ)
 *   ∂SSE/∂θ = Σ_t 2 (I(t) − in_bed_t) · ∂I(t)/∂θ               ∂y/∂θ from the forward sensitivities
 * </pre>
 *
 * <table>
 *   <caption>What it shows</caption>
 *   <tr><th>item</th><th>id</th><th>content</th></tr>
 *   <tr><td>figure</td><td>{@value #FIG_FIT}</td><td>series {@value #DATA} (points, day 1–14) and
 *       {@value #FITTED} (I(t) of the L-BFGS fit, or of the best other fit if it failed, on t ∈ [0, 15],
 *       step 0.05)</td></tr>
 *   <tr><td>table</td><td>{@value #TABLE}</td><td>β, γ, R₀ with standard errors, SSE, iterations and
 *       the agreement with Levenberg–Marquardt, one row per method</td></tr>
 *   <tr><td>figure</td><td>{@value #FIG_PATHS}</td><td>the paths in natural (β, γ) over contours of
 *       SSE on β ∈ [{@value #BETA_LO}, {@value #BETA_HI}], γ ∈ [{@value #GAMMA_LO}, {@value #GAMMA_HI}]:
 *       {@value #LBFGS}, {@value #ADAM}, {@value #ANNEAL} (best-so-far points),
 *       {@value #REFINE}</td></tr>
 *   <tr><td>figure</td><td>{@value #FIG_LOSS}</td><td>SSE − SSE* against iteration k + 1, both axes
 *       log, for the same four series</td></tr>
 * </table>
 *
 * <table>
 *   <caption>Sizes</caption>
 *   <tr><th></th><th>full</th><th>quick</th></tr>
 *   <tr><td>SSE grid (solves)</td><td>101 × 101</td><td>25 × 25</td></tr>
 *   <tr><td>annealing proposals</td><td>5000</td><td>400</td></tr>
 *   <tr><td>time, measured on 2 cores (cold JVM / warm)</td><td>1.7 s / 0.9 s</td><td>0.95 s / 0.2 s</td></tr>
 * </table>
 *
 * <p>Every number is a pure function of {@link DemoContext#quick()} and {@link DemoContext#seed()}
 * (the annealing's seed is {@code ctx.seed("sir-anneal")}); wall times go only to the manifest. A
 * run that throws or does not converge becomes a warning {@link Item.Note}, not an exception.
 */
public final class ParameterEstimationSection {

    /** The section's id. */
    public static final String ID = "parameter-estimation";
    /** Figure A: data and fitted I(t). */
    public static final String FIG_FIT = "sir-fit";
    /** Figure B: paths over the SSE contours. */
    public static final String FIG_PATHS = "sir-paths";
    /** Figure C: SSE − SSE* against iteration. */
    public static final String FIG_LOSS = "sir-loss";
    /** The table of estimates. */
    public static final String TABLE = "sir-estimates";

    /** Series names. */
    public static final String DATA = "in bed (data)";
    public static final String FITTED = "fitted I(t)";
    public static final String LBFGS = "L-BFGS";
    public static final String ADAM = "Adam, ε = 0.2·0.997ᵏ, β₂ = 0.99";
    public static final String ANNEAL = "simulated annealing (best so far)";
    public static final String REFINE = "L-BFGS after annealing";
    /** The baseline's name in the table. */
    public static final String LM = "Levenberg–Marquardt (Hipparchus)";

    /** The poor start, natural (β, γ) per day: the problem's generic start. */
    public static final double START_BETA = 1;
    public static final double START_GAMMA = 0.1;

    /** The plotted window of Figure B, which is also the annealing's box (in log coordinates). */
    public static final double BETA_LO = 0.5;
    public static final double BETA_HI = 3;
    public static final double GAMMA_LO = 0.05;
    public static final double GAMMA_HI = 1.5;

    private static final String SECTION = ID;

    private ParameterEstimationSection() {
    }

    /** One method's fit: its result (null when it failed), its path in natural (β, γ) and its SSE per iteration. */
    private record Run(String name, OdeFitResult fit, double[] beta, double[] gamma, double[] sse, String error) {
        boolean ok() {
            return fit != null;
        }
    }

    /** Records natural (β, γ) and J of each checked iterate. */
    private static final class PathRecorder implements Minimizer.Observer {
        private final OdeFitProblem problem;
        final List<double[]> points = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        PathRecorder(OdeFitProblem problem) {
            this.problem = problem;
        }

        @Override
        public void iterate(long iteration, double[] theta, double value) {
            points.add(problem.toNatural(theta));
            values.add(value);
        }
    }

    /**
     * Builds the section: runs the four fits, the grid of SSE values and the fitted curve.
     *
     * @param ctx quick or full, the seed, the manifest (one run recorded per fit and one for the grid)
     *            and the progress
     */
    public static Section build(DemoContext ctx) {
        return build(ctx, InfluenzaEngland1978.problem());
    }

    /**
     * The section for a variant of {@link InfluenzaEngland1978#problem()} (another solver, say): β
     * and γ must be its free parameters, in that order. Tests use it to make the fits fail.
     */
    static Section build(DemoContext ctx, OdeFitProblem problem) {
        if (!problem.freeParameters().equals(List.of("beta", "gamma"))) {
            throw new IllegalArgumentException("the free parameters must be [beta, gamma], not "
                    + problem.freeParameters());
        }
        double[] start = {START_BETA, START_GAMMA};
        int gridX = ctx.size(101, 25);
        int gridY = ctx.size(101, 25);
        int annealIterations = ctx.size(5000, 400);
        int total = 6 + gridY;
        int done = 0;
        List<Item> items = new ArrayList<>();
        List<Item> notes = new ArrayList<>();

        // the baseline
        ctx.progress().update("sir: levenberg-marquardt", done++, total);
        Run lm = timed(ctx, LM, "levenberg-marquardt", start, () -> {
            OdeFitResult r = LevenbergMarquardt.defaults().fit(problem, start);
            return new Run(LM, r, new double[0], new double[0], new double[0], null);
        });

        // L-BFGS from the poor start
        ctx.progress().update("sir: lbfgs", done++, total);
        Minimizer<?> lbfgs = new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500), new MaxEvaluations(5000)));
        Run lb = timed(ctx, LBFGS, "lbfgs", start,
                () -> local(problem, LBFGS, "Lbfgs", lbfgs, problem.toUnconstrained(start)));

        // Adam with the decaying rate of descent-ode's tests
        ctx.progress().update("sir: adam", done++, total);
        Minimizer<?> adam = new Minimizer<>(
                Adam.of(0.2).withLearningRate(ExponentialDecay.of(0.2, 0.997)).withBeta2(0.99),
                StoppingCriterion.anyOf(new GradientNorm(1e-3), new MaxIterations(3000)));
        Run ad = timed(ctx, ADAM, "adam(lr=0.2, beta2=0.99) @ exponential(0.997)", start,
                () -> local(problem, ADAM, "Adam", adam, problem.toUnconstrained(start)));

        // simulated annealing over the plotted box, from the same start, then L-BFGS from its best point
        ctx.progress().update("sir: simulated annealing", done++, total);
        long seed = ctx.seed("sir-anneal");
        Bounds box = new Bounds(problem.toUnconstrained(new double[] {BETA_LO, GAMMA_LO}),
                problem.toUnconstrained(new double[] {BETA_HI, GAMMA_HI}));
        Run sa = timed(ctx, ANNEAL, "simulated-annealing", start,
                () -> anneal(problem, box, start, seed, annealIterations));
        ctx.progress().update("sir: lbfgs after annealing", done++, total);
        Run saL = solved(sa)
                ? timed(ctx, REFINE, "lbfgs after simulated-annealing", sa.fit.estimates(), () -> local(problem, REFINE,
                        "simulated-annealing + Lbfgs", lbfgs, problem.toUnconstrained(sa.fit.estimates())))
                : new Run(REFINE, null, new double[0], new double[0], new double[0], "the annealing found no point where the model can be solved");

        List<Run> runs = List.of(lb, ad, sa, saL);
        for (Run r : List.of(lm, lb, ad, sa, saL)) {
            if (!r.ok()) {
                notes.add(new Item.Note(r.name + " failed: " + r.error, true));
            } else if (!Double.isFinite(r.fit.sumOfSquares())) {
                notes.add(new Item.Note(r.name + " failed: the model could not be solved at its end point ("
                        + r.fit.reason().criterion() + ": " + r.fit.reason().detail() + ")", true));
            } else if (!r.fit.converged() && r != sa) {
                notes.add(new Item.Note(r.name + " did not converge: " + r.fit.reason().criterion() + " ("
                        + r.fit.reason().detail() + ")", true));
            }
        }

        // the optimum: the lowest SSE any method reached (annealing alone excepted)
        OdeFitResult best = null;
        for (Run r : List.of(lm, lb, saL, ad)) {
            if (r.ok() && Double.isFinite(r.fit.lossValue()) && (best == null || r.fit.lossValue() < best.lossValue())) {
                best = r.fit;
            }
        }
        Run shown = lb.ok() && Double.isFinite(lb.fit.sumOfSquares()) ? lb : null;
        for (Run r : List.of(lm, saL, ad)) {
            if (shown == null && r.ok() && r.fit == best) {
                shown = r;
            }
        }

        // Figure A and the table
        ctx.progress().update("sir: fitted curve", done++, total);
        if (shown != null) {
            try {
                items.add(fitFigure(problem, shown, lm));
            } catch (RuntimeException e) {
                notes.add(new Item.Note("the fitted curve could not be computed: " + e.getMessage(), true));
            }
        } else {
            notes.add(new Item.Note("no method reached a point where the model can be solved: there is no fitted "
                    + "curve", true));
        }
        items.add(table(List.of(lb, lm, ad, saL, sa), lm));

        // Figure B: the SSE grid
        long t0 = System.nanoTime();
        double[] xs = linspace(BETA_LO, BETA_HI, gridX);
        double[] ys = linspace(GAMMA_LO, GAMMA_HI, gridY);
        double[][] z = new double[gridY][gridX];
        for (int j = 0; j < gridY; j++) {
            ctx.progress().update("sir: SSE grid row " + (j + 1) + " of " + gridY, done++, total);
            for (int i = 0; i < gridX; i++) {
                z[j][i] = problem.value(problem.toUnconstrained(new double[] {xs[i], ys[j]}));
            }
        }
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("problem", "sir-influenza-1978");
        grid.put("method", "sse-grid");
        grid.put("grid", gridX + "x" + gridY);
        grid.put("beta", List.of(BETA_LO, BETA_HI));
        grid.put("gamma", List.of(GAMMA_LO, GAMMA_HI));
        grid.put("evaluations", gridX * gridY);
        grid.put("seconds", (System.nanoTime() - t0) / 1e9);
        ctx.record(SECTION, grid);

        // SSE*: the lowest value seen anywhere, so that every SSE − SSE* is ≥ 0 (the observers' values
        // differ from the results' in the last bits, as their solves carry the sensitivities)
        double sseStar = best != null ? best.lossValue() : min(z);
        for (Run r : runs) {
            for (double v : r.sse) {
                if (Double.isFinite(v)) {
                    sseStar = Math.min(sseStar, v);
                }
            }
        }
        if (Double.isFinite(sseStar)) {
            items.add(pathsFigure(z, xs, ys, sseStar, runs, start, best, annealIterations));
            items.add(lossFigure(runs, sseStar, sa));
        } else {
            notes.add(new Item.Note("the model could not be solved anywhere on the (β, γ) grid: there are no "
                    + "contours and no loss curves", true));
        }
        ctx.progress().update("sir: done", total, total);
        List<Item> all = new ArrayList<>(notes);
        all.addAll(items);
        return new Section(ID, "Parameter estimation", text(problem, lb, lm, ad, sa, saL, best), EQUATIONS, all);
    }

    static final String EQUATIONS = String.join("\n",
            "dS/dt = −β S I / N",
            "dI/dt =  β S I / N − γ I",
            "dR/dt =  γ I                       S(0) = N − I₀,  I(0) = I₀ = 1,  R(0) = 0,  N = 763",
            "",
            "SSE(β, γ) = Σₜ₌₁¹⁴ (I(t; β, γ) − yₜ)²          yₜ = boys in bed on day t",
            "u = (log β, log γ)                              the optimizers' coordinates",
            "",
            "∂SSE/∂θ = Σₜ 2 (I(t) − yₜ) · ∂I(t)/∂θ",
            "dS_θ/dt = (∂f/∂y) S_θ + ∂f/∂θ,  S_θ(0) = ∂y₀/∂θ    forward sensitivities S_θ = ∂y/∂θ",
            "∂SSE/∂uⱼ = ∂SSE/∂θⱼ · θⱼ                       (chain rule through θ = eᵘ)",
            "",
            "R₀ = β / γ,   Var R₀ ≈ ∇R₀ᵀ Cov(β, γ) ∇R₀,   Cov = σ² (JᵀJ)⁻¹,  σ² = SSE / (n − 2)");

    // ---------------------------------------------------------------- runs

    @FunctionalInterface
    private interface Fit {
        Run run();
    }

    /** Runs {@code fit}, catching failures, and records it in the manifest. */
    private static Run timed(DemoContext ctx, String name, String method, double[] start, Fit fit) {
        long t0 = System.nanoTime();
        Run r;
        try {
            r = fit.run();
        } catch (RuntimeException e) {
            r = new Run(name, null, new double[0], new double[0], new double[0],
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("problem", "sir-influenza-1978");
        m.put("method", method);
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("beta", start[0]);
        from.put("gamma", start[1]);
        m.put("start", from);
        if (r.ok()) {
            m.put("iterations", r.fit.iterations());
            m.put("evaluations", r.fit.evaluations());
            m.put("beta", r.fit.parameter("beta"));
            m.put("gamma", r.fit.parameter("gamma"));
            m.put("sse", r.fit.sumOfSquares());
            m.put("stop", r.fit.reason().criterion());
        } else {
            m.put("error", r.error);
        }
        m.put("seconds", seconds);
        ctx.record(SECTION, m);
        return r;
    }

    private static Run local(OdeFitProblem problem, String name, String method, Minimizer<?> minimizer, double[] u0) {
        PathRecorder rec = new PathRecorder(problem);
        Result res = minimizer.minimize(problem, u0, rec);
        OdeFitResult fit = problem.result(res.point(), method, res.iterations(), res.evaluations(), res.reason(),
                res.elapsedNanos());
        int n = rec.points.size();
        double[] b = new double[n];
        double[] g = new double[n];
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            b[k] = rec.points.get(k)[0];
            g[k] = rec.points.get(k)[1];
            v[k] = rec.values.get(k);
        }
        return new Run(name, fit, b, g, v, null);
    }

    /**
     * Simulated annealing stepped here (rather than through a GlobalMinimizer) so that its
     * best-so-far points can be drawn. T₀ = SSE(start)/100 and T falls to 10⁻³·T₀ over the run.
     * The path is the start followed by each new best point; {@code sse} holds the best value after
     * every iteration.
     */
    private static Run anneal(OdeFitProblem problem, Bounds box, double[] start, long seed, int iterations) {
        double[] u0 = problem.toUnconstrained(start);
        double j0 = problem.value(u0);
        double t0 = Double.isFinite(j0) && j0 > 0 ? j0 / 100 : 1000;
        SimulatedAnnealing method = SimulatedAnnealing.defaults(seed)
                .withInitialTemperature(t0)
                .withCooling(CoolingSchedule.exponential(Math.pow(1e-3, 1.0 / iterations)));
        long started = System.nanoTime();
        SimulatedAnnealing.State s = method.init(problem, box, u0);
        List<double[]> points = new ArrayList<>();
        points.add(problem.toNatural(s.best()));
        double[] sse = new double[iterations + 1];
        sse[0] = s.bestValue();
        for (int k = 1; k <= iterations; k++) {
            double before = s.bestValue();
            s = method.step(problem, box, s);
            if (s.bestValue() < before) {
                points.add(problem.toNatural(s.best()));
            }
            sse[k] = s.bestValue();
        }
        OdeFitResult fit = problem.result(s.best(), "simulated-annealing", s.iteration(), s.evaluations(),
                new StopReason.Budget("max-iterations", iterations + " proposals"),
                System.nanoTime() - started);
        double[] b = new double[points.size()];
        double[] g = new double[points.size()];
        for (int k = 0; k < b.length; k++) {
            b[k] = points.get(k)[0];
            g[k] = points.get(k)[1];
        }
        return new Run(ANNEAL, fit, b, g, sse, null);
    }

    // ---------------------------------------------------------------- figures and table

    /** Figure A: the data and I(t) of {@code fit} on a fine grid. */
    private static Item fitFigure(OdeFitProblem problem, Run shown, Run lm) {
        OdeFitResult fit = shown.fit;
        double[] t = new double[301];
        for (int m = 0; m < t.length; m++) {
            t[m] = m * 0.05;
        }
        Trajectory tr;
        try {
            tr = problem.solver().solve(problem.model(), fit.parameterEstimates().parameters(), 0, t);
        } catch (IntegrationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        Series data = Series.of(DATA, InfluenzaEngland1978.times(), InfluenzaEngland1978.inBed(), Series.Style.POINTS);
        Series curve = Series.of(FITTED, t, tr.series("I"), Series.Style.LINE);
        Figure f = Figure.lines(FIG_FIT, "SIR fitted to the 1978 boarding-school influenza outbreak",
                "day t (t = 1 is 22 January 1978)", "boys in bed, I(t)", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                List.of(data, curve));
        String caption = String.format(Locale.ROOT,
                "The 14 daily counts of boys confined to bed (N = 763, I₀ = 1) and I(t) of the least-squares fit by "
                        + "%s, solved on t ∈ [0, 15] with step 0.05: β = %s ± %s, γ = %s ± %s per day, "
                        + "R₀ = β/γ = %s ± %s (standard errors from σ²(JᵀJ)⁻¹, R₀'s by the delta method), "
                        + "SSE = %s.%s",
                shown.name, f5(fit.parameter("beta")), se(fit.standardError("beta")), f5(fit.parameter("gamma")),
                se(fit.standardError("gamma")), f5(fit.r0()), se(r0Error(fit)), f6(fit.sumOfSquares()),
                solved(lm) && shown != lm ? String.format(Locale.ROOT, " Levenberg–Marquardt's estimates agree to "
                        + "%.1e relative.", maxRelativeDifference(fit, lm.fit)) : "");
        return new Item.FigureItem(f, caption);
    }

    private static Item.Table table(List<Run> rows, Run lm) {
        List<String> header = List.of("method", "start (β, γ)", "β", "SE(β)", "γ", "SE(γ)", "R₀ = β/γ", "SE(R₀)", "SSE",
                "iterations", "evaluations", "stopped", "max |Δθ|/θ vs LM", "|ΔSSE|/SSE vs LM");
        List<List<String>> cells = new ArrayList<>();
        for (Run r : rows) {
            if (!r.ok()) {
                List<String> row = new ArrayList<>(List.of(r.name));
                while (row.size() < header.size()) {
                    row.add(row.size() == 11 ? "failed" : "–");
                }
                cells.add(row);
                continue;
            }
            OdeFitResult f = r.fit;
            String startCell = r.name.equals(REFINE) && r.beta.length > 0
                    ? "(" + f5(r.beta[0]) + ", " + f5(r.gamma[0]) + ")"
                    : "(" + f5(START_BETA) + ", " + f5(START_GAMMA) + ")";
            boolean compare = r != lm && solved(lm) && solved(r);
            cells.add(List.of(r.name, startCell, f7(f.parameter("beta")), se(f.standardError("beta")),
                    f7(f.parameter("gamma")), se(f.standardError("gamma")), f7(f.r0()), se(r0Error(f)),
                    Double.isFinite(f.sumOfSquares()) ? significant(f.sumOfSquares(), 8) : "not solved",
                    Long.toString(f.iterations()), Long.toString(f.evaluations()),
                    f.reason().criterion(),
                    !compare ? "–" : String.format(Locale.ROOT, "%.1e", maxRelativeDifference(f, lm.fit)),
                    !compare ? "–" : String.format(Locale.ROOT, "%.1e",
                            Math.abs(f.sumOfSquares() - lm.fit.sumOfSquares()) / lm.fit.sumOfSquares())));
        }
        return new Item.Table(TABLE, "Least-squares estimates of the SIR parameters (per day) by each method, "
                + "with standard errors from σ²(JᵀJ)⁻¹ at its end point, and the agreement with the "
                + "Levenberg–Marquardt baseline (Hipparchus). The annealing row is its best point before the "
                + "L-BFGS refinement.", header, cells);
    }

    private static Item pathsFigure(double[][] z, double[] xs, double[] ys, double sseStar, List<Run> runs,
            double[] start, OdeFitResult best, int annealIterations) {
        List<Series> paths = new ArrayList<>();
        for (Run r : runs) {
            if (r.beta.length > 0) {
                paths.add(Series.of(r.name, r.beta, r.gamma, Series.Style.LINE_POINTS));
            }
        }
        List<Marker> markers = new ArrayList<>();
        markers.add(new Marker("start (" + f5(start[0]) + ", " + f5(start[1]) + ")", start[0], start[1]));
        String valley = "";
        if (best != null) {
            double b = best.parameter("beta");
            double g = best.parameter("gamma");
            markers.add(new Marker(String.format(Locale.ROOT, "optimum (%.4f, %.4f)", b, g), b, g));
            double[][] c = best.parameterEstimates().covariance();
            if (Double.isFinite(c[0][0] * c[0][1] * c[1][1])) {
                // the long axis of Cov(β, γ) is the direction in which SSE rises slowest
                double tr = c[0][0] + c[1][1];
                double det = c[0][0] * c[1][1] - c[0][1] * c[0][1];
                double major = tr / 2 + Math.sqrt(Math.max(0, tr * tr / 4 - det));
                double slope = (major - c[0][0]) / c[0][1];
                valley = String.format(Locale.ROOT, " Near the optimum the contours are ellipses whose long axis "
                        + "(of Cov(β, γ), correlation %.2f) has slope dγ/dβ = %.2f, close to the slope %.2f of the "
                        + "line of constant R₀ = β/γ through it, and SSE rises %.1f times faster across it than "
                        + "along it: the data pin down R₀ and the epidemic's time scale better than β or γ alone.",
                        c[0][1] / Math.sqrt(c[0][0] * c[1][1]), slope, g / b, major / (tr - major));
            }
        }
        double[] levels = levels(z, sseStar);
        ContourField field = new ContourField(xs, ys, z, levels);
        Figure f = new Figure(FIG_PATHS, "Fitting SIR: paths over the sum of squares SSE(β, γ)", "β (per day)",
                "γ (per day)", Figure.Scale.LINEAR, Figure.Scale.LINEAR, paths, field, markers, 720, 640);
        String caption = String.format(Locale.ROOT,
                "Contours of SSE(β, γ) on a %d × %d grid of ODE solves over β ∈ [%s, %s], γ ∈ [%s, %s] per day "
                        + "(natural coordinates, linear axes; band edges at SSE* + 0.01·SSE*·10^(k/3), k = 0, 1, …, "
                        + "SSE* = %s), and the iterates of each method from the poor start β = %s, γ = %s "
                        + "(R₀ = %s). The fits run in the problem's unconstrained coordinates u = (log β, log γ) "
                        + "and are drawn mapped back to (β, γ).%s Simulated annealing (%d proposals over the "
                        + "same box, in log coordinates, with T₀ = SSE(start)/100 falling to 10⁻³·T₀) is drawn "
                        + "as its start and each new best point; L-BFGS then refines its best point.",
                xs.length, ys.length, f5(BETA_LO), f5(BETA_HI), f5(GAMMA_LO), f5(GAMMA_HI), f6(sseStar),
                f5(start[0]), f5(start[1]), f5(start[0] / start[1]), valley, annealIterations);
        return new Item.FigureItem(f, caption);
    }

    private static Item lossFigure(List<Run> runs, double sseStar, Run sa) {
        List<Series> series = new ArrayList<>();
        for (Run r : runs) {
            if (r.sse.length == 0) {
                continue;
            }
            double offset = 0;
            if (r.name.equals(REFINE)) {
                offset = sa.sse.length - 1; // continues where the annealing stopped
            }
            double[] x = new double[r.sse.length];
            double[] y = new double[r.sse.length];
            for (int k = 0; k < x.length; k++) {
                x[k] = offset + k + 1;
                y[k] = r.sse[k] - sseStar;
            }
            series.add(Series.of(r.name, x, y, r.name.equals(ANNEAL) ? Series.Style.LINE : Series.Style.LINE_POINTS));
        }
        Figure f = Figure.lines(FIG_LOSS, "Fitting SIR: SSE − SSE* per iteration", "iteration k + 1",
                "SSE − SSE*", Figure.Scale.LOG, Figure.Scale.LOG, series);
        String caption = String.format(Locale.ROOT,
                "The sum of squares above the lowest value found, SSE* = %s, at each iterate k (both axes "
                        + "logarithmic, x = k + 1 so that the start shows; annealing: the best value after each "
                        + "proposal, and its L-BFGS refinement continues from its last proposal). "
                        + "Differences near 10⁻¹¹ are rounding; points at SSE* itself (a difference of 0) cannot be "
                        + "drawn on the log axis.",
                f6(sseStar));
        return new Item.FigureItem(f, caption);
    }

    /** SSE* + d_k with d_k log-spaced, three per decade from 0.01·SSE* to the grid's largest value. */
    static double[] levels(double[][] z, double sseStar) {
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        List<Double> out = new ArrayList<>();
        for (int k = 0; ; k++) {
            double level = sseStar + 0.01 * sseStar * Math.pow(10, k / 3.0);
            if (level > max && !out.isEmpty()) {
                break;
            }
            out.add(level);
            if (k > 60) {
                break;
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---------------------------------------------------------------- text

    private static String text(OdeFitProblem problem, Run lb, Run lm, Run ad, Run sa, Run saL, OdeFitResult best) {
        StringBuilder s = new StringBuilder();
        s.append("<p>In January 1978 an influenza outbreak went through an English boys' boarding school: of "
                + "763 boys, 512 fell ill, and the number confined to bed was counted every day for 14 days "
                + "(British Medical Journal 1978;1:587). The SIR model of Kermack and McKendrick splits the "
                + "school into susceptible S, infectious I and removed R, with a transmission rate β and a "
                + "removal rate γ per day; we fit β and γ so that I(t) matches the counts in bed, with one "
                + "infectious boy at t = 0 (the day before the first count).</p>");
        OdeSolver solver = problem.solver();
        s.append(String.format(Locale.ROOT, "<p>The objective is the sum of squares SSE(β, γ) = Σ (I(t) − yₜ)² "
                + "over the 14 days. Every evaluation solves the ODE (%s, relative tolerance %.0e); its gradient "
                + "comes from the forward sensitivities ∂y/∂θ, integrated alongside y from the variational "
                + "equations, whose Jacobians descent-ode gets by forward-mode differentiation of the model, so "
                + "it is exact up to the integration tolerance. The optimizers work in u = (log β, log γ), so the "
                + "rates stay positive without constraints; the standard errors come from σ²(JᵀJ)⁻¹ with the "
                + "same sensitivities as J.</p>",
                solver.method() == OdeSolver.Method.DORMAND_PRINCE_853 ? "Dormand–Prince 8(5,3)" : "Dormand–Prince 5(4)",
                solver.relativeTolerance()));
        StringBuilder runs = new StringBuilder();
        if (solved(lb) && lb.fit.converged()) {
            OdeFitResult f = lb.fit;
            runs.append(String.format(Locale.ROOT, "From the poor start β = %s, γ = %s (R₀ = %s), L-BFGS reaches "
                    + "β = %s, γ = %s, R₀ = %s with SSE = %s in %d iterations (%d evaluations)", f5(START_BETA),
                    f5(START_GAMMA), f5(START_BETA / START_GAMMA), f5(f.parameter("beta")), f5(f.parameter("gamma")),
                    f5(f.r0()), f6(f.sumOfSquares()), f.iterations(), f.evaluations()));
            if (solved(lm)) {
                runs.append(String.format(Locale.ROOT, "; Levenberg–Marquardt, the classical method for least squares, "
                        + "needs %d iterations and agrees to %.1e relative in the parameters", lm.fit.iterations(),
                        maxRelativeDifference(f, lm.fit)));
            }
            runs.append(".");
        }
        if (solved(ad)) {
            runs.append(ad.fit.converged()
                    ? String.format(Locale.ROOT, " Adam, with a learning rate that decays as 0.2·0.997ᵏ and β₂ = 0.99, "
                            + "takes %d steps to ‖∇J‖ ≤ 10⁻³ (in u).", ad.fit.iterations())
                    : String.format(Locale.ROOT, " Adam stops after %d steps without reaching ‖∇J‖ ≤ 10⁻³.",
                            ad.fit.iterations()));
        }
        if (solved(sa) && solved(saL) && best != null) {
            runs.append(String.format(Locale.ROOT, " Simulated annealing, which uses no gradients, ends %s above the "
                    + "optimal SSE after %d proposals; L-BFGS from its best point then needs %d iterations.",
                    significant(sa.fit.sumOfSquares() - best.lossValue(), 2), sa.fit.iterations(),
                    saL.fit.iterations()));
        }
        if (runs.length() > 0) {
            s.append("<p>").append(runs.toString().strip()).append("</p>");
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- numbers

    /** SE(R₀) by the delta method: ∇R₀ = (1/γ, −β/γ²). */
    static double r0Error(OdeFitResult f) {
        int b = f.fitted().indexOf("beta");
        int g = f.fitted().indexOf("gamma");
        double beta = f.parameter("beta");
        double gamma = f.parameter("gamma");
        double db = 1 / gamma;
        double dg = -beta / (gamma * gamma);
        double[][] c = f.parameterEstimates().covariance();
        double var = db * db * c[b][b] + 2 * db * dg * c[b][g] + dg * dg * c[g][g];
        return Math.sqrt(var);
    }

    /** The run ended where the model can be solved. */
    private static boolean solved(Run r) {
        return r.ok() && Double.isFinite(r.fit.sumOfSquares());
    }

    static double maxRelativeDifference(OdeFitResult a, OdeFitResult b) {
        double worst = 0;
        for (String p : a.fitted()) {
            worst = Math.max(worst, Math.abs(a.parameter(p) - b.parameter(p)) / Math.abs(b.parameter(p)));
        }
        return worst;
    }

    private static double[] linspace(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * i / (n - 1);
        }
        return x;
    }

    private static double min(double[][] z) {
        double m = Double.POSITIVE_INFINITY;
        for (double[] row : z) {
            for (double v : row) {
                m = Math.min(m, v);
            }
        }
        return m;
    }

    private static String f5(double v) {
        return significant(v, 5);
    }

    private static String f6(double v) {
        return significant(v, 6);
    }

    private static String f7(double v) {
        return significant(v, 7);
    }

    /** v to {@code digits} significant digits, without trailing zeros: 0.1, 1.6692, 4121.94. */
    static String significant(double v, int digits) {
        String s = String.format(Locale.ROOT, "%." + digits + "g", v);
        if (s.contains(".") && !s.contains("e")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    private static String se(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3g", v) : "–";
    }
}
