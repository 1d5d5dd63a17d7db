package dev.descent.conformance;

/** Where a case's gradients were taken ({@code gradient_evaluation} in the file). */
public enum GradientEvaluation {
    /** At the parameters before the step, θ_{t−1}. */
    CURRENT_THETA("current_theta"),
    /** At the look-ahead point {@code steps[t-1].x_eval} (book 8.3 and 8.6). */
    LOOKAHEAD("lookahead"),
    /** The gradient is data: {@code steps[t-1].grad}, whatever θ is. */
    REPLAY("replay"),
    /**
     * Every closure call of one step is recorded ({@code steps[t-1].evaluations}; torch LBFGS,
     * lbfgs/README.md), and {@link Replayer} checks each call's point, their number, θ and torch's
     * counters (TorchLbfgs.stepWithClosure).
     */
    CLOSURE("closure");

    private final String json;

    GradientEvaluation(String json) {
        this.json = json;
    }

    /** The spelling used in the files. */
    public String json() {
        return json;
    }

    /** The constant spelled {@code s} in a file, or null. */
    static GradientEvaluation fromJson(String s) {
        for (GradientEvaluation g : values()) {
            if (g.json.equals(s)) {
                return g;
            }
        }
        return null;
    }
}
