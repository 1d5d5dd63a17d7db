package dev.descent.global;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The random streams of the global methods, each a pure function of (seed, iteration).
 *
 * <p>Iteration k of a run draws from {@code stream(seed, k)}: a SplitMix64 hash of the pair seeds
 * a {@link SplittableRandom}, which is then {@link SplittableRandom#split() split} so that every
 * iteration's generator also has its own increment (gamma). The hash is the k-th output of
 * {@code new SplittableRandom(mix(seed))}, computed in O(1), so a state that knows its iteration
 * number needs no generator inside it: copying the state copies the future of the run.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {
    }

    /** The generator of iteration {@code iteration} (0 is the initial point or swarm). */
    static SplittableRandom stream(long seed, long iteration) {
        return new SplittableRandom(mix64(mix64(seed) + (iteration + 1) * GOLDEN_GAMMA)).split();
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

    /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
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
