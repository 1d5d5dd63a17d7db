package dev.descent.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ParameterTransformTest {

    static final List<ParameterTransform> TRANSFORMS = List.of(ParameterTransform.unbounded(), ParameterTransform.positive(),
            ParameterTransform.bounded(0, 763), ParameterTransform.bounded(-1, 1));

    @Property(tries = 200, seed = "20261124")
    void roundTripAndDerivative(@ForAll @DoubleRange(min = -8, max = 8) double u) {
        for (ParameterTransform t : TRANSFORMS) {
            double theta = t.toNatural(u);
            assertThat(t.contains(theta)).as("%s(%s)", t, u).isTrue();
            assertThat(t.toUnconstrained(theta)).as("%s round trip", t).isCloseTo(u, within(1e-9 * Math.max(1, Math.abs(u))));
            double h = 1e-6;
            double fd = (t.toNatural(u + h) - t.toNatural(u - h)) / (2 * h);
            assertThat(t.derivative(u)).as("%s dθ/du", t).isCloseTo(fd, within(1e-7 * Math.max(1, Math.abs(fd))));
        }
    }

    @Test
    void formulas() {
        assertThat(ParameterTransform.positive().toNatural(Math.log(2.5))).isCloseTo(2.5, within(1e-15));
        assertThat(ParameterTransform.bounded(0, 10).toNatural(0)).isEqualTo(5.0);
        assertThat(ParameterTransform.bounded(0, 10).derivative(0)).isEqualTo(2.5);
        assertThat(ParameterTransform.unbounded().derivative(3)).isEqualTo(1.0);
        assertThat(ParameterTransform.bounded(2, 4).domain()).isEqualTo("(2.0, 4.0)");
        // far tails stay finite and inside the closed interval
        assertThat(ParameterTransform.bounded(0, 1).toNatural(-800)).isEqualTo(0.0);
        assertThat(ParameterTransform.bounded(0, 1).derivative(-800)).isEqualTo(0.0);
    }

    @Test
    void valuesOutsideTheDomainAreRefused() {
        assertThatThrownBy(() -> ParameterTransform.positive().toUnconstrained(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 0.0 is outside (0, ∞)");
        assertThatThrownBy(() -> ParameterTransform.bounded(0, 763).toUnconstrained(763))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside (0.0, 763.0)");
        assertThatThrownBy(() -> ParameterTransform.unbounded().toUnconstrained(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
        assertThatThrownBy(() -> ParameterTransform.bounded(1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower < upper");
    }

    @Test
    void parametersValidateTheirNameAndDefault() {
        assertThatThrownBy(() -> Parameter.positive("beta", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter beta: default value -1.0 is outside its domain (0, ∞)");
        assertThatThrownBy(() -> Parameter.positive("1beta", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter name '1beta'");
        assertThat(Parameter.positive("beta", 1).withDefaultValue(2).defaultValue()).isEqualTo(2.0);
    }
}
