package dev.descent.nn;

/**
 * Linear regression, ŷ = x·W + b, fitted with {@link Loss#MSE} (least squares), optionally with an
 * L2 {@link Regularizer} on W (ridge regression).
 *
 * <pre>{@code
 * ModelObjective j = ModelObjective.of(LinearRegression.of(3), Loss.MSE);
 * }</pre>
 */
public final class LinearRegression {

    private LinearRegression() {
    }

    /** One target: W [features, 1], b [1], initialized to zero (the problem is convex). */
    public static Sequential of(int features) {
        return of(features, 1);
    }

    /** k targets at once: W [features, k], b [k], initialized to zero. */
    public static Sequential of(int features, int targets) {
        return Sequential.of(new Dense(features, targets, Activation.IDENTITY).withInit(Init.ZEROS));
    }
}
