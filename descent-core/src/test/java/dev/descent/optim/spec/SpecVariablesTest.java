package dev.descent.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecVariablesTest {

    static final Map<String, Long> RUN = Map.of(SpecVariables.TOTAL_STEPS, 18750L, SpecVariables.STEPS_PER_EPOCH,
            1875L);

    @Test
    void everyArgumentThatIsAVariableBecomesItsNumber() {
        assertThat(SpecVariables.substitute("prodigy @ cosine(t_max=total_steps)", RUN))
                .isEqualTo("prodigy @ cosine(t_max=18750)");
        assertThat(SpecVariables.substitute("sgd(lr=0.1) @ warmup(steps_per_epoch, then=cosine(t_max=total_steps))",
                RUN)).isEqualTo("sgd(lr=0.1) @ warmup(1875, then=cosine(t_max=18750))");
        assertThat(SpecVariables.substitute("sgd(lr=0.1) @ multistep(milestones=(steps_per_epoch, total_steps))", RUN))
                .isEqualTo("sgd(lr=0.1) @ multistep(milestones=(1875, 18750))");
        // names elsewhere (a call's name, a key) and specs without variables are left alone
        assertThat(SpecVariables.substitute("adam(lr=1e-3) | clip_global_norm(1)", RUN))
                .isEqualTo("adam(lr=1e-3) | clip_global_norm(1)");
    }

    @Test
    void theResolvedSpecBuildsTheScheduleOverTheWholeRun() {
        Optimizer<?> opt = OptimizerSpec.build(SpecVariables.substitute("sgd(lr=1) @ cosine(t_max=total_steps)",
                Map.of(SpecVariables.TOTAL_STEPS, 100L)));
        Schedule lr = ((dev.descent.optim.Sgd) opt).learningRate();
        assertThat(lr.valueAt(0)).isEqualTo(1.0);
        assertThat(lr.valueAt(50)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(lr.valueAt(100)).isEqualTo(0.0);
    }

    @Test
    void anUnresolvedVariableIsRefusedWithAHint() {
        assertThatThrownBy(() -> OptimizerSpec.build("prodigy @ cosine(t_max=total_steps)"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("cosine: t_max = 'total_steps' is not a number (total_steps stands for the"
                        + " run's length; train replaces it, other commands need the number)");
    }
}
