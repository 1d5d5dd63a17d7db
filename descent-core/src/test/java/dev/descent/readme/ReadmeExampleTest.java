package dev.descent.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Objective;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java example: it runs here, and the README shows these exact lines. */
class ReadmeExampleTest {

    static Result example() {
        // README:begin
        Objective rosenbrock = Objective.of(2, (x, g) -> {
            double a = 1 - x[0], b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        });
        Result r = new Minimizer<>(Adam.of(0.02),
                StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(100_000)))
            .minimize(rosenbrock, new double[] {-1.5, 2});
        System.out.println(Arrays.toString(r.point()) + " after " + r.iterations() + " steps: " + r.reason().detail());
        // README:end
        return r;
    }

    @Test
    void theExampleReachesTheMinimum() {
        Result r = example();
        assertThat(r.converged()).isTrue();
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-7));
        assertThat(r.point()[1]).isCloseTo(1.0, within(1e-7));
        assertThat(r.value()).isLessThan(1e-15);
    }

    @Test
    void theReadmeShowsTheseExactLines() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/descent/readme/ReadmeExampleTest.java"));
        List<String> snippet = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (l.contains("// README:end")) {
                break;
            }
            if (in) {
                snippet.add(l.length() >= 8 ? l.substring(8) : l.strip());
            }
            if (l.contains("// README:begin")) {
                in = true;
            }
        }
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(snippet).hasSizeGreaterThan(5);
        assertThat(readme).contains(String.join("\n", snippet));
    }
}
