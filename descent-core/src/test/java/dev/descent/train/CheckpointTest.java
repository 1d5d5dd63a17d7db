package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    static final ParamLayout LAYOUT = ParamLayout.builder().add("W1", 2, 3).add("b1", 3).build();
    static final Path FILE = Path.of("runs", "ckpt-7.safetensors");

    static Checkpoint sample() {
        Adam adam = Adam.of(0.01);
        Adam.State st = adam.init(LAYOUT);
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        adam.step(x, new double[] {1, -1, 1, -1, 1, -1, 1, -1, 1}, st);
        return Checkpoint.of(x, st, new TrainingPosition(1, 2, 7, 42), Map.of(Checkpoint.OPTIMIZER, "adam:learningRate=0.01"));
    }

    @Test
    void isAnImmutableSnapshot() {
        double[] x = new double[9];
        Checkpoint c = Checkpoint.of(LAYOUT, x, Sgd.of(0.1).init(LAYOUT).stateDict(), TrainingPosition.start(1),
                new LinkedHashMap<>(Map.of("config", "a")));
        x[0] = 5;
        c.params()[1] = 5;
        assertThat(c.params()).containsOnly(0.0);
        assertThat(c.formatVersion()).isEqualTo(Checkpoint.FORMAT_VERSION);
        assertThatThrownBy(() -> c.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(c).isEqualTo(Checkpoint.of(LAYOUT, new double[9], Sgd.of(0.1).init(LAYOUT).stateDict(),
                TrainingPosition.start(1), Map.of("config", "a")));
    }

    @Test
    void validatesOnConstruction() {
        StateDict sgd = Sgd.of(0.1).init(LAYOUT).stateDict();
        TrainingPosition p = TrainingPosition.start(0);
        assertThatThrownBy(() -> Checkpoint.of(LAYOUT, new double[8], sgd, p, Map.of()))
                .hasMessage("params has length 8, but the layout has 9 parameters");
        assertThatThrownBy(() -> Checkpoint.of(LAYOUT, new double[9], Sgd.of(0.1).init(9).stateDict(), p, Map.of()))
                .hasMessageStartingWith("the optimizer state is for layout [theta[9]@0], but the parameters have layout");
        assertThatThrownBy(() -> Checkpoint.of(LAYOUT, new double[9], sgd, p, Map.of("descent.sha256", "x")))
                .hasMessage("metadata key 'descent.sha256' starts with the reserved prefix 'descent.'");
        assertThatThrownBy(() -> new Checkpoint(2, LAYOUT, new double[9], sgd, p, Map.of()))
                .hasMessage("formatVersion = 2 is outside [1, 1]");
    }

    @Test
    void trainingPositionValidatesAndAdvances() {
        assertThatThrownBy(() -> new TrainingPosition(-1, 0, 0, 0)).hasMessage("epoch = -1 is negative");
        assertThatThrownBy(() -> new TrainingPosition(0, -1, 0, 0)).hasMessage("stepInEpoch = -1 is negative");
        assertThatThrownBy(() -> new TrainingPosition(2, 5, 4, 0))
                .hasMessage("globalStep = 4 is smaller than stepInEpoch = 5");
        TrainingPosition p = TrainingPosition.start(9).nextStep().nextStep().nextEpoch().nextStep();
        assertThat(p).isEqualTo(new TrainingPosition(1, 1, 3, 9));
    }

    @Test
    void acceptsTheModelItWasTakenFrom() throws CheckpointException {
        sample().requireCompatible(FILE, LAYOUT, Adam.of(0.5).init(LAYOUT).stateDict());
    }

    @Test
    void refusesALayoutThatDiffersNamingTheBlock() {
        Checkpoint c = sample();
        StateDict t = Adam.of(0.01).init(LAYOUT).stateDict();
        ParamLayout transposed = ParamLayout.builder().add("W1", 3, 2).add("b1", 3).build();
        assertThatThrownBy(() -> c.requireCompatible(FILE, transposed, Adam.of(0.01).init(transposed).stateDict()))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + FILE + ": parameter layout does not match the model: block 'W1' has shape"
                        + " [2, 3] in the checkpoint, the model expects [3, 2]")
                .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.LAYOUT_MISMATCH);

        ParamLayout bigger = ParamLayout.builder().add("W1", 2, 3).add("b1", 3).add("W2", 3).build();
        assertThatThrownBy(() -> c.requireCompatible(FILE, bigger, Adam.of(0.01).init(bigger).stateDict()))
                .hasMessageEndingWith("the model's block 'W2' is missing from the checkpoint (checkpoint blocks"
                        + " [W1[2, 3], b1[3]], model blocks [W1[2, 3], b1[3], W2[3]])");
        ParamLayout renamed = ParamLayout.builder().add("W1", 2, 3).add("bias1", 3).build();
        assertThatThrownBy(() -> c.requireCompatible(FILE, renamed, Adam.of(0.01).init(renamed).stateDict()))
                .hasMessageContaining("the model's block 'bias1' is missing from the checkpoint");
        ParamLayout smaller = ParamLayout.builder().add("W1", 2, 3).build();
        assertThatThrownBy(() -> c.requireCompatible(FILE, smaller, Adam.of(0.01).init(smaller).stateDict()))
                .hasMessageContaining("the checkpoint has a block 'b1' that the model does not have");
        ParamLayout swapped = ParamLayout.builder().add("b1", 3).add("W1", 2, 3).build();
        assertThatThrownBy(() -> c.requireCompatible(FILE, swapped, Adam.of(0.01).init(swapped).stateDict()))
                .hasMessageContaining("block 1 is 'W1' in the checkpoint but 'b1' in the model");
        assertThatThrownBy(() -> c.requireCompatible(FILE, smaller, t))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the optimizer template is for layout");
    }

    @Test
    void refusesAnotherOptimizersState() {
        assertThatThrownBy(() -> sample().requireCompatible(FILE, LAYOUT, Sgd.of(0.01).init(LAYOUT).stateDict()))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + FILE + ": optimizer state does not fit the optimizer: state at '/' is for"
                        + " optimizer 'adam', expected 'sgd'")
                .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(CheckpointException.Kind.STATE_MISMATCH);
        StateDict amsgrad = Adam.of(0.01).withAmsgrad(true).init(LAYOUT).stateDict();
        assertThatThrownBy(() -> sample().requireCompatible(FILE, LAYOUT, amsgrad))
                .hasMessageContaining("state at '/' has buffers [adam.m, adam.v], expected [adam.m, adam.v, adam.v_max]");
    }

    @Test
    void restoreCopiesParamsAndStateOrNothing() {
        Checkpoint c = sample();
        Adam adam = Adam.of(0.01);
        Adam.State st = adam.init(LAYOUT);
        double[] x = new double[9];
        c.restore(x, st);
        assertThat(x).containsExactly(c.params());
        assertThat(st.stateDict()).isEqualTo(c.optimizer());

        Adam.State ams = Adam.of(0.01).withAmsgrad(true).init(LAYOUT);
        double[] y = new double[9];
        StateDict before = ams.stateDict();
        assertThatThrownBy(() -> c.restore(y, ams)).isInstanceOf(IllegalArgumentException.class);
        assertThat(y).containsOnly(0.0);
        assertThat(ams.stateDict()).isEqualTo(before);
        assertThatThrownBy(() -> c.restore(new double[8], adam.init(LAYOUT)))
                .hasMessage("params has length 8, the checkpoint has 9");
    }
}
