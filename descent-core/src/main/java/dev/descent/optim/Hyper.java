package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.Schedule;
import dev.descent.util.Checks;

/**
 * Validation shared by every optimizer. Messages name the parameter, its value and the allowed
 * range, torch-style: {@code beta1 = 1.0 is outside [0, 1)}.
 */
public final class Hyper {

    private Hyper() {
    }

    /** A learning rate: finite and &gt; 0 when constant; schedules are checked at each step. */
    public static Schedule learningRate(Schedule lr) {
        if (lr == null) {
            throw new IllegalArgumentException("learningRate must not be null");
        }
        if (lr instanceof Constant c) {
            positive("learningRate", c.value());
        }
        return lr;
    }

    /** Finite and &gt; 0: {@link Checks#positiveFinite}. */
    public static double positive(String name, double value) {
        return Checks.positiveFinite(name, value);
    }

    /** Finite and ≥ 0: {@link Checks#nonNegativeFinite}. */
    public static double nonNegative(String name, double value) {
        return Checks.nonNegativeFinite(name, value);
    }

    /** In [0, 1). */
    public static double unitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " = " + value + " is outside [0, 1)");
        }
        return value;
    }

    /** In (0, 1): a factor that is also divided by, e.g. Schedule-Free's β in x = y + (1 − 1/β)(z − y)·… */
    public static double openUnitInterval(String name, double value) {
        if (!(value > 0 && value < 1)) {
            throw new IllegalArgumentException(name + " = " + value + " is outside (0, 1)");
        }
        return value;
    }

    /** A count of steps, ≥ 0. */
    public static long nonNegativeCount(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " = " + value + " must be >= 0");
        }
        return value;
    }

    /** In [0, 1]. */
    public static double closedUnitInterval(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " = " + value + " is outside [0, 1]");
        }
        return value;
    }

    /** Non-null. */
    public static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Checks one update before it writes anything, and returns the learning rate for it.
     *
     * @throws IllegalArgumentException naming the argument, the block and the value
     */
    public static double checkStep(String optimizer, Schedule learningRate, double[] params, double[] grad,
            OptimizerState state) {
        checkStep(optimizer, params, grad, state);
        return learningRateAt(optimizer, learningRate, state);
    }

    /**
     * The learning rate of the coming update, {@code learningRate.valueAt(t)}, refused unless finite
     * and ≥ 0. Zero is allowed here, unlike for the configured rate: a schedule may legitimately end
     * at 0 (cosine decay to {@code eta_min = 0}, a polynomial decay to 0), and a step at rate 0
     * leaves θ where it is. A constant rate of 0 never gets here, {@link #learningRate} refuses it.
     *
     * @throws IllegalArgumentException naming the step and the schedule
     */
    public static double learningRateAt(String optimizer, Schedule learningRate, OptimizerState state) {
        double lr = learningRate.valueAt(state.step());
        if (!(lr >= 0) || lr == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(optimizer + ": learningRate = " + lr + " at step "
                    + (state.step() + 1) + " (from " + learningRate + ") must be finite and >= 0; nothing was changed");
        }
        return lr;
    }

    /**
     * Checks that {@code params} and {@code grad} have the length of the state's layout.
     *
     * @throws IllegalArgumentException naming the argument and both lengths
     */
    public static void checkLengths(String optimizer, double[] params, double[] grad, OptimizerState state) {
        int n = state.layout().size();
        if (params.length != n) {
            throw new IllegalArgumentException(optimizer + ": params has length " + params.length
                    + " but the state was created for " + n + " parameters; nothing was changed");
        }
        if (grad.length != n) {
            throw new IllegalArgumentException(optimizer + ": grad has length " + grad.length
                    + ", expected " + n + " (the length of params); nothing was changed");
        }
    }

    /** The gradient array this thread's wrapper has verified finite for the step it is running, or null. */
    private static final ThreadLocal<double[]> VERIFIED = new ThreadLocal<>();

    /**
     * Runs {@code step} (an inner optimizer's step) with {@code grad} known to be finite: a
     * wrapper that wrote {@code grad} and checked every entry in that same pass hands it on this
     * way, so the inner rule's {@link #checkStep} does not read the whole vector once more (its
     * length is still checked). Only for the array and the thread given, and only until
     * {@code step} returns or throws.
     */
    public static void withFiniteGradient(double[] grad, Runnable step) {
        double[] outer = VERIFIED.get();
        VERIFIED.set(grad);
        try {
            step.run();
        } finally {
            VERIFIED.set(outer);
        }
    }

    /**
     * Throws {@link #checkStep}'s message for a gradient that a fused pass found not finite (a
     * non-finite sum of its squares, say), and returns normally when every entry is finite after
     * all (the sum overflowed): the refusal for optimizers that check g in a pass they make anyway.
     */
    public static void recheckFinite(String optimizer, double[] params, double[] grad, OptimizerState state) {
        ParamLayout layout = state.layout();
        int i = Vec.firstNonFinite(grad);
        if (i >= 0) {
            throw new IllegalArgumentException(optimizer + ": grad " + layout.describe(i) + " = " + grad[i]
                    + " is not finite at step " + (state.step() + 1) + "; nothing was changed");
        }
    }

    /**
     * {@link #checkStep}'s checks but the gradient's finiteness, which the optimizer makes in a pass
     * over g it needs anyway (a finite Σg² has finite terms; {@link #recheckFinite} when it is not):
     * the lengths, then the learning rate of this step. A refused rate is reported after a
     * non-finite gradient, as {@link #checkStep} would.
     *
     * @throws IllegalArgumentException naming the argument, the block and the value
     */
    public static double checkLengthsAndRate(String optimizer, Schedule learningRate, double[] params, double[] grad,
            OptimizerState state) {
        checkLengths(optimizer, params, grad, state);
        try {
            return learningRateAt(optimizer, learningRate, state);
        } catch (IllegalArgumentException e) {
            recheckFinite(optimizer, params, grad, state);
            throw e;
        }
    }

    /**
     * Checks one update of an optimizer without a learning-rate schedule (lengths and finiteness
     * only) before it writes anything.
     *
     * @throws IllegalArgumentException naming the argument, the block and the value
     */
    public static void checkStep(String optimizer, double[] params, double[] grad, OptimizerState state) {
        checkLengths(optimizer, params, grad, state);
        if (VERIFIED.get() == grad) {
            return; // a wrapper wrote this gradient and checked it in the same pass
        }
        recheckFinite(optimizer, params, grad, state); // one branch-free read when all is well
    }
}
