package dev.descent.report.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.descent.report.Item;
import dev.descent.report.ProgressListener;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sections 3, 4, 5 and 8 against the closed forms they illustrate. */
class TeachingSectionsTest {

    static DemoContext quick() {
        return new DemoContext(true, 1, new RunManifest("0", "test"), ProgressListener.NONE);
    }

    @Test
    void adamsFirstMomentIsTheMovingAverageAndTheCorrectionRemovesItsBias() {
        for (double rho : new double[] {0.9, 0.999}) {
            BiasCorrectionSection.Ema e = BiasCorrectionSection.ema(rho, 200, 7);
            double s = 0;
            for (int t = 1; t <= 200; t++) {
                s = rho * s + (1 - rho) * e.signal()[t - 1]; // the EMA by hand, from the same signal
                assertThat(e.raw()[t - 1]).isCloseTo(s, offset(1e-15));
                assertThat(e.corrected()[t - 1]).isEqualTo(e.raw()[t - 1] / (1 - Math.pow(rho, t)));
            }
            // corrected at t = 1 is the first sample itself; uncorrected is (1 − ρ) of it
            assertThat(e.corrected()[0]).isCloseTo(e.signal()[0], offset(1e-15));
        }
    }

    @Test
    void uncorrectedAdamWouldStepAbout3Point16TimesFartherAtFirst() {
        BiasCorrectionSection.Steps s = BiasCorrectionSection.adamSteps(0.02, 50);
        // Adam's first corrected step is ε·sign(g) in each coordinate: ‖Δθ‖ = ε√2
        assertThat(s.corrected()[0]).isCloseTo(0.02 * Math.sqrt(2), offset(1e-10));
        assertThat(s.uncorrected()[0] / s.corrected()[0]).isCloseTo(0.1 / Math.sqrt(0.001), offset(1e-6));
    }

    @Test
    void momentumReachesItsTerminalVelocityInClosedForm() {
        for (double alpha : TerminalVelocitySection.ALPHAS) {
            double[] v = TerminalVelocitySection.velocities(alpha, 600);
            for (int k = 1; k <= 600; k += 37) {
                double expected = -0.01 * (1 - Math.pow(alpha, k)) / (1 - alpha);
                assertThat(v[k - 1]).as("α = %s, k = %d", alpha, k).isCloseTo(expected, offset(1e-12 / (1 - alpha)));
            }
        }
        Section s = TerminalVelocitySection.build(quick());
        Item.Table t = (Item.Table) s.items().get(1);
        assertThat(t.rows()).hasSize(3);
        // steps to 99%: ⌈ln 0.01 / ln α⌉ = 7, 44, 459; the measured column equals the theory column
        for (List<String> row : t.rows()) {
            assertThat(row.get(4)).isEqualTo(row.get(5));
        }
        assertThat(t.rows().get(2).get(5)).isEqualTo("459");
    }

    @Test
    void theLearningRateLessonDivergesJustAboveTwoOverLambdaMax() {
        Landscape q = Landscape.builtIns().get("quadratic");
        Section s = LearningRateSection.build(quick(), LandscapeFigures.field(q, 20));
        Item.Table sweep = (Item.Table) s.items().get(s.items().size() - 1);
        assertThat(sweep.rows().get(0).get(0)).isEqualTo("sgd");
        // the quick sweep's rates are 1e-4·10^(k/2); the first above 2/30 = 0.067 is 0.1
        assertThat(sweep.rows().get(0).get(3)).isEqualTo("0.1");
        assertThat(s.items()).anyMatch(i -> i instanceof Item.Note n && n.warning() && n.text().contains("sgd diverged"));
    }

    @Test
    void theSliderHasOneFramePerRate() {
        Landscape q = Landscape.builtIns().get("quadratic");
        Section s = InteractiveSection.build(quick(), LandscapeFigures.field(q, 20));
        Item.Slider sl = (Item.Slider) s.items().get(0);
        assertThat(sl.frames()).hasSize(5);
        assertThat(sl.values()).containsExactly("ε = 0.001", "ε = 0.0056", "ε = 0.032", "ε = 0.18", "ε = 1");
        assertThat(sl.values().get(sl.initial())).isEqualTo("ε = 0.032");
        assertThat(sl.frames().get(0).series()).extracting(x -> x.name())
                .containsExactly("sgd(lr=0.001)", "momentum(lr=0.001)", "adam(lr=0.001)");
    }
}
