package dev.descent.train;

/**
 * Where a training run is: enough for a trainer to resume the data order exactly. Minibatch order
 * is a pure function of (seed, epoch), so a trainer resumes by recomputing epoch {@code epoch}'s
 * order from {@code seed} and skipping its first {@code stepInEpoch} minibatches.
 *
 * <p>All counts are of <em>completed</em> work: a position saved after the 3rd minibatch of epoch 0
 * is {@code (epoch 0, stepInEpoch 3, globalStep 3)}. A position at the very start of an epoch has
 * {@code stepInEpoch = 0}.
 *
 * @param epoch       0-based index of the current epoch
 * @param stepInEpoch minibatches of {@code epoch} already processed
 * @param globalStep  minibatches processed since the run began (over all epochs); checkpoint file
 *                    names use it
 * @param seed        the run's data-order seed
 */
public record TrainingPosition(long epoch, long stepInEpoch, long globalStep, long seed) {

    public TrainingPosition {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch = " + epoch + " is negative");
        }
        if (stepInEpoch < 0) {
            throw new IllegalArgumentException("stepInEpoch = " + stepInEpoch + " is negative");
        }
        if (globalStep < stepInEpoch) {
            throw new IllegalArgumentException("globalStep = " + globalStep + " is smaller than stepInEpoch = "
                    + stepInEpoch);
        }
    }

    /** The start of a run with this seed: epoch 0, nothing processed. */
    public static TrainingPosition start(long seed) {
        return new TrainingPosition(0, 0, 0, seed);
    }

    /** The position after one more minibatch of the same epoch. */
    public TrainingPosition nextStep() {
        return new TrainingPosition(epoch, stepInEpoch + 1, globalStep + 1, seed);
    }

    /** The position at the start of the next epoch. */
    public TrainingPosition nextEpoch() {
        return new TrainingPosition(epoch + 1, 0, globalStep, seed);
    }
}
