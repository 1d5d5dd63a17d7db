package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.optim.transform.Partition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StateDict#flatten()} and its inverse {@link StateDict#unflatten}, and the structure check. */
class StateDictFlattenTest {

    static final ParamLayout LAYOUT = ParamLayout.builder().add("W1", 2, 3).add("b1", 3).add("W2", 3).build();

    /** A nested state (partition → clip → adam, and a momentum group) after a few real steps. */
    static OptimizerState trainedNestedState() {
        Partition p = Partition.of(new Partition.Group("bias", "b.*", Momentum.of(0.1, 0.9)),
                new Partition.Group("weights", "W.*", new ClipByGlobalNorm(1.0, Adam.of(0.01))));
        Partition.State st = p.init(LAYOUT);
        double[] x = new double[LAYOUT.size()];
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 5; k++) {
            double[] g = new double[x.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextDouble(-2, 2);
            }
            p.step(x, g, st);
        }
        return st;
    }

    @Test
    void flattenNamesEveryBufferAndStepByPath() {
        StateDict d = trainedNestedState().stateDict();
        Map<String, double[]> flat = d.flatten();
        assertThat(flat.keySet()).containsExactly("step", "bias/step", "bias/momentum.velocity", "weights/step",
                "weights/inner/step", "weights/inner/adam.m", "weights/inner/adam.v");
        assertThat(flat.get("weights/inner/step")).containsExactly(5.0);
    }

    @Test
    void unflattenInvertsFlattenBitForBit() {
        OptimizerState st = trainedNestedState();
        StateDict d = st.stateDict();
        StateDict template = Partition.of(new Partition.Group("bias", "b.*", Momentum.of(0.1, 0.9)),
                new Partition.Group("weights", "W.*", new ClipByGlobalNorm(1.0, Adam.of(0.01)))).init(LAYOUT)
                .stateDict();
        StateDict back = StateDict.unflatten(d.flatten(), template);
        assertThat(back).isEqualTo(d);
        assertThat(back.children().get("weights").children().get("inner").layout().names())
                .containsExactly("W1", "W2");
        st.load(back); // loadable into a live state
    }

    @Test
    void unflattenKeepsSpecialValuesBitForBit() {
        ParamLayout l = ParamLayout.flat(4);
        double nanWithPayload = Double.longBitsToDouble(0x7ff8_0000_0000_1234L);
        Map<String, double[]> bufs = Map.of("x.v", new double[] {-0.0, nanWithPayload, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE});
        StateDict d = new StateDict("x", l, 3, bufs);
        StateDict back = StateDict.unflatten(d.flatten(), new StateDict("x", l, 0, Map.of("x.v", new double[4])));
        double[] v = back.get("x.v");
        for (int i = 0; i < 4; i++) {
            assertThat(Double.doubleToRawLongBits(v[i])).isEqualTo(Double.doubleToRawLongBits(bufs.get("x.v")[i]));
        }
        assertThat(back.step()).isEqualTo(3);
    }

    @Test
    void unflattenCopiesItsInput() {
        StateDict template = Adam.of(0.1).init(3).stateDict();
        Map<String, double[]> flat = template.flatten();
        StateDict back = StateDict.unflatten(flat, template);
        flat.get("adam.m")[0] = 42;
        assertThat(back.get("adam.m")[0]).isZero();
    }

    @Test
    void unflattenNamesAMissingKey() {
        StateDict d = trainedNestedState().stateDict();
        Map<String, double[]> flat = new LinkedHashMap<>(d.flatten());
        flat.remove("weights/inner/adam.v");
        assertThatThrownBy(() -> StateDict.unflatten(flat, d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("flat state has no key 'weights/inner/adam.v'; expected keys [step,");
    }

    @Test
    void unflattenNamesAnUnexpectedKey() {
        StateDict d = trainedNestedState().stateDict();
        Map<String, double[]> flat = new LinkedHashMap<>(d.flatten());
        flat.put("weights/inner/adam.extra", new double[4]);
        assertThatThrownBy(() -> StateDict.unflatten(flat, d))
                .hasMessageStartingWith("flat state has unexpected key 'weights/inner/adam.extra'");
    }

    @Test
    void unflattenNamesAWrongLength() {
        StateDict d = trainedNestedState().stateDict();
        Map<String, double[]> flat = new LinkedHashMap<>(d.flatten());
        flat.put("bias/momentum.velocity", new double[4]);
        assertThatThrownBy(() -> StateDict.unflatten(flat, d))
                .hasMessage("flat state key 'bias/momentum.velocity' has length 4, expected 3");
    }

    @Test
    void unflattenRefusesAStepThatIsNotACount() {
        StateDict d = trainedNestedState().stateDict();
        for (double bad : new double[] {-1, 2.5, Double.NaN, Double.POSITIVE_INFINITY, 0x1p60}) {
            Map<String, double[]> flat = new LinkedHashMap<>(d.flatten());
            flat.put("weights/step", new double[] {bad});
            assertThatThrownBy(() -> StateDict.unflatten(flat, d))
                    .as("step %s", bad)
                    .hasMessageStartingWith("flat state key 'weights/step' = " + bad + " is not a step count");
        }
    }

    @Test
    void requireSameStructureIgnoresValuesButNamesTheFirstDifference() {
        StateDict trained = trainedNestedState().stateDict();
        Partition.State fresh = Partition.of(new Partition.Group("bias", "b.*", Momentum.of(0.1, 0.9)),
                new Partition.Group("weights", "W.*", new ClipByGlobalNorm(1.0, Adam.of(0.01)))).init(LAYOUT);
        trained.requireSameStructure(fresh.stateDict());

        StateDict sgdWeights = Partition.of(new Partition.Group("bias", "b.*", Momentum.of(0.1, 0.9)),
                new Partition.Group("weights", "W.*", new ClipByGlobalNorm(1.0, Sgd.of(0.01)))).init(LAYOUT)
                .stateDict();
        assertThatThrownBy(() -> trained.requireSameStructure(sgdWeights))
                .hasMessage("state at '/weights/inner' is for optimizer 'adam', expected 'sgd'");

        StateDict otherGroups = Partition.of(new Partition.Group("all", ".*", Adam.of(0.01))).init(LAYOUT)
                .stateDict();
        assertThatThrownBy(() -> trained.requireSameStructure(otherGroups))
                .hasMessage("state at '/' has children [bias, weights], expected [all]");

        StateDict otherLayout = Adam.of(0.1).init(ParamLayout.flat(3)).stateDict();
        StateDict adam = Adam.of(0.1).init(ParamLayout.builder().add("w", 3).build()).stateDict();
        assertThatThrownBy(() -> adam.requireSameStructure(otherLayout))
                .hasMessage("state at '/' is for layout [w[3]@0], expected [theta[3]@0]");
    }
}
