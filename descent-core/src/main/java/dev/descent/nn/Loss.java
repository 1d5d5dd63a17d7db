package dev.descent.nn;

import dev.descent.autodiff.Tensor;
import dev.descent.autodiff.Var;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.RowSource;

/**
 * The data loss of a batch, a mean over its m rows, from a model's outputs.
 *
 * <pre>
 *   MSE                     ŷ [m, k], y [m, k]        L = (1/(m·k)) Σᵢⱼ (ŷᵢⱼ − yᵢⱼ)²
 *   LOGISTIC                z [m, 1], y ∈ {0, 1}ᵐ      L = (1/m) Σᵢ log(1 + e^{zᵢ}) − yᵢ zᵢ
 *                                                        = (1/m) Σᵢ −yᵢ log σ(zᵢ) − (1 − yᵢ) log(1 − σ(zᵢ))
 *   SOFTMAX_CROSS_ENTROPY   z [m, C], y ∈ {0 … C−1}ᵐ   L = (1/m) Σᵢ log Σⱼ e^{zᵢⱼ} − zᵢ,yᵢ
 * </pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Classification losses take <em>logits</em>, never probabilities, as torch's
 *       {@code CrossEntropyLoss} and {@code BCEWithLogitsLoss} do: the model's last layer is
 *       IDENTITY.</li>
 *   <li>MSE is the mean over all m·k elements, torch's {@code MSELoss(reduction='mean')}; there is
 *       no ½ factor, so ∂L/∂ŷ = 2(ŷ − y)/(m·k).</li>
 *   <li>LOGISTIC is computed as the two-class softmax cross-entropy of the logits (0, zᵢ), which
 *       subtracts the row maximum: that is the stable form max(z, 0) − yz + log(1 + e^{−|z|}),
 *       finite for any z (a logit of ±1000 gives a loss of 0 or 1000, not ∞ or NaN), with the
 *       exact gradient σ(z) − y everywhere, z = 0 included. (The pair (0, z) is z·[0 1], one matrix
 *       product with a shared constant.)</li>
 *   <li>Accuracy: SOFTMAX_CROSS_ENTROPY predicts the first largest logit, LOGISTIC predicts 1 when
 *       z &gt; 0 (σ(z) &gt; ½).</li>
 * </ul>
 */
public enum Loss {
    MSE,
    LOGISTIC,
    SOFTMAX_CROSS_ENTROPY;

    /** [[0, 1]]: maps a column of logits z to the rows (0, z). Shared, never written. */
    private static final Tensor ZERO_ONE = Tensor.matrix(new double[][] {{0, 1}});

    /** True for the losses over class labels. */
    public boolean isClassification() {
        return this != MSE;
    }

    /**
     * The mean loss of {@code outputs} against the batch's labels or targets, recorded on the
     * outputs' tape: a scalar.
     *
     * @param outputs the model's outputs [m, outputs]
     * @param batch   not modified
     * @throws IllegalArgumentException if the batch's kind, shapes or labels do not fit this loss
     */
    public Var apply(Var outputs, Batch batch) {
        int[] shape = outputs.shape();
        if (shape.length != 2 || shape[0] != batch.size()) {
            throw new IllegalArgumentException(this + ": outputs of shape " + java.util.Arrays.toString(shape)
                    + " do not match a batch of " + batch.size() + " rows");
        }
        int width = shape[1];
        return switch (this) {
            case MSE -> {
                if (batch.targets() == null) {
                    throw new IllegalArgumentException("MSE needs real targets, but the batch has class labels");
                }
                if (batch.targets().dim(1) != width) {
                    throw new IllegalArgumentException("MSE: the model gives " + width + " output(s) per row but the"
                            + " targets have " + batch.targets().dim(1));
                }
                yield outputs.sub(outputs.tape().constant(batch.targets())).square().mean();
            }
            case LOGISTIC -> {
                int[] y = labels(batch);
                for (int i = 0; i < y.length; i++) {
                    if (y[i] != 0 && y[i] != 1) {
                        throw new IllegalArgumentException("LOGISTIC: label[" + i + "] = " + y[i] + " is not 0 or 1;"
                                + " for more classes use SOFTMAX_CROSS_ENTROPY");
                    }
                }
                yield outputs.matmul(outputs.tape().constant(ZERO_ONE)).softmaxCrossEntropy(y);
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                int[] y = labels(batch);
                for (int i = 0; i < y.length; i++) {
                    if (y[i] >= width) {
                        throw new IllegalArgumentException("SOFTMAX_CROSS_ENTROPY: label[" + i + "] = " + y[i]
                                + " but the model gives only " + width + " logits per row");
                    }
                }
                yield outputs.softmaxCrossEntropy(y);
            }
        };
    }

