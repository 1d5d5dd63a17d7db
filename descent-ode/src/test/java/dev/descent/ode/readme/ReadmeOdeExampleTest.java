package dev.descent.ode.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.ode.models.Sir;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The README's ODE example: it runs here, and the README shows these exact lines and their output. */
class ReadmeOdeExampleTest {

    static String example() {
        // README:begin
        OdeFitProblem problem = OdeFitProblem.builder(new Sir(763), InfluenzaEngland1978.observations())
            .observe("in_bed", "I")               // least squares of I(t) against the in_bed column
            .fit("beta", "gamma")                 // optimized as log β, log γ; I0 stays at 1
            .set("beta", 1).set("gamma", 0.1)     // the start
            .build();
        OdeFitResult fit = problem.fit(new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500))));
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(problem);
        String line = String.format(Locale.ROOT, "β = %.4f ± %.4f, γ = %.4f ± %.4f, R₀ = %.3f, SSE = %.1f (LM: β = %.4f, γ = %.4f)",
                fit.parameter("beta"), fit.standardError("beta"), fit.parameter("gamma"), fit.standardError("gamma"),
                fit.r0(), fit.lossValue(), lm.parameter("beta"), lm.parameter("gamma"));
        System.out.println(line);
        // README:end
        return line;
    }

    @Test
    void theReadmeShowsTheseExactLinesAndTheirOutput() throws IOException {
        String printed = example();
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/descent/ode/readme/ReadmeOdeExampleTest.java"));
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
        assertThat(readme).contains(printed);
    }
}
