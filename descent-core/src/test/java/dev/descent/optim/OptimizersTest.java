package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.schedule.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizersTest {

    @Test
    void listsTheSevenTextbookAlgorithmsInTheBooksOrderThenTheRest() {
        assertThat(Optimizers.names()).containsExactly(
                "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "adam", "lbfgs");
    }

    @Test
    void parametersAndDefaultsComeFromTheRecords() {
        Optimizers.Entry adam = Optimizers.get("adam");
        assertThat(adam.params()).extracting(Optimizers.Param::name)
                .containsExactly("learningRate", "beta1", "beta2", "eps", "weightDecay", "amsgrad");
        assertThat(adam.params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.999", "1.0E-8", "0.0", "false");
        assertThat(Optimizers.get("rmsprop").params().get(3).defaultValue()).isEqualTo("inside_sqrt");
    }

    @Test
    void createOverridesByName() {
        Optimizer<?> o = Optimizers.create("adam", Map.of("learningRate", "0.02", "beta2", "0.99", "amsgrad", "true"));
        assertThat(o).isEqualTo(new Adam(Schedule.constant(0.02), 0.9, 0.99, 1e-8, 0, true));
        Optimizer<?> n = Optimizers.create("NESTEROV", Map.of("form", "Reformulated"));
        assertThat(((Nesterov) n).form()).isEqualTo(NesterovForm.REFORMULATED);
        assertThat(Optimizers.create("sgd")).isEqualTo(Sgd.defaults());
    }

    @Test
    void badNamesAndValuesAreNamedInTheMessage() {
        assertThatThrownBy(() -> Optimizers.create("adamm"))
                .hasMessage("unknown optimizer 'adamm'; known: sgd, momentum, nesterov, adagrad, rmsprop, "
                        + "rmsprop_nesterov, adam, lbfgs");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("lr", "0.1")))
                .hasMessageContaining("adam: unknown parameter 'lr'; known: learningRate, beta1");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("beta1", "abc")))
                .hasMessage("adam: beta1 = 'abc' is not a number");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("beta1", "1")))
                .hasMessage("adam: beta1 = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("amsgrad", "yes")))
                .hasMessage("adam: amsgrad = 'yes' is not true or false");
        assertThatThrownBy(() -> Optimizers.create("momentum", Map.of("form", "sideways")))
                .hasMessage("momentum: form = 'sideways' is not one of [velocity, buffer]");
        assertThatThrownBy(() -> Optimizers.create("lbfgs", Map.of("historySize", "2.5")))
                .hasMessage("lbfgs: historySize = '2.5' is not an integer");
        assertThatThrownBy(() -> Optimizers.create("lbfgs", Map.of("historySize", "0")))
                .hasMessage("lbfgs: historySize = 0 must be >= 1");
    }

    @Test
    void lbfgsParametersIncludeIntegersAndItsLineSearchEnum() {
        Optimizers.Entry e = Optimizers.get("lbfgs");
        assertThat(e.params()).extracting(Optimizers.Param::name).containsExactly("learningRate", "historySize",
                "lineSearch", "maxLineSearchEvaluations", "c1", "c2", "approximateWolfeEps");
        assertThat(e.params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("1.0", "10", "strong_wolfe", "25", "1.0E-4", "0.9", "1.0E-10");
        Optimizer<?> o = Optimizers.create("lbfgs", Map.of("historySize", " 5 ", "lineSearch", "none", "c2", "0.5"));
        assertThat(o).isEqualTo(Lbfgs.defaults().withHistorySize(5).withLineSearch(Lbfgs.LineSearch.NONE)
                .withWolfeConstants(1e-4, 0.5));
    }
}
