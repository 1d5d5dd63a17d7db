package dev.descent.report.demo;

import dev.descent.report.ProgressListener;
import dev.descent.report.Report;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo report: nine sections that teach the algorithms of Goodfellow et al., ch. 8, from
 * descent's own runs.
 *
 * <ol>
 *   <li>paths of the book's seven and Adam's relatives on six 2-D landscapes;</li>
 *   <li>their loss curves and a table of how each run ended;</li>
 *   <li>bias correction of moving averages;</li>
 *   <li>momentum's terminal velocity;</li>
 *   <li>the learning-rate lesson and sweep;</li>
 *   <li>minibatch training;</li>
 *   <li>the learning rate chosen by a range test, against a grid;</li>
 *   <li>parameter estimation (SIR, 1978 influenza);</li>
 *   <li>a slider over the learning rate.</li>
 * </ol>
 */
public final class DemoReport {

    private DemoReport() {
    }

    /** One named part of the job, for progress. */
    private interface Part {
        List<Section> build(DemoContext ctx);
    }

    /**
     * Builds the report.
     *
     * @param quick    the small version (tests)
     * @param seed     the root seed
     * @param manifest receives settings and runs
     * @param progress told about each part: {@code what} is "k/8 name: detail"
     */
    public static Report build(boolean quick, long seed, RunManifest manifest, ProgressListener progress) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("quick", quick);
        settings.put("seed", seed);
        manifest.put("settings", settings);
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Landscape l : Landscape.builtIns().values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", l.name());
            p.put("description", l.description());
            p.put("start", l.start());
            p.put("optima", l.optima());
            p.put("window", l.window());
            problems.add(p);
        }
        manifest.put("problems", problems);

        List<Section> sections = new ArrayList<>();
        String[] names = {"paths and loss curves", "bias correction", "terminal velocity", "learning rate",
            "minibatch training", "range test", "parameter estimation", "interactive"};
        List<LandscapeSections.Runs> runs = new ArrayList<>();
        Part[] parts = {
            ctx -> {
                runs.addAll(LandscapeSections.runAll(ctx));
                return List.of(LandscapeSections.paths(runs, true), LandscapeSections.losses(runs, true));
            },
            ctx -> List.of(BiasCorrectionSection.build(ctx)),
            ctx -> List.of(TerminalVelocitySection.build(ctx)),
            ctx -> List.of(LearningRateSection.build(ctx, quadraticField(runs))),
            ctx -> List.of(MinibatchSection.build(ctx)),
            ctx -> List.of(RangeTestSection.build(ctx)),
            ctx -> List.of(ParameterEstimationSection.build(ctx)),
            ctx -> List.of(InteractiveSection.build(ctx, quadraticField(runs))),
        };
        Map<String, Object> timings = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String prefix = (i + 1) + "/" + parts.length + " " + names[i];
            ProgressListener sub = (what, done, total) -> progress.update(prefix + ": " + what, done, total);
            sub.update("started", 0, 1);
            long t0 = System.nanoTime();
            sections.addAll(parts[i].build(new DemoContext(quick, seed, manifest, sub)));
            timings.put(names[i], (System.nanoTime() - t0) / 1e9);
            sub.update("done", 1, 1);
        }
        manifest.put("seconds", timings);
        String intro = """
                <p>The family of algorithms that leads to Adam, in the order of Goodfellow, Bengio &amp; Courville,
                <i>Deep Learning</i>, ch. 8 (Algorithms 8.1–8.7): gradient descent, momentum, Nesterov momentum,
                AdaGrad, RMSProp, RMSProp with Nesterov momentum and Adam — with AdamW, NAdam, Lion and L-BFGS
                beside them. Everything below was computed by descent: the paths, the curves and every number
                in the tables; each figure's numbers are in <code>data/</code> and each run is listed in
                <code>manifest.json</code>.</p>
                """;
        return new Report("descent: the algorithms of Deep Learning ch. 8, side by side", intro, sections);
    }

    private static dev.descent.report.figure.ContourField quadraticField(List<LandscapeSections.Runs> runs) {
        for (LandscapeSections.Runs r : runs) {
            if (r.landscape().name().equals("quadratic")) {
                return r.field();
            }
        }
        throw new IllegalStateException("the quadratic landscape has not run");
    }
}
