package dev.descent.nn;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.linalg.Block;
import dev.descent.linalg.MatMulKernel;
import dev.descent.parallel.Parallel;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop's gradient of one minibatch, {@link ModelObjective#scoredValueAndGradient}'s
 * result computed without a tape: fused, allocation-free and data-parallel, in double or float.
 *
 * <pre>
 *   batch rows [0, m) = data rows order[first … first + m)
 *   shards:  s = 0 … ⌈m / SHARD_ROWS⌉ − 1, rows [s·SHARD_ROWS, min(m, (s+1)·SHARD_ROWS))
 *   each shard (on the shared {@link Parallel} pool):  forward, loss, backward → gₛ, ℓₛ (its rows' loss sum)
 *   ∇J = g₀ + g₁ + … (in shard order, in double) + ∇R(θ);   J = (ℓ₀ + ℓ₁ + …)/m + R(θ)
 * </pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li><b>The same numbers for any thread count.</b> The shards are fixed by the batch size alone
 *       ({@value #SHARD_ROWS} rows), each is computed by one thread with the single-threaded kernel,
 *       and the shard gradients and losses are added in shard order, so the result is bit for bit the
 *       same on 1, 2 or 64 threads. It differs from the tape's by rounding only (the tape adds the
 *       batch in one product).</li>
 *   <li><b>No allocation per step.</b> Every buffer (the shards' inputs, activations, adjoints and
 *       gradients, the dropout masks, the float copy of θ) is made by the constructor for batches of
 *       up to {@code capacity} rows and reused: on virtual machines, where every fresh page costs a
 *       fault, a training step then touches only memory it has touched before.</li>
 *   <li><b>Dropout</b> masks are drawn as the tape draws them: layer by layer, element by element in
 *       row-major order over the whole batch, from {@code new SplittableRandom(seed)} of the
 *       {@link Mode.Train}; so the same seed drops the same units in both.</li>
 *   <li><b>Float32</b> ({@link Precision#F32}): θ is rounded to float once per step, the features as
 *       they are gathered; products, activations, the loss's exponentials and the adjoints are float
 *       ({@code sgemm}); each row's loss and the shards' gradients are summed in double, and the
 *       regularizer runs on the double θ. The optimizer never sees a float.</li>
 *   <li>θ is not modified; {@code grad} is overwritten entirely. Not thread-safe: one pass per
 *       training run (it owns its buffers).</li>
 * </ul>
 *
 * <p>A model that is not a {@link Sequential} (one of the user's own) is handed to the tape,
 * in double precision only.
 */
public final class TrainingPass {

    /** Rows per shard: two shards per batch of 128, enough for two cores, big enough for sgemm. */
    public static final int SHARD_ROWS = 64;

    private static final int REDUCE_BLOCK = 2048;

    /** The network's shape, as the shards read it. */
    record Net(int[] widths, int[] weightOffsets, int[] biasOffsets, Activation[] activations, double[] dropouts,
            Loss loss, MatMulKernel kernel, int parameters) {
        int layers() {
            return activations.length;
        }

        int width(int k) {
            return widths[k];
        }

        int weightOffset(int k) {
            return weightOffsets[k];
        }

        int biasOffset(int k) {
            return biasOffsets[k];
        }

        Activation activation(int k) {
            return activations[k];
        }

        double dropout(int k) {
            return dropouts[k];
        }
    }

    private final ModelObjective objective;
    private final Precision precision;
    private final int capacity;
    private final Net net;
    private final ShardF64[] shards64;
    private final ShardF32[] shards32;
    private final double[][] masks64;
    private final float[][] masks32;
    private final double[][] noMasks64;
    private final float[][] noMasks32;
    private final float[] theta32;

    private TrainingPass(ModelObjective objective, Precision precision, int capacity) {
        this.objective = objective;
        this.precision = precision;
        this.capacity = capacity;
        Sequential seq = objective.model() instanceof Sequential s ? s : null;
        if (seq == null) {
            if (precision != Precision.F64) {
                throw new IllegalArgumentException("precision = " + precision.key() + " needs a Sequential model of"
                        + " Dense layers; " + objective.model().getClass().getSimpleName() + " runs on the tape, in f64");
            }
            net = null;
            shards64 = null;
            shards32 = null;
            masks64 = noMasks64 = null;
            masks32 = noMasks32 = null;
            theta32 = null;
            return;
        }
        List<Dense> layers = seq.layers();
        int l = layers.size();
        int[] widths = new int[l + 1];
        int[] wOff = new int[l];
        int[] bOff = new int[l];
        Activation[] acts = new Activation[l];
        double[] drops = new double[l];
        List<Block> blocks = seq.layout().blocks();
        widths[0] = seq.inputs();
        for (int k = 0; k < l; k++) {
            Dense d = layers.get(k);
            widths[k + 1] = d.outputs();
            wOff[k] = blocks.get(2 * k).offset();
            bOff[k] = blocks.get(2 * k + 1).offset();
            acts[k] = d.activation();
            drops[k] = d.dropout();
        }
        net = new Net(widths, wOff, bOff, acts, drops, objective.loss(), objective.kernel(), seq.layout().size());
        int count = (capacity + SHARD_ROWS - 1) / SHARD_ROWS;
        int rows = Math.min(capacity, SHARD_ROWS);
        boolean f32 = precision == Precision.F32;
        shards64 = f32 ? null : new ShardF64[count];
        shards32 = f32 ? new ShardF32[count] : null;
        for (int s = 0; s < count; s++) {
            if (f32) {
                shards32[s] = new ShardF32(net, rows);
            } else {
                shards64[s] = new ShardF64(net, rows);
            }
        }
        masks64 = f32 ? null : new double[l][];
        masks32 = f32 ? new float[l][] : null;
        for (int k = 0; k < l; k++) {
            if (drops[k] > 0) {
                if (f32) {
                    masks32[k] = new float[capacity * widths[k + 1]];
                } else {
                    masks64[k] = new double[capacity * widths[k + 1]];
                }
            }
        }
        noMasks64 = f32 ? null : new double[l][];
        noMasks32 = f32 ? new float[l][] : null;
        theta32 = f32 ? new float[net.parameters()] : null;
    }

    /**
     * A pass for {@code objective} in {@code precision}, for batches of up to {@code capacity} rows.
     *
     * @throws IllegalArgumentException if capacity &lt; 1, or for F32 with a model that is not a {@link Sequential}
     */
    public static TrainingPass of(ModelObjective objective, Precision precision, int capacity) {
        if (objective == null || precision == null) {
            throw new IllegalArgumentException("objective and precision must not be null");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity = " + capacity + " must be >= 1");
        }
        return new TrainingPass(objective, precision, capacity);
    }

    public Precision precision() {
        return precision;
    }

    /** True when the fused pass runs; false when the model goes to the tape. */
    public boolean fused() {
        return net != null;
    }

    /**
     * J(θ; B) and ∇J for the batch B of data rows {@code order[from … to)}, with the data loss and the
     * rows predicted correctly (−1 for a regression loss), as
     * {@link ModelObjective#scoredValueAndGradient} defines them.
     *
     * @param theta not modified
     * @param order not modified
     * @param grad  modified: every element
     * @throws IllegalArgumentException if the batch is empty or larger than the capacity, or an array
     *                                  has the wrong length
     */
    public ModelObjective.BatchResult run(double[] theta, Dataset data, int[] order, int from, int to, double[] grad,
            Mode mode) {
        int m = to - from;
        if (m < 1 || m > capacity || from < 0 || to > order.length) {
            throw new IllegalArgumentException("batch [" + from + ", " + to + ") of an order of " + order.length
                    + " rows: need 1 to " + capacity + " rows inside it");
        }
        int n = objective.dimension();
        if (theta.length != n || grad.length != n) {
            throw new IllegalArgumentException("theta has length " + theta.length + " and grad " + grad.length
                    + " but the model has " + n + " parameters");
        }
        if (net == null) {
            Batch b = data.rows(order, from, to);
            return objective.scoredValueAndGradient(theta, b, grad, mode);
        }
        if (objective.loss().isClassification()) {
            checkLabels(data, order, from, to);
        }
        boolean dropping = drawMasks(mode, m);
        shardsAndSum(theta, data, order, from, m, m, dropping, grad);
        return complete(theta, lossSum, correct, m, grad);
    }

    /** The data term of part of a batch: {@link #runPart}'s result. */
    public record PartSums(double lossSum, int correct, int rows) {
    }

    /**
     * The data term of part of a batch, for an engine that splits a batch of {@code batchRows} rows
     * across machines: data rows {@code rows[0 … count)} are the batch's rows at positions
     * {@code positions[0 … count)}. {@code grad} gets their share of the batch gradient, scaled as in
     * {@link #run} (by 1/batchRows; 1/(batchRows·outputs) for MSE) and without the regularizer; the
     * dropout masks are those {@link #run} draws for the whole batch, so each row gets the mask of its
     * position. Adding the parts' gradients and loss sums and then calling {@link #complete} gives
     * {@link #run}'s result to within the order of the sums.
     *
     * @param count     rows in this part, at most the capacity
     * @param positions the batch positions of the rows, ascending, in [0, batchRows); null when they do not
     *                  matter (no dropout: a full-batch objective's chunk, say) or are 0 … count−1
     * @param batchRows the whole batch's rows: at most the capacity when dropout masks are drawn, else any
     * @param grad      modified: every element
     * @throws IllegalArgumentException if the model is not a {@link Sequential}, count is outside
     *                                  [1, batchRows] or batchRows exceeds the capacity
     */
    public PartSums runPart(double[] theta, Dataset data, int[] rows, int count, int[] positions, int batchRows,
            double[] grad, Mode mode) {
        if (net == null) {
            throw new IllegalArgumentException("a batch split across machines needs a Sequential model of Dense"
                    + " layers; " + objective.model().getClass().getSimpleName() + " runs on the tape");
        }
        boolean masked = mode instanceof Mode.Train && Arrays.stream(net.dropouts()).anyMatch(p -> p > 0);
        if (count < 1 || count > capacity || count > batchRows || count > rows.length
                || (positions != null && positions.length < count) || (masked && batchRows > capacity)) {
            throw new IllegalArgumentException("part of " + count + " rows of a batch of " + batchRows
                    + ": need 1 <= rows <= batch, rows <= " + capacity + (masked ? " and batch <= " + capacity
                            + " (dropout masks are drawn for the whole batch)" : ""));
        }
        int n = objective.dimension();
        if (theta.length != n || grad.length != n) {
            throw new IllegalArgumentException("theta has length " + theta.length + " and grad " + grad.length
                    + " but the model has " + n + " parameters");
        }
        for (int i = 0; positions != null && i < count; i++) {
            if (positions[i] < i || positions[i] >= batchRows || (i > 0 && positions[i] <= positions[i - 1])) {
                throw new IllegalArgumentException("positions[" + i + "] = " + positions[i] + ": positions must"
                        + " ascend inside [0, " + batchRows + ")");
            }
        }
        if (objective.loss().isClassification()) {
            checkLabels(data, rows, 0, count);
        }
        boolean dropping = drawMasks(mode, batchRows);
        if (dropping && positions != null) {
            gatherMasks(positions, count);
        }
        shardsAndSum(theta, data, rows, 0, count, batchRows, dropping, grad);
        return new PartSums(lossSum, correct, count);
    }

    /**
     * Completes a batch from its data term: the regularizer's gradient added to {@code grad}, the loss
     * the mean of the rows' losses ({@code lossSum} over batchRows, or batchRows·outputs for MSE) and J
     * the loss plus R(θ).
     *
     * @param grad modified: ∇R(θ) added
     */
    public ModelObjective.BatchResult complete(double[] theta, double lossSum, int correct, int batchRows,
            double[] grad) {
        int outputs = objective.model().outputs();
        double loss = objective.loss() == Loss.MSE ? lossSum / ((double) batchRows * outputs) : lossSum / batchRows;
        double value = loss + objective.regularizer().addTo(theta, objective.model().weights(), grad);
        return new ModelObjective.BatchResult(value, loss, objective.loss().isClassification() ? correct : -1);
    }

    private double lossSum;
    private int correct;

    /**
     * The shards of rows order[first … first + m) (batch positions 0 … m of the masks), scaled by
     * 1/scaleRows; their gradients summed into grad, their losses and hits into lossSum and correct.
     */
    private void shardsAndSum(double[] theta, Dataset data, int[] order, int first, int m, int scaleRows,
            boolean dropping, double[] grad) {
        int n = objective.dimension();
        int count = (m + SHARD_ROWS - 1) / SHARD_ROWS;
        if (precision == Precision.F32) {
            Parallel.forRange(n, (a, b) -> {
                for (int i = a; i < b; i++) {
                    theta32[i] = (float) theta[i];
                }
            });
            float[][] masks = dropping ? masks32 : noMasks32;
            Parallel.forEach(count, s -> shards32[s].run(theta32, data, order, first, s * SHARD_ROWS,
                    Math.min(m, (s + 1) * SHARD_ROWS), scaleRows, masks));
            Parallel.forRange(n, (a, b) -> {
                // ((g₀ + g₁) + g₂) + … in shard order, element by element, a block at a time so that the
                // block of grad stays in L1 while the shards are added
                float[] g0 = shards32[0].grad;
                for (int lo = a; lo < b; lo += REDUCE_BLOCK) {
                    int hi = Math.min(b, lo + REDUCE_BLOCK);
                    if (count > 1) {
                        float[] g1 = shards32[1].grad;
                        for (int i = lo; i < hi; i++) {
                            grad[i] = (double) g0[i] + g1[i];
                        }
                    } else {
                        for (int i = lo; i < hi; i++) {
                            grad[i] = g0[i];
                        }
                    }
                    for (int s = 2; s < count; s++) {
                        float[] gs = shards32[s].grad;
                        for (int i = lo; i < hi; i++) {
                            grad[i] += gs[i];
                        }
                    }
                }
            });
        } else {
            double[][] masks = dropping ? masks64 : noMasks64;
            Parallel.forEach(count, s -> shards64[s].run(theta, data, order, first, s * SHARD_ROWS,
                    Math.min(m, (s + 1) * SHARD_ROWS), scaleRows, masks));
            Parallel.forRange(n, (a, b) -> {
                // ((g₀ + g₁) + g₂) + … in shard order, element by element, a block at a time so that the
                // block of grad stays in L1 while the shards are added
                double[] g0 = shards64[0].grad;
                for (int lo = a; lo < b; lo += REDUCE_BLOCK) {
                    int hi = Math.min(b, lo + REDUCE_BLOCK);
                    if (count > 1) {
                        double[] g1 = shards64[1].grad;
                        for (int i = lo; i < hi; i++) {
                            grad[i] = (double) g0[i] + g1[i];
                        }
                    } else {
                        for (int i = lo; i < hi; i++) {
                            grad[i] = g0[i];
                        }
                    }
                    for (int s = 2; s < count; s++) {
                        double[] gs = shards64[s].grad;
                        for (int i = lo; i < hi; i++) {
                            grad[i] += gs[i];
                        }
                    }
                }
            });
        }
        double sum = 0;
        int hits = 0;
        for (int s = 0; s < count; s++) {
            sum += precision == Precision.F32 ? shards32[s].lossSum : shards64[s].lossSum;
            hits += precision == Precision.F32 ? shards32[s].correct : shards64[s].correct;
        }
        lossSum = sum;
        correct = hits;
    }

    /** Moves the mask rows of batch positions {@code positions[i]} to rows i, layer by layer, in place (ascending). */
    private void gatherMasks(int[] positions, int count) {
        for (int k = 0; k < net.layers(); k++) {
            int w = net.width(k + 1);
            if (precision == Precision.F32 ? masks32[k] == null : masks64[k] == null) {
                continue;
            }
            for (int i = 0; i < count; i++) {
                int p = positions[i];
                if (p != i) {
                    if (precision == Precision.F32) {
                        System.arraycopy(masks32[k], p * w, masks32[k], i * w, w);
                    } else {
                        System.arraycopy(masks64[k], p * w, masks64[k], i * w, w);
                    }
                }
            }
        }
    }

    /** Draws every layer's mask for the batch, in layer order, as the tape's Dropout does; false when none is drawn. */
    private boolean drawMasks(Mode mode, int m) {
        if (!(mode instanceof Mode.Train t)) {
            return false;
        }
        SplittableRandom rng = null;
        for (int k = 0; k < net.layers(); k++) {
            double p = net.dropout(k);
            if (p <= 0) {
                continue;
            }
            if (rng == null) {
                rng = new SplittableRandom(t.seed());
            }
            double keep = 1 / (1 - p);
            int size = m * net.width(k + 1);
            if (precision == Precision.F32) {
                float[] mask = masks32[k];
                for (int i = 0; i < size; i++) {
                    mask[i] = rng.nextDouble() >= p ? (float) keep : 0f;
                }
            } else {
                double[] mask = masks64[k];
                for (int i = 0; i < size; i++) {
                    mask[i] = rng.nextDouble() >= p ? keep : 0;
                }
            }
        }
        return rng != null;
    }

    private void checkLabels(Dataset data, int[] order, int from, int to) {
        int classes = objective.loss() == Loss.LOGISTIC ? 2 : net.width(net.layers());
        for (int i = from; i < to; i++) {
            int y = data.label(order[i]);
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException(objective.loss() + ": label of row " + order[i] + " = " + y
                        + " is outside [0, " + classes + ")");
            }
        }
    }
}
