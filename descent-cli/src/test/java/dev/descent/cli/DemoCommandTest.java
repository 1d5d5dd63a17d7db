package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void printsOneRowPerAlgorithmAndProblem() {
        CliRun r = CliRun.of("demo", "--problems", "beale,rosenbrock", "--max-steps", "20000");
        assertThat(r.exit()).isZero();
        for (String alg : new String[] {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "adam"}) {
            assertThat(r.out().lines().filter(l -> l.startsWith("  " + alg + " ")).count()).as(alg).isEqualTo(2);
        }
        // Adam with the grid's best rate converges on Beale: its row says so, with a tiny distance to x*.
        String adamBeale = r.out().lines().filter(l -> l.startsWith("  adam ")).findFirst().orElseThrow();
        assertThat(adamBeale).contains("converged: ‖∇J‖");
        String[] cols = adamBeale.trim().split("\\s+");
        assertThat(Double.parseDouble(cols[4])).isLessThan(1e-4); // ‖x − x*‖
        assertThat(Long.parseLong(cols[2])).isPositive().isLessThan(20000); // steps
    }

    @Test
    void aFixedLearningRateSkipsTheGrid() {
        CliRun r = CliRun.of("demo", "--problems", "quadratic", "--algorithms", "sgd", "--lr", "1e-3");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("learning rate 0.001").containsPattern("  sgd\\s+1e-03");
    }

    @Test
    void unknownNamesAndOptionsAreUsageErrors() {
        CliRun a = CliRun.of("demo", "--algorithms", "adamm");
        assertThat(a.exit()).isEqualTo(2);
        assertThat(a.err()).contains("--algorithms: unknown optimizer 'adamm'; known: sgd").contains("Usage: descent demo");
        CliRun p = CliRun.of("demo", "--problems", "himmelblau");
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("unknown problem 'himmelblau'");
        CliRun o = CliRun.of("demo", "--bogus");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("Unknown option: '--bogus'");
        CliRun t = CliRun.of("demo", "--tolerance", "-1");
        assertThat(t.exit()).isEqualTo(2);
        assertThat(t.err()).contains("--tolerance = -1.0 must be finite and > 0");
    }
}
