package dev.descent.report.demo;

import dev.descent.optim.Adam;
import dev.descent.problem.Rosenbrock;
import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Section 3: why Adam divides its moving averages by 1 − ρᵗ. The averages are descent's own:
 * a noisy signal is fed as the gradient to {@link Adam} with β₁ = ρ and its first moment
 * {@code s} is read from the state after every step, so the figure shows exactly what Adam
 * keeps. The second figure runs Adam on Rosenbrock and compares, at each of its first steps,
 * the step it took, ε ŝ/(√r̂ + δ), with the step the same moments would give uncorrected,
 * ε s/(√r + δ).
 */
final class BiasCorrectionSection {

    private BiasCorrectionSection() {
    }

    /** The noisy signal's mean and spread. */
    static final double MEAN = 1;
    static final double SPREAD = 0.5;

    /** The signal, the raw EMA and the corrected EMA over {@code steps} steps, for one ρ. */
    record Ema(double rho, double[] signal, double[] raw, double[] corrected) {
    }

    static Ema ema(double rho, int steps, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        // Adam with β₁ = ρ and a learning rate too small to matter: its state's s is the EMA of g
        Adam adam = Adam.of(1e-12).withBeta1(rho).withBeta2(0.999);
        Adam.State st = adam.init(1);
        double[] theta = {0};
        double[] g = new double[1];
        double[] signal = new double[steps];
        double[] raw = new double[steps];
        double[] corrected = new double[steps];
        for (int t = 1; t <= steps; t++) {
            g[0] = MEAN + SPREAD * MinibatchSection.gaussian(rng);
            adam.step(theta, g, st);
            signal[t - 1] = g[0];
            raw[t - 1] = st.s[0];
            corrected[t - 1] = st.s[0] / (1 - Math.pow(rho, t));
        }
        return new Ema(rho, signal, raw, corrected);
    }

    /** The corrected and uncorrected step length ‖Δθ‖ of Adam's first {@code steps} steps on Rosenbrock. */
    record Steps(double[] corrected, double[] uncorrected) {
    }

    static Steps adamSteps(double lr, int steps) {
        Rosenbrock p = Rosenbrock.standard();
        Adam adam = Adam.of(lr);
        Adam.State st = adam.init(2);
        double[] theta = p.start();
        double[] g = new double[2];
        double[] before = new double[2];
        double[] corrected = new double[steps];
        double[] uncorrected = new double[steps];
        for (int k = 0; k < steps; k++) {
            p.valueAndGradient(theta, g);
            System.arraycopy(theta, 0, before, 0, 2);
            adam.step(theta, g, st);
            corrected[k] = Math.hypot(theta[0] - before[0], theta[1] - before[1]);
            double u0 = lr * st.s[0] / (Math.sqrt(st.r[0]) + adam.eps());
            double u1 = lr * st.s[1] / (Math.sqrt(st.r[1]) + adam.eps());
            uncorrected[k] = Math.hypot(u0, u1);
        }
        return new Steps(corrected, uncorrected);
    }

    static Section build(DemoContext ctx) {
        List<Item> items = new ArrayList<>();
        int[] lengths = {ctx.size(100, 60), ctx.size(4000, 1500)};
        double[] rhos = {0.9, 0.999};
        for (int i = 0; i < rhos.length; i++) {
            Ema e = ema(rhos[i], lengths[i], ctx.seed("ema-" + rhos[i]));
            double[] t = new double[lengths[i]];
            double[] mean = new double[lengths[i]];
            for (int k = 0; k < t.length; k++) {
                t[k] = k + 1;
                mean[k] = MEAN;
            }
            String id = i == 0 ? "bias-rho-0-9" : "bias-rho-0-999";
            List<Series> s = List.of(
                    Series.of("signal gₜ = 1 + 0.5·N(0, 1)", t, e.signal(), Series.Style.POINTS).withColor(0xBBBBBB),
                    Series.of("true mean 1", t, mean, Series.Style.DASHED).withColor(0x555555),
                    Series.of("EMA sₜ (uncorrected)", t, e.raw(), Series.Style.LINE).withColor(0xE15759),
                    Series.of("sₜ / (1 − ρᵗ) (corrected)", t, e.corrected(), Series.Style.LINE).withColor(0x4E79A7));
            items.add(new Item.FigureItem(Figure.lines(id, "Moving average with ρ = " + rhos[i], "step t", "value",
                    Figure.Scale.LINEAR, Figure.Scale.LINEAR, s), String.format(java.util.Locale.ROOT,
                    "ρ = %s: after 10 steps the uncorrected average is %.3f (the mean is 1), the corrected one %.3f;"
                            + " the average starts at s₀ = 0, so for small t it holds only a fraction 1 − ρᵗ of the"
                            + " signal.", rhos[i], e.raw()[9], e.corrected()[9])));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rho", rhos[i]);
            m.put("steps", lengths[i]);
            m.put("seed", ctx.seed("ema-" + rhos[i]));
            m.put("raw_at_10", e.raw()[9]);
            m.put("corrected_at_10", e.corrected()[9]);
            ctx.record("bias-correction", m);
        }
        double lr = 0.02;
        Steps st = adamSteps(lr, 50);
        double[] k = new double[50];
        for (int i = 0; i < k.length; i++) {
            k[i] = i + 1;
        }
        items.add(new Item.FigureItem(Figure.lines("bias-adam-steps",
                "Adam on Rosenbrock: step length, first 50 steps", "step t", "‖Δθ‖", Figure.Scale.LINEAR,
                Figure.Scale.LOG, List.of(
                        Series.of("with correction: ε ŝ/(√r̂ + δ) (the step Adam took)", k, st.corrected(),
                                Series.Style.LINE_POINTS).withColor(0x4E79A7),
                        Series.of("without: ε s/(√r + δ) from the same moments", k, st.uncorrected(),
                                Series.Style.LINE_POINTS).withColor(0xE15759))),
                String.format(java.util.Locale.ROOT, "adam(lr=%s) from (−1.5, 2). At t = 1 the uncorrected step is"
                        + " %.2f× the corrected one: (1 − ρ₁)/√(1 − ρ₂) = 0.1/√0.001 ≈ 3.16, because r is biased"
                        + " toward 0 far longer than s (ρ₂ = 0.999). Kingma &amp; Ba (2015, §3) correct both so the"
                        + " first steps are neither too large nor too small.", Specs.rate(lr),
                        st.uncorrected()[0] / st.corrected()[0])));
        String text = """
                <p>Adam's moments are exponential moving averages started at zero,
                sₜ = ρ sₜ₋₁ + (1 − ρ) gₜ with s₀ = 0. Unrolled, sₜ = (1 − ρ) Σ ρᵗ⁻ⁱ gᵢ, whose weights sum to
                1 − ρᵗ, not 1: early on the average is biased toward zero, for ρ = 0.999 over thousands of
                steps. Dividing by 1 − ρᵗ removes the bias exactly when g is stationary. The averages shown
                are the first-moment buffer of descent's Adam (β₁ = ρ), read from its state after every
                step.</p>
                """;
        String eq = """
                sₜ = ρ sₜ₋₁ + (1 − ρ) gₜ,   s₀ = 0
                E[sₜ] = (1 − ρᵗ) E[g]       (g stationary)
                ŝₜ = sₜ / (1 − ρᵗ)          Adam: ŝ = s/(1 − ρ₁ᵗ),  r̂ = r/(1 − ρ₂ᵗ),  θ ← θ − ε ŝ/(√r̂ + δ)
                """;
        return new Section("bias-correction", "Bias correction", text, eq, items);
    }
}
