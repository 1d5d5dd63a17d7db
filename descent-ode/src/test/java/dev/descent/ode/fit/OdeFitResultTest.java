package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.examples.InfluenzaEngland1978;
import java.util.List;
import org.junit.jupiter.api.Test;

class OdeFitResultTest {

    @Test
    void theGroupsHoldWhatTheFlatAccessorsRead() {
        OdeFitProblem problem = InfluenzaEngland1978.problem();
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(problem);

        OdeFitResult.Estimates e = lm.parameterEstimates();
        assertThat(e.fitted()).containsExactly("beta", "gamma");
        assertThat(e.parameters()[e.parameterNames().indexOf("beta")]).isEqualTo(lm.parameter("beta"))
                .isCloseTo(1.6692, within(1e-4));
        assertThat(e.standardErrors()[1]).isEqualTo(lm.standardError("gamma")).isCloseTo(0.0156, within(1e-4));
        assertThat(e.derived().get("R0")).isEqualTo(lm.r0()).isCloseTo(3.764, within(1e-3));

        OdeFitResult.Misfit m = lm.misfit();
        assertThat(m.value()).isEqualTo(lm.lossValue()).isEqualTo(m.sumOfSquares()).isCloseTo(4121.9, within(0.1));
        assertThat(m.observations()).isEqualTo(14).isEqualTo(problem.observationCount());

        OdeFitResult.Curves c = lm.curves();
        assertThat(c.observed()).isEqualTo(List.of("in_bed"));
        assertThat(c.predictions()).hasDimensions(14, 1);
        assertThat(c.times()).hasSize(14);

        OdeFitResult.Run r = lm.run();
        assertThat(r.iterations()).isEqualTo(lm.iterations()).isPositive();
        assertThat(r.evaluations()).isEqualTo(lm.evaluations()).isGreaterThanOrEqualTo(r.iterations());
        assertThat(r.reason()).isSameAs(lm.reason());
        assertThat(lm.identifiability().identifiable()).isTrue();
    }
}
