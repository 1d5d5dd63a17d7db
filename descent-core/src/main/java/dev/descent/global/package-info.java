/**
 * Global search over a box: {@link dev.descent.global.SimulatedAnnealing},
 * {@link dev.descent.global.ParticleSwarm} and {@link dev.descent.global.MultiStart}, and
 * {@link dev.descent.global.GlobalThenLocal} to hand the best point found to any local optimizer —
 * against the local minima that gradient methods stop in.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li><b>The local API.</b> Every method takes an {@link dev.descent.problem.Objective} and a
 *       {@link dev.descent.problem.Bounds}, stops by the same
 *       {@link dev.descent.optim.stop.StoppingCriterion} values as the local optimizers
 *       ({@code MaxIterations}, {@code MaxEvaluations}, {@code TimeBudget}, {@code Patience} on the
 *       best value), and returns the same {@link dev.descent.minimize.Result}: point and value are
 *       the best found, {@code values} is the trace of the best value, and the
 *       {@link dev.descent.optim.stop.StopReason} says why it ended. Searches made of several runs
 *       (multistart, global-then-local) return a {@link dev.descent.global.GlobalResult}: a
 *       summary {@code Result} plus every run.</li>
 *   <li><b>Configuration and state.</b> A method is an immutable record that includes its seed;
 *       its state is an immutable record ({@link dev.descent.global.SearchState}) and a step
 *       returns a new one, so states are snapshots and a refused step changes nothing.</li>
 *   <li><b>Randomness.</b> Only from the seed, never from a global generator. Iteration k draws
 *       from a generator that depends on (seed, k) alone, so the same seed gives the same run bit for
 *       bit, and Gaussian draws use {@link java.lang.StrictMath} so the bits are the same on every
 *       platform. Particles are updated in a fixed order and nothing runs in parallel.</li>
 *   <li><b>Bounds.</b> Every point a global method evaluates lies inside the box; the local
 *       refinement after it is unconstrained.</li>
 *   <li><b>No gradients.</b> The global methods call {@code Objective.value} only; a NaN value
 *       ranks below every number, so failed evaluations are never the best nor accepted uphill.</li>
 * </ul>
 */
package dev.descent.global;
