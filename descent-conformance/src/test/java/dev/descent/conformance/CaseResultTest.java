package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CaseResultTest {

    @Test
    void passLine() {
        assertThat(CaseResult.pass("sgd.plain.quadA", 9.368e-17, 3.281e-13).withTolerance(Tolerance.RECORDED, null).line())
                .isEqualTo("sgd.plain.quadA PASS max_abs=9.368e-17 max_rel=3.281e-13 rtol=1e-12 atol=1e-14");
        assertThat(CaseResult.pass("x", 0, 0).line()).isEqualTo("x PASS max_abs=0.000e+00 max_rel=0.000e+00 rtol=- atol=-");
        assertThat(CaseResult.pass("x", 0, 0).withTolerance(Tolerance.RECORDED, new Tolerance(1e300, 0)).line())
                .isEqualTo("x PASS max_abs=0.000e+00 max_rel=0.000e+00 rtol=1e-12 atol=1e-14"
                        + " (capped: the case asks rtol=1e+300 atol=0)");
    }

    @Test
    void failAndUnsupportedLinesCarryTheReasonAfterTwoSpaces() {
        assertThat(CaseResult.fail("x", 1e-9, 2e-9, "step 3: theta[0] ...").line())
                .isEqualTo("x FAIL max_abs=1.000e-09 max_rel=2.000e-09 rtol=- atol=-  step 3: theta[0] ...");
        assertThat(CaseResult.unsupported("y", "not yet").withTolerance(new Tolerance(2.5e-13, 0), null).line())
                .isEqualTo("y UNSUPPORTED max_abs=- max_rel=- rtol=2.5e-13 atol=0  not yet");
    }

    @Test
    void failuresNeedAReason() {
        assertThatThrownBy(() -> CaseResult.fail("x", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toleranceMatchesNonFiniteValuesByKind() {
        Tolerance t = new Tolerance(1e-12, 1e-14);
        assertThat(t.allows(Double.NaN, Double.NaN)).isTrue();
        assertThat(t.allows(1, Double.NaN)).isFalse();
        assertThat(t.allows(Double.NaN, 1)).isFalse();
        assertThat(t.allows(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
        assertThat(t.allows(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isFalse();
        assertThat(t.allows(1 + 1e-12, 1)).isTrue();
        assertThat(t.allows(1 + 2e-12, 1)).isFalse();
        assertThat(t.allows(1e-14, 0)).isTrue();
        assertThat(t.allows(2e-14, 0)).isFalse();
    }
}
