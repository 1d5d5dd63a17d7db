package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.minimize.Result;
import dev.descent.optim.stop.StopReason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlobalResultTest {

    static Result run(double value, double... trace) {
        return new Result(new double[] {value}, value, 0.5, trace.length - 1, trace.length + 1,
                new StopReason.Converged("test", "ok"), trace, new double[trace.length], 10);
    }

    static final StopReason DONE = new StopReason.Budget("starts", "done");

    @Test
    void summaryCombinesTheRuns() {
        GlobalResult r = GlobalResult.of(List.of(run(3, 5, 3), run(1, 4, 2, 1), run(2, 9, 2)), DONE, 99);
        assertThat(r.bestRun()).isEqualTo(1);
        assertThat(r.point()).containsExactly(1);
        assertThat(r.value()).isEqualTo(1);
        assertThat(r.summary().iterations()).isEqualTo(1 + 2 + 1);
        assertThat(r.evaluations()).isEqualTo(3 + 4 + 3);
        assertThat(r.summary().values()).containsExactly(5, 3, 4, 2, 1, 9, 2);
        assertThat(r.bestSoFar()).containsExactly(5, 3, 3, 2, 1, 1, 1);
        assertThat(r.reason()).isEqualTo(DONE);
        assertThat(r.summary().elapsedNanos()).isEqualTo(99);
        assertThat(r.summary().point()).isNotSameAs(r.best().point());
    }

    @Test
    void theLaterRunWinsATieAndNaNRanksLast() {
        assertThat(GlobalResult.of(List.of(run(1, 1), run(1, 1)), DONE, 0).bestRun()).isEqualTo(1);
        assertThat(GlobalResult.of(List.of(run(Double.NaN, Double.NaN), run(7, 7)), DONE, 0).bestRun()).isEqualTo(1);
        assertThat(GlobalResult.of(List.of(run(7, 7), run(Double.NaN, Double.NaN)), DONE, 0).bestRun()).isEqualTo(0);
        assertThat(GlobalResult.of(List.of(run(Double.NaN, 1), run(Double.POSITIVE_INFINITY, 1)), DONE, 0).bestRun())
                .isEqualTo(1);
    }

    @Test
    void validationAndImmutability() {
        assertThatThrownBy(() -> GlobalResult.of(List.of(), DONE, 0)).hasMessage("a global result needs at least one run");
        Result one = run(1, 1);
        assertThatThrownBy(() -> new GlobalResult(one, List.of(one), 1)).hasMessage("bestRun = 1 is outside [0, 1)");
        List<Result> runs = new ArrayList<>(List.of(one));
        GlobalResult r = new GlobalResult(one, runs, 0);
        runs.add(one);
        assertThat(r.runs()).hasSize(1);
        assertThatThrownBy(() -> r.runs().add(one)).isInstanceOf(UnsupportedOperationException.class);
    }
}
