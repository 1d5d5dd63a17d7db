package dev.descent.report.demo;

import dev.descent.report.Item;
import dev.descent.report.Section;
import dev.descent.report.figure.ContourField;
import dev.descent.report.figure.Figure;
import java.util.ArrayList;
import java.util.List;

/**
 * Section 8: a slider over the learning rate. descent runs SGD, momentum and Adam on the
 * quadratic for every rate of a grid and writes one figure per rate; the page only swaps the
 * images.
 */
final class InteractiveSection {

    private InteractiveSection() {
    }

    static Section build(DemoContext ctx, ContourField field) {
        Landscape q = Landscape.builtIns().get("quadratic");
        int points = ctx.size(13, 5);
        int steps = ctx.size(150, 80);
        List<Figure> frames = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int initial = 0;
        for (int i = 0; i < points; i++) {
            double lr = Math.pow(10, -3 + 3.0 * i / (points - 1)); // 1e-3 … 1
            String rate = Specs.rate(Double.parseDouble(String.format(java.util.Locale.ROOT, "%.2g", lr)));
            double r = Double.parseDouble(rate);
            List<PathRun> runs = new ArrayList<>();
            for (String name : List.of("sgd", "momentum", "adam")) {
                runs.add(PathRun.run(Specs.spec(name, r), q, 1e-12, steps));
            }
            frames.add(LandscapeFigures.paths("slider-lr-" + i, "ε = " + rate + ": " + steps + " steps", q, field, runs));
            labels.add("ε = " + rate);
            if (Math.abs(Math.log10(lr) + 1.5) < Math.abs(-3 + 3.0 * initial / (points - 1) + 1.5)) {
                initial = i; // start near ε = 0.03
            }
            ctx.progress().update("slider: ε = " + rate, i + 1, points);
        }
        Item.Slider slider = new Item.Slider("lr-slider", "learning rate ε", labels, frames, initial,
                "Drag the slider: each position shows paths descent computed for that ε (sgd, momentum with α = 0.9,"
                        + " adam; " + steps + " steps from (−4, 3)). Gradient descent converges for ε < 2/λ_max = 2/30;"
                        + " momentum (α = 0.9) stays stable up to 2(1 + α)/λ_max ≈ 0.127 but overshoots more on the"
                        + " way; Adam's step is about ε per coordinate, so it crawls at small ε and hovers at large ε.");
        String text = """
                <p>The same three optimizers at one learning rate at a time. Every image was precomputed by
                descent (the page computes nothing); the numbers of each are in data/slider-lr-&lt;k&gt;.csv.</p>
                """;
        return new Section("interactive", "Interactive: the learning rate", text, "", List.of(slider));
    }
}
