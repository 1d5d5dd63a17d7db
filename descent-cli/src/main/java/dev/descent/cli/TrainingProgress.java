package dev.descent.cli;

import dev.descent.train.EpochSummary;
import dev.descent.train.TrainResult;
import dev.descent.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code descent train} shows on stderr while it runs. In bar mode (a terminal, or
 * {@code --progress}) one line is redrawn in place at most five times a second:
 *
 * <pre>
 *   epoch 3/10 [=========&gt;          ]  245/469  loss 0.2345  lr 1.0e-03  2.1 ms/step  ETA 1:23
 * </pre>
 *
 * and each finished epoch leaves one line behind; otherwise only the epoch lines are printed:
 *
 * <pre>
 *   epoch  3/10  step 1407  loss 0.1234  acc 96.54%  val_loss 0.1345  val_acc 96.10%  lr 1.0e-03  12.3 s  ETA 1:26
 * </pre>
 *
 * ETAs assume the remaining steps take as long as this session's steps so far (validation
 * included). The loss in the bar is an exponential moving average (weight 0.98) of batch values.
 */
final class TrainingProgress implements TrainingListener {

    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final PrintWriter err;
    private final boolean bar;
    private final Clock clock;
    private int epochs;
    private int batchesPerEpoch;
    private long totalSteps;
    private long startStep;
    private long t0;
    private long lastDraw;
    private long lastEpochEnd;
    private double smoothed = Double.NaN;
    private int drawn;

    /** A source of nanoseconds, for tests. */
    interface Clock {
        long nanoTime();
    }

    TrainingProgress(PrintWriter err, boolean bar) {
        this(err, bar, System::nanoTime);
    }

    TrainingProgress(PrintWriter err, boolean bar, Clock clock) {
        this.err = err;
        this.bar = bar;
        this.clock = clock;
    }

    @Override
    public void onStart(RunInfo info) {
        epochs = info.config().epochs();
        batchesPerEpoch = info.batchesPerEpoch();
        totalSteps = info.totalSteps();
        startStep = info.start().globalStep();
        t0 = clock.nanoTime();
        lastEpochEnd = t0;
        lastDraw = 0;
        long done = info.start().epoch();
        String doneText = done + " epoch" + (done == 1 ? "" : "s") + " (step " + info.start().globalStep() + ")";
        if (info.finished() && done >= epochs) {
            println("the checkpoint already completed " + doneText + ", --epochs " + epochs
                    + ": nothing more to train; its results follow");
        } else if (info.finished()) {
            println("the checkpoint's run already ended after " + doneText + " (see 'stopped'): nothing more to"
                    + " train; its results follow");
        } else if (info.resumed()) {
            println(String.format(Locale.ROOT, "resuming at epoch %d/%d, step %d of %d", info.start().epoch() + 1,
                    epochs, info.start().globalStep(), totalSteps));
        }
    }

    @Override
    public void onBatch(long step, double value, double learningRate) {
        if (Double.isFinite(value)) {
            smoothed = Double.isNaN(smoothed) ? value : 0.98 * smoothed + 0.02 * value;
        }
        if (!bar) {
            return;
        }
        long now = clock.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && step % batchesPerEpoch != 0) {
            return;
        }
        lastDraw = now;
        long epoch = (step - 1) / batchesPerEpoch;
        long inEpoch = step - epoch * batchesPerEpoch;
        double perStep = (now - t0) / 1e9 / Math.max(1, step - startStep);
        int filled = (int) (WIDTH * inEpoch / batchesPerEpoch);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < WIDTH; i++) {
            b.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        String line = String.format(Locale.ROOT, "epoch %d/%d [%s] %" + digits(batchesPerEpoch) + "d/%d  loss %.4f"
                + "  lr %s  %s/step  ETA %s", epoch + 1, epochs, b, inEpoch, batchesPerEpoch, smoothed,
                rate(learningRate), perStepText(perStep), duration(perStep * (totalSteps - step)));
        draw(line);
    }

    @Override
    public void onEpoch(EpochSummary s) {
        long now = clock.nanoTime();
        double epochSeconds = (now - lastEpochEnd) / 1e9;
        lastEpochEnd = now;
        double perStep = (now - t0) / 1e9 / Math.max(1, s.globalStep() - startStep);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d  step %d"
                + "  loss %.4f", s.epoch() + 1, epochs, s.globalStep(), s.trainLoss()));
        if (!Double.isNaN(s.trainAccuracy())) {
            b.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * s.trainAccuracy()));
        }
        if (s.hasValidation()) {
            b.append(String.format(Locale.ROOT, "  val_loss %.4f", s.validationLoss()));
            if (!Double.isNaN(s.validationAccuracy())) {
                b.append(String.format(Locale.ROOT, "  val_acc %.2f%%", 100 * s.validationAccuracy()));
            }
        }
        b.append("  lr ").append(rate(s.learningRate()));
        if (s.skippedBatches() > 0) {
            b.append("  skipped ").append(s.skippedBatches());
        }
        b.append(String.format(Locale.ROOT, "  %.1f s  ETA %s", epochSeconds,
                duration(perStep * (totalSteps - s.globalStep()))));
        clear();
        println(b.toString());
    }

    @Override
    public void onEnd(TrainResult result) {
        clear();
        err.flush();
    }

    private void draw(String line) {
        StringBuilder b = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawn; i++) {
            b.append(' ');
        }
        drawn = line.length();
        err.print(b);
        err.flush();
    }

    private void clear() {
        if (drawn > 0) {
            err.print("\r" + " ".repeat(drawn) + "\r");
            drawn = 0;
        }
    }

    private void println(String s) {
        err.println(s);
        err.flush();
    }

    private static int digits(long n) {
        return Long.toString(n).length();
    }

    private static String rate(double lr) {
        return Double.isNaN(lr) ? "-" : String.format(Locale.ROOT, "%.1e", lr);
    }

    private static String perStepText(double seconds) {
        return seconds < 1 ? String.format(Locale.ROOT, "%.1f ms", seconds * 1e3)
                : String.format(Locale.ROOT, "%.2f s", seconds);
    }

    /** h:mm:ss or m:ss. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
