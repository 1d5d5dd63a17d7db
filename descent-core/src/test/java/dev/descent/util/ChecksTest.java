package dev.descent.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void positiveFiniteReturnsTheValueAndRefusesZeroNegativesNaNAndInfinities() {
        assertThat(Checks.positiveFinite("tau", 0.25)).isEqualTo(0.25);
        assertThat(Checks.positiveFinite("tau", Double.MIN_VALUE)).isEqualTo(Double.MIN_VALUE);
        for (double bad : new double[] {0, -0.0, -1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Checks.positiveFinite("tau", bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tau = " + bad + " must be finite and > 0");
        }
    }

    @Test
    void nonNegativeFiniteAcceptsZeroAndRefusesNegativesNaNAndInfinities() {
        assertThat(Checks.nonNegativeFinite("minDelta", 0)).isZero();
        assertThat(Checks.nonNegativeFinite("minDelta", 3)).isEqualTo(3);
        for (double bad : new double[] {-1e-300, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> Checks.nonNegativeFinite("minDelta", bad))
                    .hasMessage("minDelta = " + bad + " must be finite and >= 0");
        }
    }
}
