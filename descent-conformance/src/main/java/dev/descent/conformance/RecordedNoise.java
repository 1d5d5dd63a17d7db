package dev.descent.conformance;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.NoisySgd;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Wrapper;
import java.util.List;

/**
 * {@link NoisySgd} driven by the noise a reference case recorded: step t uses
 * {@code noise.get(t − 1)} through {@link NoisySgd#step(double[], double[], double[], NoisySgd.State)}
 * instead of drawing its own. Optax's noise comes from JAX's PRNG, which descent does not
 * reproduce; the case stores each step's sample, so the replay checks the update rule exactly.
 * The state is the inner optimizer's own.
 *
 * @param inner the configured noisy SGD (its seed is not used here)
 * @param noise ξ of each step, in order, each of the length of θ (not modified)
 */
record RecordedNoise(NoisySgd inner, List<double[]> noise) implements Wrapper<NoisySgd.State> {

    RecordedNoise {
        noise = List.copyOf(noise);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public NoisySgd.State init(ParamLayout layout) {
        return inner.init(layout);
    }

    @Override
    public OptimizerState innerState(NoisySgd.State state) {
        return state;
    }

    /**
     * Steps with the recorded noise of the coming step.
     *
     * @throws IllegalArgumentException when the case has no noise for this step (nothing is changed)
     */
    @Override
    public void step(double[] params, double[] grad, NoisySgd.State state) {
        long t = state.step() + 1;
        if (t > noise.size()) {
            throw new IllegalArgumentException(name() + ": the case records noise for " + noise.size()
                    + " steps, not for step " + t + "; nothing was changed");
        }
        inner.step(params, grad, noise.get((int) (t - 1)), state);
    }
}
