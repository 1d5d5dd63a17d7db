package dev.descent.conformance.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.conformance.CaseOptimizers;
import dev.descent.conformance.CaseReader;
import dev.descent.conformance.GoldenCase;
import dev.descent.conformance.MalformedCaseException;

/**
 * Conformance case files (optim-golden/1 JSON): any text gives a case (and its optimizer mapping) or
 * a {@link MalformedCaseException} naming the field, or, for a well-formed case whose values descent
 * refuses, the {@link IllegalArgumentException} {@link CaseOptimizers#forCase} documents (the runner
 * reports it as "descent refuses the configuration: …"); never another exception.
 */
class CaseFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void goldenCase(FuzzedDataProvider data) {
        String json = data.consumeRemainingAsString();
        try {
            GoldenCase c = CaseReader.read(json, "fuzz.json");
            try {
                CaseOptimizers.forCase(c);
            } catch (IllegalArgumentException refused) {
                if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                    throw new AssertionError("a refusal without a message", refused);
                }
            }
        } catch (MalformedCaseException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("MalformedCaseException without a message", e);
            }
        }
    }
}
