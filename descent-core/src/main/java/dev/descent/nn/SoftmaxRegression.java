package dev.descent.nn;

/**
 * Multinomial logistic (softmax) regression: logits x·W + b, one per class, fitted with
 * {@link Loss#SOFTMAX_CROSS_ENTROPY}.
 *
 * <pre>{@code
 * ModelObjective j = ModelObjective.of(SoftmaxRegression.of(784, 10), Loss.SOFTMAX_CROSS_ENTROPY);
 * }</pre>
 */
public final class SoftmaxRegression {

    private SoftmaxRegression() {
    }

    /** W [features, classes], b [classes], initialized to zero (convex; the loss starts at log classes). */
    public static Sequential of(int features, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + " must be >= 2");
        }
        return Sequential.of(new Dense(features, classes, Activation.IDENTITY).withInit(Init.ZEROS));
    }
}
