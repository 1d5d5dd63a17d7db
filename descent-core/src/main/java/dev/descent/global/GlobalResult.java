package dev.descent.global;

import dev.descent.minimize.Result;
import dev.descent.optim.stop.StopReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of a search made of several runs, {@link MultiStart}'s local runs or
 * {@link GlobalThenLocal}'s two stages: every run as it returned, plus a {@link #summary()} of the
 * same type as a single run's, so code that reads a {@link Result} reads this too.
 *
 * <p>The summary is built by {@link #of}:
 * <table>
 *   <caption>The summary Result</caption>
 *   <tr><th>field</th><th>value</th></tr>
 *   <tr><td>point, value, gradientNorm</td><td>those of the best run: the lowest value, the later run on a
 *       tie (so a refinement that only matches its start is still the one reported); NaN ranks last</td></tr>
 *   <tr><td>iterations, evaluations</td><td>sums over the runs</td></tr>
 *   <tr><td>values, gradientNorms</td><td>the runs' traces, concatenated in run order ({@link #bestSoFar()}
 *       gives the running minimum)</td></tr>
 *   <tr><td>reason</td><td>why the search as a whole stopped</td></tr>
 *   <tr><td>elapsedNanos</td><td>the wall time of the whole search</td></tr>
 * </table>
 *
 * @param summary the combined result
 * @param runs    every run, in the order made (unmodifiable)
 * @param bestRun the index in {@code runs} of the run whose point the summary reports
 */
public record GlobalResult(Result summary, List<Result> runs, int bestRun) {

    public GlobalResult {
        if (summary == null || runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("a global result needs a summary and at least one run");
        }
        runs = List.copyOf(runs);
        if (bestRun < 0 || bestRun >= runs.size()) {
            throw new IllegalArgumentException("bestRun = " + bestRun + " is outside [0, " + runs.size() + ")");
        }
    }

    /**
     * Summarizes {@code runs} as the table above says.
     *
     * @param runs         at least one, in order
     * @param reason       why the search stopped
     * @param elapsedNanos the search's wall time
     */
    public static GlobalResult of(List<Result> runs, StopReason reason, long elapsedNanos) {
        if (runs == null || runs.isEmpty()) {
            throw new IllegalArgumentException("a global result needs at least one run");
        }
        int best = 0;
        long iterations = 0;
        long evaluations = 0;
        int length = 0;
        for (int i = 0; i < runs.size(); i++) {
            Result r = runs.get(i);
            if (!SearchMath.improves(runs.get(best).value(), r.value())) { // r at least as good: the later wins a tie
                best = i;
            }
            iterations += r.iterations();
            evaluations += r.evaluations();
            length += r.values().length;
        }
        double[] values = new double[length];
        double[] gradientNorms = new double[length];
        int at = 0;
        for (Result r : runs) {
            System.arraycopy(r.values(), 0, values, at, r.values().length);
            System.arraycopy(r.gradientNorms(), 0, gradientNorms, at, Math.min(r.values().length,
                    r.gradientNorms().length));
            at += r.values().length;
        }
        Result b = runs.get(best);
        Result summary = new Result(b.point().clone(), b.value(), b.gradientNorm(), iterations, evaluations, reason,
                values, gradientNorms, elapsedNanos);
        return new GlobalResult(summary, new ArrayList<>(runs), best);
    }

    /** The best point (the summary's; owned by it). */
    public double[] point() {
        return summary.point();
    }

    /** J at the best point. */
    public double value() {
        return summary.value();
    }

    /** Evaluations over all runs. */
    public long evaluations() {
        return summary.evaluations();
    }

    /** Why the search stopped. */
    public StopReason reason() {
        return summary.reason();
    }

    /** The run that found the best point. */
    public Result best() {
        return runs.get(bestRun);
    }

    /** The running minimum of the summary's values: the best value so far along the whole search. */
    public double[] bestSoFar() {
        double[] v = summary.values().clone();
        for (int i = 1; i < v.length; i++) {
            if (!SearchMath.improves(v[i], v[i - 1])) {
                v[i] = v[i - 1];
            }
        }
        return v;
    }
}
