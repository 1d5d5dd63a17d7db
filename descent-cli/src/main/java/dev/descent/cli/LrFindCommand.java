package dev.descent.cli;

import static dev.descent.cli.JsonResult.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.AtomicFiles;
import dev.descent.nn.Activation;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.report.figure.Figure;
import dev.descent.report.figure.FigureRenderer;
import dev.descent.report.figure.Marker;
import dev.descent.report.figure.Series;
import dev.descent.train.LearningRateFinder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code descent lr-find}: the learning-rate range test ({@link LearningRateFinder}). */
@Command(name = "lr-find", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The learning-rate range test (Smith 2017; fastai's lr_find): trains --model on --data with --optimizer"
                    + " for at most --steps minibatch steps while the learning rate grows from --start to --end,"
                    + " smooths the loss (bias-corrected exponential average, --smoothing), stops when the smoothed"
                    + " loss exceeds --diverge times its minimum or turns non-finite, and suggests rates by three"
                    + " rules: valley (fastai's default: half-way along the longest decreasing stretch), steepest"
                    + " (the fastest fall against log lr) and minimum/10 (the rate of the lowest smoothed loss over"
                    + " 10: the suggestion, and what train --lr auto uses). Only the learning rate of the spec is swept; its other settings stay.",
            "Writes the curve to --out: lr-find.csv (step, lr, loss, smoothed) and lr-find.png."},
        footerHeading = "%n",
        footer = {
            "--json prints one JSON object on stdout: command (lr-find), version, status (suggested, or failed),"
                    + " problems, optimizer, start, end, steps, mode, smoothing, diverge, stop, still_falling (the"
                    + " smoothed loss was lowest at the sweep's last rate: the suggestion may be too small), warnings,"
                    + " suggestion,"
                    + " suggestions {valley, steepest, minimum_div_10}, curve [{step, lr, loss, smoothed}], files.",
            "",
            "Exit codes: 0 a rate was suggested; 1 no rate worked (the loss never fell below its first value before"
                    + " it diverged; the curve is still written); 2 bad usage or input (start >= end, a non-positive"
                    + " or non-finite rate, an optimizer without a learning rate)."})
