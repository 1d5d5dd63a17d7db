package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.schedule.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCopierTest {

    private record Pair(double a, String b) {
        Pair {
            if (a < 0) {
                throw new IllegalArgumentException("a = " + a + " must be >= 0");
            }
        }
    }

    @Test
    void copiesWithOneComponentReplacedThroughTheCanonicalConstructor() {
        RecordCopier<Adam> c = RecordCopier.of(Adam.class);
        Adam a = Adam.defaults();
        assertThat(c.with(a, "beta1", 0.92)).isEqualTo(a.withBeta1(0.92));
        assertThat(c.with(a, Map.of("beta2", 0.99, "learningRate", Schedule.constant(0.1))))
                .isEqualTo(a.withBeta2(0.99).withLearningRate(0.1));
        assertThat(c.with(a, new int[] {c.indexOf("eps")}, new Object[] {1e-6})).isEqualTo(a.withEps(1e-6));
        assertThat(c.components()).containsExactly("learningRate", "beta1", "beta2", "eps", "weightDecay", "amsgrad");
        assertThat(c.componentType(c.indexOf("amsgrad"))).isEqualTo(boolean.class);
        assertThat(c.get(a, c.indexOf("beta2"))).isEqualTo(0.999);
        assertThat(c.componentsOfType(double.class)).containsExactly("beta1", "beta2", "eps", "weightDecay");
        assertThat(a.beta1()).isEqualTo(0.9); // the original is untouched
    }

    @Test
    void oneCopierPerClass() {
        assertThat(RecordCopier.of(Adam.class)).isSameAs(RecordCopier.forRecord(Adam.defaults()));
        assertThat(RecordCopier.forObject("x", Momentum.defaults())).isSameAs(RecordCopier.of(Momentum.class));
    }

    @Test
    void theRecordsOwnValidationSpeaks() {
        RecordCopier<Adam> c = RecordCopier.of(Adam.class);
        assertThatThrownBy(() -> c.with(Adam.defaults(), "beta1", 1.2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("beta1 = 1.2 is outside [0, 1)");
        assertThatThrownBy(() -> RecordCopier.of(Pair.class).with(new Pair(1, "x"), "a", -1.0))
                .hasMessage("a = -1.0 must be >= 0");
    }

    @Test
    void worksForNonPublicRecords() {
        Pair p = RecordCopier.of(Pair.class).with(new Pair(1, "x"), "b", "y");
        assertThat(p).isEqualTo(new Pair(1, "y"));
    }

    @Test
    void misuseIsExplained() {
        RecordCopier<Adam> c = RecordCopier.of(Adam.class);
        assertThatThrownBy(() -> c.with(Adam.defaults(), "beta3", 0.5))
                .hasMessage("Adam has no component 'beta3'; components: learningRate, beta1, beta2, eps, weightDecay, amsgrad");
        assertThatThrownBy(() -> c.with(Adam.defaults(), "beta1", "0.9"))
                .hasMessage("Adam.beta1 is a double, got String 0.9");
        assertThatThrownBy(() -> c.with(Adam.defaults(), "beta1", null)).hasMessage("Adam.beta1 is a double, got null");
        assertThatThrownBy(() -> c.with(Adam.defaults(), "learningRate", 0.1))
                .hasMessage("Adam.learningRate is a Schedule, got Double 0.1");
        assertThatThrownBy(() -> c.create(new Object[2])).hasMessage("Adam has 6 components, got 2 values");
        assertThatThrownBy(() -> RecordCopier.forObject("base", "text"))
                .hasMessage("base must be a record, got java.lang.String");
    }
}
