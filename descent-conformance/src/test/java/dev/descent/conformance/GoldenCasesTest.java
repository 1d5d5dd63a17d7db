package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every bundled reference case, with recorded and with recomputed gradients. Book and lbfgs
 * cases and the torch cases of the implemented classes ({@link BundledCases#required}) must PASS; every
 * other case must PASS or be UNSUPPORTED (shown as skipped, with the reason), so a supported case
 * that regresses fails the build and a newly supported one starts counting.
 */
class GoldenCasesTest {

    /** lbfgs/: the 8 shared torch.optim.LBFGS cases and the 2 further variants of lbfgs_refs.py. */
    static final int LBFGS_CASES = 10;

    /** muon/: the 2 shared transcriptions and the 5 runs of the references by generators/matrix_refs.py. */
    static final int MUON_CASES = 7;

    /** adafactor/: the 2 shared transcriptions and the 4 runs of torch's code by generators/matrix_refs.py. */
    static final int ADAFACTOR_CASES = 6;

    static List<Arguments> cases() {
        return BundledCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recordedGradients(String id, Path file) {
        check(file, new ConformanceRunner(Replayer.recorded()).runFile(file));
    }

    @ParameterizedTest(name = "{0} (closed loop)")
    @MethodSource("cases")
    void recomputedGradients(String id, Path file) {
        check(file, new ConformanceRunner(new Replayer(Replayer.Mode.CLOSED_LOOP)).runFile(file));
    }

    private static void check(Path file, CaseResult result) {
        assertThat(result.id()).isEqualTo(BundledCases.id(file));
        if (BundledCases.required(file)) {
            assertThat(result.status()).as(result.line()).isEqualTo(CaseResult.Status.PASS);
            return;
        }
        assertThat(result.status()).as(result.line()).isNotEqualTo(CaseResult.Status.FAIL);
        if (result.status() == CaseResult.Status.UNSUPPORTED) {
            Assumptions.abort(result.reason());
        }
    }

    @Test
    void everyBundledCaseIsCounted() {
        // The README promises 21 book and 50 torch cases; a lost file must not pass unnoticed.
        assertThat(ConformanceRunner.caseFiles(BundledCases.book())).hasSize(21);
        assertThat(ConformanceRunner.caseFiles(BundledCases.torch())).hasSize(50);
        assertThat(ConformanceRunner.caseFiles(BundledCases.lbfgs())).hasSize(LBFGS_CASES);
        assertThat(ConformanceRunner.caseFiles(BundledCases.optax())).hasSize(11 + 23);
        assertThat(ConformanceRunner.caseFiles(BundledCases.polyak())).hasSize(10);
        assertThat(ConformanceRunner.caseFiles(BundledCases.muon())).hasSize(MUON_CASES);
        assertThat(ConformanceRunner.caseFiles(BundledCases.adafactor())).hasSize(ADAFACTOR_CASES);
        // + all 21 lrfree, all 34 optax (lamb/lars/sam 11, optax_refs.py 23), all lbfgs, all 10 polyak,
        // all muon and all adafactor
        assertThat(cases()).filteredOn(a -> BundledCases.required((Path) a.get()[1]))
                .hasSize(21 + 50 + 21 + 11 + 23 + LBFGS_CASES + 10 + MUON_CASES + ADAFACTOR_CASES);
    }
}
