/**
 * Conformance: replays reference trajectories in the {@code optim-golden/1} format (torch.optim
 * 1.13.1 in float64, and a numpy transcription of Goodfellow et al., ch. 8) against descent's
 * optimizers.
 *
 * <p>Pipeline: {@link dev.descent.conformance.CaseReader} parses one JSON file into a
 * {@link dev.descent.conformance.GoldenCase}; {@link dev.descent.conformance.CaseOptimizers} maps
 * it to a descent optimizer (or says why it cannot yet); {@link dev.descent.conformance.Replayer}
 * steps it and compares; {@link dev.descent.conformance.ConformanceRunner} does this for a whole
 * directory and produces {@link dev.descent.conformance.CaseResult} lines and a summary.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>Numbers are read exactly: the files hold the shortest decimal that round-trips a double,
 *       and non-finite values are the JSON strings {@code "NaN"}, {@code "Infinity"} and
 *       {@code "-Infinity"}.</li>
 *   <li>Element-wise comparison: |actual − expected| ≤ atol + rtol·|expected|, with the case's
 *       own tolerance (never loosened here). NaN matches only NaN and ±∞ only the same ∞.</li>
 *   <li>Step t (from 1) uses the learning rate {@code schedule.valueAt(t − 1)}; it is checked
 *       against {@code steps[t-1].lr} to a relative 1e-13. The Polyak steps have no learning rate
 *       ({@code "lr": null}); a value-aware optimizer is offered the step's loss J(θ_{t−1}) before
 *       each step instead, the recorded {@code loss} (or, closed loop, the recomputed value).</li>
 *   <li>A per-step field beyond θ that a mapping declares (ASGD's averaged iterate {@code ax}) is
 *       compared with the named buffer of the optimizer's state after each step, at θ's
 *       tolerance.</li>
 *   <li>Nothing in a case is ignored silently: an unknown hyperparameter, schedule field or per-step
 *       field makes the case UNSUPPORTED with a reason; a missing or ill-typed field makes it a FAIL
 *       that names the file and the field.</li>
 *   <li>Results are deterministic: files are visited in path order.</li>
 * </ul>
 */
package dev.descent.conformance;
