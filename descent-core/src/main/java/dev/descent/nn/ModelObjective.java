package dev.descent.nn;

import dev.descent.linalg.MatMulKernel;
import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Var;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.problem.Objective;
import java.util.Arrays;

/**
 * A model, a loss and a regularizer as the objective of training: the mean loss of a batch and its
 * gradient in θ's flat layout, for the training loop and any optimizer, plus chunked evaluation
 * of whole datasets.
 *
 * <pre>
 *   J(θ; B) = (1/|B|) Σ_{i ∈ B} ℓ(model(θ, xᵢ), yᵢ)  +  R(θ)          (see {@link Loss}, {@link Regularizer})
 * </pre>
 *
 * <pre>{@code
 * ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 784, 128, 10), Loss.SOFTMAX_CROSS_ENTROPY)
 *         .withRegularizer(Regularizer.l2(1e-4));
 * double[] theta = j.model().init(seed), grad = new double[j.dimension()];
 * for (Batch b : MiniBatches.of(64).epoch(train, seed, epoch)) {
 *     j.valueAndGradient(theta, b, grad, Mode.train(Seeds.derive(seed, epoch, batch++)));
 *     adam.step(theta, grad, state);
 * }
 * Evaluation e = j.evaluate(theta, test);   // in chunks of 1024 rows
 * }</pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>θ is never modified; {@code grad} is overwritten entirely (every element), after the
 *       forward pass succeeded — an invalid batch throws before anything is written.</li>
 *   <li>Allocation per batch is the tape's: one fresh array per recorded op and per adjoint. θ
 *       is read through zero-copy views, the gradient is written straight into the caller's
 *       buffer, the regularizer runs in place, and {@link #evaluate}/{@link #fullBatch} read the
 *       dataset's rows as views, {@code chunkSize} rows at a time, so the largest tape holds
 *       chunkSize × (widest layer) values whatever the dataset's size.</li>
 *   <li>Evaluation (and {@link #fullBatch}) use {@link Mode#EVAL}: no dropout.</li>
 *   <li>The record is immutable and can be shared across threads (each call builds its own
 *       tape); only the objective returned by {@link #fullBatch} holds a scratch buffer.</li>
 * </ul>
 *
 * @param model       the model
 * @param loss        the data loss
 * @param regularizer the penalty (NONE for none)
 * @param kernel      the matrix-product kernel of the tapes
 * @param chunkSize   rows per tape in {@link #evaluate} and {@link #fullBatch}, ≥ 1
 */
public record ModelObjective(Model model, Loss loss, Regularizer regularizer, MatMulKernel kernel, int chunkSize) {

    /** The default {@link #chunkSize}. */
    public static final int DEFAULT_CHUNK = 1024;

    public ModelObjective {
        if (model == null || loss == null || regularizer == null || kernel == null) {
            throw new IllegalArgumentException("model, loss, regularizer and kernel must not be null");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize = " + chunkSize + " must be >= 1");
        }
        loss.checkModel(model);
    }

    /** No regularizer, the standard kernel, chunks of {@value #DEFAULT_CHUNK} rows. */
    public static ModelObjective of(Model model, Loss loss) {
        return new ModelObjective(model, loss, Regularizer.NONE, MatMulKernel.standard(), DEFAULT_CHUNK);
    }

    /** The same with another regularizer. */
    public ModelObjective withRegularizer(Regularizer r) {
        return new ModelObjective(model, loss, r, kernel, chunkSize);
    }

    /** The same with another evaluation chunk size. */
    public ModelObjective withChunkSize(int rows) {
        return new ModelObjective(model, loss, regularizer, kernel, rows);
    }

    /** The same with another matrix-product kernel. */
    public ModelObjective withKernel(MatMulKernel k) {
        return new ModelObjective(model, loss, regularizer, k, chunkSize);
    }

    /** The number of parameters, the length of θ and of the gradient. */
    public int dimension() {
        return model.layout().size();
    }

    /** {@link #valueAndGradient(double[], Batch, double[], Mode)} in evaluation mode (no dropout). */
    public double valueAndGradient(double[] theta, Batch batch, double[] grad) {
        return valueAndGradient(theta, batch, grad, Mode.EVAL);
    }

