package dev.descent.global;

import java.util.random.RandomGenerator;

/**
 * Arithmetic shared by the global methods: the Gaussian draw they all use and the order in which
 * they rank values. Their random streams come from {@link dev.descent.data.Seeds#iterationStream(long, long)}.
 */
final class SearchMath {

    private SearchMath() {
    }

    /**
     * A standard normal draw by the Box–Muller transform, z = √(−2 ln(1 − u)) cos(2πv), from two
     * {@code nextDouble()} draws, with {@link StrictMath} so that the same seed gives the same bits
     * on every platform ({@link RandomGenerator#nextGaussian()}'s algorithm is not specified).
     */
    static double gaussian(RandomGenerator rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log1p(-u)) * StrictMath.cos(2 * Math.PI * v);
    }

    /** A value as the search ranks it: NaN (a failed evaluation) is worse than everything, like +∞. */
    static double rank(double value) {
        return Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
    }

    /** True when {@code candidate} is strictly better than {@code incumbent} ({@link #rank} order). */
    static boolean improves(double candidate, double incumbent) {
        return rank(candidate) < rank(incumbent) || (Double.isNaN(incumbent) && !Double.isNaN(candidate));
    }
}
