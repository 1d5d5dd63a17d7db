package dev.descent.tune;

import dev.descent.nn.Evaluation;
import java.util.List;

/**
 * What a search found.
 *
 * @param trials       every trial, ranked: highest rung first, then by score (best first), then
 *                     diverged and failed trials, ties by index
 * @param best         the best trial of the highest rung with a score, or null when no trial finished
 * @param bestParams   the best trial's final θ, or null (copied out)
 * @param validation   the best trial's final θ on the validation set, or null
 * @param test         the same on the test set, or null without one (or without a best trial)
 * @param budgets      the epoch budget of each rung (one rung for random search)
 * @param elapsedNanos wall time of the search
 */
public record TuneResult(List<Trial> trials, Trial best, double[] bestParams, Evaluation validation, Evaluation test,
        List<Integer> budgets, long elapsedNanos) {

    public TuneResult {
        trials = List.copyOf(trials);
        budgets = List.copyOf(budgets);
        bestParams = bestParams == null ? null : bestParams.clone();
    }

    @Override
    public double[] bestParams() {
        return bestParams == null ? null : bestParams.clone();
    }

    /** How many trials reached rung {@code k} (were trained with budget {@code budgets().get(k)}). */
    public int trialsAtRung(int k) {
        int n = 0;
        for (Trial t : trials) {
            if (t.rung() >= k) {
                n++;
            }
        }
        return n;
    }
}