    /**
     * J(θ; batch) and its gradient.
     *
     * @param theta not modified
     * @param batch not modified
     * @param grad  modified: ∇J(θ; batch), every element written, in θ's layout
     * @param mode  training (dropout on, with its seed) or evaluation
     * @return J: the mean loss over the batch plus the penalty
     */
    public double valueAndGradient(double[] theta, Batch batch, double[] grad, Mode mode) {
        checkLength("theta", theta);
        checkLength("grad", grad);
        Tape tape = new Tape(kernel);
        Var j = build(tape, theta, batch, mode);
        Arrays.fill(grad, 0.0);
        double l = tape.gradientInto(j, grad);
        return l + regularizer.addTo(theta, model.weights(), grad);
    }

    /**
     * What one training batch gave: the objective, its data-loss part and, for a classification
     * loss, how many rows the forward pass predicted correctly.
     *
     * @param value   J(θ; batch) = loss + penalty, the number the gradient belongs to
     * @param loss    the mean data loss over the batch's rows
     * @param correct rows whose predicted class is their label (with the training pass's dropout
     *                masks); -1 for a regression loss
     */
    public record BatchResult(double value, double loss, int correct) {
    }

    /**
     * {@link #valueAndGradient(double[], Batch, double[], Mode)} that also reports the data loss and
     * the rows predicted correctly by the same forward pass (no second pass): what a training loop
     * needs for its running loss and accuracy.
     *
     * @param theta not modified
     * @param batch not modified
     * @param grad  modified: ∇J(θ; batch), every element written, in θ's layout
     * @param mode  training (dropout on, with its seed) or evaluation
     */
    public BatchResult scoredValueAndGradient(double[] theta, Batch batch, double[] grad, Mode mode) {
        checkLength("theta", theta);
        checkLength("grad", grad);
        Tape tape = new Tape(kernel);
        Var out = model.forward(new ParamVars(tape, theta, model.layout()), tape.constant(batch.features()), mode);
        Var j = loss.apply(out, batch);
        Arrays.fill(grad, 0.0);
        double l = tape.gradientInto(j, grad);
        double value = l + regularizer.addTo(theta, model.weights(), grad);
        int correct = loss.isClassification() ? loss.correct(out.value(), batch.labels()) : -1;
        return new BatchResult(value, l, correct);
    }

    /**
     * J(θ; batch) by a forward pass only.
     *
     * @param theta not modified
     */
    public double value(double[] theta, Batch batch, Mode mode) {
        checkLength("theta", theta);
        double l = build(new Tape(kernel), theta, batch, mode).item();
        return l + regularizer.addTo(theta, model.weights(), null);
    }

    /**
     * Loss, penalty and accuracy (classification) or RMSE (regression) of θ on all of
     * {@code data}, in evaluation mode, {@code chunkSize} rows per tape. The loss is the mean over
     * all rows (each chunk's mean weighted by its row count).
     *
     * @param theta not modified
     * @throws IllegalArgumentException if {@code data} does not fit the model and loss
     */
    public Evaluation evaluate(double[] theta, Dataset data) {
        return evaluation(theta, totals(theta, data));
    }

    /**
     * The sums an evaluation is made of, which add across parts of a data set: rows, Σ of each chunk's
     * mean loss × its rows, rows predicted correctly (0 for regression).
     */
    public record Totals(long count, double lossSum, long correct) implements java.io.Serializable {
        public static final Totals NONE = new Totals(0, 0, 0);

        public Totals plus(Totals o) {
            return new Totals(count + o.count, lossSum + o.lossSum, correct + o.correct);
        }
    }

    /**
     * The {@link Totals} of the model at θ on {@code data}, in chunks of {@link #chunkSize()} rows.
     *
     * @param theta not modified
     * @throws IllegalArgumentException if {@code data} does not fit the model and loss
     */
    public Totals totals(double[] theta, Dataset data) {
        checkLength("theta", theta);
        loss.checkData(model, data);
        int n = data.size();
        double total = 0;
        long correct = 0;
        for (int from = 0; from < n; from += chunkSize) {
            int to = Math.min(n, from + chunkSize);
            Batch b = data.slice(from, to);
            Tape tape = new Tape(kernel);
            Var out = model.forward(new ParamVars(tape, theta, model.layout()), tape.constant(b.features()), Mode.EVAL);
            total += loss.apply(out, b).item() * (to - from);
            if (loss.isClassification()) {
                correct += loss.correct(out.value(), b.labels());
            }
        }
        return new Totals(n, total, correct);
    }

