package dev.descent.report.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.report.Item;
import dev.descent.report.ProgressListener;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The range test on the demo's built-in minibatch problem: the suggested rate, from one sweep of at
 * most 100 steps, trains within {@link RangeTestSection#MARGIN} of the best rate of a log grid of
 * full trainings, for softmax regression with SGD and for the MLP with Adam.
 */
class RangeTestSectionTest {

    private static RunManifest manifest;
    private static Section full;

    /** The section as the demo shows it (not --quick: its 512 rows and 12 epochs are for a preview). */
    @BeforeAll
    static void build() {
        manifest = new RunManifest("test", "demo");
        full = RangeTestSection.build(new DemoContext(false, 1, manifest, ProgressListener.NONE));
    }

    private static List<Map<String, Object>> records() {
        return manifest.runs().stream().filter(m -> RangeTestSection.ID.equals(m.get("section"))).toList();
    }

    @Test
    void theSuggestionTrainsAndTheSectionSaysHowCloseToTheGridsBest() {
        List<Map<String, Object>> runs = records();
        assertThat(runs).hasSize(2);
        List<Item.Note> notes = full.items().stream().filter(i -> i instanceof Item.Note).map(i -> (Item.Note) i)
                .toList();
        int outside = 0;
        for (Map<String, Object> r : runs) {
            double suggested = (Double) r.get("suggested");
            double loss = (Double) r.get("suggested_train_loss");
            double[] grid = (double[]) r.get("grid_train_loss");
            double best = java.util.Arrays.stream(grid).min().orElseThrow();
            assertThat(suggested).as("%s", r).isBetween(1e-4, 3.0);
            // it trains: at least half of the decrease from ln 4 (θ₀) that the grid's best achieves
            assertThat((Math.log(4) - loss) / (Math.log(4) - best)).as("%s", r).isGreaterThan(0.5);
            boolean within = loss <= best * (1 + RangeTestSection.MARGIN);
            assertThat(r.get("within_margin")).isEqualTo(within);
            if (!within) {
                outside++;
                assertThat(notes).anyMatch(n -> n.warning() && n.text().startsWith("For " + r.get("model")));
            }
        }
        assertThat(notes).hasSize(outside); // a warning for each case outside the margin, and only those
        // softmax regression with SGD (the convex case, seed 1 = the demo's default): within the margin
        assertThat(runs.get(0).get("model")).isEqualTo("softmax regression");
        assertThat(runs.get(0).get("within_margin")).isEqualTo(true);
    }

    @Test
    void tableAndFiguresShowBothModels() {
        Item.Table t = full.items().stream().filter(i -> i instanceof Item.Table).map(i -> (Item.Table) i)
                .findFirst().orElseThrow();
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0).get(0)).startsWith("softmax regression (sgd)");
        assertThat(t.rows().get(1).get(0)).startsWith("MLP");
        assertThat(full.items().stream().filter(i -> i instanceof Item.FigureItem)).hasSize(2);
        assertThat(full.text()).contains("the range test suggests ε = ");
    }

    @Test
    void theSameSeedGivesTheSameSection() {
        Section a = RangeTestSection.build(new DemoContext(true, 7, new RunManifest("test", "demo --quick"),
                ProgressListener.NONE));
        Section b = RangeTestSection.build(new DemoContext(true, 7, new RunManifest("test", "demo --quick"),
                ProgressListener.NONE));
        assertThat(b.text()).isEqualTo(a.text());
        assertThat(table(b).rows()).isEqualTo(table(a).rows());
    }

    private static Item.Table table(Section s) {
        return s.items().stream().filter(i -> i instanceof Item.Table).map(i -> (Item.Table) i).findFirst()
                .orElseThrow();
    }
}
