package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Minibatch order is a pure function of (seed, epoch), and every row is used exactly once per epoch. */
class MiniBatchesTest {

    @Property(tries = 200, seed = "21")
    void anEpochIsAPermutationAndAPureFunctionOfSeedAndEpoch(@ForAll @IntRange(min = 1, max = 300) int n,
            @ForAll long seed, @ForAll @LongRange(min = 0, max = 1_000_000) long epoch) {
        int[] order = MiniBatches.order(n, seed, epoch);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertThat(sorted[i]).as("every index exactly once").isEqualTo(i);
        }
        assertThat(MiniBatches.order(n, seed, epoch)).as("same seed and epoch").isEqualTo(order);
    }

    @Test
    void epochsAndSeedsGiveDifferentOrders() {
        int n = 50;
        Set<String> seen = new HashSet<>();
        for (long epoch = 0; epoch < 100; epoch++) {
            seen.add(Arrays.toString(MiniBatches.order(n, 7, epoch)));
        }
        assertThat(seen).as("100 epochs, 100 distinct orders").hasSize(100);
        assertThat(MiniBatches.order(n, 8, 0)).isNotEqualTo(MiniBatches.order(n, 7, 0));
        // the pitfall Seeds avoids: epoch e must not be epoch 0 shifted
        int[] e0 = MiniBatches.order(n, 7, 0);
        int[] e1 = MiniBatches.order(n, 7, 1);
        assertThat(Arrays.copyOfRange(e1, 0, n - 1)).isNotEqualTo(Arrays.copyOfRange(e0, 1, n));
    }

    @Test
    void theOrderIsPinnedSoThatRunsReproduceAcrossVersions() {
        // Regression guard: this exact order is what the documented derivation (SplitMix64 mix of
        // seed and epoch, then Fisher–Yates with SplittableRandom) gives. A change here breaks
        // reproducibility of every recorded run.
        assertThat(Seeds.derive(42, 0)).isEqualTo(Seeds.mix64(Seeds.mix64(42)));
        assertThat(Seeds.derive(42, 3)).isEqualTo(Seeds.mix64(Seeds.mix64(42) ^ (3 * Seeds.GOLDEN_GAMMA)));
        assertThat(Seeds.derive(42, 3, 5)).isEqualTo(Seeds.derive(Seeds.derive(42, 3), 5));
        int[] expected = fisherYates(10, new java.util.SplittableRandom(Seeds.derive(42, 3)));
        assertThat(MiniBatches.order(10, 42, 3)).isEqualTo(expected).containsExactly(6, 4, 9, 1, 5, 2, 8, 0, 7, 3);
        assertThat(Seeds.derive(42, 3)).isEqualTo(9184086885227496948L);
        assertThat(Seeds.mix64(0)).isZero(); // the finalizer fixes 0 (so derive mixes the seed first)
        assertThat(Seeds.mix64(1)).isEqualTo(0x5692161D100B05E5L);
    }

    /** The first position is uniform over the rows: a chi-square check over 3000 epochs (seeded). */
    @Test
    void everyRowIsEquallyLikelyToComeFirst() {
        int n = 6;
        int epochs = 3000;
        int[] counts = new int[n];
        for (int e = 0; e < epochs; e++) {
            counts[MiniBatches.order(n, 123, e)[0]]++;
        }
        double expected = (double) epochs / n;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        // 5 degrees of freedom: P(χ² > 20.5) ≈ 0.001
        assertThat(chi2).as("χ² of %s", Arrays.toString(counts)).isLessThan(20.5);
    }

    @Test
    void batchesCoverTheEpochWithASmallerLastBatchOrDropIt() {
        Dataset data = rowsNumbered(10);
        List<Integer> sizes = new ArrayList<>();
        List<Double> rows = new ArrayList<>();
        for (Batch b : MiniBatches.of(4).epoch(data, 5, 2)) {
            sizes.add(b.size());
            for (int i = 0; i < b.size(); i++) {
                rows.add(b.features().get(i, 0));
                assertThat(b.labels()[i]).isEqualTo((int) b.features().get(i, 0) % 3);
            }
        }
        assertThat(sizes).containsExactly(4, 4, 2);
        int[] order = MiniBatches.order(10, 5, 2);
        for (int i = 0; i < 10; i++) {
            assertThat(rows.get(i)).as("batches follow the epoch's order").isEqualTo(order[i]);
        }
        List<Integer> dropped = new ArrayList<>();
        for (Batch b : MiniBatches.of(4).withDropLast(true).epoch(data, 5, 2)) {
            dropped.add(b.size());
        }
        assertThat(dropped).containsExactly(4, 4);
        assertThat(MiniBatches.of(4).count(10)).isEqualTo(3);
        assertThat(MiniBatches.of(4).withDropLast(true).count(10)).isEqualTo(2);
        assertThat(MiniBatches.of(5).count(10)).isEqualTo(2);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> MiniBatches.of(0)).hasMessage("batchSize = 0 must be >= 1");
        assertThatThrownBy(() -> MiniBatches.order(0, 1, 1)).hasMessage("n = 0 must be >= 1");
        assertThatThrownBy(() -> MiniBatches.of(20).withDropLast(true).epoch(rowsNumbered(10), 1, 0))
                .hasMessageContaining("the dataset has 10 rows, fewer than batchSize = 20, and dropLast is set");
    }

    /** Row i has feature i and label i mod 3. */
    static Dataset rowsNumbered(int n) {
        double[] x = new double[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i % 3;
        }
        return Dataset.classification(x, 1, y, 3);
    }

    private static int[] fisherYates(int n, java.util.SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
