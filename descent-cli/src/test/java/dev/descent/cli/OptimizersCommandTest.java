package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.Optimizers;
import dev.descent.optim.spec.Schedules;
import dev.descent.optim.spec.Transforms;
import org.junit.jupiter.api.Test;

class OptimizersCommandTest {

    @Test
    void listsEveryRegistryEntryWithItsDefaults() {
        CliRun r = CliRun.of("optimizers");
        assertThat(r.exit()).isZero();
        for (Optimizers.Entry e : Optimizers.all()) {
            assertThat(r.out()).contains("  " + e.name() + " ");
            for (Optimizers.Param p : e.params()) {
                assertThat(r.out()).containsPattern(p.name() + "\\s+= " + java.util.regex.Pattern.quote(p.defaultValue()));
            }
        }
        for (String t : Transforms.names()) {
            assertThat(r.out()).contains("  " + t + "(");
        }
        for (String s : Schedules.names()) {
            assertThat(r.out()).contains("  " + s + "(");
        }
        assertThat(r.out()).contains("torch.adagrad").contains("Spec grammar:");
        assertThat(r.out()).contains("  adam               Adam (Alg. 8.7; torch Adam)")
                .contains("      beta2                = 0.999");
    }
}
