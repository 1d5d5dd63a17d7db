package dev.descent.nn;

/**
 * Whether a forward pass is for training (dropout active, with the given mask seed) or for
 * evaluation (dropout off: inverted dropout needs no rescaling at test time).
 *
 * <p>The seed of a training pass fixes every dropout mask of that pass: the layers draw their masks,
 * in layer order, from one {@code new SplittableRandom(seed)}. A training loop should use a fresh
 * seed per batch that is a pure function of the run's seed, the epoch and the batch number, for
 * example {@code Mode.train(Seeds.derive(runSeed, epoch, batch))} ({@link dev.descent.data.Seeds}),
 * so a run is reproducible and a resumed run draws the same masks. The same seed gives the same
 * masks, which is also what a finite-difference check of a dropout network needs.
 */
public sealed interface Mode permits Mode.Eval, Mode.Train {

    /** Evaluation: no dropout. */
    Mode EVAL = new Eval();

    /** Training with dropout masks drawn from {@code new SplittableRandom(seed)}. */
    static Mode train(long seed) {
        return new Train(seed);
    }

    /** Evaluation mode (use {@link #EVAL}). */
    record Eval() implements Mode {
    }

    /**
     * Training mode.
     *
     * @param seed the dropout masks' seed
     */
    record Train(long seed) implements Mode {
    }
}
