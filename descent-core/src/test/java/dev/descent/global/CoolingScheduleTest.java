package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CoolingScheduleTest {

    @Test
    void theThreeSchedules() {
        CoolingSchedule exp = CoolingSchedule.exponential(0.9);
        assertThat(exp.temperature(10, 0)).isEqualTo(10);
        assertThat(exp.temperature(10, 2)).isCloseTo(8.1, within(1e-14));
        CoolingSchedule log = CoolingSchedule.logarithmic();
        assertThat(log.temperature(10, 0)).isEqualTo(10);
        assertThat(log.temperature(10, 2)).isCloseTo(10 * Math.log(2) / Math.log(4), within(1e-14)); // = 5
        CoolingSchedule lin = CoolingSchedule.linear(4);
        assertThat(lin.temperature(10, 1)).isEqualTo(7.5);
        assertThat(lin.temperature(10, 4)).isZero();
        assertThat(lin.temperature(10, 40)).isZero();
    }

    @Test
    void everyScheduleStartsAtOneAndNeverRises() {
        for (CoolingSchedule c : new CoolingSchedule[] {CoolingSchedule.exponential(0.999), CoolingSchedule.logarithmic(),
                CoolingSchedule.linear(500)}) {
            assertThat(c.factor(0)).isEqualTo(1.0);
            for (long k = 1; k < 2_000; k++) {
                assertThat(c.factor(k)).as("%s at %d", c, k).isLessThanOrEqualTo(c.factor(k - 1)).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> CoolingSchedule.exponential(1)).hasMessage("alpha = 1.0 is outside (0, 1)");
        assertThatThrownBy(() -> CoolingSchedule.exponential(0)).hasMessage("alpha = 0.0 is outside (0, 1)");
        assertThatThrownBy(() -> CoolingSchedule.linear(0)).hasMessage("steps = 0 must be >= 1");
    }
}