    /** The evaluation at θ of rows whose {@link Totals} are {@code t} (the penalty from θ). */
    public Evaluation evaluation(double[] theta, Totals t) {
        if (t.count() < 1 || t.count() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("totals of " + t.count() + " rows: need 1 to " + Integer.MAX_VALUE);
        }
        int n = (int) t.count();
        double mean = t.lossSum() / n;
        double penalty = regularizer.addTo(theta, model.weights(), null);
        return loss.isClassification()
                ? new Evaluation(n, mean, penalty, (double) t.correct() / n, Double.NaN)
                : new Evaluation(n, mean, penalty, Double.NaN, Math.sqrt(mean));
    }

    /**
     * J(θ; batch) as an {@link Objective} of θ, for a {@link dev.descent.minimize.Minimizer} or a
     * finite-difference check. The mode (and so every dropout mask) is fixed, which makes the
     * function deterministic.
     */
    public Objective on(Batch batch, Mode mode) {
        return new BatchObjective(this, batch, mode);
    }

    /** {@link #on(Batch, Mode)} in evaluation mode. */
    public Objective on(Batch batch) {
        return on(batch, Mode.EVAL);
    }

    /**
     * The full-batch objective J(θ; data) (mean over every row, plus the penalty), evaluated in
     * chunks of {@code chunkSize} rows so that no tape grows with the dataset: for
     * {@link dev.descent.minimize.Minimizer}, L-BFGS and other deterministic methods. Evaluation
     * mode (no dropout). The returned objective owns a scratch gradient buffer: use it from one
     * thread at a time.
     */
    public Objective fullBatch(Dataset data) {
        loss.checkData(model, data);
        return new FullBatch(this, data, new double[dimension()]);
    }

    private Var build(Tape tape, double[] theta, Batch batch, Mode mode) {
        Var out = model.forward(new ParamVars(tape, theta, model.layout()), tape.constant(batch.features()), mode);
        return loss.apply(out, batch);
    }

    private void checkLength(String name, double[] a) {
        if (a.length != dimension()) {
            throw new IllegalArgumentException(name + " has length " + a.length + " but the model has " + dimension()
                    + " parameters " + model.layout().names());
        }
    }

    private record BatchObjective(ModelObjective j, Batch batch, Mode mode) implements Objective {
        @Override
        public int dimension() {
            return j.dimension();
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            return j.valueAndGradient(x, batch, grad, mode);
        }

        @Override
        public double value(double[] x) {
            return j.value(x, batch, mode);
        }
    }

    private record FullBatch(ModelObjective j, Dataset data, double[] scratch) implements Objective {
        @Override
        public int dimension() {
            return j.dimension();
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            j.checkLength("x", x);
            j.checkLength("grad", grad);
            int n = data.size();
            if (n <= j.chunkSize) {
                return j.valueAndGradient(x, data.slice(0, n), grad, Mode.EVAL);
            }
            double total = 0;
            Arrays.fill(scratch, 0.0);
            for (int from = 0; from < n; from += j.chunkSize) {
                int to = Math.min(n, from + j.chunkSize);
                Tape tape = new Tape(j.kernel);
                Var l = j.build(tape, x, data.slice(from, to), Mode.EVAL);
                double w = (double) (to - from) / n;
                Arrays.fill(grad, 0.0);
                total += w * tape.gradientInto(l, grad);
                for (int i = 0; i < scratch.length; i++) {
                    scratch[i] += w * grad[i];
                }
            }
            System.arraycopy(scratch, 0, grad, 0, scratch.length);
            return total + j.regularizer.addTo(x, j.model.weights(), grad);
        }

        @Override
        public double value(double[] x) {
            j.checkLength("x", x);
            int n = data.size();
            double total = 0;
            for (int from = 0; from < n; from += j.chunkSize) {
                int to = Math.min(n, from + j.chunkSize);
                double w = (double) (to - from) / n;
                total += w * j.build(new Tape(j.kernel), x, data.slice(from, to), Mode.EVAL).item();
            }
            return total + j.regularizer.addTo(x, j.model.weights(), null);
        }
    }
}
