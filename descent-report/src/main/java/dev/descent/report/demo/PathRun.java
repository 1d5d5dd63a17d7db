package dev.descent.report.demo;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * One optimizer spec run on a {@link Landscape}, with every iterate kept: the path (x, y), J at
 * each iterate θ (not at a look-ahead point), and what the run amounted to.
 *
 * <p>A run stops when ‖∇J‖ ≤ tolerance, after {@code maxSteps} updates, when J or ∇J turns
 * non-finite, or when ‖θ‖ exceeds the landscape's escape radius (diverged; for the saddle,
 * escaped). The verdict judges the end point against the known minimizers, not only the stop
 * criterion: a run that meets the gradient tolerance away from every x* stopped at another
 * stationary point, and says so.
 *
 * @param spec      the optimizer spec, as given
 * @param landscape where it ran
 * @param x         θ₁ of every iterate, θ₀ first
 * @param y         θ₂ of every iterate
 * @param values    J(θ) at every iterate
 * @param result    the minimizer's result
 * @param outcome   what the run amounted to
 * @param nanos     wall time
 */
public record PathRun(String spec, Landscape landscape, double[] x, double[] y, double[] values, Result result,
        Outcome outcome, long nanos) {

    /** How far from x* counts as having reached it. */
    public static final double REACHED = 1e-4;

    /** What a run amounted to. */
    public enum Outcome {
        /** Ended within {@link #REACHED} of a known minimizer. */
        REACHED_OPTIMUM,
        /** Met the gradient tolerance away from every minimizer: a saddle or another stationary point. */
        OTHER_STATIONARY_POINT,
        /** Used its step budget without meeting the tolerance. */
        BUDGET,
        /** J or ∇J became non-finite, or θ left the landscape. */
        DIVERGED,
        /** Left the saddle's window: the intended outcome on a function without a minimum. */
        ESCAPED
    }

    /** Runs {@code spec} from the landscape's start. */
    public static PathRun run(String spec, Landscape l, double tolerance, long maxSteps) {
        Optimizer<?> opt = OptimizerSpec.build(spec);
        return run(spec, opt, l, tolerance, maxSteps);
    }

    static PathRun run(String spec, Optimizer<?> opt, Landscape l, double tolerance, long maxSteps) {
        Growing xs = new Growing();
        Growing ys = new Growing();
        Growing vs = new Growing();
        StoppingCriterion stop = StoppingCriterion.anyOf(escape(l), new GradientNorm(tolerance),
                new MaxIterations(maxSteps));
        long t0 = System.nanoTime();
        Result r = new Minimizer<>(opt, stop).minimize(l.objective(), l.start(), (k, theta, value) -> {
            xs.add(theta[0]);
            ys.add(theta[1]);
            vs.add(l.objective().value(theta));
        });
        long nanos = System.nanoTime() - t0;
        return new PathRun(spec, l, xs.toArray(), ys.toArray(), vs.toArray(), r, outcome(l, r), nanos);
    }

    /**
     * Stops a run whose ‖θ‖ exceeds the landscape's escape radius, as failed {@code left-window}:
     * {@link #outcome} makes that DIVERGED, or ESCAPED on a landscape without a minimum.
     */
    public static StoppingCriterion escape(Landscape l) {
        return p -> p.paramNorm() > l.escape()
                ? Optional.of(new StopReason.Failed("left-window", String.format(Locale.ROOT,
                        "‖θ‖ = %.3g > %.3g at step %d", p.paramNorm(), l.escape(), p.iteration())))
                : Optional.empty();
    }

    /**
     * What a run on {@code l} that ended with {@code r} amounted to: judged by where it ended (within
     * {@link #REACHED} of a known minimizer or not), not only by which criterion stopped it.
     */
    public static Outcome outcome(Landscape l, Result r) {
        StopReason why = r.reason();
        if (why instanceof StopReason.Failed f) {
            return f.criterion().equals("left-window") && !l.hasOptimum() ? Outcome.ESCAPED : Outcome.DIVERGED;
        }
        if (l.hasOptimum() && l.distance(r.point()) <= REACHED) {
            return Outcome.REACHED_OPTIMUM;
        }
        return why.converged() ? Outcome.OTHER_STATIONARY_POINT : Outcome.BUDGET;
    }

    /** Steps taken. */
    public long steps() {
        return result.iterations();
    }

    /** ‖θ − x*‖ at the end (NaN without a minimizer). */
    public double distance() {
        return landscape.distance(result.point());
    }

    /** True when J or θ went out of bounds. */
    public boolean diverged() {
        return outcome == Outcome.DIVERGED;
    }

    /** One sentence on how the run ended, naming where it stopped. */
    public String verdict() {
        double[] p = result.point();
        String at = String.format(Locale.ROOT, "(%.4g, %.4g)", p[0], p[1]);
        return switch (outcome) {
            case REACHED_OPTIMUM -> String.format(Locale.ROOT, "reached x* in %d steps (‖x − x*‖ = %.1e)", steps(),
                    distance());
            case OTHER_STATIONARY_POINT -> String.format(Locale.ROOT,
                    "stopped at a stationary point %s that is not x*: ‖x − x*‖ = %.3g", at, distance());
            case BUDGET -> landscape.hasOptimum()
                    ? String.format(Locale.ROOT, "step budget spent at %s, ‖x − x*‖ = %.3g", at, distance())
                    : String.format(Locale.ROOT, "step budget spent at %s, J = %.4g", at, result.value());
            case DIVERGED -> spec + " diverged at step " + steps() + " (" + result.reason().detail() + ")";
            case ESCAPED -> "escaped the saddle: left the window after " + steps() + " steps";
        };
    }

    /** A growable array of doubles. */
    static final class Growing {
        private double[] a = new double[256];
        private int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, 2 * n);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
