package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.parallel.Parallel;

/**
 * signSGD: a step of fixed length ε_k against the sign of each gradient coordinate.
 *
 * <pre>
 *   θ ← θ − ε_k sign(g)          (sign(0) = 0)
 * </pre>
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>ε_k (Optax {@code learning_rate})</td><td>{@code learningRate}</td><td>0.001 (Optax has none)</td></tr>
 * </table>
 *
 * <h2>Conventions</h2>
 * Optax {@code sign_sgd}: {@code chain(scale_by_sign(), scale_by_learning_rate(ε_k))}, with
 * {@code jnp.sign}, so a zero gradient coordinate does not move. This is Bernstein et al.'s
 * Algorithm 1 (signSGD) without momentum; with an average of the gradients before the sign it is
 * Optax's {@code signum}, and with an interpolated momentum {@link Lion}. Each coordinate moves by
 * exactly ε_k (or 0), so the iterate settles only when ε_k decays. torch.optim has no signSGD; in
 * Goodfellow its relative is the sign-based step-size adaptation of §8.5 ({@link Rprop}).
 *
 * <h2>Memory</h2>
 * No state beyond the step count.
 *
 * <h2>References</h2>
 * J. Bernstein, Y.-X. Wang, K. Azizzadenesheli, A. Anandkumar, "signSGD: Compressed optimisation
 * for non-convex problems", ICML 2018, arXiv:1802.04434. L. Balles, F. Pedregosa, N. Le Roux,
 * "The geometry of sign gradient descent", arXiv:2002.08056, 2020. Optax {@code optax.sign_sgd}
 * and {@code optax.scale_by_sign} ({@code optax/_src/alias.py}, {@code optax/_src/transform.py},
 * github.com/google-deepmind/optax at commit {@code 2edbcbe2390da13983b92cbef94ac0460ecde1c5}).
 *
 * @param learningRate ε_k, the length of each coordinate's step
 * @see Lion
 * @see Rprop
 * @see Sgd
 */
public record SignSgd(Schedule learningRate) implements Optimizer<SignSgd.State>, HasLearningRate {

    public SignSgd {
        Hyper.learningRate(learningRate);
    }

    /** signSGD with learning rate ε. */
    public static SignSgd of(double learningRate) {
        return new SignSgd(Schedule.constant(learningRate));
    }

    /** Defaults: ε_k = 0.001. */
    public static SignSgd defaults() {
        return of(0.001);
    }

    public SignSgd withLearningRate(double lr) {
        return withLearningRate(Schedule.constant(lr));
    }

    public SignSgd withLearningRate(Schedule lr) {
        return new SignSgd(lr);
    }

    @Override
    public String name() {
        return "sign_sgd";
    }

    @Override
    public State init(ParamLayout layout) {
        return new State(layout);
    }

    @Override
    public void step(double[] params, double[] grad, State state) {
        double lr = Hyper.checkStep(name(), learningRate, params, grad, state);
        Parallel.forRange(params.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                params[i] -= lr * Vec.signum(grad[i]);
            }
        });
        state.advance();
    }

    /** signSGD keeps only the step count (for the schedule). */
    public static final class State extends OptimizerState {
        State(ParamLayout layout) {
            super("sign_sgd", layout);
        }
    }
}