public final class LrFindCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "logistic | softmax | linear | mlp:<hidden widths>, e.g. mlp:128")
    String model;

    @Option(names = "--optimizer", defaultValue = "sgd(lr=0.1)", paramLabel = "SPEC",
            description = "the optimizer whose learning rate is swept (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--start", defaultValue = "1e-7", paramLabel = "LR", description = "first rate (default: ${DEFAULT-VALUE})")
    double start;

    @Option(names = "--end", defaultValue = "10", paramLabel = "LR", description = "last rate (default: ${DEFAULT-VALUE})")
    double end;

    @Option(names = "--steps", defaultValue = "100", paramLabel = "N", description = "at most N steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--mode", defaultValue = "exp", paramLabel = "MODE",
            description = "exp (geometric growth) or linear (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--smoothing", defaultValue = "0.98", paramLabel = "BETA",
            description = "β of the loss average, in [0, 1) (default: ${DEFAULT-VALUE})")
    double smoothing;

    @Option(names = "--diverge", defaultValue = "4", paramLabel = "K",
            description = "stop when the smoothed loss exceeds K × its minimum (default: ${DEFAULT-VALUE})")
    double diverge;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "M",
            description = "rows per minibatch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "θ₀ and minibatch seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "lr-find", paramLabel = "DIR",
            description = "where the CSV and PNG go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--json", description = "print a JSON summary on stdout (see below)")
    boolean json;

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The finder these options describe; a usage error names the option and its value. */
    static LearningRateFinder finder(CommandSpec spec, double start, double end, int steps, String mode,
            double smoothing, double diverge) {
        LearningRateFinder.Mode m = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "exp", "exponential" -> LearningRateFinder.Mode.EXPONENTIAL;
            case "linear" -> LearningRateFinder.Mode.LINEAR;
            default -> throw new ParameterException(spec.commandLine(), "--mode: '" + mode
                    + "' is not one of exp, linear");
        };
        if (!(start > 0) || !Double.isFinite(start)) {
            throw new ParameterException(spec.commandLine(), "--start = " + start + " must be a positive finite rate");
        }
        if (!(end > 0) || !Double.isFinite(end)) {
            throw new ParameterException(spec.commandLine(), "--end = " + end + " must be a positive finite rate");
        }
        if (!(start < end)) {
            throw new ParameterException(spec.commandLine(), "--start = " + start + " must be smaller than --end = "
                    + end);
        }
        if (steps < 10) {
            throw new ParameterException(spec.commandLine(), "--steps = " + steps + " must be at least 10");
        }
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new ParameterException(spec.commandLine(), "--smoothing = " + smoothing + " must be in [0, 1)");
        }
        if (!(diverge > 1) || Double.isInfinite(diverge)) {
            throw new ParameterException(spec.commandLine(), "--diverge = " + diverge + " must be a finite number > 1");
        }
        return LearningRateFinder.defaults().withRange(start, end, steps).withMode(m).withSmoothing(smoothing)
                .withDivergence(diverge);
    }

    private int run() throws CommandFailure {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSpec modelSpec;
        try {
            modelSpec = ModelSpec.parse(model);
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
        Optimizer<?> opt;
        try {
            opt = OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw usage("--optimizer: " + e.getMessage());
        }
        try {
            LearningRateFinder.withLearningRate(opt, k -> 1e-3);
        } catch (IllegalArgumentException e) {
            throw usage("--optimizer " + optimizer + ": " + e.getMessage());
        }
        if (batchSize < 1) {
            throw usage("--batch-size = " + batchSize + " must be >= 1");
        }
        LearningRateFinder f = finder(spec, start, end, steps, mode, smoothing, diverge);
        PreparedData d = data.prepare(spec, modelSpec, seed);
        Model net;
        try {
            net = modelSpec.build(d.train().featureCount(), d.train().classes(), Activation.RELU, 0);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, e.getMessage());
        }
        ModelObjective j = ModelObjective.of(net, modelSpec.loss());
        LearningRateFinder.Result r = f.run(j, opt, net.init(seed), d.train(), batchSize, seed);
        List<String> files = write(r);
        if (json) {
            o.println(json(r, files));
        } else {
            print(o, r, files);
        }
        o.flush();
        if (!r.suggestions().isEmpty() && r.stillFalling()) {
            err.println("descent lr-find: warning: " + stillFalling(r, end));
        }
        if (r.suggestions().isEmpty()) {
            err.println("descent lr-find: no rate worked: the smoothed loss never fell below its first value ("
                    + r.stopReason() + "); the curve is in " + out);
            err.flush();
            return 1;
        }
        return 0;
    }

    /** The warning for a sweep that ended while the smoothed loss was still at its lowest. */
    static String stillFalling(LearningRateFinder.Result r, double end) {
        double last = r.curve().get(r.curve().size() - 1).learningRate();
        return String.format(Locale.ROOT, "the smoothed loss was still falling at the last rate of the sweep"
                + " (%.3e): its minimum may lie beyond it, so the suggestion may be too small; sweep further"
                + " (a larger --end = %s, or more --steps)", last, end);
    }

    private void print(PrintWriter o, LearningRateFinder.Result r, List<String> files) {
        o.println("optimizer:   " + optimizer + " (its lr swept from " + start + " to " + end + ", " + mode + ")");
        o.println("steps:       " + r.curve().size() + " of " + steps + "; " + r.stopReason());
        for (Map.Entry<LearningRateFinder.Rule, Double> e : r.suggestions().entrySet()) {
            o.println(String.format(Locale.ROOT, "%-12s %.3e%s", e.getKey().key() + ":", e.getValue(),
                    e.getKey() == LearningRateFinder.DEFAULT_RULE ? "   (suggested)" : ""));
        }
        if (r.suggestions().isEmpty()) {
            o.println("suggested:   none (no rate lowered the loss)");
        }
        o.println("curve:       " + String.join(", ", files));
    }

    private List<String> write(LearningRateFinder.Result r) throws CommandFailure {
        StringBuilder csv = new StringBuilder("step,lr,loss,smoothed\n");
        List<LearningRateFinder.Point> c = r.curve();
        double[] lr = new double[c.size()];
        double[] raw = new double[c.size()];
        double[] smooth = new double[c.size()];
        for (int i = 0; i < c.size(); i++) {
            LearningRateFinder.Point p = c.get(i);
            csv.append(i + 1).append(',').append(p.learningRate()).append(',').append(p.loss()).append(',')
                    .append(p.smoothed()).append('\n');
            lr[i] = p.learningRate();
            raw[i] = Double.isFinite(p.loss()) ? p.loss() : Double.NaN;
            smooth[i] = p.smoothed();
        }
        Path csvFile = out.resolve("lr-find.csv");
        Path png = out.resolve("lr-find.png");
        try {
            Files.createDirectories(out);
            AtomicFiles.writeString(csvFile, csv.toString());
            List<Marker> markers = new ArrayList<>();
            for (Map.Entry<LearningRateFinder.Rule, Double> e : r.suggestions().entrySet()) {
                markers.add(new Marker(e.getKey().key(), e.getValue(), nearestSmoothed(c, e.getValue())));
            }
            Figure fig = new Figure("lr-find", "Learning-rate range test: " + optimizer, "learning rate", "loss",
                    Figure.Scale.LOG, Figure.Scale.LINEAR, List.of(Series.of("batch loss", lr, raw, Series.Style.POINTS),
                            Series.of("smoothed (β = " + smoothing + ")", lr, smooth, Series.Style.LINE)),
                    null, markers, 800, 500);
            FigureRenderer.writePng(fig, png);
        } catch (IOException e) {
            throw new CommandFailure(1, "--out " + out + ": cannot write the curve: " + e.getMessage());
        }
        return List.of(csvFile.toString(), png.toString());
    }

    private static double nearestSmoothed(List<LearningRateFinder.Point> c, double lr) {
        double best = Double.NaN;
        double distance = Double.POSITIVE_INFINITY;
        for (LearningRateFinder.Point p : c) {
            double dist = Math.abs(Math.log(p.learningRate() / lr));
            if (Double.isFinite(p.smoothed()) && dist < distance) {
                distance = dist;
                best = p.smoothed();
            }
        }
        return best;
    }

    private String json(LearningRateFinder.Result r, List<String> files) {
        List<String> problems = r.suggestions().isEmpty() ? List.of("no rate worked: " + r.stopReason()) : List.of();
        JsonResult j = new JsonResult("lr-find", r.suggestions().isEmpty() ? "failed" : "suggested", problems);
        ObjectNode o = j.root();
        o.put("optimizer", optimizer);
        number(o, "start", start);
        number(o, "end", end);
        o.put("steps", steps);
        o.put("mode", mode);
        number(o, "smoothing", smoothing);
        number(o, "diverge", diverge);
        o.put("stop", r.stopReason());
        o.put("still_falling", !r.suggestions().isEmpty() && r.stillFalling());
        ArrayNode warnings = o.putArray("warnings");
        if (!r.suggestions().isEmpty() && r.stillFalling()) {
            warnings.add(stillFalling(r, end));
        }
        number(o, "suggestion", r.suggestion());
        ObjectNode s = o.putObject("suggestions");
        for (LearningRateFinder.Rule rule : LearningRateFinder.Rule.values()) {
            Double v = r.suggestions().get(rule);
            number(s, rule.name().toLowerCase(Locale.ROOT), v == null ? Double.NaN : v);
        }
        ArrayNode curve = o.putArray("curve");
        int i = 1;
        for (LearningRateFinder.Point p : r.curve()) {
            ObjectNode x = curve.addObject();
            x.put("step", i++);
            number(x, "lr", p.learningRate());
            number(x, "loss", p.loss());
            number(x, "smoothed", p.smoothed());
        }
        ArrayNode fs = o.putArray("files");
        files.forEach(fs::add);
        return j.text();
    }
}
