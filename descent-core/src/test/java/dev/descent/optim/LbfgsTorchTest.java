package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.problem.Beale;
import dev.descent.problem.Objective;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Lbfgs#torch} against torch.optim.LBFGS 1.13.1 ({@code resources/lbfgs/torch-lbfgs.txt},
 * made by the script beside it): LBFGS(max_iter=1) stepped with a closure is one descent update.
 *
 * <p>Each case is compared for as many steps as the two implementations agree by construction: up
 * to where J or ∇J reaches rounding level (there torch's absolute pair test sᵀy &gt; 1e-10 and its
 * line-search details diverge from ours, see the Conventions of {@link Lbfgs}), or where rounding
 * differences (torch stores s = t·d, we the applied displacement; torch's add uses a fused
 * multiply-add) have grown past the tolerance along a chaotic path.
 */
class LbfgsTorchTest {

    /** Steps compared per case, in file order; measured agreement is given beside each. */
    static final Map<String, Integer> COMPARED = Map.ofEntries(
            Map.entry("rosenbrock -1.5,2.0 1.0 100 strong_wolfe", 30), // 9e-11 over all 30
            Map.entry("rosenbrock -1.5,2.0 1.0 3 strong_wolfe", 15), // 3e-9 at step 16
            Map.entry("rosenbrock -1.5,2.0 0.1 100 none", 30), // 3e-12
            Map.entry("rosenbrock -1.5,2.0 1.0 5 none", 27), // 2e-10 at step 28
            Map.entry("rosenbrock -1.2,1.0 1.0 100 strong_wolfe", 30), // 3e-11
            Map.entry("rosenbrock -1.2,1.0 1.0 3 strong_wolfe", 16), // 3e-10 at step 17
            Map.entry("rosenbrock -1.2,1.0 0.1 100 none", 30), // 1e-15
            Map.entry("rosenbrock -1.2,1.0 1.0 5 none", 24), // 2e-10 at step 25
            Map.entry("beale 1.0,1.0 1.0 100 strong_wolfe", 15), // J = 2e-15 at step 16
            Map.entry("beale 1.0,1.0 1.0 3 strong_wolfe", 17), // J = 1e-15 at step 18
            Map.entry("beale 1.0,1.0 0.1 100 none", 30),
            Map.entry("beale 1.0,1.0 1.0 5 none", 15), // J = 5e-16 at step 16
            Map.entry("quad3 1.0,1.0,1.0 1.0 100 strong_wolfe", 8), // ‖x − x*‖ ~ 1e-9 at step 9
            Map.entry("quad3 1.0,1.0,1.0 1.0 3 strong_wolfe", 8),
            Map.entry("quad3 1.0,1.0,1.0 0.1 100 none", 30),
            Map.entry("quad3 1.0,1.0,1.0 1.0 5 none", 30));

    record Row(double loss, int evaluations, double[] theta) {
    }

    record Case(String id, String problem, double[] start, double lr, int historySize, Lbfgs.LineSearch lineSearch,
            List<Row> rows) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = LbfgsTorchTest.class.getResourceAsStream("/lbfgs/torch-lbfgs.txt");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            Case current = null;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                if (f[0].equals("case")) {
                    current = new Case(line.substring(5), f[1], parse(f[2].split(",")), Double.parseDouble(f[3]),
                            Integer.parseInt(f[4]),
                            f[5].equals("none") ? Lbfgs.LineSearch.NONE : Lbfgs.LineSearch.STRONG_WOLFE,
                            new ArrayList<>());
                    out.add(current);
                } else {
                    current.rows().add(new Row(Double.parseDouble(f[0]), Integer.parseInt(f[1]),
                            parse(Arrays.copyOfRange(f, 2, f.length))));
                }
            }
        }
        return out;
    }

    static double[] parse(String[] s) {
        double[] v = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            v[i] = Double.parseDouble(s[i]);
        }
        return v;
    }

    static Objective problem(String name) {
        return switch (name) {
            case "rosenbrock" -> Rosenbrock.standard();
            case "beale" -> Beale.standard();
            case "quad3" -> new Quadratic("quad3", new double[][] {{4, 1, 0.5}, {1, 3, 0.25}, {0.5, 0.25, 2}},
                    new double[] {1, -2, 0.5}, new double[3]);
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void followsTorchStepForStep(Case c) {
        int steps = COMPARED.get(c.id());
        Objective f = problem(c.problem());
        Lbfgs opt = Lbfgs.torch(c.lr(), c.historySize(), c.lineSearch());
        double[] theta = c.start().clone();
        double[] grad = new double[theta.length];
        double value = f.valueAndGradient(theta, grad);
        Lbfgs.State st = opt.init(theta.length);
        for (int k = 0; k < steps; k++) {
            Row expected = c.rows().get(k);
            String where = c.id() + ", step " + (k + 1);
            assertThat(value).as(where + ": loss").isCloseTo(expected.loss(),
                    within(1e-9 * (1 + Math.abs(expected.loss()))));
            if (c.lineSearch() == Lbfgs.LineSearch.NONE) {
                opt.step(theta, grad, st); // torch's max_iter=1 without a line search does not re-evaluate
                value = f.valueAndGradient(theta, grad);
            } else {
                LineSearchOptimizer.Outcome o = opt.step(theta, value, grad, f, st);
                assertThat(o.evaluations()).as(where + ": line-search evaluations").isEqualTo(expected.evaluations());
                value = o.value();
            }
            for (int i = 0; i < theta.length; i++) {
                assertThat(theta[i]).as(where + ": θ[" + i + "]").isCloseTo(expected.theta()[i],
                        within(1e-9 * (1 + Math.abs(expected.theta()[i]))));
            }
        }
    }

    @Test
    void everyCaseInTheFileIsCompared() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Case c : cases()) {
            ids.add(c.id());
            assertThat(c.rows()).hasSize(30);
        }
        assertThat(ids).containsExactlyInAnyOrderElementsOf(COMPARED.keySet());
    }
}
