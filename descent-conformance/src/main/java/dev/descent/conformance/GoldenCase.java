package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One reference trajectory of the {@code optim-golden/1} format, as read by {@link CaseReader}:
 * an optimizer configuration, a start θ₀, and for every step the gradient used and the parameters
 * after the update.
 *
 * <p>The descriptive JSON parts that the replayer interprets case by case ({@code hyperparameters},
 * {@code schedule}, {@code problem}) are kept as Jackson trees (deep copies; the accessors return
 * copies too). Arrays are copied in and out, so a case is immutable.
 *
 * @param id                 the case name, e.g. {@code sgd.momentum.rosenA}
 * @param file               where it was read from, or null
 * @param algorithm          torch class name ({@code "SGD"}) or {@code "DL-book Algorithm 8.x (name)"}
 * @param variant            algorithm plus configuration, e.g. {@code alg8.6-rmsprop-nesterov-delta}
 * @param hyperparameters    the complete hyperparameter object (torch or book names)
 * @param schedule           the {@code schedule} object, or null when the learning rate is constant
 * @param problem            the {@code problem} object (type, dim and its data)
 * @param gradientEvaluation where the gradients were taken
 * @param theta0             θ₀, of length {@link #dim()}
 * @param steps              N ≥ 1 records, {@code steps.get(t - 1).t() == t}
 * @param recorded           tolerance for replaying recorded gradients
 * @param recomputed         tolerance for recomputed (closed-loop) gradients, or null (replay problems)
 * @param expectNonfinite    the reference reaches non-finite parameters on purpose
 * @param closedLoopNotApplicable why a closed-loop replay cannot meet the tolerance (field
 *                           {@code closed_loop_not_applicable}: the method amplifies rounding, as the
 *                           Polyak steps do), or null; such a case is replayed with recorded gradients only
 */
public record GoldenCase(String id, Path file, String algorithm, String variant, JsonNode hyperparameters,
        JsonNode schedule, JsonNode problem, GradientEvaluation gradientEvaluation, double[] theta0,
        List<Step> steps, Tolerance recorded, Tolerance recomputed, boolean expectNonfinite,
        String closedLoopNotApplicable) {

    /** The format tag this class reads. */
    public static final String FORMAT = "optim-golden/1";

    public GoldenCase {
        hyperparameters = hyperparameters.deepCopy();
        schedule = schedule == null ? null : schedule.deepCopy();
        problem = problem.deepCopy();
        theta0 = theta0.clone();
        steps = List.copyOf(steps);
    }

    @Override
    public JsonNode hyperparameters() {
        return hyperparameters.deepCopy();
    }

    @Override
    public JsonNode schedule() {
        return schedule == null ? null : schedule.deepCopy();
    }

    @Override
    public JsonNode problem() {
        return problem.deepCopy();
    }

    @Override
    public double[] theta0() {
        return theta0.clone();
    }

    /** n, the number of parameters ({@code problem.dim}). */
    public int dim() {
        return theta0.length;
    }

    /** {@code problem.type}: {@code quadratic}, {@code rosenbrock}, {@code replay}, {@code softmax_regression}. */
    public String problemType() {
        return problem.path("type").asText();
    }

    /** Whether this is one of the textbook transcriptions (algorithm "DL-book Algorithm 8.x (...)"). */
    public boolean isBook() {
        return algorithm.startsWith(CaseOptimizers.BOOK_ALGORITHM_PREFIX);
    }

    /** The names of per-step fields beyond {@code t, lr, x_eval, loss, grad, theta}, over all steps. */
    public Set<String> stepExtras() {
        Set<String> names = new TreeSet<>();
        for (Step s : steps) {
            names.addAll(s.extras().keySet());
        }
        return names;
    }

    /**
     * One record of {@code steps}: the update from θ_{t−1} to θ_t.
     *
     * @param t      the step number, from 1
     * @param lr     the learning rate used by this step (NaN for closure cases, which record none,
     *               and for {@code "lr": null}: an optimizer without one)
     * @param xEval  where the gradient was evaluated (look-ahead cases), or null
     * @param loss   the loss at the evaluation point, or null (replay problems)
     * @param grad   the gradient handed to the optimizer
     * @param theta  θ_t, the parameters after the step
     * @param extras other per-step fields (e.g. OneCycleLR's {@code beta1}, ASGD's {@code ax}),
     *               kept so that a replayer can refuse what it does not check
     */
    public record Step(int t, double lr, double[] xEval, Double loss, double[] grad, double[] theta,
            Map<String, JsonNode> extras) {

        public Step {
            xEval = xEval == null ? null : xEval.clone();
            grad = grad.clone();
            theta = theta.clone();
            Map<String, JsonNode> copy = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : extras.entrySet()) {
                copy.put(e.getKey(), e.getValue().deepCopy());
            }
            extras = java.util.Collections.unmodifiableMap(copy);
        }

        @Override
        public double[] xEval() {
            return xEval == null ? null : xEval.clone();
        }

        @Override
        public double[] grad() {
            return grad.clone();
        }

        @Override
        public double[] theta() {
            return theta.clone();
        }
    }
}
