package dev.descent.train;

/**
 * The glue between the epoch summaries and early stopping / restore-best: tracks the best value of
 * the monitored metric, its epoch, and the epochs since it improved (Keras's {@code EarlyStopping}).
 *
 * <pre>
 *   observe(v):  improved = best is unset ? v is not NaN
 *                         : (higher is better ? v &gt; best + minDelta : v &lt; best − minDelta)
 *                if improved: best ← v, bestEpoch ← epoch, wait ← 0   else: wait ← wait + 1
 *   stop when patience &gt; 0 and wait ≥ patience
 * </pre>
 *
 * A NaN value never improves. The state is a pure function of the epoch summaries seen, so a
 * resumed run rebuilds it by replaying its history: nothing of it needs to be stored.
 */
final class EarlyStopping {

    private final Metric metric;
    private final int patience;
    private final double minDelta;
    private double best = Double.NaN;
    private int bestEpoch = -1;
    private int wait;

    EarlyStopping(Metric metric, int patience, double minDelta) {
        this.metric = metric;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Takes one epoch's summary; returns true when it is the new best. */
    boolean observe(EpochSummary s) {
        double v = metric.of(s);
        boolean improved;
        if (Double.isNaN(v)) {
            improved = false;
        } else if (bestEpoch < 0) {
            improved = true;
        } else {
            improved = metric.higherIsBetter() ? v > best + minDelta : v < best - minDelta;
        }
        if (improved) {
            best = v;
            bestEpoch = s.epoch();
            wait = 0;
        } else {
            wait++;
        }
        return improved;
    }

    /** True when patience is on and has run out. */
    boolean shouldStop() {
        return patience > 0 && wait >= patience;
    }

    /** The best value so far (NaN before the first finite one). */
    double best() {
        return best;
    }

    /** The 0-based epoch of the best value, or -1. */
    int bestEpoch() {
        return bestEpoch;
    }

    /** Epochs since the last improvement. */
    int waited() {
        return wait;
    }

    Metric metric() {
        return metric;
    }

    int patience() {
        return patience;
    }

    double minDelta() {
        return minDelta;
    }
}
