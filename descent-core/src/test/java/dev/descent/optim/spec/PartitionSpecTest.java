package dev.descent.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.AdamW;
import dev.descent.optim.Muon;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.optim.transform.Partition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code partition(selector: spec, ...)} grammar: what it builds, and what it refuses where. */
class PartitionSpecTest {

    private static final ParamLayout MLP = ParamLayout.builder().add("W1", 4, 3).add("b1", 3).add("W2", 3, 2)
            .add("b2", 2).build();

    @Test
    void matricesAndRestBuildTheGroupsInOrder() {
        Optimizer<?> opt = OptimizerSpec.build("partition(matrices: muon(lr=0.02), rest: adamw(lr=3e-4))");
        Partition p = (Partition) opt;
        assertThat(p.groups()).extracting(Partition.Group::label).containsExactly("matrices", "rest");
        assertThat(p.groups().get(0).optimizer()).isEqualTo(Muon.defaults().withLearningRate(0.02));
        assertThat(p.groups().get(1).optimizer()).isEqualTo(AdamW.defaults().withLearningRate(3e-4));
        Partition.State st = p.init(MLP);
        assertThat(st.group("matrices").layout().names()).containsExactly("W1", "W2");
        assertThat(st.group("rest").layout().names()).containsExactly("b1", "b2");
    }

    @Test
    void groupSpecsAreWholeSpecsAndTransformsAfterThePartitionWrapIt() {
        Optimizer<?> opt = OptimizerSpec.build(
                "partition('W1': sgd(0.1) | clip_global_norm(1) @ cosine(t_max=10), vectors: adamw, 'W.*': muon)"
                        + " | clip_global_norm(5)");
        assertThat(opt).isInstanceOf(ClipByGlobalNorm.class);
        Partition p = (Partition) ((ClipByGlobalNorm) opt).inner();
        assertThat(p.groups()).extracting(g -> g.selector().toString()).containsExactly("'W1'", "vectors", "'W.*'");
        ClipByGlobalNorm first = (ClipByGlobalNorm) p.groups().get(0).optimizer();
        assertThat(((Sgd) first.inner()).learningRate()).isInstanceOf(CosineDecay.class);
        OptimizerState st = p.init(MLP);
        assertThat(((Partition.State) st).group("W.*").layout().names()).containsExactly("W2");
    }

    @Test
    void totalStepsIsReplacedInsideGroups() {
        String s = SpecVariables.substitute("partition(matrices: muon @ cosine(t_max=total_steps), rest: adamw)",
                Map.of("total_steps", 900L));
        assertThat(s).isEqualTo("partition(matrices: muon @ cosine(t_max=900), rest: adamw)");
    }

    @Test
    void aBlockNoGroupSelectsIsRefusedWithItsShape() {
        Optimizer<?> opt = OptimizerSpec.build("partition(matrices: muon)");
        assertThatThrownBy(() -> opt.init(MLP))
                .hasMessage("block 'b1' matches no group (its shape is [3]); the groups select [matrices]");
    }

    @Test
    void badPartitionsNameThePositionAndTheProblem() {
        refused("partition(matrices muon)", 19, "expected ':' after the group selector matrices but found 'm'");
        refused("partition()", 10, "expected a group 'selector: spec' (a partition needs at least one) but found ')'");
        refused("partition(weights: sgd)", 10, "partition: unknown group selector 'weights'; known: matrices, vectors,"
                + " rest, or a quoted regular expression on block names ('b.*')");
        refused("partition(rest: sgd, matrices: muon)", 21, "partition: rest takes every block left, so it must be the"
                + " last group");
        refused("partition(matrices: sgd, matrices: muon)", 25, "partition: two groups select matrices");
        refused("partition('[': sgd)", 10, "partition: pattern = [ is not a regular expression");
        refused("partition('W.*: sgd)", 10, "the quoted selector is not closed (expected ')");
        refused("partition(matrices: sgd(lr=-1), rest: adam)", 24, "sgd: learningRate = -1.0 must be finite and > 0");
        refused("partition(matrices: sgd adam)", 24, "expected '|', '@' or ',' or ')' after the group's spec but found 'a'");
        refused("partition(matrices: muon) @ cosine(t_max=10)", 28, "partition has no constant learning rate to schedule");
        refused("adam(matrices: sgd)", 13, "expected ',' or ')' but found ':'");
    }

    @Test
    void aSearchSpaceRefusesAPartitionNamingIt() {
        SpecException x = catchThrowableOfType(
                () -> dev.descent.tune.SearchSpace.parse("partition(matrices: muon(lr=loguniform(1e-3, 1e-1)), rest: adamw)"),
                SpecException.class);
        assertThat(x.problem()).isEqualTo("a search space cannot be a partition yet; search the spec of a single optimizer");
        assertThat(x.position()).isZero();
    }

    private static void refused(String spec, int position, String problem) {
        SpecException x = catchThrowableOfType(() -> OptimizerSpec.build(spec), SpecException.class);
        assertThat(x).as(spec).isNotNull();
        assertThat(x.problem()).as(spec).isEqualTo(problem);
        assertThat(x.position()).as(spec).isEqualTo(position);
    }
}
