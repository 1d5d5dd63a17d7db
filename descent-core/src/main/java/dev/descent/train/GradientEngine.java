package dev.descent.train;

import dev.descent.data.Dataset;
import dev.descent.data.RowSource;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;

/**
 * Where a {@link Trainer} computes its minibatch gradients and its training-set evaluation: in this
 * JVM ({@link #LOCAL}, a {@link TrainingPass} on the shared pool) or on a cluster (descent-spark's
 * engine, which keeps the training set in partitions and sums their gradients). Everything else of a
 * run (the optimizer step, schedules, validation, early stopping, checkpoints, the non-finite policy)
 * stays in the trainer, so a run gives the same parameters on any engine to within the order of the
 * gradient sums.
 */
public interface GradientEngine {

    /**
     * Opens the engine for one run on {@code train} (already split from its validation share).
     *
     * @param train     a {@link Dataset}, or a set of rows this engine keeps elsewhere
     * @throws IllegalArgumentException if this engine cannot read {@code train}
     * @param batchRows the largest batch the run asks for
     */
    Session open(ModelObjective objective, Precision precision, RowSource train, int batchRows);

    /** A short name for logs and results: "local", "spark local[2]", … */
    String describe();

    /** One run's use of an engine. Not thread-safe: the trainer calls it from one thread. */
    interface Session extends AutoCloseable {

        /**
         * J(θ; B) and ∇J for the batch of training rows {@code order[from … to)} in {@code mode}, as
         * {@link TrainingPass#run} defines them.
         *
         * @param theta not modified
         * @param grad  modified: every element
         */
        ModelObjective.BatchResult run(double[] theta, int[] order, int from, int to, double[] grad, Mode mode);

        /** The model at θ on the whole training set, as {@link ModelObjective#evaluate} defines it. */
        Evaluation evaluateTraining(double[] theta);

        /** Releases what the session holds (cached partitions, broadcasts); the engine itself stays open. */
        @Override
        void close();
    }

    /** The local engine: a {@link TrainingPass} over the training set in this JVM, on the shared pool. */
    GradientEngine LOCAL = new GradientEngine() {
        @Override
        public Session open(ModelObjective objective, Precision precision, RowSource rows, int batchRows) {
            if (!(rows instanceof Dataset train)) {
                throw new IllegalArgumentException("the local engine trains on an in-memory Dataset; "
                        + rows.getClass().getSimpleName() + " " + rows + " needs its own engine");
            }
            TrainingPass pass = TrainingPass.of(objective, precision, batchRows);
            return new Session() {
                @Override
                public ModelObjective.BatchResult run(double[] theta, int[] order, int from, int to, double[] grad,
                        Mode mode) {
                    return pass.run(theta, train, order, from, to, grad, mode);
                }

                @Override
                public Evaluation evaluateTraining(double[] theta) {
                    return objective.evaluate(theta, train);
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String describe() {
            return "local";
        }
    };
}
