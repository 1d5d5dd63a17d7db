package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void iterationStreamSplitsTheNextOutputOfTheMixedSeed() {
        // the hash of iteration k is the (k+1)-th nextLong of new SplittableRandom(mix64(seed)), in O(1)
        SplittableRandom sequential = new SplittableRandom(Seeds.mix64(7));
        for (long k = 0; k < 5; k++) {
            long hash = sequential.nextLong();
            assertThat(hash).isEqualTo(Seeds.mix64(Seeds.mix64(7) + (k + 1) * Seeds.GOLDEN_GAMMA));
            assertThat(Seeds.iterationStream(7, k).nextLong()).as("k = %d", k)
                    .isEqualTo(new SplittableRandom(hash).split().nextLong());
        }
    }

    @Test
    void bothFormulasKeepTheirStoredValues() {
        // pinned: changing either formula changes stored results (checkpoints, the README's annealing figures)
        assertThat(Seeds.derive(42, 3)).isEqualTo(9184086885227496948L);
        assertThat(Seeds.iterationStream(1, 0).nextLong()).isEqualTo(PINNED_ITERATION_STREAM);
        assertThat(Seeds.iterationStream(1, 1).nextLong()).isNotEqualTo(PINNED_ITERATION_STREAM);
    }

    static final long PINNED_ITERATION_STREAM = -1013682875208068915L;
}
