package dev.descent.report.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.OdeSolver;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.report.Item;
import dev.descent.report.ProgressListener;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Marker;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Section 7: the SIR fit of the 1978 boarding-school outbreak. The known least-squares optimum
 * (I₀ = 1 fixed; descent-ode's InfluenzaFitTest, Levenberg–Marquardt and L-BFGS agree) is
 * β* = 1.6692261, γ* = 0.44345019, R₀* = 3.7641795, SSE* = 4121.9415.
 */
class ParameterEstimationSectionTest {

    static final double BETA = 1.6692261;
    static final double GAMMA = 0.44345019;
    static final double R0 = 3.7641795;
    static final double SSE = 4121.9415;

    static Section quick;
    static RunManifest quickManifest;
    static Section full;
    static List<String[]> progress = new ArrayList<>();

    @BeforeAll
    static void build() {
        quickManifest = new RunManifest("test", "demo --quick");
        quick = ParameterEstimationSection.build(new DemoContext(true, 1, quickManifest,
                (what, done, total) -> progress.add(new String[] {what, Integer.toString(done), Integer.toString(total)})));
        full = ParameterEstimationSection.build(new DemoContext(false, 1, new RunManifest("test", "demo"), ProgressListener.NONE));
    }

    // ------------------------------------------------------------------ the fits

    @Test
    void theLbfgsFitIsTheKnownOptimum() {
        for (Section s : List.of(quick, full)) {
            Series lbfgs = series(s, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.LBFGS);
            int last = lbfgs.x().length - 1;
            assertThat(lbfgs.x()[last]).as("β").isCloseTo(BETA, within(1e-5 * BETA));
            assertThat(lbfgs.y()[last]).as("γ").isCloseTo(GAMMA, within(1e-5 * GAMMA));

            List<String> row = row(s, ParameterEstimationSection.LBFGS);
            assertThat(Double.parseDouble(row.get(2))).as("β in the table").isCloseTo(BETA, within(1e-5 * BETA));
            assertThat(Double.parseDouble(row.get(4))).as("γ in the table").isCloseTo(GAMMA, within(1e-5 * GAMMA));
            assertThat(Double.parseDouble(row.get(6))).as("R₀ in the table").isCloseTo(R0, within(1e-5 * R0));
            assertThat(Double.parseDouble(row.get(8))).as("SSE in the table").isCloseTo(SSE, within(1e-6 * SSE));
            assertThat(row.get(11)).isEqualTo("gradient-norm");
        }
        Map<String, Object> run = run(quickManifest, "lbfgs");
        assertThat((double) run.get("beta")).isCloseTo(BETA, within(1e-5 * BETA));
        assertThat((double) run.get("gamma")).isCloseTo(GAMMA, within(1e-5 * GAMMA));
        assertThat((double) run.get("sse")).isCloseTo(SSE, within(1e-6 * SSE));
    }

    @Test
    void theLbfgsFitAgreesWithTheLevenbergMarquardtBaseline() {
        Map<String, Object> lm = run(quickManifest, "levenberg-marquardt");
        Map<String, Object> lb = run(quickManifest, "lbfgs");
        for (String p : List.of("beta", "gamma")) {
            double ref = (double) lm.get(p);
            assertThat((double) lb.get(p)).as(p).isCloseTo(ref, within(1e-5 * ref));
        }
        double sse = (double) lm.get("sse");
        assertThat((double) lb.get("sse")).isCloseTo(sse, within(1e-6 * sse));
        assertThat(sse).isCloseTo(SSE, within(1e-6 * SSE));

        List<String> lbRow = row(quick, ParameterEstimationSection.LBFGS);
        List<String> lmRow = row(quick, ParameterEstimationSection.LM);
        // the same estimates and standard errors as printed, and the agreement columns say so
        assertThat(lbRow.subList(2, 9)).isEqualTo(lmRow.subList(2, 9));
        assertThat(Double.parseDouble(lbRow.get(12))).as("max |Δθ|/θ").isLessThan(1e-5);
        assertThat(Double.parseDouble(lbRow.get(13))).as("|ΔSSE|/SSE").isLessThan(1e-6);
        assertThat(lmRow.subList(12, 14)).containsOnly("–");
        // standard errors as in descent-ode's InfluenzaFitTest; R₀'s by the delta method
        assertThat(Double.parseDouble(lbRow.get(3))).isCloseTo(0.0257, within(5e-4));
        assertThat(Double.parseDouble(lbRow.get(5))).isCloseTo(0.0156, within(5e-4));
        assertThat(Double.parseDouble(lbRow.get(7))).isBetween(0.05, 0.2);
    }

    @Test
    void everyMethodReachesTheOptimumAndAnnealingGetsClose() {
        for (String method : List.of(ParameterEstimationSection.ADAM, ParameterEstimationSection.REFINE)) {
            List<String> row = row(quick, method);
            assertThat(Double.parseDouble(row.get(2))).as(method).isCloseTo(BETA, within(1e-5 * BETA));
            assertThat(Double.parseDouble(row.get(8))).as(method).isCloseTo(SSE, within(1e-6 * SSE));
            assertThat(row.get(11)).as(method).isEqualTo("gradient-norm");
        }
        for (Section s : List.of(quick, full)) {
            List<String> sa = row(s, ParameterEstimationSection.ANNEAL);
            // the annealing alone: the right basin, within 1 % of the optimal SSE
            assertThat(Double.parseDouble(sa.get(8))).isBetween(SSE, SSE * 1.01);
            assertThat(sa.get(11)).isEqualTo("max-iterations");
        }
        assertThat(row(quick, ParameterEstimationSection.ANNEAL).get(9)).isEqualTo("400");
        assertThat(row(full, ParameterEstimationSection.ANNEAL).get(9)).isEqualTo("5000");
        assertThat(items(quick, Item.Note.class)).as("no warnings when every fit works").isEmpty();
    }

    // ------------------------------------------------------------------ Figure A

    /**
     * The fitted I(t) at t = 6 (27 January, the peak count of 298) is within one residual standard
     * deviation σ = √(SSE* / (n − 2)) = √(4121.94/12) ≈ 18.5 of it (measured: 291.88, 6.1 below), and
     * the curve peaks within half a day of the data's peak.
     */
    @Test
    void theFittedCurvePassesNearThePeak() {
        Figure f = figure(quick, ParameterEstimationSection.FIG_FIT);
        Series curve = series(f, ParameterEstimationSection.FITTED);
        Series data = series(f, ParameterEstimationSection.DATA);
        assertThat(data.x()).containsExactly(InfluenzaEngland1978.times());
        assertThat(data.y()).containsExactly(InfluenzaEngland1978.inBed());
        assertThat(data.style()).isEqualTo(Series.Style.POINTS);
        assertThat(curve.x()[0]).isZero();
        assertThat(curve.y()[0]).as("I(0) = I₀").isCloseTo(1, within(1e-12));
        assertThat(curve.x()[curve.x().length - 1]).isCloseTo(15, within(1e-9));

        double sigma = Math.sqrt(SSE / (14 - 2));
        int six = nearest(curve.x(), 6);
        assertThat(curve.x()[six]).isCloseTo(6, within(1e-9));
        assertThat(Math.abs(curve.y()[six] - 298)).isLessThan(sigma).isGreaterThan(1);
        int peak = 0;
        for (int m = 1; m < curve.y().length; m++) {
            if (curve.y()[m] > curve.y()[peak]) {
                peak = m;
            }
        }
        assertThat(curve.x()[peak]).isBetween(5.5, 6.5);
        assertThat(curve.y()[peak]).isBetween(298 - sigma, 298 + sigma);
    }

    /** The fine curve is the model at the fitted θ: at the data days it is the fit's predictions. */
    @Test
    void theFittedCurveIsTheFitsPredictionAtTheDataDays() {
        OdeFitProblem problem = InfluenzaEngland1978.problem();
        Series lbfgs = series(quick, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.LBFGS);
        int last = lbfgs.x().length - 1;
        double[] mu = problem.predict(problem.toUnconstrained(new double[] {lbfgs.x()[last], lbfgs.y()[last]}), false)
                .mu();
        Series curve = series(quick, ParameterEstimationSection.FIG_FIT, ParameterEstimationSection.FITTED);
        double sse = 0;
        for (int day = 1; day <= 14; day++) {
            double c = curve.y()[nearest(curve.x(), day)];
            assertThat(c).as("I(%d)", day).isCloseTo(mu[day - 1], within(1e-6 * Math.max(1, mu[day - 1])));
            sse += (c - InfluenzaEngland1978.inBed()[day - 1]) * (c - InfluenzaEngland1978.inBed()[day - 1]);
        }
        assertThat(sse).isCloseTo(SSE, within(1e-5 * SSE));
    }

    @Test
    void theCaptionStatesTheEstimatesAndTheirErrors() {
        Item.FigureItem a = figureItem(quick, ParameterEstimationSection.FIG_FIT);
        assertThat(a.caption()).contains("β = 1.6692 ± 0.0257", "γ = 0.44345 ± 0.0156", "R₀ = β/γ = 3.7642 ± 0.",
                "SSE = 4121.94", "Levenberg–Marquardt");
        assertThat(quick.id()).isEqualTo("parameter-estimation");
        assertThat(quick.title()).isEqualTo("Parameter estimation");
        assertThat(quick.equations()).contains("dS/dt = −β S I / N", "dI/dt =  β S I / N − γ I", "dR/dt =  γ I",
                "SSE(β, γ)", "∂I(t)/∂θ", "R₀ = β / γ");
        assertThat(quick.text()).contains("forward sensitivities", "log β");
    }

    // ------------------------------------------------------------------ Figure B

    @Test
    void thePathsStartAtTheStartAndEndAtTheOptimum() {
        for (Section s : List.of(quick, full)) {
            Figure f = figure(s, ParameterEstimationSection.FIG_PATHS);
            for (String name : List.of(ParameterEstimationSection.LBFGS, ParameterEstimationSection.ADAM,
                    ParameterEstimationSection.ANNEAL)) {
                Series p = series(f, name);
                assertThat(p.x()[0]).as(name + " starts at β = 1").isCloseTo(1, within(1e-12));
                assertThat(p.y()[0]).as(name + " starts at γ = 0.1").isCloseTo(0.1, within(1e-12));
                assertThat(p.x().length).as(name).isGreaterThan(3);
            }
            Series sa = series(f, ParameterEstimationSection.ANNEAL);
            Series refine = series(f, ParameterEstimationSection.REFINE);
            // the refinement starts where the annealing's best points end
            assertThat(refine.x()[0]).isEqualTo(sa.x()[sa.x().length - 1]);
            assertThat(refine.y()[0]).isEqualTo(sa.y()[sa.y().length - 1]);
            for (String name : List.of(ParameterEstimationSection.LBFGS, ParameterEstimationSection.REFINE,
                    ParameterEstimationSection.ADAM)) {
                Series p = series(f, name);
                int last = p.x().length - 1;
                assertThat(Math.hypot(p.x()[last] - BETA, p.y()[last] - GAMMA)).as(name + " ends at the optimum")
                        .isLessThan(1e-3);
            }
            // annealing's best-so-far SSE never rises: its points are each a new best
            Series saLoss = series(s, ParameterEstimationSection.FIG_LOSS, ParameterEstimationSection.ANNEAL);
            for (int k = 1; k < saLoss.y().length; k++) {
                assertThat(saLoss.y()[k]).isLessThanOrEqualTo(saLoss.y()[k - 1]);
            }
            List<Marker> markers = f.markers();
            assertThat(markers).hasSize(2);
            assertThat(markers.get(0).label()).startsWith("start");
            assertThat(markers.get(0).x()).isEqualTo(1.0);
            assertThat(markers.get(0).y()).isEqualTo(0.1);
            assertThat(markers.get(1).label()).startsWith("optimum");
            assertThat(markers.get(1).x()).isCloseTo(BETA, within(1e-5 * BETA));
            assertThat(markers.get(1).y()).isCloseTo(GAMMA, within(1e-5 * GAMMA));
        }
    }

    @Test
    void theContoursCoverTheStartAndTheOptimumWithLevelsThatShowTheValley() {
        ContourField quickField = figure(quick, ParameterEstimationSection.FIG_PATHS).contours();
        ContourField fullField = figure(full, ParameterEstimationSection.FIG_PATHS).contours();
        assertThat(quickField.xs()).hasSize(25);
        assertThat(fullField.xs()).hasSize(101);
        assertThat(fullField.ys()).hasSize(101);
        for (ContourField c : List.of(quickField, fullField)) {
            assertThat(c.xs()[0]).isEqualTo(0.5);
            assertThat(c.xs()[c.xs().length - 1]).isEqualTo(3.0);
            assertThat(c.ys()[0]).isEqualTo(0.05);
            assertThat(c.ys()[c.ys().length - 1]).isCloseTo(1.5, within(1e-12));
            double min = Double.POSITIVE_INFINITY;
            for (double[] row : c.z()) {
                for (double v : row) {
                    assertThat(v).isFinite().isGreaterThanOrEqualTo(SSE * (1 - 1e-9));
                    min = Math.min(min, v);
                }
            }
            // the grid's lowest point is near the optimum (quick: steps of 0.10 in β and 0.06 in γ, measured
            // 1.38·SSE*; full: 0.025 and 0.0145), and the first band edge is 1 % above it
            assertThat(min).isLessThan(SSE * (c == quickField ? 1.5 : 1.1));
            assertThat(c.levels()[0]).isCloseTo(SSE * 1.01, within(1e-3 * SSE));
            assertThat(c.levels().length).isBetween(10, 20);
        }
        // the grid is the SSE of the problem: one value checked by hand
        OdeFitProblem problem = InfluenzaEngland1978.problem();
        assertThat(quickField.z()[0][0]).isEqualTo(problem.value(problem.toUnconstrained(new double[] {0.5, 0.05})));
        // every path point of the methods that start at (1, 0.1) and annealing's best points are in the box
        Series sa = series(quick, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.ANNEAL);
        for (int k = 0; k < sa.x().length; k++) {
            assertThat(sa.x()[k]).isBetween(0.5, 3.0);
            assertThat(sa.y()[k]).isBetween(0.05, 1.5);
        }
    }

    @Test
    void theLossCurvesFallToTheOptimumOnLogAxes() {
        Figure f = figure(quick, ParameterEstimationSection.FIG_LOSS);
        assertThat(f.yScale()).isEqualTo(Figure.Scale.LOG);
        assertThat(f.xScale()).isEqualTo(Figure.Scale.LOG);
        for (Series s : f.series()) {
            assertThat(s.x()[0]).as(s.name()).isGreaterThanOrEqualTo(1);
            for (double y : s.y()) {
                assertThat(y).as(s.name()).isGreaterThanOrEqualTo(0);
            }
        }
        Series lbfgs = series(f, ParameterEstimationSection.LBFGS);
        assertThat(lbfgs.y()[0]).as("SSE(1, 0.1) − SSE*").isGreaterThan(1e5);
        assertThat(lbfgs.y()[lbfgs.y().length - 1]).isLessThan(1e-6 * SSE);
        Series refine = series(f, ParameterEstimationSection.REFINE);
        Series sa = series(f, ParameterEstimationSection.ANNEAL);
        assertThat(refine.x()[0]).isEqualTo(sa.x()[sa.x().length - 1]);
    }

    // ------------------------------------------------------------------ reproducibility, manifest, failures

    @Test
    void twoBuildsWithTheSameSeedAreTheSameNumbers() {
        Section again = ParameterEstimationSection.build(new DemoContext(true, 1, new RunManifest("t", "t"), ProgressListener.NONE));
        assertSameContent(quick, again);
        // another seed moves the annealing only
        Section other = ParameterEstimationSection.build(new DemoContext(true, 2, new RunManifest("t", "t"), ProgressListener.NONE));
        Series a = series(quick, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.ANNEAL);
        Series b = series(other, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.ANNEAL);
        assertThat(Arrays.equals(a.x(), b.x()) && Arrays.equals(a.y(), b.y())).isFalse();
        Series la = series(quick, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.LBFGS);
        Series lb = series(other, ParameterEstimationSection.FIG_PATHS, ParameterEstimationSection.LBFGS);
        assertThat(la.x()).containsExactly(lb.x());
        assertThat(la.y()).containsExactly(lb.y());
    }

    @Test
    void everyRunIsInTheManifestWithItsFacts() {
        List<Map<String, Object>> runs = quickManifest.runs();
        assertThat(runs).extracting(r -> r.get("method")).containsExactly("levenberg-marquardt", "lbfgs",
                "adam(lr=0.2, beta2=0.99) @ exponential(0.997)", "simulated-annealing",
                "lbfgs after simulated-annealing", "sse-grid");
        for (Map<String, Object> r : runs) {
            assertThat(r.get("section")).isEqualTo("parameter-estimation");
            assertThat((double) r.get("seconds")).isGreaterThanOrEqualTo(0);
            assertThat(r).containsKey("evaluations");
            if (!r.get("method").equals("sse-grid")) {
                assertThat(r).containsKeys("start", "iterations", "beta", "gamma", "sse");
            }
        }
        assertThat(runs.get(1).get("start")).isEqualTo(Map.of("beta", 1.0, "gamma", 0.1));
        assertThat(runs.get(5).get("evaluations")).isEqualTo(625);
        // and no wall time leaks into the section
        assertThat(quick.text() + captions(quick)).doesNotContainPattern("\\d ?(ms|s)\\b").doesNotContain("seconds");
        // progress went from 0 to its total
        String[] lastUpdate = progress.get(progress.size() - 1);
        assertThat(lastUpdate[1]).isEqualTo(lastUpdate[2]);
        assertThat(progress.get(0)[1]).isEqualTo("0");
    }

    /** With a solver that cannot finish a single solve, every fit fails: the section says so and does not throw. */
    @Test
    void failingFitsBecomeWarningsNotExceptions() {
        OdeFitProblem broken = InfluenzaEngland1978.problem().toBuilder()
                .solver(OdeSolver.defaults().withMaxEvaluations(1)).build();
        RunManifest m = new RunManifest("t", "t");
        Section[] s = new Section[1];
        assertThatCode(() -> s[0] = ParameterEstimationSection.build(new DemoContext(true, 1, m, ProgressListener.NONE), broken))
                .doesNotThrowAnyException();
        List<Item.Note> notes = items(s[0], Item.Note.class);
        assertThat(notes).isNotEmpty().allMatch(Item.Note::warning);
        assertThat(notes).extracting(Item.Note::text).anyMatch(t -> t.contains("L-BFGS") && t.contains("failed"));
        assertThat(notes).extracting(Item.Note::text).anyMatch(t -> t.contains("grid"));
        assertThat(notes).extracting(Item.Note::text).anyMatch(t -> t.startsWith(ParameterEstimationSection.REFINE)
                && t.contains("the annealing found no point"));
        assertThat(items(s[0], Item.FigureItem.class)).isEmpty();
        List<String> table = row(s[0], ParameterEstimationSection.LBFGS);
        assertThat(table.get(8)).isEqualTo("not solved");
        assertThat(row(s[0], ParameterEstimationSection.REFINE).get(11)).isEqualTo("failed");
        // every run that was made is recorded; the refinement had nothing to start from
        assertThat(m.runs()).extracting(r -> r.get("method")).containsExactly("levenberg-marquardt", "lbfgs",
                "adam(lr=0.2, beta2=0.99) @ exponential(0.997)", "simulated-annealing", "sse-grid");
    }

    // ------------------------------------------------------------------ helpers

    static <T extends Item> List<T> items(Section s, Class<T> type) {
        return s.items().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Item.FigureItem figureItem(Section s, String id) {
        return items(s, Item.FigureItem.class).stream().filter(f -> f.figure().id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + id));
    }

    static Figure figure(Section s, String id) {
        return figureItem(s, id).figure();
    }

    static Series series(Figure f, String name) {
        return f.series().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("figure " + f.id() + " has no series '" + name + "'"));
    }

    static Series series(Section s, String figure, String name) {
        return series(figure(s, figure), name);
    }

    static List<String> row(Section s, String method) {
        Item.Table t = items(s, Item.Table.class).stream().filter(x -> x.id().equals(ParameterEstimationSection.TABLE))
                .findFirst().orElseThrow();
        return t.rows().stream().filter(r -> r.get(0).equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + method));
    }

    static Map<String, Object> run(RunManifest m, String method) {
        return m.runs().stream().filter(r -> method.equals(r.get("method"))).findFirst().orElseThrow();
    }

    static int nearest(double[] x, double v) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (Math.abs(x[i] - v) < Math.abs(x[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    static String captions(Section s) {
        StringBuilder b = new StringBuilder();
        for (Item i : s.items()) {
            if (i instanceof Item.FigureItem f) {
                b.append(f.caption());
            } else if (i instanceof Item.Table t) {
                b.append(t.caption()).append(t.rows());
            }
        }
        return b.toString();
    }

    static void assertSameContent(Section a, Section b) {
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.text()).isEqualTo(a.text());
        assertThat(b.equations()).isEqualTo(a.equations());
        assertThat(b.items()).hasSameSizeAs(a.items());
        for (int i = 0; i < a.items().size(); i++) {
            Item x = a.items().get(i);
            Item y = b.items().get(i);
            assertThat(y.getClass()).isEqualTo(x.getClass());
            if (x instanceof Item.FigureItem fx && y instanceof Item.FigureItem fy) {
                assertThat(fy.caption()).isEqualTo(fx.caption());
                Figure f = fx.figure();
                Figure g = fy.figure();
                assertThat(g.id()).isEqualTo(f.id());
                assertThat(g.markers()).isEqualTo(f.markers());
                assertThat(g.series()).hasSameSizeAs(f.series());
                for (int k = 0; k < f.series().size(); k++) {
                    assertThat(g.series().get(k).name()).isEqualTo(f.series().get(k).name());
                    assertThat(g.series().get(k).x()).containsExactly(f.series().get(k).x());
                    assertThat(g.series().get(k).y()).containsExactly(f.series().get(k).y());
                }
                if (f.contours() != null) {
                    assertThat(g.contours().xs()).containsExactly(f.contours().xs());
                    assertThat(g.contours().ys()).containsExactly(f.contours().ys());
                    assertThat(g.contours().levels()).containsExactly(f.contours().levels());
                    assertThat(g.contours().z()).isDeepEqualTo(f.contours().z());
                }
            } else {
                assertThat(y).isEqualTo(x); // tables and notes are records of lists and strings
            }
        }
    }
}
