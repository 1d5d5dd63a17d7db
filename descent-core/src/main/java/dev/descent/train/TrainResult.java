package dev.descent.train;

import dev.descent.nn.Evaluation;
import dev.descent.optim.stop.StopReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The outcome of a {@link Trainer} run.
 *
 * @param params         the final θ: the best epoch's when restore-best applied, else the last good
 *                       parameters (copied in and out)
 * @param history        every completed epoch and every minibatch value
 * @param stopReason     why the run ended: {@code Budget("epochs", …)} after the last epoch,
 *                       {@code Budget("early-stopping", …)}, {@code Failed("non-finite", …)} under
 *                       the STOP policy, or a stopping criterion's own reason
 * @param train          {@code params} evaluated on the whole training set (evaluation mode)
 * @param validation     the same on the validation set, or null without one
 * @param test           the same on the test set, or null without one
 * @param bestEpoch      the 0-based epoch where the monitored metric was best, or -1 when it was not
 *                       tracked or never finite
 * @param restoredBest   true when {@code params} are the best epoch's rather than the last ones
 * @param position       where the run ended (the position a checkpoint of the end would hold)
 * @param skippedBatches minibatches skipped for a non-finite loss or gradient, over the whole run
 * @param elapsedNanos   wall time of the run, summed over resumed sessions, final evaluations included
 * @param resumedFrom    the checkpoint position this session resumed from, or null
 */
public record TrainResult(double[] params, History history, StopReason stopReason, Evaluation train,
        Evaluation validation, Evaluation test, int bestEpoch, boolean restoredBest, TrainingPosition position,
        long skippedBatches, long elapsedNanos, TrainingPosition resumedFrom) {

    public TrainResult {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(stopReason, "stopReason");
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(position, "position");
        params = params.clone();
    }

    /** A copy of θ. */
    @Override
    public double[] params() {
        return params.clone();
    }

    /** The number of optimizer steps and skipped batches: the global step where the run ended. */
    public long steps() {
        return position.globalStep();
    }

    /** The SHA-256 of the final θ; see {@link #sha256(double[])}. */
    public String paramsSha256() {
        return sha256(params);
    }

    /**
     * The SHA-256 of a parameter vector, as 64 lowercase hex digits: the hash of θ's IEEE-754 binary64
     * values, each as 8 little-endian bytes, in index order ({@code numpy.asarray(theta, '<f8').tobytes()}
     * in Python, {@code hashlib.sha256(...).hexdigest()}). Equal hashes mean bitwise-equal vectors
     * (−0.0 and 0.0, and NaN payloads, differ).
     *
     * @param theta not modified
     */
    public static String sha256(double[] theta) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
        ByteBuffer buf = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < theta.length; i += 4096) {
            int n = Math.min(4096, theta.length - i);
            buf.clear();
            buf.asDoubleBuffer().put(theta, i, n);
            md.update(buf.array(), 0, 8 * n);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
