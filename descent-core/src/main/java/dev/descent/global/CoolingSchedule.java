package dev.descent.global;

/**
 * The temperature of simulated annealing as a function of the iteration: T_k = T₀·φ(k), where T₀
 * is {@link SimulatedAnnealing#initialTemperature()} and φ(0) = 1. A pure function of k, like the
 * learning-rate {@code Schedule}s, so it needs no state. The move from iteration k to k + 1 is
 * accepted or rejected at T_k.
 *
 * <pre>
 *   Exponential(α):   T_k = T₀ · α^k                      geometric (Kirkpatrick et al. 1983)
 *   Logarithmic():    T_k = T₀ · ln 2 / ln(k + 2)          Geman &amp; Geman (1984), shifted so T_0 = T₀
 *   Linear(K):        T_k = T₀ · max(0, 1 − k/K)           reaches 0 at k = K, then a greedy descent
 * </pre>
 *
 * <p>Only the logarithmic schedule comes with a convergence guarantee (for a large enough
 * constant, Hajek 1988), at a pace too slow for practice; the exponential one is the usual
 * choice. At T = 0 a move is accepted only when it does not increase J.
 */
public sealed interface CoolingSchedule {

    /** φ(k) = T_k / T₀, in [0, 1], non-increasing, φ(0) = 1. */
    double factor(long k);

    /** T_k = T₀·φ(k). */
    default double temperature(double initialTemperature, long k) {
        return initialTemperature * factor(k);
    }

    /** T_k = T₀·α^k. */
    static CoolingSchedule exponential(double alpha) {
        return new Exponential(alpha);
    }

    /** T_k = T₀·ln 2 / ln(k + 2). */
    static CoolingSchedule logarithmic() {
        return new Logarithmic();
    }

    /** T_k = T₀·max(0, 1 − k/K). */
    static CoolingSchedule linear(long steps) {
        return new Linear(steps);
    }

    /**
     * Geometric cooling, T_k = T₀·α^k (computed with {@link StrictMath#pow}, the same bits on every
     * platform).
     *
     * @param alpha α in (0, 1)
     */
    record Exponential(double alpha) implements CoolingSchedule {

        public Exponential {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha = " + alpha + " is outside (0, 1)");
            }
        }

        @Override
        public double factor(long k) {
            return StrictMath.pow(alpha, k);
        }
    }

    /** Logarithmic cooling, T_k = T₀·ln 2 / ln(k + 2). */
    record Logarithmic() implements CoolingSchedule {

        private static final double LN2 = StrictMath.log(2);

        @Override
        public double factor(long k) {
            return LN2 / StrictMath.log(k + 2.0);
        }
    }

    /**
     * Linear cooling to zero at {@code steps}, T_k = T₀·max(0, 1 − k/K).
     *
     * @param steps K ≥ 1
     */
    record Linear(long steps) implements CoolingSchedule {

        public Linear {
            if (steps < 1) {
                throw new IllegalArgumentException("steps = " + steps + " must be >= 1");
            }
        }

        @Override
        public double factor(long k) {
            return k >= steps ? 0 : 1 - (double) k / steps;
        }
    }
}
