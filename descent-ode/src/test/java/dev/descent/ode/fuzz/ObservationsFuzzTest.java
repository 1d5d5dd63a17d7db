package dev.descent.ode.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.ode.fit.Observations;
import java.io.StringReader;
import java.util.List;

/**
 * Observation CSVs (a time or date column and named count columns): any text gives observations or
 * an {@link IllegalArgumentException} naming the line (as {@link Observations#readCsv} documents);
 * never another exception.
 */
class ObservationsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void observations(FuzzedDataProvider data) {
        List<String> columns = data.consumeBoolean() ? List.of("in_bed") : List.of("in_bed", "convalescent");
        String text = data.consumeRemainingAsString();
        try {
            Observations o = Observations.readCsv(new StringReader(text), columns);
            if (o.times().length < Observations.MIN_ROWS) {
                throw new AssertionError("fewer than " + Observations.MIN_ROWS + " rows accepted");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("refused without a message", e);
            }
        }
    }
}
