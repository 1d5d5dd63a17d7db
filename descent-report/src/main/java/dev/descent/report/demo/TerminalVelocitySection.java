package dev.descent.report.demo;

import dev.descent.optim.Momentum;
import dev.descent.problem.Objective;
import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Section 4: momentum's terminal velocity. On J(θ) = g·θ the gradient is the constant g, and
 * the book's momentum v ← αv − εg tends to −εg/(1 − α), so momentum multiplies the step by
 * 1/(1 − α). The velocity shown is measured from descent's {@link Momentum} as vₖ = θₖ − θₖ₋₁.
 */
final class TerminalVelocitySection {

    private TerminalVelocitySection() {
    }

    static final double RATE = 0.01;
    static final double GRADIENT = 1;
    static final double[] ALPHAS = {0.5, 0.9, 0.99};

    /** vₖ = θₖ − θₖ₋₁ for k = 1..steps. */
    static double[] velocities(double alpha, int steps) {
        Objective linear = Objective.of(1, (x, g) -> {
            g[0] = GRADIENT;
            return GRADIENT * x[0];
        });
        Momentum m = Momentum.of(RATE, alpha);
        Momentum.State st = m.init(1);
        double[] theta = {0};
        double[] g = new double[1];
        double[] v = new double[steps];
        for (int k = 0; k < steps; k++) {
            double before = theta[0];
            linear.valueAndGradient(m.evaluationPoint(theta, st), g);
            m.step(theta, g, st);
            v[k] = theta[0] - before;
        }
        return v;
    }

    static Section build(DemoContext ctx) {
        int steps = ctx.size(800, 600);
        double[] k = new double[steps];
        for (int i = 0; i < steps; i++) {
            k[i] = i + 1;
        }
        int[] colors = {0x4E79A7, 0xF28E2B, 0x59A14F};
        List<Series> series = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int a = 0; a < ALPHAS.length; a++) {
            double alpha = ALPHAS[a];
            double[] v = velocities(alpha, steps);
            double limit = -RATE * GRADIENT / (1 - alpha);
            double[] lim = new double[steps];
            java.util.Arrays.fill(lim, limit);
            series.add(Series.of("α = " + alpha + ": measured vₖ", k, v, Series.Style.LINE).withColor(colors[a]));
            series.add(Series.of("α = " + alpha + ": −εg/(1 − α) = " + Specs.fmt(limit), k, lim, Series.Style.DASHED)
                    .withColor(colors[a]));
            int reach = -1;
            for (int i = 0; i < steps; i++) {
                if (v[i] / limit >= 0.99) {
                    reach = i + 1;
                    break;
                }
            }
            // vₖ = limit (1 − αᵏ): the 99% point is k = ⌈ln 0.01 / ln α⌉
            int theory = (int) Math.ceil(Math.log(0.01) / Math.log(alpha));
            rows.add(List.of(Double.toString(alpha), Specs.fmt(limit), Specs.fmt(v[steps - 1]),
                    String.format(Locale.ROOT, "%.2e", Math.abs(v[steps - 1] / limit - 1)),
                    reach < 0 ? "not within " + steps : Integer.toString(reach), Integer.toString(theory)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", "momentum(lr=" + RATE + ", momentum=" + alpha + ")");
            m.put("steps", steps);
            m.put("limit", limit);
            m.put("final_velocity", v[steps - 1]);
            m.put("steps_to_99_percent", reach);
            ctx.record("terminal-velocity", m);
        }
        List<Item> items = List.of(
                new Item.FigureItem(Figure.lines("momentum-terminal-velocity",
                        "Momentum under a constant gradient (ε = 0.01, g = 1)", "step k", "velocity vₖ = θₖ − θₖ₋₁",
                        Figure.Scale.LOG, Figure.Scale.LINEAR, series),
                        "Solid: the velocity of descent's momentum; dashed: the limit −εg/(1 − α). The step grows"
                                + " 2×, 10× and 100× the plain gradient step ε g; a larger α also takes longer to"
                                + " get there (and to forget an old direction)."),
                new Item.Table("terminal-velocity", "Measured against the limit vₖ → −εg/(1 − α), and the step "
                        + "where vₖ first reaches 99% of it, against vₖ = −εg(1 − αᵏ)/(1 − α)",
                        List.of("α", "limit −εg/(1 − α)", "v at the last step", "relative gap", "steps to 99%",
                                "theory ⌈ln 0.01 / ln α⌉"), rows));
        String text = """
                <p>With a constant gradient g, Goodfellow et al. (§8.3.2) note that momentum accelerates until it
                reaches a terminal velocity: the step size is ε‖g‖/(1 − α). Common values α = 0.5, 0.9 and 0.99
                multiply the step by 2, 10 and 100. Here descent's momentum (the book's form, Algorithm 8.2) runs
                on the linear function J(θ) = gθ.</p>
                """;
        String eq = """
                v ← αv − εg,   θ ← θ + v
                vₖ = −εg (1 + α + … + αᵏ⁻¹) = −εg (1 − αᵏ)/(1 − α)  →  −εg/(1 − α)
                """;
        return new Section("terminal-velocity", "Momentum's terminal velocity", text, eq, items);
    }
}
