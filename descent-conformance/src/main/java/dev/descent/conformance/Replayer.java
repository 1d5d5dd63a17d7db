package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.conformance.CaseOptimizers.Mapping;
import dev.descent.conformance.CaseOptimizers.Supported;
import dev.descent.conformance.CaseOptimizers.Unsupported;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.TorchLbfgs;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.optim.Wrapper;
import dev.descent.optim.schedule.Schedule;
import dev.descent.problem.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays a {@link GoldenCase} on the descent optimizer that {@link CaseOptimizers} maps it to,
 * and compares every step with the reference.
 *
 * <p>For t = 1..N:
 * <ol>
 *   <li>the learning rate {@code schedule.valueAt(t − 1)} must equal {@code steps[t-1].lr} to a
 *       relative 1e-13, and so must every other scheduled hyperparameter the mapping reports
 *       (OneCycleLR's {@code beta1} or {@code momentum}) against that field of the step, which must
 *       be present; an optimizer without a learning rate (the Polyak steps: the mapping's
 *       {@code learningRate} is null) requires {@code "lr": null};</li>
 *   <li>the optimizer's {@link Optimizer#evaluationPoint evaluation point} must equal
 *       {@code x_eval} within tolerance when the case records it (look-ahead cases), and must be θ
 *       itself when the case says {@code current_theta};</li>
 *   <li>the optimizer steps with the gradient: the recorded {@code grad} in
 *       {@link Mode#RECORDED} mode, or the gradient recomputed at the evaluation point from
 *       {@code problem} in {@link Mode#CLOSED_LOOP} mode (replay problems always use the recorded
 *       one: their gradient is data, and so do cases that say {@code closed_loop_not_applicable},
 *       with the reason: the Polyak steps amplify rounding past the closed-loop tolerance); a {@link ValueAwareOptimizer} in the chain is first offered
 *       the loss J at the evaluation point: the recorded {@code loss}, or the recomputed value in
 *       closed-loop mode (a case without a recorded loss then FAILs: the step needs it);</li>
 *   <li>θ must equal {@code steps[t-1].theta} element-wise: |a − e| ≤ atol + rtol·|e| with the
 *       README's tolerance for the problem family and mode, or the case's own where it is tighter
 *       ({@link #tolerance}: a case file cannot loosen it);</li>
 *   <li>every per-step field that the mapping declares in
 *       {@link CaseOptimizers.Supported#stateChecks()} (ASGD's averaged iterate {@code ax}) must
 *       equal the named state buffer after the step, at the same tolerance.</li>
 * </ol>
 *
 * <p>Closure cases ({@code gradient_evaluation "closure"}, torch LBFGS): each step is one
 * {@link TorchLbfgs#stepWithClosure} call; its closure checks the k-th point it is asked for against
 * {@code evaluations[k].x} and returns the recorded loss and gradient (closed loop: the problem's, at
 * that point); a call beyond the recorded list fails the case. After the step the number of calls,
 * θ, {@code returned_loss} and torch's counters {@code n_iter} and {@code func_evals} are compared
 * (see {@code runClosure}).
 *
 * <p>Non-finite cases ({@code expect_nonfinite}): the replay must match the reference up to and
 * including the first step whose θ is non-finite (NaN at exactly the same positions). After that,
 * the optimizer may keep going (NaN in, NaN out; still compared) or refuse the non-finite
 * gradient with an {@link IllegalArgumentException}; refusing ends the replay with PASS. A refusal
 * anywhere else is a FAIL, and so is a refusal that modified θ (the optimizer contract says a
 * refused step changes nothing).
 *
 * <p>A replay compares everything and reports the first mismatch and the number of mismatches.
 */
public final class Replayer {

    /** Where the gradients come from. */
    public enum Mode {
        /** The recorded {@code grad} of each step (the primary test; tight tolerance). */
        RECORDED,
        /** Recomputed from {@code problem} at the evaluation point (looser tolerance). */
        CLOSED_LOOP
    }

    private final Mode mode;

    public Replayer(Mode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        this.mode = mode;
    }

    /** A replayer of recorded gradients. */
    public static Replayer recorded() {
        return new Replayer(Mode.RECORDED);
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Replays {@code c}; never throws for anything in the case (problems become FAIL or UNSUPPORTED).
     * The result carries the tolerance used (see {@link #tolerance}).
     */
    public CaseResult replay(GoldenCase c) {
        boolean recomputed = recomputes(c, mode);
        Tolerance cap = Tolerance.cap(c.problemType(), c.gradientEvaluation(), recomputed);
        if (cap == null) {
            return CaseResult.unsupported(c.id(), "no stated tolerance for problem.type \"" + c.problemType()
                    + "\" (the README states them for replay, quadratic, rosenbrock, softmax_regression)");
        }
        Tolerance requested = recomputed ? c.recomputed() : c.recorded();
        Tolerance used = tolerance(c, mode);
        Tolerance capped = requested != null && !requested.equals(used) ? requested : null;
        return replay(c, recomputed, used).withTolerance(used, capped);
    }

    /**
     * The tolerance θ of {@code c} is compared with in {@code mode}: the README's cap for the
     * case's problem family and mode ({@link Tolerance#cap}), tightened element-wise by the
     * case's own tolerance when that is smaller. A case can ask for a tighter comparison, never a
     * looser one: its file is input, not a trusted authority on how close is close enough.
     *
     * @return the tolerance, or null when the README states none for the family (UNSUPPORTED)
     */
    public static Tolerance tolerance(GoldenCase c, Mode mode) {
        boolean recomputed = recomputes(c, mode);
        Tolerance cap = Tolerance.cap(c.problemType(), c.gradientEvaluation(), recomputed);
        if (cap == null) {
            return null;
        }
        Tolerance requested = recomputed ? c.recomputed() : c.recorded();
        return requested == null ? cap : requested.min(cap);
    }

    private CaseResult replay(GoldenCase c, boolean recomputed, Tolerance tolerance) {
        Mapping mapping;
        try {
            mapping = CaseOptimizers.forCase(c);
        } catch (MalformedCaseException e) {
            return CaseResult.fail(c.id(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return CaseResult.fail(c.id(), "descent refuses the configuration: " + e.getMessage());
        }
        if (mapping instanceof Unsupported u) {
            return CaseResult.unsupported(c.id(), u.reason());
        }
        Supported s = (Supported) mapping;
        Objective problem = null;
        if (recomputed) {
            try {
                problem = CaseProblems.objective(c);
            } catch (MalformedCaseException e) {
                return CaseResult.fail(c.id(), e.getMessage());
            } catch (UnsupportedCaseException e) {
                return CaseResult.unsupported(c.id(), e.getMessage());
            }
        }
        if (c.gradientEvaluation() == GradientEvaluation.CLOSURE) {
            if (!(s.optimizer() instanceof TorchLbfgs lbfgs)) {
                return CaseResult.unsupported(c.id(), "gradient_evaluation \"closure\" is replayed for torch LBFGS"
                        + " only, not for " + s.optimizer().name());
            }
            return runClosure(c, lbfgs, problem, tolerance);
        }
        return run(c, s.optimizer(), s.learningRate(), s.hyperparameters(), s.stateChecks(), problem, tolerance);
    }

    /** Raised inside a closure replay to end a step whose closure was called beyond the recorded list. */
    private static final class ExtraEvaluation extends RuntimeException {
        ExtraEvaluation(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A {@code gradient_evaluation "closure"} case (lbfgs/README.md): each step is one
     * {@link TorchLbfgs#stepWithClosure} whose closure, on its k-th call, compares the point with
     * {@code evaluations[k].x} and returns the recorded loss and gradient (or, closed loop, those of
     * {@code problem} at the point asked for). After the step: the number of calls, θ,
     * {@code returned_loss} (at the θ tolerance) and torch's counters {@code n_iter} and
     * {@code func_evals} (exactly).
     */
    private static CaseResult runClosure(GoldenCase c, TorchLbfgs opt, Objective problem, Tolerance tolerance) {
        int n = c.dim();
        String source = CaseOptimizers.source(c);
        double[] theta = c.theta0();
        TorchLbfgs.State state = opt.init(n);
        Deviations dev = new Deviations(tolerance);
        for (GoldenCase.Step step : c.steps()) {
            int t = step.t();
            String at = "steps[" + (t - 1) + "]";
            JsonNode evals = step.extras().get("evaluations");
            List<double[]> xs = new ArrayList<>();
            List<double[]> grads = new ArrayList<>();
            double[] losses = new double[evals.size()];
            double returned;
            long nIter;
            long funcEvals;
            try {
                for (int k = 0; k < evals.size(); k++) {
                    String e = at + ".evaluations[" + k + "]";
                    xs.add(CaseReader.vector(evals.get(k).get("x"), source, e + ".x", n));
                    grads.add(CaseReader.vector(evals.get(k).get("grad"), source, e + ".grad", n));
                    losses[k] = CaseReader.number(evals.get(k).get("loss"), source, e + ".loss");
                }
                returned = CaseReader.number(step.extras().get("returned_loss"), source, at + ".returned_loss");
                nIter = counter(step, "n_iter", source, at);
                funcEvals = counter(step, "func_evals", source, at);
            } catch (MalformedCaseException e) {
                return CaseResult.fail(c.id(), e.getMessage());
            }
            int[] calls = {0};
            Objective closure = Objective.of(n, (x, g) -> {
                int k = calls[0]++;
                if (k >= xs.size()) {
                    throw new ExtraEvaluation("step " + t + ": the closure was called " + (k + 1)
                            + " times, but the reference made " + xs.size() + " evaluations");
                }
                dev.compare(t, "evaluations[" + k + "].x", x, xs.get(k));
                if (problem != null) {
                    return problem.valueAndGradient(x, g);
                }
                System.arraycopy(grads.get(k), 0, g, 0, n);
                return losses[k];
            });
            TorchLbfgs.ClosureStep done;
            try {
                done = opt.stepWithClosure(theta, closure, state);
            } catch (ExtraEvaluation e) {
                dev.mismatch(e.getMessage());
                return CaseResult.fail(c.id(), dev.maxAbs(), dev.maxRel(), dev.summary());
            } catch (IllegalArgumentException e) {
                dev.mismatch("step " + t + ": the optimizer refused the step: " + e.getMessage());
                return CaseResult.fail(c.id(), dev.maxAbs(), dev.maxRel(), dev.summary());
            }
            if (done.evaluations() != xs.size()) {
                dev.mismatch("step " + t + ": " + done.evaluations() + " closure calls, the reference made "
                        + xs.size());
            }
            dev.compare(t, "theta", theta, step.theta());
            dev.compare(t, "returned_loss", new double[] {done.loss()}, new double[] {returned});
            if ((long) state.nIter[0] != nIter || (long) state.funcEvals[0] != funcEvals) {
                dev.mismatch("step " + t + ": n_iter = " + (long) state.nIter[0] + ", func_evals = "
                        + (long) state.funcEvals[0] + ", expected " + nIter + " and " + funcEvals);
            }
        }
        return dev.ok() ? CaseResult.pass(c.id(), dev.maxAbs(), dev.maxRel())
                : CaseResult.fail(c.id(), dev.maxAbs(), dev.maxRel(), dev.summary());
    }

    private static long counter(GoldenCase.Step step, String field, String source, String at)
            throws MalformedCaseException {
        JsonNode node = step.extras().get(field);
        String name = at + "." + field;
        if (node == null) {
            throw new MalformedCaseException(source, name, "is missing");
        }
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.longValue() < 0) {
            throw new MalformedCaseException(source, name, "is " + node + ", expected an integer >= 0");
        }
        return node.longValue();
    }

    private static <S extends OptimizerState> CaseResult run(GoldenCase c, Optimizer<S> opt, Schedule lr,
            Map<String, Schedule> scheduled, Map<String, String> stateChecks, Objective problem, Tolerance tolerance) {
        int n = c.dim();
        Frozen frozen = Frozen.of(c);
        double[] theta = frozen.pack(c.theta0());
        double[] before = new double[theta.length];
        double[] computed = new double[n];
        S state = opt.init(c.optimizedLayout());
        Deviations dev = new Deviations(tolerance);
        boolean referenceNonfinite = false; // a previous step's reference θ was non-finite
        boolean valueAware = valueAware(opt, state);
        for (GoldenCase.Step step : c.steps()) {
            int t = step.t();
            if (lr == null) {
                if (!Double.isNaN(step.lr())) {
                    dev.mismatch("step " + t + ": lr = " + step.lr() + ", but " + opt.name()
                            + " has no learning rate (expected null)");
                }
            } else {
                double used = lr.valueAt(t - 1);
                if (!Tolerance.LEARNING_RATE.allows(used, step.lr())) {
                    dev.mismatch(String.format(Locale.ROOT, "step %d: lr = %s, expected %s (rtol %.0e)", t, used,
                            step.lr(), Tolerance.LEARNING_RATE.rtol()));
                }
            }
            for (Map.Entry<String, Schedule> e : scheduled.entrySet()) {
                checkScheduled(dev, step, e.getKey(), e.getValue().valueAt(t - 1));
            }
            double[] at = opt.evaluationPoint(theta, state);
            double[] xEval = step.xEval();
            if (xEval != null) {
                dev.compare(t, "x_eval", frozen.unpack(at), xEval);
            } else if (c.gradientEvaluation() == GradientEvaluation.CURRENT_THETA && at != theta
                    && !Arrays.equals(at, theta)) {
                dev.mismatch("step " + t + ": the optimizer evaluates the gradient at a look-ahead point, "
                        + "but the case says current_theta");
            }
            double[] grad;
            Double value = step.loss();
            if (problem == null) {
                grad = frozen.pack(step.grad());
            } else {
                value = problem.valueAndGradient(frozen.unpack(at), computed);
                grad = frozen.pack(computed);
            }
            System.arraycopy(theta, 0, before, 0, theta.length);
            if (valueAware) {
                if (value == null) {
                    return CaseResult.fail(c.id(), opt.name() + " needs the loss value J, but steps[" + (t - 1)
                            + "].loss is null");
                }
                ValueAwareOptimizer.offerValue(opt, state, value);
            }
            try {
                opt.step(theta, grad, state);
            } catch (IllegalArgumentException e) {
                if (!Arrays.equals(before, theta)) {
                    dev.mismatch("step " + t + ": the optimizer refused the step but modified θ: " + e.getMessage());
                } else if (c.expectNonfinite() && referenceNonfinite) {
                    break; // refusing the non-finite gradient after the reference went non-finite: allowed
                } else {
                    dev.mismatch("step " + t + ": the optimizer refused the step: " + e.getMessage());
                }
                return CaseResult.fail(c.id(), dev.maxAbs(), dev.maxRel(), dev.summary());
            }
            dev.compare(t, "theta", frozen.unpack(theta), step.theta());
            for (Map.Entry<String, String> check : stateChecks.entrySet()) {
                double[] expected;
                JsonNode recorded = step.extras().get(check.getKey());
                String field = "steps[" + (t - 1) + "]." + check.getKey();
                try {
                    // a scalar (Prodigy's d) is compared with a one-element buffer
                    // a list has one entry per element, or per block (L-DoG's per-layer step sizes)
                    double[] buffer = state.buffersView().get(check.getValue());
                    expected = recorded != null && (recorded.isNumber() || recorded.isTextual())
                            ? new double[] {CaseReader.number(recorded, CaseOptimizers.source(c), field)}
                            : CaseReader.vector(recorded, CaseOptimizers.source(c), field,
                                    buffer != null ? buffer.length : theta.length);
                } catch (MalformedCaseException e) {
                    return CaseResult.fail(c.id(), e.getMessage());
                }
                double[] actual = state.buffersView().get(check.getValue());
                if (actual == null || actual.length != expected.length) {
                    dev.mismatch("step " + t + ": the optimizer's state has no buffer '" + check.getValue()
                            + "' of length " + expected.length + " to compare with " + check.getKey());
                } else {
                    dev.compare(t, check.getKey(), actual, expected);
                }
            }
            double[] x = modelPoint(opt, theta, state);
            if (x != null && step.extras().containsKey("x")) {
                try {
                    dev.compare(t, "x", frozen.unpack(x), CaseReader.vector(step.extras().get("x"), CaseOptimizers.source(c),
                            "steps[" + (t - 1) + "].x", n));
                } catch (MalformedCaseException e) {
                    return CaseResult.fail(c.id(), e.getMessage());
                }
            }
            referenceNonfinite |= !allFinite(step.theta());
        }
        return dev.ok() ? CaseResult.pass(c.id(), dev.maxAbs(), dev.maxRel())
                : CaseResult.fail(c.id(), dev.maxAbs(), dev.maxRel(), dev.summary());
    }

    /** Compares a scheduled hyperparameter with the step's field of the same name (rtol 1e-13). */
    private static void checkScheduled(Deviations dev, GoldenCase.Step step, String field, double used) {
        JsonNode recorded = step.extras().get(field);
        if (recorded == null || !recorded.isNumber()) {
            dev.mismatch("step " + step.t() + ": " + field + " is " + (recorded == null ? "missing" : recorded)
                    + ", but descent schedules it (" + used + ")");
        } else if (!Tolerance.LEARNING_RATE.allows(used, recorded.doubleValue())) {
            dev.mismatch(String.format(Locale.ROOT, "step %d: %s = %s, expected %s (rtol %.0e)", step.t(), field,
                    used, recorded.doubleValue(), Tolerance.LEARNING_RATE.rtol()));
        }
    }

    /** The optimizer's model point when it differs from θ (schedule-free's x, the reference's eval mode), else null. */
    @SuppressWarnings("unchecked")
    private static <S extends OptimizerState> double[] modelPoint(Optimizer<S> opt, double[] theta,
            OptimizerState state) {
        double[] x = opt.modelPoint(theta, (S) state);
        return x == theta ? null : x;
    }

    /**
     * Whether {@code c} is replayed with recomputed gradients in {@code mode}: in closed-loop mode,
     * unless its gradients are data (replay problems) or the case says closed loop is not
     * applicable ({@link GoldenCase#closedLoopNotApplicable}).
     */
    static boolean recomputes(GoldenCase c, Mode mode) {
        return mode == Mode.CLOSED_LOOP && !CaseProblems.REPLAY.equals(c.problemType())
                && c.closedLoopNotApplicable() == null;
    }

    /** Whether a value-aware optimizer (a Polyak step) sits in the wrapper chain from {@code opt} inwards. */
    private static boolean valueAware(Optimizer<?> opt, OptimizerState state) {
        for (Wrapper.Link l : Wrapper.chain(opt, state)) {
            if (l.optimizer() instanceof ValueAwareOptimizer<?>) {
                return true;
            }
        }
        return false;
    }

    private static boolean allFinite(double[] v) {
        for (double x : v) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The frozen blocks of a case ({@code "optimized": false}): the optimizer sees only the
     * optimized blocks, packed in order; the frozen ones stay at θ₀ in every full vector. With
     * nothing frozen both directions are the identity and return their argument.
     */
    private record Frozen(int[] optimized, double[] theta0) {

        static Frozen of(GoldenCase c) {
            if (!c.hasFrozenBlocks()) {
                return new Frozen(null, null);
            }
            int[] index = new int[c.optimizedLayout().size()];
            int k = 0;
            for (GoldenCase.Block b : c.blocks()) {
                if (b.optimized()) {
                    for (int i = 0; i < b.size(); i++) {
                        index[k++] = b.offset() + i;
                    }
                }
            }
            return new Frozen(index, c.theta0());
        }

        /** The optimized elements of a full vector. */
        double[] pack(double[] full) {
            if (optimized == null) {
                return full;
            }
            double[] packed = new double[optimized.length];
            for (int k = 0; k < optimized.length; k++) {
                packed[k] = full[optimized[k]];
            }
            return packed;
        }

        /** A full vector: θ₀ on the frozen blocks, {@code packed} on the optimized ones. */
        double[] unpack(double[] packed) {
            if (optimized == null) {
                return packed;
            }
            double[] full = theta0.clone();
            for (int k = 0; k < optimized.length; k++) {
                full[optimized[k]] = packed[k];
            }
            return full;
        }
    }
}
