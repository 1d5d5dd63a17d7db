package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Splits: sizes, disjointness, determinism, class shares; standardization fitted on train only. */
class SplitAndStandardizerTest {

    /** Row i has feature 0 = i (so rows are identifiable) and a label with shares 60/30/10 %. */
    static Dataset identified(int n) {
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = Math.sin(i);
            y[i] = i % 10 < 6 ? 0 : i % 10 < 9 ? 1 : 2;
        }
        return Dataset.classification(x, 2, y, 3);
    }

    @Test
    void aSplitIsDisjointCoversEveryRowAndIsAPureFunctionOfTheSeed() {
        Dataset data = identified(103);
        Split s = Split.trainValidation(data, 0.2, 9);
        assertThat(s.validation().size()).as("round(103 · 0.2)").isEqualTo(21);
        assertThat(s.train().size()).isEqualTo(82);
        Set<Integer> rows = new HashSet<>();
        for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
            double previous = -1;
            for (int i = 0; i < part.size(); i++) {
                int id = (int) part.feature(i, 0);
                assertThat(rows.add(id)).as("row %d appears once", id).isTrue();
                assertThat(part.label(i)).isEqualTo(data.label(id));
                assertThat((double) id).as("original order kept").isGreaterThan(previous);
                previous = id;
            }
        }
        assertThat(rows).hasSize(103);
        Split again = Split.trainValidation(data, 0.2, 9);
        assertThat(again.validation().featureArray()).isEqualTo(s.validation().featureArray());
        assertThat(Split.trainValidation(data, 0.2, 10).validation().featureArray())
                .isNotEqualTo(s.validation().featureArray());
    }

    @Test
    void aStratifiedSplitKeepsEachClassShare() {
        Dataset data = identified(1000); // 600 / 300 / 100
        Split s = Split.stratified(data, 0.25, 4);
        assertThat(s.validation().classCounts()).containsExactly(150, 75, 25);
        assertThat(s.train().classCounts()).containsExactly(450, 225, 75);
        Set<Double> ids = new HashSet<>();
        for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
            for (int i = 0; i < part.size(); i++) {
                ids.add(part.feature(i, 0));
            }
        }
        assertThat(ids).hasSize(1000);
        // uneven shares: largest remainders make the total exact
        Dataset odd = identified(37); // 24 / 10 / 3
        Split t = Split.stratified(odd, 0.3, 1);
        assertThat(t.validation().size()).isEqualTo(11); // round(11.1)
        int[] v = t.validation().classCounts();
        assertThat(v[0] + v[1] + v[2]).isEqualTo(11);
        assertThat(v).containsExactly(7, 3, 1); // quotas 7.14, 2.97, 0.89: the two largest remainders round up
    }

    @Test
    void splitsRefuseDegenerateFractions() {
        Dataset data = identified(10);
        assertThatThrownBy(() -> Split.trainValidation(data, 1.0, 1)).hasMessage("validationFraction = 1.0 is outside (0, 1)");
        assertThatThrownBy(() -> Split.trainValidation(data, 0.01, 1))
                .hasMessage("validationFraction = 0.01 of 10 rows gives 0 validation rows; both parts need at least one row");
        Dataset reg = Dataset.regression(new double[] {1, 2, 3}, 1, new double[] {1, 2, 3}, 1);
        assertThatThrownBy(() -> Split.stratified(reg, 0.5, 1)).hasMessageContaining("a stratified split needs class labels");
    }

    @Test
    void standardizedTrainingFeaturesHaveMeanZeroAndUnitVariance() {
        SplittableRandom rng = new SplittableRandom(5);
        int n = 500;
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            x[3 * i] = 1e9 + rng.nextDouble(); // a large offset: the one-pass formula would cancel
            x[3 * i + 1] = 0.1; // constant
            x[3 * i + 2] = rng.nextGaussian() * 40 - 7;
        }
        Dataset data = Dataset.regression(x, 3, new double[n], 1);
        Standardizer s = Standardizer.fit(data);
        assertThat(s.scale()[1]).as("constant feature: scale 1").isEqualTo(1.0);
        assertThat(s.mean()[1]).as("constant feature: its value exactly").isEqualTo(0.1);
        Dataset z = s.transform(data);
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                mean += z.feature(i, j);
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                sq += (z.feature(i, j) - mean) * (z.feature(i, j) - mean);
            }
            // feature 0: μ ≈ 1e9 is stored to within ½ ulp(1e9) ≈ 6e-8, the limit for any method
            double tolerance = j == 0 ? Math.ulp(1e9) / s.scale()[0] : 1e-12;
            assertThat(mean).as("mean of feature %d", j).isCloseTo(0, within(tolerance));
            if (j == 1) {
                for (int i = 0; i < n; i++) {
                    assertThat(z.feature(i, 1)).isZero();
                }
            } else {
                assertThat(sq / n).as("variance of feature %d", j).isCloseTo(1, within(1e-9));
            }
        }
        // a uniform(0,1) offset by 1e9 keeps σ ≈ 1/√12 despite the offset
        assertThat(s.scale()[0]).isCloseTo(1 / Math.sqrt(12), within(0.02));
    }

    @Test
    void validationDataIsTransformedWithTheTrainingStatistics() {
        Dataset train = Dataset.regression(new double[][] {{0}, {2}, {4}}, new double[] {1, 2, 3});
        Dataset validation = Dataset.regression(new double[][] {{100}, {102}}, new double[] {0, 0});
        Standardizer s = Standardizer.fit(train);
        assertThat(s.mean()).containsExactly(2);
        assertThat(s.scale()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-15)); // population σ
        Dataset v = s.transform(validation);
        assertThat(v.feature(0, 0)).isCloseTo(98 / Math.sqrt(8.0 / 3), within(1e-12));
        assertThat(v.targets()).containsExactly(0, 0);
        assertThatThrownBy(() -> s.transform(identified(3)))
                .hasMessage("the standardizer was fitted on 1 features but Dataset[3 × 2, 3 classes] has 2");
        assertThatThrownBy(() -> new Standardizer(new double[] {0}, new double[] {0}))
                .hasMessageContaining("feature 0: mean = 0.0, scale = 0.0");
    }

    /** Sums that overflow are redone on exactly scaled values: finite-but-huge features standardize correctly. */
    @Test
    void featuresNearTheLargestDoubleStandardizeWithoutOverflow() {
        double[] x = new double[20 * 3];
        int[] y = new int[20];
        for (int i = 0; i < 20; i++) {
            x[3 * i] = i % 2 == 0 ? 1e308 : -1e308;               // mean 0, σ = 1e308: the plain Σx² is ∞
            x[3 * i + 1] = i == 0 ? 1.7e308 : -1.7e308;           // Σx overflows; x − μ too for row 0
            x[3 * i + 2] = 1e308;                                 // constant (its plain sum overflows)
            y[i] = i % 2;
        }
        Dataset data = Dataset.classification(x, 3, y, 2);
        Standardizer s = Standardizer.fit(data);
        assertThat(s.mean()[0]).isZero();
        assertThat(s.scale()[0]).isCloseTo(1e308, within(1e293));
        assertThat(s.mean()[1]).isCloseTo(-1.7e308 * 0.9, within(1e293));
        assertThat(s.scale()[1]).isCloseTo(1.7e308 * Math.sqrt(0.19), within(1e293));
        assertThat(s.mean()[2]).isEqualTo(1e308);
        assertThat(s.scale()[2]).isEqualTo(1.0);
        double[] z = s.transform(data).rawFeatures();
        assertThat(z[0]).isCloseTo(1.0, within(1e-15));
        assertThat(z[3]).isCloseTo(-1.0, within(1e-15));
        assertThat(z[1]).isCloseTo(Math.sqrt(19), within(1e-12));      // (x − μ)/s of the lone row
        assertThat(z[4]).isCloseTo(-1 / Math.sqrt(19), within(1e-12));
        assertThat(z[2]).isZero();
        for (double v : z) {
            assertThat(v).isFinite();
        }
        // what cannot be represented is refused, naming the feature and the row
        Standardizer narrow = Standardizer.fit(Dataset.classification(new double[] {0, 1e-100}, 1, new int[] {0, 1}, 2));
        assertThatThrownBy(() -> narrow.transform(Dataset.classification(new double[] {0, 1e308}, 1, new int[] {0, 1}, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 0: row 1 (0-based) holds 1.0E308, whose standardized value (x − μ)/s with μ = 5.0E-101,"
                        + " s = 5.0E-101 is Infinity, beyond the range of a double");
    }
}
