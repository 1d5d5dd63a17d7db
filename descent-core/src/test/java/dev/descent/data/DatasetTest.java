package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Construction checks, copies and views, gathering rows. */
class DatasetTest {

    private static final double[] X = {1, 2, 3, 4, 5, 6}; // 3 rows × 2

    @Test
    void factoriesCopyAndNothingChangesTheDataset() {
        double[] x = X.clone();
        int[] y = {0, 2, 1};
        Dataset d = Dataset.classification(x, 2, y, 3);
        x[0] = 99;
        y[0] = 1;
        assertThat(d.feature(0, 0)).isEqualTo(1);
        assertThat(d.label(0)).isZero();
        d.featureArray()[1] = 99;
        d.labels()[1] = 0;
        d.row(1)[0] = 99;
        assertThat(d.feature(0, 1)).isEqualTo(2);
        assertThat(d.label(1)).isEqualTo(2);
        assertThat(d.feature(1, 0)).isEqualTo(3);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.featureCount()).isEqualTo(2);
        assertThat(d.classCounts()).containsExactly(1, 1, 1);
        assertThat(d).hasToString("Dataset[3 × 2, 3 classes]");
        Dataset r = Dataset.regression(new double[][] {{1}, {2}}, new double[] {0.5, 1.5});
        assertThat(r).hasToString("Dataset[2 × 1, 1 target]");
        assertThat(r.target(1, 0)).isEqualTo(1.5);
        assertThat(r.isClassification()).isFalse();
        assertThat(r.classes()).isZero();
    }

    @Test
    void rowsGatherCopiesAndSlicesAreViews() {
        Dataset d = Dataset.regression(X, 2, new double[] {10, 11, 20, 21, 30, 31}, 2);
        Batch b = d.rows(new int[] {2, 0, 2});
        assertThat(b.features().toArray()).containsExactly(5, 6, 1, 2, 5, 6);
        assertThat(b.targets().toArray()).containsExactly(30, 31, 10, 11, 30, 31);
        assertThat(b.labels()).isNull();
        Batch s = d.slice(1, 3);
        assertThat(s.features().toArray()).containsExactly(3, 4, 5, 6);
        assertThat(s.targets().toArray()).containsExactly(20, 21, 30, 31);
        assertThat(s.features().data()).as("a view, not a copy").hasSize(6);
        assertThat(d.rows(new int[] {0, 1, 2}, 1, 3).features().toArray()).containsExactly(3, 4, 5, 6);

        Dataset c = Dataset.classification(X, 2, new int[] {1, 0, 1}, 2);
        assertThat(c.subset(new int[] {2, 1}).labels()).containsExactly(1, 0);
        assertThat(c.subset(new int[] {2, 1}).row(0)).containsExactly(5, 6);
        assertThat(c.slice(0, 2).labels()).containsExactly(1, 0);
        assertThat(c.scaled(0.5).row(2)).containsExactly(2.5, 3);
        assertThat(c.scaled(0.5).labels()).containsExactly(1, 0, 1);
    }

    @Test
    void invalidInputIsRefusedWithAPreciseMessage() {
        assertThatThrownBy(() -> Dataset.classification(X, 4, new int[] {0}, 2))
                .hasMessage("features has length 6, not a multiple of featureCount = 4");
        assertThatThrownBy(() -> Dataset.classification(X, 2, new int[] {0, 1}, 2))
                .hasMessage("labels has length 2 but there are 3 rows of features");
        assertThatThrownBy(() -> Dataset.classification(X, 2, new int[] {0, 1, 2}, 2))
                .hasMessage("label[2] = 2 is outside [0, 2)");
        assertThatThrownBy(() -> Dataset.classification(X, 2, new int[] {0, 0, 0}, 1))
                .hasMessage("classes = 1 must be >= 2");
        assertThatThrownBy(() -> Dataset.classification(new double[] {1, 2, Double.NaN, 4}, 2, new int[] {0, 1}, 2))
                .hasMessage("feature (row 1, column 0) = NaN is not finite");
        assertThatThrownBy(() -> Dataset.regression(X, 2, new double[] {1, 2}, 1))
                .hasMessage("targets has length 2 but 3 rows × 1 targets need 3");
        assertThatThrownBy(() -> Dataset.regression(X, 2, new double[] {1, 2, Double.POSITIVE_INFINITY}, 1))
                .hasMessage("target (row 2, column 0) = Infinity is not finite");
        assertThatThrownBy(() -> Dataset.regression(new double[0], 2, new double[0], 1))
                .hasMessage("a dataset needs at least one row; features is empty");
        assertThatThrownBy(() -> Dataset.regression(new double[][] {{1, 2}, {3}}, new double[] {1, 2}))
                .hasMessage("row 1 has length 1 but row 0 has 2");
        Dataset d = Dataset.classification(X, 2, new int[] {0, 1, 0}, 2);
        assertThatThrownBy(() -> d.slice(2, 2)).hasMessage("rows [2, 2) is not a non-empty range of [0, 3)");
        assertThatThrownBy(() -> d.rows(new int[] {0, 3})).hasMessage("row 3 is outside [0, 3)");
        assertThatThrownBy(d::targets)
                .hasMessage("targets: this is a classification set (class labels), not a regression set");
        assertThatThrownBy(() -> new Batch(d.features(0, 2), new int[] {1}, null))
                .hasMessage("batch has 2 rows of features but 1 labels");
    }
}
