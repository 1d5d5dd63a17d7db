package dev.descent.examples;

import dev.descent.data.Dataset;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.Adam;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.util.Random;

/**
 * Trains a small MLP (2 → 8 → 2, tanh) with Adam on generated data: two Gaussian classes in the plane,
 * centred at (−1.5, 0) and (1.5, 0) with unit variance, so the best possible test accuracy is Φ(1.5) ≈ 0.933.
 */
public final class TrainClassifier {

    /** What the trained model must reach on the test set (the Bayes rate is about 0.933). */
    public static final double MIN_TEST_ACCURACY = 0.90;

    private TrainClassifier() {
    }

    /**
     * Two Gaussian classes, alternating labels.
     *
     * @param n    rows
     * @param seed for {@link Random}
     * @return the data set
     */
    static Dataset blobs(int n, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double centre = labels[i] == 0 ? -1.5 : 1.5;
            rows[i] = new double[] {centre + random.nextGaussian(), random.nextGaussian()};
        }
        return Dataset.classification(rows, labels, 2);
    }

    /**
     * Trains for 20 epochs in minibatches of 32.
     *
     * @return the training result, checked: test accuracy at least {@link #MIN_TEST_ACCURACY}
     * @throws IllegalStateException when it is lower
     */
    public static TrainResult run() {
        Dataset train = blobs(800, 1);
        Dataset test = blobs(400, 2);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.TANH, 2, 8, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        Trainer trainer = Trainer.of(j, Adam.of(0.01), TrainConfig.of(20, 32, 7));
        TrainResult result = trainer.fit(j.model().init(7), train, null, test);
        double accuracy = result.test().accuracy();
        if (!(accuracy >= MIN_TEST_ACCURACY)) {
            throw new IllegalStateException("test accuracy " + accuracy + " < " + MIN_TEST_ACCURACY
                    + " after " + result.steps() + " steps (" + result.stopReason().detail() + ")");
        }
        return result;
    }

    /**
     * Prints the test accuracy and loss; exits 1 when the accuracy is too low.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try {
            TrainResult r = run();
            System.out.println("test accuracy " + r.test().accuracy() + ", test loss " + r.test().loss()
                    + " after " + r.steps() + " steps");
        } catch (IllegalStateException e) {
            System.err.println("TrainClassifier: " + e.getMessage());
            System.exit(1);
        }
    }
}
