package dev.descent.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.global.GlobalResult;
import dev.descent.global.GlobalThenLocal;
import dev.descent.global.SimulatedAnnealing;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Rastrigin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's global-search example: it runs here, and the README shows these exact lines. */
class GlobalReadmeExampleTest {

    static Result[] example() {
        // README:begin
        Rastrigin f = Rastrigin.standard(5);                 // about 11⁵ local minima in [−5.12, 5.12]⁵
        Minimizer<?> lbfgs = new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-12), new MaxIterations(200)));
        Result stuck = lbfgs.minimize(f, f.start());         // from (3, …, 3): a local minimum
        GlobalResult r = new GlobalThenLocal(
                SimulatedAnnealing.defaults(1).until(new MaxEvaluations(10_000)), lbfgs)
            .search(f, f.domain());
        System.out.printf("L-BFGS alone: J = %.4f; annealing, then L-BFGS: J = %.1e at %s after %d evaluations%n",
                stuck.value(), r.value(), java.util.Arrays.toString(r.point()), r.evaluations());
        // README:end
        return new Result[] {stuck, r.summary()};
    }

    @Test
    void theExampleEscapesTheLocalMinimum() {
        Result[] r = example();
        assertThat(r[0].value()).isGreaterThan(44);
        assertThat(r[1].value()).isLessThan(1e-20);
    }

    @Test
    void theReadmeShowsTheseExactLines() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/descent/readme/GlobalReadmeExampleTest.java"));
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
