package dev.descent.global;

import dev.descent.data.Seeds;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;
import dev.descent.util.Checks;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulated annealing: a random walk over the box that always accepts a downhill move and accepts
 * an uphill one with the Metropolis probability, at a temperature that falls over the run.
 *
 * <pre>
 *   x₀ uniform in B (or given),  σᵢ = stepSize for every i             iteration 0, one evaluation
 *   iteration k → k + 1:
 *     T_k = T₀ · φ(k)                                                 (the cooling schedule)
 *     y = x_k, then for the coordinates i moved by this proposal:
 *       yᵢ = reflect_B( xᵢ + σᵢ · wᵢ · z ),   z ~ N(0, 1),  wᵢ = uᵢ − lᵢ
 *         COORDINATE:       i = k mod n only                          (Corana et al. 1987)
 *         ALL_COORDINATES:  every i, with its own z
 *     Δ = J(y) − J(x_k)
 *     accept (x_{k+1} = y) if Δ ≤ 0, or if T_k &gt; 0 and U &lt; exp(−Δ / T_k), U ~ U[0, 1)
 *                           (Metropolis; otherwise x_{k+1} = x_k)
 *     best ← y if J(y) &lt; J(best)
 *     adaptation (L = adaptInterval &gt; 0), once every coordinate has been moved L times
 *     (every L·n iterations for COORDINATE, every L for ALL_COORDINATES),
 *     with aᵢ = the share of coordinate i's moves accepted:
 *       σᵢ ← σᵢ · (1 + 2 (aᵢ − 0.6)/0.4)     if aᵢ &gt; 0.6             (Corana et al., c = 2)
 *       σᵢ ← σᵢ / (1 + 2 (0.4 − aᵢ)/0.4)     if aᵢ &lt; 0.4
 *       σᵢ ← min(σᵢ, 1)
 * </pre>
 *
 * <p>reflect_B folds a coordinate that leaves [lᵢ, uᵢ] back in by mirror reflection
 * ({@link Bounds#reflect}), which keeps the proposal symmetric (as Metropolis acceptance assumes)
 * and puts no probability mass on the faces. One evaluation per iteration.
 *
 * <table>
 *   <caption>Hyperparameters</caption>
 *   <tr><th>symbol</th><th>parameter</th><th>default</th></tr>
 *   <tr><td>φ</td><td>{@code cooling}</td><td>exponential, α = 0.999</td></tr>
 *   <tr><td>T₀</td><td>{@code initialTemperature}</td><td>10</td></tr>
 *   <tr><td>σ₀</td><td>{@code stepSize}, relative to the widths wᵢ, in (0, 1]</td><td>0.1</td></tr>
 *   <tr><td></td><td>{@code proposal}</td><td>{@link Proposal#COORDINATE COORDINATE}</td></tr>
 *   <tr><td>L</td><td>{@code adaptInterval}; 0 keeps σ fixed</td><td>0</td></tr>
 *   <tr><td></td><td>{@code seed}</td><td>(required)</td></tr>
 * </table>
 *
 * <p>T₀ is in the units of J: a move that raises J by T₀ is accepted with probability 1/e at the
 * start; scale it with J. With the defaults T_k falls tenfold every 2,300 iterations, to 1e-3·T₀
 * at 6,900: runs of 5,000 to 20,000 evaluations, followed by a local optimizer
 * ({@link GlobalThenLocal}) since the walk converges slowly inside the final basin. The defaults
 * were chosen on Rastrigin, Ackley (n = 2 and 5) and Himmelblau: over 20 seeds with 10,000
 * evaluations and L-BFGS refinement they reach the global minimum in 20 of 20 runs on all five, and
 * so does every T₀ in {1, 10, 100} with α in {0.998, 0.999}. Moving one coordinate at a time is
 * what makes this work in 5-D: the {@code ALL_COORDINATES} proposal found the 5-D minimum of
 * Rastrigin in 1 run of 20 and of Ackley in none. Adaptation (L &gt; 0) is off by default: it keeps
 * the acceptance rate near ½ by shrinking σ as T falls, which on Rastrigin traps the walk in one
 * ripple (with L = 10 or 20: 16 of 20 runs in 2-D, none in 5-D); with the {@code ALL_COORDINATES}
 * proposal on Ackley it is what finds the 5-D minimum (20 of 20).
 *
 * <h2>Conventions</h2>
 * The classical annealing of Kirkpatrick, Gelatt and Vecchi with Corana et al.'s moves: Metropolis
 * acceptance, one coordinate per proposal in cyclic order, Gaussian steps scaled to the box, and
 * Corana's optional step control toward an acceptance rate in [0.4, 0.6]. T changes every
 * iteration; a schedule with plateaus of length M is φ(⌊k/M⌋). Where others differ:
 * <ul>
 *   <li>scipy.optimize.dual_annealing is <em>generalized</em> simulated annealing (Tsallis &amp;
 *       Stariolo; Xiang et al.): a heavy-tailed visiting distribution (q_v = {@code visit} = 2.62)
 *       that moves all coordinates and then each one in turn, a generalized acceptance rule
 *       (q_a = {@code accept} = −5), T₀ = 5230, restarts when T falls below 2e-5·T₀, and by default
 *       an L-BFGS-B local search after improvements. Here the local search is a separate stage
 *       ({@link GlobalThenLocal}) and the walk is the textbook one. Out-of-bounds visits are folded
 *       back into the box there too.</li>
 *   <li>Corana et al. adapt the steps after every N_S = 20 sweeps over the coordinates, lower T
 *       by a factor r_T = 0.85 after every N_T = max(100, 5n) adaptations, and draw uniform steps
 *       in [−vᵢ, vᵢ] rather than Gaussian ones.</li>
 *   <li>MATLAB's {@code simulannealbnd} defaults to T₀ = 100 and T = T₀·0.95^k, with k the
 *       annealing parameter (reset by reannealing every 100 accepted points), and moves all
 *       coordinates by a step of length T in a random direction ({@code annealingfast}).</li>
 * </ul>
 * The random numbers of iteration k come from a generator that depends only on (seed, k): the
 * proposal's Gaussians in coordinate order (Box–Muller with {@link StrictMath}, two uniforms each),
 * then U. The state holds no generator, so it can be copied and continued bit for bit.
 *
 * <h2>Memory</h2>
 * Two points of size n (the current and the best), n step sizes and n acceptance counts in the
 * state; a proposal of size n per iteration.
 *
 * <h2>References</h2>
 * S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi, "Optimization by simulated annealing", Science 220
 * (4598), 671–680, 1983. N. Metropolis, A. W. Rosenbluth, M. N. Rosenbluth, A. H. Teller, E. Teller,
 * "Equation of state calculations by fast computing machines", J. Chem. Phys. 21, 1953.
 * A. Corana, M. Marchesi, C. Martini, S. Ridella, "Minimizing multimodal functions of continuous
 * variables with the 'simulated annealing' algorithm", ACM TOMS 13(3), 262–280, 1987. S. Geman,
 * D. Geman, "Stochastic relaxation, Gibbs distributions, and the Bayesian restoration of images",
 * IEEE PAMI 6, 1984. Y. Xiang, D. Y. Sun, W. Fan, X. G. Gong, "Generalized simulated annealing
 * algorithm and its application to the Thomson model", Phys. Lett. A 233, 1997 (scipy's
 * dual_annealing).
 *
 * @param cooling            φ, the cooling schedule
 * @param initialTemperature T₀ &gt; 0, finite, in the units of J
 * @param stepSize           σ₀ in (0, 1], the proposal's standard deviation as a fraction of each
 *                           coordinate's width
 * @param proposal           which coordinates a proposal moves
 * @param adaptInterval      L ≥ 0, moves per coordinate between step-size adaptations; 0 keeps
 *                           σᵢ = σ₀
 * @param seed               the seed of every random draw
 * @see ParticleSwarm
 * @see MultiStart
 * @see GlobalThenLocal
 */
public record SimulatedAnnealing(CoolingSchedule cooling, double initialTemperature, double stepSize,
        Proposal proposal, int adaptInterval, long seed) implements GlobalOptimizer<SimulatedAnnealing.State> {

    /** The largest σᵢ: a standard deviation of one width. */
    public static final double MAX_STEP_SIZE = 1;

    /** Which coordinates a proposal moves. */
    public enum Proposal {
        /** One coordinate per iteration, i = k mod n (Corana et al. 1987). */
        COORDINATE,
        /** Every coordinate, with independent Gaussians. */
        ALL_COORDINATES
    }

    public SimulatedAnnealing {
        if (cooling == null || proposal == null) {
            throw new IllegalArgumentException("cooling and proposal must not be null");
        }
        Checks.positiveFinite("initialTemperature", initialTemperature);
        if (!(stepSize > 0 && stepSize <= MAX_STEP_SIZE)) {
            throw new IllegalArgumentException("stepSize = " + stepSize + " is outside (0, 1]");
        }
        if (adaptInterval < 0) {
            throw new IllegalArgumentException("adaptInterval = " + adaptInterval + " must be >= 0");
        }
    }

    /** The defaults of the table, with {@code seed}. */
    public static SimulatedAnnealing defaults(long seed) {
        return new SimulatedAnnealing(CoolingSchedule.exponential(0.999), 10, 0.1, Proposal.COORDINATE, 0, seed);
    }

    public SimulatedAnnealing withCooling(CoolingSchedule c) {
        return new SimulatedAnnealing(c, initialTemperature, stepSize, proposal, adaptInterval, seed);
    }

    public SimulatedAnnealing withInitialTemperature(double t0) {
        return new SimulatedAnnealing(cooling, t0, stepSize, proposal, adaptInterval, seed);
    }

    public SimulatedAnnealing withStepSize(double sigma) {
        return new SimulatedAnnealing(cooling, initialTemperature, sigma, proposal, adaptInterval, seed);
    }

    public SimulatedAnnealing withProposal(Proposal p) {
        return new SimulatedAnnealing(cooling, initialTemperature, stepSize, p, adaptInterval, seed);
    }

    public SimulatedAnnealing withAdaptInterval(int l) {
        return new SimulatedAnnealing(cooling, initialTemperature, stepSize, proposal, l, seed);
    }

    public SimulatedAnnealing withSeed(long s) {
        return new SimulatedAnnealing(cooling, initialTemperature, stepSize, proposal, adaptInterval, s);
    }

    @Override
    public String name() {
        return "simulated-annealing";
    }

    /** T_k. */
    public double temperature(long k) {
        return cooling.temperature(initialTemperature, k);
    }

    /** Starts from a point drawn uniformly from the box (iteration 0's generator). */
    @Override
    public State init(Objective objective, Bounds bounds) {
        bounds.requireDimension(objective.dimension(), "the objective");
        return init(objective, bounds, bounds.sample(Seeds.iterationStream(seed, 0)));
    }

    /**
     * Starts from {@code start}, which must lie in the box (as scipy's {@code x0}).
     *
     * @param start not modified
     */
    public State init(Objective objective, Bounds bounds, double[] start) {
        bounds.requireDimension(objective.dimension(), "the objective");
        bounds.requireDimension(start.length, "start");
        if (!bounds.contains(start)) {
            throw new IllegalArgumentException("start " + Arrays.toString(start) + " is outside " + bounds);
        }
        double f = objective.value(start);
        double[] sigma = new double[start.length];
        Arrays.fill(sigma, stepSize);
        return new State(0, 1, start, f, start, f, sigma, new int[start.length]);
    }

    @Override
    public State step(Objective objective, Bounds bounds, State s) {
        int n = s.x.length;
        bounds.requireDimension(objective.dimension(), "the objective");
        bounds.requireDimension(n, "the state");
        long k = s.iteration;
        double t = temperature(k);
        SplittableRandom rng = Seeds.iterationStream(seed, k + 1);
        double[] y = s.x.clone();
        int only = (int) (k % n);
        boolean all = proposal == Proposal.ALL_COORDINATES;
        for (int i = all ? 0 : only; i < (all ? n : only + 1); i++) {
            y[i] = bounds.reflect(i, s.x[i] + s.stepSizes[i] * bounds.width(i) * SearchMath.gaussian(rng));
        }
        double u = rng.nextDouble();
        double fy = objective.value(y);
        double delta = SearchMath.rank(fy) - SearchMath.rank(s.value);
        boolean accept = SearchMath.rank(fy) <= SearchMath.rank(s.value) || (t > 0 && u < StrictMath.exp(-delta / t));
        double[] x = accept ? y : s.x;
        double fx = accept ? fy : s.value;
        boolean better = SearchMath.improves(fy, s.bestValue);
        double[] best = better ? y : s.best;
        double bestValue = better ? fy : s.bestValue;
        int[] accepted = s.accepted.clone();
        double[] sigma = s.stepSizes.clone();
        if (accept) {
            for (int i = all ? 0 : only; i < (all ? n : only + 1); i++) {
                accepted[i]++;
            }
        }
        long window = all ? adaptInterval : (long) adaptInterval * n;
        if (adaptInterval > 0 && (k + 1) % window == 0) {
            for (int i = 0; i < n; i++) {
                sigma[i] = adapt(sigma[i], (double) accepted[i] / adaptInterval);
                accepted[i] = 0;
            }
        }
        return new State(k + 1, s.evaluations + 1, x, fx, best, bestValue, sigma, accepted);
    }

    /** Corana et al.'s rule with c = 2, aiming at an acceptance rate in [0.4, 0.6]. */
    static double adapt(double sigma, double rate) {
        if (rate > 0.6) {
            sigma *= 1 + 2 * (rate - 0.6) / 0.4;
        } else if (rate < 0.4) {
            sigma /= 1 + 2 * (0.4 - rate) / 0.4;
        }
        return Math.min(MAX_STEP_SIZE, sigma);
    }

    /**
     * The state of a run. Immutable: the arrays are copied on the way in and out.
     *
     * @param iteration   k, proposals made
     * @param evaluations evaluations of J so far
     * @param x           x_k, the current point of the walk
     * @param value       J(x_k)
     * @param best        the best point evaluated so far
     * @param bestValue   J(best)
     * @param stepSizes   σᵢ, the current relative steps
     * @param accepted    per coordinate, the accepted moves since the last adaptation
     */
    public record State(long iteration, long evaluations, double[] x, double value, double[] best, double bestValue,
            double[] stepSizes, int[] accepted) implements SearchState {

        public State {
            if (x == null || best == null || stepSizes == null || accepted == null) {
                throw new IllegalArgumentException("the state's arrays must not be null");
            }
            int n = x.length;
            if (n == 0 || best.length != n || stepSizes.length != n || accepted.length != n) {
                throw new IllegalArgumentException("x, best, stepSizes and accepted must have the same length n >= 1, "
                        + "got " + n + ", " + best.length + ", " + stepSizes.length + ", " + accepted.length);
            }
            if (iteration < 0 || evaluations < 0) {
                throw new IllegalArgumentException("iteration = " + iteration + " and evaluations = " + evaluations
                        + " must be >= 0");
            }
            for (int i = 0; i < n; i++) {
                if (!(stepSizes[i] > 0 && stepSizes[i] <= MAX_STEP_SIZE)) {
                    throw new IllegalArgumentException("stepSizes[" + i + "] = " + stepSizes[i]
                            + " is outside (0, 1]");
                }
                if (accepted[i] < 0) {
                    throw new IllegalArgumentException("accepted[" + i + "] = " + accepted[i] + " must be >= 0");
                }
            }
            x = x.clone();
            best = best.clone();
            stepSizes = stepSizes.clone();
            accepted = accepted.clone();
        }

        /** x_k (a fresh copy). */
        @Override
        public double[] x() {
            return x.clone();
        }

        /** The best point (a fresh copy). */
        @Override
        public double[] best() {
            return best.clone();
        }

        /** σᵢ (a fresh copy). */
        @Override
        public double[] stepSizes() {
            return stepSizes.clone();
        }

        /** A fresh copy. */
        @Override
        public int[] accepted() {
            return accepted.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && iteration == s.iteration && evaluations == s.evaluations
                    && Arrays.equals(x, s.x) && Double.compare(value, s.value) == 0 && Arrays.equals(best, s.best)
                    && Double.compare(bestValue, s.bestValue) == 0 && Arrays.equals(stepSizes, s.stepSizes)
                    && Arrays.equals(accepted, s.accepted);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(x) * 31 + Long.hashCode(iteration);
        }

        @Override
        public String toString() {
            return "SimulatedAnnealing.State[iteration=" + iteration + ", evaluations=" + evaluations + ", x="
                    + Arrays.toString(x) + ", value=" + value + ", best=" + Arrays.toString(best) + ", bestValue="
                    + bestValue + ", stepSizes=" + Arrays.toString(stepSizes) + ", accepted="
                    + Arrays.toString(accepted) + "]";
        }
    }
}
