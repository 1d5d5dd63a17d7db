package dev.descent.optim;

/**
 * Where the stabilizer δ (our {@code eps}) sits in an adaptive denominator. Libraries disagree:
 *
 * <table>
 *   <caption>Who uses which</caption>
 *   <tr><th>placement</th><th>denominator</th><th>used by</th></tr>
 *   <tr><td>{@link #OUTSIDE_SQRT}</td><td>δ + √r</td>
 *       <td>book AdaGrad 8.4, book Adam 8.7, torch Adagrad, RMSprop and Adam, Tribuo</td></tr>
 *   <tr><td>{@link #INSIDE_SQRT}</td><td>√(δ + r)</td>
 *       <td>book RMSProp 8.5 and 8.6 (with δ), Optax {@code rmsprop(eps_in_sqrt=True)}, Optax adagrad</td></tr>
 * </table>
 */
public enum EpsilonPlacement {
    /** √(δ + r). */
    INSIDE_SQRT,
    /** δ + √r. */
    OUTSIDE_SQRT;

    /** The denominator for accumulated squared gradient {@code r} and stabilizer {@code eps}. */
    public double denominator(double r, double eps) {
        return switch (this) {
            case INSIDE_SQRT -> Math.sqrt(r + eps);
            case OUTSIDE_SQRT -> Math.sqrt(r) + eps;
        };
    }
}
