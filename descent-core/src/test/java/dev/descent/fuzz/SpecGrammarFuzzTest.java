package dev.descent.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.tune.SearchSpace;

/**
 * Fuzz targets of the spec grammars: any text gives an optimizer (or a search space), or a
 * {@link SpecException} naming a position; never another exception, a stack overflow or a hang.
 * {@code mvn verify} replays the corpus under {@code src/test/resources/dev/descent/fuzz/}
 * ({@code SpecGrammarFuzzTestInputs/<method>/}); {@code bin/fuzz} fuzzes one target for a while.
 */
class SpecGrammarFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void optimizerSpec(FuzzedDataProvider data) {
        String spec = data.consumeRemainingAsString();
        try {
            Optimizer<?> o = OptimizerSpec.build(spec);
            if (o == null || o.name() == null) {
                throw new AssertionError("built a null optimizer or name from '" + spec + "'");
            }
        } catch (SpecException e) {
            Fuzzing.requireMessage(e, spec);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void searchSpace(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            SearchSpace s = SearchSpace.parse(text);
            if (s == null) {
                throw new AssertionError("null search space from '" + text + "'");
            }
        } catch (SpecException e) {
            Fuzzing.requireMessage(e, text);
        }
    }
}
