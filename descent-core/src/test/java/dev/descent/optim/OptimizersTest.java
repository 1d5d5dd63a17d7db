package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.schedule.Schedule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizersTest {

    @Test
    void listsTheSevenTextbookAlgorithmsInTheBooksOrderThenTheOthers() {
        assertThat(Optimizers.names()).containsExactly(
                "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "adam",
                "adamw", "adamax", "nadam", "radam", "adadelta", "rprop", "asgd", "lion");
    }

    @Test
    void algorithmsBeyondTheBookDefaultToTorch() {
        assertThat(Optimizers.get("adamw").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.999", "1.0E-8", "0.01", "false");
        assertThat(Optimizers.get("rprop").params()).extracting(Optimizers.Param::name)
                .containsExactly("learningRate", "etaMinus", "etaPlus", "minStepSize", "maxStepSize");
        assertThat(Optimizers.get("asgd").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.01", "1.0E-4", "0.75", "1000000", "0.0");
        assertThat(Optimizers.get("lion").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("1.0E-4", "0.9", "0.99", "0.0");
    }

    @Test
    void integerParametersAcceptIntegralNumbersOnly() {
        assertThat(((Asgd) Optimizers.create("asgd", Map.of("t0", "1e3"))).t0()).isEqualTo(1000);
        assertThat(((Asgd) Optimizers.create("asgd", Map.of("t0", "10"))).t0()).isEqualTo(10);
        assertThatThrownBy(() -> Optimizers.create("asgd", Map.of("t0", "1.5")))
                .hasMessage("asgd: t0 = '1.5' is not an integer");
        assertThatThrownBy(() -> Optimizers.create("asgd", Map.of("t0", "ten")))
                .hasMessage("asgd: t0 = 'ten' is not a number");
        assertThatThrownBy(() -> Optimizers.create("asgd", Map.of("t0", "-3")))
                .hasMessage("asgd: t0 = -3 must be >= 0");
        assertThat(((Rprop) Optimizers.create("rprop", Map.of("learningRate", "0.5"))).learningRate()).isEqualTo(0.5);
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
                        + "rmsprop_nesterov, adam, adamw, adamax, nadam, radam, adadelta, rprop, asgd, lion");
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
    }
}
