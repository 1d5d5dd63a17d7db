package dev.descent.report.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Dataset;
import dev.descent.report.Item;
import dev.descent.report.Progress;
import dev.descent.report.RunManifest;
import dev.descent.report.Section;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinibatchSectionTest {

    static Section quick() {
        return MinibatchSection.build(new DemoContext(true, 1, new RunManifest("0", "t"), Progress.NONE));
    }

    @Test
    void everyOptimizerLowersTheLossAndAdamLearnsTheClasses() {
        Section s = quick();
        Figure curves = ((Item.FigureItem) s.items().get(0)).figure();
        assertThat(curves.series()).extracting(Series::name).containsExactlyElementsOf(MinibatchSection.SPECS);
        for (Series c : curves.series()) {
            assertThat(c.y()[c.y().length - 1]).as(c.name()).isLessThan(c.y()[0]);
        }
        // one-vs-rest means 1.5 apart with unit noise: a linear classifier gets well above chance (25%)
        MinibatchSection.Run adam = MinibatchSection.train("adam(lr=0.01)", MinibatchSection.blobs(600, 3),
                MinibatchSection.blobs(300, 4), 8, 32, 5);
        assertThat(adam.result().test().accuracy()).isGreaterThan(0.6);
        assertThat(adam.result().train().loss()).isLessThan(Math.log(4)); // below the uniform guess
    }

    @Test
    void smallBatchesAreNoisier() {
        Dataset d = MinibatchSection.blobs(600, 3);
        double[] m1 = MinibatchSection.train("sgd(lr=0.05)", d, null, 1, 1, 5).batchLosses();
        double[] m64 = MinibatchSection.train("sgd(lr=0.05)", d, null, 10, 64, 5).batchLosses();
        assertThat(MinibatchSection.roughness(m1)).isGreaterThan(10 * MinibatchSection.roughness(m64));
    }

    @Test
    void theSameSeedGivesTheSameNumbers() {
        Section a = quick();
        Section b = quick();
        for (int i = 0; i < a.items().size(); i++) {
            if (a.items().get(i) instanceof Item.FigureItem fa) {
                List<Series> sa = fa.figure().series();
                List<Series> sb = ((Item.FigureItem) b.items().get(i)).figure().series();
                for (int k = 0; k < sa.size(); k++) {
                    assertThat(sb.get(k).y()).isEqualTo(sa.get(k).y());
                }
            }
        }
    }
}