    /**
     * Checks that a model's outputs suit this loss: LOGISTIC needs 1 (the logit), SOFTMAX_CROSS_ENTROPY
     * at least 2 (one logit per class).
     */
    public void checkModel(Model model) {
        int k = model.outputs();
        switch (this) {
            case LOGISTIC -> {
                if (k != 1) {
                    throw new IllegalArgumentException("LOGISTIC needs a model with 1 output (the logit), got " + k
                            + "; for " + k + " classes use SOFTMAX_CROSS_ENTROPY");
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                if (k < 2) {
                    throw new IllegalArgumentException("SOFTMAX_CROSS_ENTROPY needs one logit per class (>= 2 outputs),"
                            + " got " + k + "; for binary labels and one logit use LOGISTIC");
                }
            }
            case MSE -> {
                // any number of outputs
            }
        }
    }

    /** Checks that {@code data} fits {@code model} under this loss: features, kind, classes or target width. */
    public void checkData(Model model, RowSource data) {
        if (data.featureCount() != model.inputs()) {
            throw new IllegalArgumentException("the model takes " + model.inputs() + " features per row but " + data
                    + " has " + data.featureCount());
        }
        switch (this) {
            case MSE -> {
                if (data.isClassification()) {
                    throw new IllegalArgumentException("MSE needs real targets, but " + data + " has class labels");
                }
                if (data.targetWidth() != model.outputs()) {
                    throw new IllegalArgumentException("MSE: the model gives " + model.outputs() + " output(s) per row"
                            + " but " + data + " has " + data.targetWidth());
                }
            }
            case LOGISTIC -> {
                if (!data.isClassification() || data.classes() != 2) {
                    throw new IllegalArgumentException("LOGISTIC needs 2 classes (labels 0 and 1), but " + data
                            + " has " + (data.isClassification() ? data.classes() + " classes" : "real targets"));
                }
            }
            case SOFTMAX_CROSS_ENTROPY -> {
                if (!data.isClassification() || data.classes() != model.outputs()) {
                    throw new IllegalArgumentException("SOFTMAX_CROSS_ENTROPY: the model gives " + model.outputs()
                            + " logits per row, but " + data + " has "
                            + (data.isClassification() ? data.classes() + " classes" : "real targets"));
                }
            }
        }
    }

    /**
     * The predicted class of row {@code row} of {@code outputs} (classification losses only).
     *
     * @param outputs not modified: [m, outputs]
     */
    public int predict(Tensor outputs, int row) {
        int c = outputs.dim(1);
        return switch (this) {
            case LOGISTIC -> outputs.get(row, 0) > 0 ? 1 : 0;
            case SOFTMAX_CROSS_ENTROPY -> {
                int best = 0;
                double max = outputs.get(row, 0);
                for (int j = 1; j < c; j++) {
                    double v = outputs.get(row, j);
                    if (v > max) {
                        max = v;
                        best = j;
                    }
                }
                yield best;
            }
            case MSE -> throw new IllegalStateException("MSE is a regression loss: it predicts no class");
        };
    }

    /** How many rows of {@code outputs} are predicted as their label. */
    public int correct(Tensor outputs, int[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            n += predict(outputs, i) == labels[i] ? 1 : 0;
        }
        return n;
    }

    private int[] labels(Batch batch) {
        if (batch.labels() == null) {
            throw new IllegalArgumentException(this + " needs class labels, but the batch has real targets");
        }
        return batch.labels();
    }
}
