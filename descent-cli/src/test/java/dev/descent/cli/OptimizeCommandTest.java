package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptimizeCommandTest {

    @Test
    void aSpecMinimizesRosenbrock() {
        CliRun r = CliRun.of("optimize", "--optimizer", "adam(lr=0.02) | clip_global_norm(100)");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("stopped:    gradient-norm").containsPattern("x:\\s+\\[0\\.99999999\\d*, 0\\.9999999");
    }

    @Test
    void aBudgetStopExitsOne() {
        CliRun r = CliRun.of("optimize", "--optimizer", "sgd(1e-4)", "--max-steps", "10");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("stopped:    max-iterations (reached 10 iterations)");
    }

    @Test
    void specErrorsPointAtTheToken() {
        CliRun r = CliRun.of("optimize", "--optimizer", "adam(beta1=1.5)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--optimizer: adam: beta1 = 1.5 is outside [0, 1) at position 5")
                .endsWith("Try 'descent optimize --help' for more information." + System.lineSeparator())
                .doesNotContain("Usage:");
        CliRun s = CliRun.of("optimize", "--start", "1,2,3");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("--start has 3 values; rosenbrock needs 2");
    }
}
