package dev.descent.nn;

import dev.descent.data.Dataset;
import java.util.SplittableRandom;

/** Seeded synthetic datasets with known structure. */
final class Synthetic {

    private Synthetic() {
    }

    /** Three isotropic Gaussian blobs (σ = 1) at the vertices of a triangle of circumradius 3. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            double angle = Math.PI / 2 + 2 * Math.PI * c / 3;
            x[2 * i] = 3 * Math.cos(angle) + rng.nextGaussian();
            x[2 * i + 1] = 3 * Math.sin(angle) + rng.nextGaussian();
            y[i] = c;
        }
        return Dataset.classification(x, 2, y, 3);
    }

    /** scikit-learn's two interleaving half circles with Gaussian noise σ, labels 0 and 1. */
    static Dataset moons(int n, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double t = Math.PI * rng.nextDouble();
            int c = i % 2;
            x[2 * i] = (c == 0 ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.nextGaussian();
            x[2 * i + 1] = (c == 0 ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.nextGaussian();
            y[i] = c;
        }
        return Dataset.classification(x, 2, y, 2);
    }

    /** XOR: points uniform in [−1, 1]², away from the axes by 0.1, labelled 1 when x·y &gt; 0. */
    static Dataset xor(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double a = rng.nextDouble(0.1, 1) * (rng.nextBoolean() ? 1 : -1);
            double b = rng.nextDouble(0.1, 1) * (rng.nextBoolean() ? 1 : -1);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return Dataset.classification(x, 2, y, 2);
    }

    /** y = x·β + b + σ·noise for x with independent features of different scales. */
    static Dataset linear(int n, double[] beta, double bias, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = beta.length;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = bias;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (j + 1) * rng.nextGaussian() + 0.5 * j;
                s += beta[j] * x[i * d + j];
            }
            y[i] = s + noise * rng.nextGaussian();
        }
        return Dataset.regression(x, d, y, 1);
    }

    /** Random features in [−1, 1) with labels in [0, classes) (or targets for classes = 0). */
    static Dataset random(int n, int d, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        if (classes == 0) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = rng.nextDouble(-2, 2);
            }
            return Dataset.regression(x, d, t, 1);
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return Dataset.classification(x, d, y, classes);
    }

    /** θ from the model's initialization, with every element (biases too) nudged so none is special. */
    static double[] theta(Model model, long seed) {
        double[] theta = model.init(seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += rng.nextDouble(-0.3, 0.3);
        }
        return theta;
    }
}
