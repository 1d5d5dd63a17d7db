package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.problem.Objective;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The problem code on its own: at every finite evaluation point of every bundled case, it must
 * reproduce the recorded gradient and loss to about 1e-13 relative (the README's check).
 */
class CaseProblemsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.descent.conformance.BundledCases#all")
    void reproducesRecordedGradientsAndLosses(String id, Path file) throws Exception {
        GoldenCase c = CaseReader.read(file);
        if (CaseProblems.REPLAY.equals(c.problemType())) {
            Assumptions.abort("replay problem: the gradient is data");
        }
        Objective f = CaseProblems.objective(c);
        double[] theta = c.theta0();
        double[] grad = new double[c.dim()];
        int checked = 0;
        if (c.gradientEvaluation() == GradientEvaluation.CLOSURE) { // every closure call of every step
            for (GoldenCase.Step s : c.steps()) {
                int k = 0;
                for (com.fasterxml.jackson.databind.JsonNode e : s.extras().get("evaluations")) {
                    String at = "step " + s.t() + " evaluation " + k++;
                    double loss = f.valueAndGradient(CaseReader.vector(e.get("x"), id, at, c.dim()), grad);
                    double[] expected = CaseReader.vector(e.get("grad"), id, at, c.dim());
                    double scale = maxAbs(expected);
                    for (int i = 0; i < grad.length; i++) {
                        // L-BFGS evaluates at the optimum too, where a gradient entry is a cancellation
                        // of O(10) terms: an absolute floor of 1e-14 besides the relative 1e-13
                        assertThat(Math.abs(grad[i] - expected[i])).as("%s grad[%d]", at, i)
                                .isLessThanOrEqualTo(1e-13 * scale + 1e-14);
                    }
                    double recorded = e.get("loss").doubleValue();
                    assertThat(loss).as("%s loss", at)
                            .isCloseTo(recorded, org.assertj.core.data.Offset.offset(1e-13 * Math.abs(recorded)));
                    checked++;
                }
            }
            assertThat(checked).isPositive();
            return;
        }
        for (GoldenCase.Step s : c.steps()) {
            double[] at = s.xEval() != null ? s.xEval() : theta;
            if (allFinite(at)) {
                double loss = f.valueAndGradient(at, grad);
                double[] expected = s.grad();
                double scale = maxAbs(expected);
                for (int i = 0; i < grad.length; i++) {
                    // Relative to the gradient's scale: single entries may cancel to near 0.
                    assertThat(Math.abs(grad[i] - expected[i])).as("step %d grad[%d]", s.t(), i)
                            .isLessThanOrEqualTo(1e-13 * scale + 1e-300);
                }
                assertThat(loss).as("step %d loss", s.t())
                        .isCloseTo(s.loss(), org.assertj.core.data.Offset.offset(1e-13 * Math.abs(s.loss())));
                checked++;
            }
            theta = s.theta();
        }
        assertThat(checked).isPositive();
    }

    @Test
    void wrongProblemDataIsNamed() {
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        ((ObjectNode) tree.get("problem")).remove("b");
        Path file = CaseFiles.write(tmp, "q.json", tree);
        assertThatThrownBy(() -> CaseProblems.objective(CaseReader.read(file)))
                .isInstanceOf(MalformedCaseException.class).hasMessage(file + ": problem.b is missing");
        CaseResult r = new ConformanceRunner(new Replayer(Replayer.Mode.CLOSED_LOOP)).runFile(file);
        assertThat(r.status()).isEqualTo(CaseResult.Status.FAIL);
        // Recorded mode does not need the problem data.
        assertThat(CaseFiles.replay(file).status()).isEqualTo(CaseResult.Status.PASS);
    }

    @Test
    void softmaxGradientMatchesFiniteDifferences() throws Exception {
        GoldenCase c = CaseReader.read(BundledCases.torch().resolve("sgd.dampening.softmaxA.json"));
        Objective f = CaseProblems.objective(c);
        double[] x = c.steps().get(10).theta();
        double[] g = new double[c.dim()];
        f.valueAndGradient(x, g);
        double h = 1e-6;
        for (int i = 0; i < x.length; i++) {
            double[] p = x.clone();
            double[] m = x.clone();
            p[i] += h;
            m[i] -= h;
            double fd = (f.value(p) - f.value(m)) / (2 * h);
            assertThat(g[i]).as("d/dtheta[%d]", i).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-8));
        }
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
