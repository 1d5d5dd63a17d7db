package dev.descent.autodiff;

import java.util.SplittableRandom;

/** Seeded random tensors for the property tests: small shapes, values away from kinks and poles. */
final class Gen {

    private final SplittableRandom rng;

    Gen(long seed) {
        rng = new SplittableRandom(seed);
    }

    int between(int lo, int hi) {
        return rng.nextInt(lo, hi + 1);
    }

    double uniform(double lo, double hi) {
        return rng.nextDouble(lo, hi);
    }

    boolean chance(double p) {
        return rng.nextDouble() < p;
    }

    /** A shape of rank 0, 1 or 2 with dimensions in [1, 5]. */
    int[] shape() {
        return shape(between(0, 2));
    }

    int[] shape(int rank) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = between(1, 5);
        }
        return s;
    }

    /** Values uniform in [lo, hi). */
    Tensor uniform(int[] shape, double lo, double hi) {
        double[] v = new double[size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = uniform(lo, hi);
        }
        return Tensor.of(shape, v);
    }

    /** Values with |x| in [lo, hi) and a random sign: away from 0 (relu's kink, division's pole). */
    Tensor awayFromZero(int[] shape, double lo, double hi) {
        double[] v = new double[size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (chance(0.5) ? 1 : -1) * uniform(lo, hi);
        }
        return Tensor.of(shape, v);
    }

    /** Distinct values at least 0.08 apart (a shuffled grid plus noise): no ties for max. */
    Tensor distinct(int[] shape) {
        int n = size(shape);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.1 * i - 0.05 * n + uniform(0, 0.01);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(shape, v);
    }

    /** Op.ALL or a valid axis of a tensor of this rank. */
    int axis(int rank) {
        int a = between(-1, rank - 1);
        return a < 0 ? Op.ALL : a;
    }

    long seed() {
        return rng.nextLong();
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
