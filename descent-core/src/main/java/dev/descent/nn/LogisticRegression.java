package dev.descent.nn;

/**
 * Binary logistic regression: one logit z = x·w + b per row, P(y = 1 | x) = σ(z), fitted with
 * {@link Loss#LOGISTIC} (the binary cross-entropy on the logit, computed stably).
 *
 * <pre>{@code
 * ModelObjective j = ModelObjective.of(LogisticRegression.of(30), Loss.LOGISTIC);
 * }</pre>
 */
public final class LogisticRegression {

    private LogisticRegression() {
    }

    /** W [features, 1], b [1], initialized to zero (the problem is convex; the loss starts at log 2). */
    public static Sequential of(int features) {
        return Sequential.of(new Dense(features, 1, Activation.IDENTITY).withInit(Init.ZEROS));
    }
}
