package dev.descent.cli;

import static dev.descent.cli.JsonResult.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.nn.Activation;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Model;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.SpecException;
import dev.descent.train.Metric;
import dev.descent.tune.SearchSpace;
import dev.descent.tune.Trial;
import dev.descent.tune.TuneResult;
import dev.descent.tune.Tuner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code descent tune}: a small hyperparameter search over a space written as an optimizer spec with distributions. */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Samples optimizer specs from --space (an optimizer spec whose values may be loguniform(a, b), uniform(a,"
                    + " b), intuniform(a, b) (a..b), randint(a, b) (a..b-1) or choice(v1, v2, ...), e.g."
                    + " \"adam(lr=loguniform(1e-5, 1e-1), beta2=choice(0.99, 0.999)) @ cosine(t_max=intuniform(100,"
                    + " 5000))\" or \"choice(adam(lr=loguniform(1e-4, 1e-2)), sgd(lr=loguniform(1e-3, 1)))\"),"
                    + " trains each on --data with --model and scores it on the validation split (--validation,"
                    + " default 0.1 here).",
            "--method halving (successive halving): all --trials train --min-budget, the best 1/--eta go on"
                    + " to --eta times the budget (continuing from where they were, not restarting), up to --budget."
                    + " --method random: every trial trains --budget. Budgets count epochs, or minibatch steps with"
                    + " --budget-unit steps (a rung may then end inside an epoch).",
            "Prints the trials ranked (rank, trial, score, epochs or steps, status: completed, pruned, diverged or failed,"
                    + " spec), the best spec with its validation score and, with a test set, the test loss and"
                    + " accuracy of the best trial's final parameters."},
        footerHeading = "%n",
        footer = {
            "Seeds: trial i samples its spec from Seeds.derive(seed, Tuner.SAMPLE_STREAM, i) and trains with seed"
                    + " Seeds.derive(seed, Tuner.TRAIN_STREAM, i) (θ₀, minibatch order, dropout); the validation"
                    + " split uses --seed. The same command gives the same table whatever --threads is. A trial's"
                    + " printed spec is what it trained with (descent train --optimizer SPEC builds the same"
                    + " optimizer; train's --seed also picks its own validation split, so its numbers differ).",
            "",
            "--json prints one JSON object on stdout: command (tune), version, status (tuned, or failed: exit 1),"
                    + " problems, space, method, metric, eta, budget_unit, budgets, trials (ranked: rank, trial, spec,"
                    + " seed, score, epochs, steps, rung, status, detail), best {trial, spec, seed, score, epochs,"
                    + " steps}, validation and test"
                    + " {n, loss, accuracy} of the best trial's final parameters, threads and elapsed_seconds.",
            "",
            "Exit codes: 0 a trial finished; 1 no trial finished (every one diverged or failed; the table is still"
                    + " printed); 2 bad usage or input (a space that cannot be sampled, named with its position and"
                    + " value; a bad option value; a malformed file)."})
public final class TuneCommand implements Callable<Integer> {

