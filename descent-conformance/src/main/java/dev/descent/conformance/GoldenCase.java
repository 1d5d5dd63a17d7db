package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.linalg.ParamLayout;
import java.nio.file.Path;
import java.util.Arrays;
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
 * @param blocks             the parameter blocks of θ (the {@code blocks} field), in order and
 *                           contiguous; empty when the case has none (one flat block)
 */
public record GoldenCase(String id, Path file, String algorithm, String variant, JsonNode hyperparameters,
        JsonNode schedule, JsonNode problem, GradientEvaluation gradientEvaluation, double[] theta0,
        List<Step> steps, Tolerance recorded, Tolerance recomputed, boolean expectNonfinite,
        List<Block> blocks) {

    /** The format tag this class reads. */
    public static final String FORMAT = "optim-golden/1";

    public GoldenCase {
        hyperparameters = hyperparameters.deepCopy();
        schedule = schedule == null ? null : schedule.deepCopy();
        problem = problem.deepCopy();
        theta0 = theta0.clone();
        steps = List.copyOf(steps);
        blocks = List.copyOf(blocks);
    }

    /** The layout of θ: the case's blocks with their shapes, or one flat block {@code x} of n. */
    public ParamLayout layout() {
        return blocks.isEmpty() ? ParamLayout.flat(dim()) : layoutOf(blocks);
    }

    /** Whether some block is frozen ({@code "optimized": false}): left out of the optimizer, kept at θ₀. */
    public boolean hasFrozenBlocks() {
        return blocks.stream().anyMatch(b -> !b.optimized());
    }

    /**
     * The layout the optimizer sees: the optimized blocks packed in order (all of {@link #layout()}
     * when nothing is frozen).
     */
    public ParamLayout optimizedLayout() {
        return hasFrozenBlocks() ? layoutOf(blocks.stream().filter(Block::optimized).toList()) : layout();
    }

    private static ParamLayout layoutOf(List<Block> list) {
        ParamLayout.Builder b = ParamLayout.builder();
        for (Block block : list) {
            b.add(block.name(), block.shape());
        }
        return b.build();
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
     * @param lr     the learning rate used by this step (NaN for closure cases, which record none)
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

    /**
     * One entry of the {@code blocks} field: a named, shaped slice of θ, stored row-major.
     *
     * @param name      the block's name (the reference's parameter name, e.g. {@code W})
     * @param shape     its shape; the product of the dimensions is its size
     * @param offset    where it starts in θ
     * @param optimized false when the reference leaves it out of the optimizer (it stays at θ₀)
     */
    public record Block(String name, int[] shape, int offset, boolean optimized) {
        public Block {
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        /** The number of elements, the product of the shape. */
        public int size() {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            return size;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block b && name.equals(b.name) && Arrays.equals(shape, b.shape)
                    && offset == b.offset && optimized == b.optimized;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(shape) + offset;
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + "@" + offset + (optimized ? "" : " (frozen)");
        }
    }
}
