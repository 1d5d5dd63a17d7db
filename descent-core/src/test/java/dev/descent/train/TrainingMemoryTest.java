package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.Sgd;
import dev.descent.optim.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {

    // an MLP 784-128-10's blocks: 100 352 + 128 + 1 280 + 10 = 101 770 parameters
    static final ParamLayout MLP = ParamLayout.builder().add("W1", 784 * 128).add("b1", 128).add("W2", 128 * 10)
            .add("b2", 10).build();

    @Test
    void theStateIsCountedFromTinyCopiesAndMatchesTheRealState() {
        assertThat(MLP.size()).isEqualTo(101_770);
        // Adam keeps m and v: 2n doubles, so training keeps 3n + 2·2n
        assertThat(TrainingMemory.stateDoubles(Adam.defaults(), MLP)).isEqualTo(2L * 101_770)
                .isEqualTo(Adam.defaults().init(MLP).savedDoubles());
        assertThat(TrainingMemory.doubles(Adam.defaults(), MLP)).isEqualTo(7L * 101_770);
        assertThat(TrainingMemory.stateDoubles(Sgd.defaults(), MLP)).isEqualTo(Sgd.defaults().init(MLP).savedDoubles());
        // a wrapper with per-block state counts like its inner rule plus its own scalars
        var clipped = OptimizerSpec.build("adam | clip_global_norm(1)");
        assertThat(TrainingMemory.stateDoubles(clipped, MLP)).isEqualTo(clipped.init(MLP).savedDoubles());
    }

    @Test
    void aLayoutFarBeyondMemoryIsCountedWithoutAllocatingIt() {
        // 2 blocks of 2^29 parameters: Adam's state alone would be 2^31 doubles, 16 GiB
        ParamLayout huge = ParamLayout.builder().add("a", 1 << 29).add("b", 1 << 29).build();
        assertThat(TrainingMemory.stateDoubles(Adam.defaults(), huge)).isEqualTo(1L << 31);
        assertThat(TrainingMemory.doubles(Lbfgs.defaults(), ParamLayout.flat(1000)))
                .isEqualTo(3000 + 2 * Lbfgs.defaults().stateDoubles(ParamLayout.flat(1000)));
    }
}