    /** The validation share when --validation is not given. */
    static final double DEFAULT_VALIDATION = 0.1;

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "logistic | softmax | linear | mlp:<hidden widths>, e.g. mlp:128")
    String model;

    @Option(names = "--space", required = true, paramLabel = "SPACE",
            description = "the search space: an optimizer spec whose values may be distributions (see above)")
    String space;

    @Option(names = "--trials", defaultValue = "27", paramLabel = "N",
            description = "specs to sample (default: ${DEFAULT-VALUE})")
    int trials;

    @Option(names = "--method", defaultValue = "halving", paramLabel = "METHOD",
            description = "halving or random (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--eta", defaultValue = "3", paramLabel = "ETA",
            description = "halving keeps the best 1/ETA of each rung and multiplies the budget by ETA, >= 2"
                    + " (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--budget", defaultValue = "9", paramLabel = "N",
            description = "the full budget of a trial, in --budget-unit (default: ${DEFAULT-VALUE})")
    int budget;

    @Option(names = "--min-budget", defaultValue = "1", paramLabel = "N",
            description = "halving's first budget, in --budget-unit (default: ${DEFAULT-VALUE})")
    int minBudget;

    @Option(names = "--budget-unit", defaultValue = "epochs", paramLabel = "UNIT",
            description = "what --budget and --min-budget count: epochs or steps (minibatch updates)"
                    + " (default: ${DEFAULT-VALUE})")
    String budgetUnit;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "accuracy (higher is better) or loss (lower is better), on the validation split"
                    + " (default: accuracy for classifiers, loss for --model linear)")
    String metric;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "M",
            description = "rows per minibatch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "the search's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "trials trained at once (default: the available processors)")
    Integer threads;

    @Option(names = "--json", description = "print a JSON summary on stdout (see below)")
    boolean json;

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private int run() throws CommandFailure {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelSpec modelSpec;
        try {
            modelSpec = ModelSpec.parse(model);
        } catch (IllegalArgumentException e) {
            throw usage("--model: " + e.getMessage());
        }
        SearchSpace searchSpace;
        try {
            searchSpace = SearchSpace.parse(space);
        } catch (SpecException e) {
            throw usage("--space: " + e.getMessage());
        }
        Tuner.Method m = switch (method.strip().toLowerCase(Locale.ROOT)) {
            case "halving" -> Tuner.Method.HALVING;
            case "random" -> Tuner.Method.RANDOM;
            default -> throw usage("--method: '" + method + "' is not one of halving, random");
        };
        Metric scored = metric(modelSpec);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        checkRanges(m, t);
        data.defaultValidation(spec, DEFAULT_VALIDATION);
        data.check(spec);
        if (data.validation() == 0) {
            throw usage("--validation 0: tune scores every trial on a validation split; give a share in (0, 1)");
        }
        Tuner.Unit unit = unit();
        Tuner.Settings settings = new Tuner.Settings(m, trials, eta, m == Tuner.Method.RANDOM ? budget : minBudget,
                budget, unit, batchSize, scored, seed, t);
        PreparedData d = data.prepare(spec, modelSpec, seed);
        Model net;
        try {
            net = modelSpec.build(d.train().featureCount(), d.train().classes(), Activation.RELU, 0);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, e.getMessage());
        }
        Tuner tuner = new Tuner(ModelObjective.of(net, modelSpec.loss()), searchSpace, settings);
        err.println(String.format(Locale.ROOT, "descent tune: %d trial%s, %s, budgets %s " + unit.label()
                + ", %s on %d validation"
                + " rows, %d thread%s", trials, trials == 1 ? "" : "s", m == Tuner.Method.HALVING ? "successive halving"
                + " (eta = " + eta + ")" : "random search", settings.budgets(), scored.key(), d.validation().size(), t,
                t == 1 ? "" : "s"));
        err.flush();
        TuneResult r = tuner.run(d.train(), d.validation(), d.test(), (rung, b, trial) -> {
            err.println(String.format(Locale.ROOT, "  rung %d (%d %s) trial %d: %s %s", rung + 1, b,
                    b == 1 ? unit.label().substring(0, unit.label().length() - 1) : unit.label(), trial.index(),
                    score(trial), trial.spec()));
            err.flush();
        });
        if (json) {
            out.println(json(r, settings, d));
        } else {
            print(out, r, scored, d, unit);
        }
        out.flush();
        if (r.best() == null) {
            err.println("descent tune: no trial finished: " + failures(r));
            err.flush();
            return 1;
        }
        return 0;
    }

    private Metric metric(ModelSpec modelSpec) {
        if (metric == null) {
            return modelSpec.isClassifier() ? Metric.VALIDATION_ACCURACY : Metric.VALIDATION_LOSS;
        }
        Metric chosen = switch (metric.strip().toLowerCase(Locale.ROOT)) {
            case "accuracy", "val_accuracy" -> Metric.VALIDATION_ACCURACY;
            case "loss", "val_loss" -> Metric.VALIDATION_LOSS;
            default -> throw usage("--metric: '" + metric + "' is not one of accuracy, loss");
        };
        if (chosen.isAccuracy() && !modelSpec.isClassifier()) {
            throw usage("--metric accuracy: --model linear has no accuracy");
        }
        return chosen;
    }

    private Tuner.Unit unit() {
        switch (budgetUnit.strip().toLowerCase(Locale.ROOT)) {
            case "epochs":
                return Tuner.Unit.EPOCHS;
            case "steps":
                return Tuner.Unit.STEPS;
            default:
                throw usage("--budget-unit: '" + budgetUnit + "' is neither epochs nor steps");
        }
    }

    private void checkRanges(Tuner.Method m, int t) {
        if (trials < 1) {
            throw usage("--trials = " + trials + " must be >= 1");
        }
        if (eta < 2) {
            throw usage("--eta = " + eta + " must be >= 2");
        }
        if (budget < 1) {
            throw usage("--budget = " + budget + " must be >= 1");
        }
        if (m == Tuner.Method.HALVING && (minBudget < 1 || minBudget > budget)) {
            throw usage("--min-budget = " + minBudget + " is outside [1, --budget = " + budget + "]");
        }
        if (batchSize < 1) {
            throw usage("--batch-size = " + batchSize + " must be >= 1");
        }
        if (t < 1) {
            throw usage("--threads = " + t + " must be >= 1");
        }
    }

    private static String score(Trial t) {
        return t.scored() ? String.format(Locale.ROOT, "%.4f", t.score()) : t.status().label();
    }

    private static String failures(TuneResult r) {
        int diverged = 0;
        int failed = 0;
        for (Trial t : r.trials()) {
            if (t.status() == Trial.Status.DIVERGED) {
                diverged++;
            } else if (t.status() == Trial.Status.FAILED) {
                failed++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (diverged > 0) {
            parts.add(diverged + " diverged");
        }
        if (failed > 0) {
            parts.add(failed + " failed");
        }
        String first = r.trials().isEmpty() ? "" : "; trial " + r.trials().get(0).index() + ": "
                + r.trials().get(0).detail();
        return String.join(", ", parts) + " of " + r.trials().size() + first;
    }

    private static void print(PrintWriter out, TuneResult r, Metric scored, PreparedData d, Tuner.Unit unit) {
        boolean steps = unit == Tuner.Unit.STEPS;
        int specWidth = 4;
        for (Trial t : r.trials()) {
            specWidth = Math.max(specWidth, t.spec().length());
        }
        out.println(String.format(Locale.ROOT, "%4s  %5s  %-12s  %6s  %-9s  %s", "rank", "trial", scored.key(),
                unit.label(), "status", "spec"));
        int rank = 1;
        for (Trial t : r.trials()) {
            out.println(String.format(Locale.ROOT, "%4d  %5d  %-12s  %6d  %-9s  %s", rank++, t.index(),
                    t.scored() ? String.format(Locale.ROOT, "%.4f", t.score()) : "-", steps ? t.steps() : t.epochs(),
                    t.status().label(),
                    t.spec()));
        }
        if (r.best() == null) {
            return;
        }
        Trial b = r.best();
        out.println(String.format(Locale.ROOT, "best: %s", b.spec()));
        out.println(String.format(Locale.ROOT, "  trial %d, seed %d, %d %s: %s %.4f on %d validation rows",
                b.index(), b.seed(), steps ? b.steps() : b.epochs(), unit.label(), scored.key(), b.score(),
                d.validation().size()));
        Evaluation test = r.test();
        if (test != null) {
            out.println(String.format(Locale.ROOT, "  test: loss %.4f%s on %d rows", test.loss(),
                    test.isClassification() ? String.format(Locale.ROOT, ", accuracy %.4f", test.accuracy()) : "",
                    test.count()));
        }
        out.println(String.format(Locale.ROOT, "elapsed: %.1f s", r.elapsedNanos() / 1e9));
    }

    private String json(TuneResult r, Tuner.Settings settings, PreparedData d) {
        List<String> problems = r.best() == null ? List.of("no trial finished: " + failures(r)) : List.of();
        JsonResult j = new JsonResult("tune", r.best() == null ? "failed" : "tuned", problems);
        ObjectNode o = j.root();
        o.put("space", space);
        o.put("method", settings.method().name().toLowerCase(Locale.ROOT));
        o.put("metric", settings.metric().key());
        o.put("eta", settings.eta());
        o.put("budget_unit", settings.unit().label());
        ArrayNode budgets = o.putArray("budgets");
        r.budgets().forEach(budgets::add);
        ArrayNode ts = o.putArray("trials");
        int rank = 1;
        for (Trial t : r.trials()) {
            ObjectNode x = ts.addObject();
            x.put("rank", rank++);
            x.put("trial", t.index());
            x.put("spec", t.spec());
            x.put("seed", t.seed());
            number(x, "score", t.score());
            x.put("epochs", t.epochs());
            x.put("steps", t.steps());
            x.put("rung", t.rung());
            x.put("status", t.status().label());
            x.put("detail", t.detail());
        }
        if (r.best() == null) {
            o.putNull("best");
        } else {
            ObjectNode b = o.putObject("best");
            b.put("trial", r.best().index());
            b.put("spec", r.best().spec());
            b.put("seed", r.best().seed());
            number(b, "score", r.best().score());
            b.put("epochs", r.best().epochs());
            b.put("steps", r.best().steps());
        }
        evaluation(o, "validation", r.validation());
        evaluation(o, "test", r.test());
        o.put("threads", settings.threads());
        number(o, "elapsed_seconds", r.elapsedNanos() / 1e9);
        return j.text();
    }

    private static void evaluation(ObjectNode o, String key, Evaluation e) {
        if (e == null) {
            o.putNull(key);
            return;
        }
        ObjectNode x = o.putObject(key);
        x.put("n", e.count());
        number(x, "loss", e.loss());
        if (e.isClassification()) {
            number(x, "accuracy", e.accuracy());
        } else {
            number(x, "rmse", e.rmse());
        }
    }
}
