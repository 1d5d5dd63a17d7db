package dev.descent.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void linearDecayFollowsTheBooksFormulaThenStaysAtTheLastValue() {
        LinearDecay s = new LinearDecay(0.5, 0.05, 25);
        assertThat(s.valueAt(0)).isEqualTo(0.5);
        for (int k = 0; k < 25; k++) {
            double a = k / 25.0;
            assertThat(s.valueAt(k)).isCloseTo((1 - a) * 0.5 + a * 0.05, within(1e-16));
        }
        assertThat(s.valueAt(25)).isEqualTo(0.05);
        assertThat(s.valueAt(1000)).isEqualTo(0.05);
        assertThat(s.valueAt(12)).isCloseTo(0.5 - 12 * (0.45 / 25), within(1e-15));
    }

    @Test
    void stepDecayHalvesEveryPeriod() {
        StepDecay s = new StepDecay(0.01, 0.5, 10);
        assertThat(s.valueAt(0)).isEqualTo(0.01);
        assertThat(s.valueAt(9)).isEqualTo(0.01);
        assertThat(s.valueAt(10)).isEqualTo(0.005);
        assertThat(s.valueAt(29)).isEqualTo(0.0025);
        assertThat(s.valueAt(30)).isEqualTo(0.00125);
    }

    @Test
    void invalidSchedulesNameTheirParameter() {
        assertThatThrownBy(() -> new LinearDecay(0.1, 0.01, 0)).hasMessage("tau = 0 must be >= 1");
        assertThatThrownBy(() -> new LinearDecay(-0.1, 0.01, 5)).hasMessage("initial = -0.1 must be finite and > 0");
        assertThatThrownBy(() -> new StepDecay(0.1, 1.5, 5)).hasMessage("gamma = 1.5 is outside (0, 1]");
        assertThatThrownBy(() -> new StepDecay(0.1, 0.5, 0)).hasMessage("every = 0 must be >= 1");
    }
}
