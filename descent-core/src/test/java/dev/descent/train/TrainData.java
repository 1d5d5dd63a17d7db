package dev.descent.train;

import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Var;
import dev.descent.data.Dataset;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.nn.Mode;
import dev.descent.nn.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Small seeded data sets, a NaN-injecting model and an in-memory checkpoint sink for the trainer tests. */
final class TrainData {

    private TrainData() {
    }

    /** Three Gaussian blobs (σ = 1.2) at the vertices of a triangle of circumradius 2.5: separable but not trivially. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            double angle = Math.PI / 2 + 2 * Math.PI * c / 3;
            x[2 * i] = 2.5 * Math.cos(angle) + 1.2 * rng.nextGaussian();
            x[2 * i + 1] = 2.5 * Math.sin(angle) + 1.2 * rng.nextGaussian();
            y[i] = c;
        }
        return Dataset.classification(x, 2, y, 3);
    }

    /** Features in [−1, 1) with random labels: nothing to learn, so a big network overfits quickly. */
    static Dataset noise(int n, int d, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Dataset.classification(x, d, y, classes);
    }

    /** A model that behaves as {@code inner} except that its {@code badCall}-th training forward pass returns NaN. */
    static final class NaNAt implements Model {
        private final Model inner;
        private final int badCall;
        private int calls;

        NaNAt(Model inner, int badCall) {
            this.inner = inner;
            this.badCall = badCall;
        }

        @Override
        public ParamLayout layout() {
            return inner.layout();
        }

        @Override
        public int inputs() {
            return inner.inputs();
        }

        @Override
        public int outputs() {
            return inner.outputs();
        }

        @Override
        public List<Block> weights() {
            return inner.weights();
        }

        @Override
        public void init(double[] theta, RandomGenerator rng) {
            inner.init(theta, rng);
        }

        @Override
        public Var forward(ParamVars params, Var x, Mode mode) {
            Var out = inner.forward(params, x, mode);
            if (mode instanceof Mode.Train && ++calls == badCall) {
                return out.mul(Double.NaN);
            }
            return out;
        }
    }

    /** Keeps every checkpoint in memory, in the order they were saved. */
    static final class MemorySink implements CheckpointSink {
        final List<Checkpoint> saved = new ArrayList<>();

        @Override
        public Path save(Checkpoint checkpoint) {
            saved.add(checkpoint);
            return Path.of("memory", "ckpt-" + checkpoint.position().globalStep());
        }

        Checkpoint atStep(long step) {
            Checkpoint found = null;
            for (Checkpoint c : saved) {
                if (c.position().globalStep() == step) {
                    found = c; // the last one saved at that step
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("no checkpoint at step " + step);
            }
            return found;
        }
    }
}
