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
                "adamw", "adamax", "nadam", "radam", "adadelta", "rprop", "asgd", "lion", "lamb", "lars", "adafactor", "muon",
                "adabelief", "yogi", "adan", "novograd", "sign_sgd", "noisy_sgd",
                "prodigy", "dadapt_adam", "dadapt_sgd", "dog", "ldog", "sf_adamw", "sf_sgd",
                "polyak", "sps_max", "lbfgs", "torch_lbfgs");
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
        // Optax's defaults (Optax has no default learning rate)
        assertThat(Optimizers.get("lamb").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.999", "1.0E-6", "0.0", "0.0", "all");
        assertThat(Optimizers.get("lars").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("1.0", "0.0", "all", "0.001", "0.0", "all", "0.9", "false");
    }

    @Test
    void optaxAliasesKeepOptaxsDefaultsAndKeys() {
        assertThat(Optimizers.get("adabelief").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.999", "1.0E-16", "1.0E-16", "0.0", "false");
        assertThat(Optimizers.get("yogi").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.999", "0.001", "0.0", "1.0E-6");
        assertThat(Optimizers.get("adan").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.98", "0.92", "0.99", "1.0E-8", "1.0E-8", "0.0");
        assertThat(Optimizers.get("novograd").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.001", "0.9", "0.25", "1.0E-6", "0.0", "0.0");
        assertThat(Optimizers.get("noisy_sgd").params()).extracting(Optimizers.Param::defaultValue)
                .containsExactly("0.01", "0.01", "0.55", "0");
        // Optax's argument names work as spec keys
        assertThat(Optimizers.create("adan", Map.of("b1", "0.9", "b3", "0.95", "eps_root", "0", "learning_rate", "0.1")))
                .isEqualTo(new Adan(Schedule.constant(0.1), 0.9, 0.92, 0.95, 1e-8, 0, 0));
        assertThat(Optimizers.create("yogi", Map.of("initial_accumulator_value", "0.5")))
                .isEqualTo(Yogi.defaults().withInitialAccumulator(0.5));
        assertThat(Optimizers.create("noisy_sgd", Map.of("key", "42"))).isEqualTo(NoisySgd.defaults().withSeed(42));
        assertThatThrownBy(() -> Optimizers.create("yogi", Map.of("initial_accumulator_value", "0")))
                .hasMessage("yogi: initialAccumulator = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> Optimizers.create("noisy_sgd", Map.of("seed", "1.5")))
                .hasMessage("noisy_sgd: seed = '1.5' is not an integer");
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
                .hasMessageStartingWith("unknown optimizer 'adamm'; known: sgd, momentum, nesterov, adagrad, rmsprop, "
                        + "rmsprop_nesterov, adam, adamw, adamax, nadam, radam, adadelta, rprop, asgd, lion, lamb, lars, adafactor, muon, "
                        + "adabelief, yogi, adan, novograd, sign_sgd, noisy_sgd, "
                        + "prodigy, dadapt_adam, dadapt_sgd, dog, ldog, sf_adamw, sf_sgd, "
                        + "polyak, sps_max, lbfgs, torch_lbfgs, torch.sgd");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("lrr", "0.1")))
                .hasMessageContaining("adam: unknown parameter 'lrr'; known: learningRate, beta1");
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

    @Test
    void torchNamesAreAliases() {
        assertThat(Optimizers.create("adam", Map.of("lr", "0.02", "betas", "0.8,0.99", "weight_decay", "0.1")))
                .isEqualTo(new Adam(Schedule.constant(0.02), 0.8, 0.99, 1e-8, 0.1, false));
        assertThat(Optimizers.create("rmsprop", Map.of("alpha", "0.99")))
                .isEqualTo(RmsProp.defaults().withRho(0.99));
        assertThat(Optimizers.create("adagrad", Map.of("initial_accumulator_value", "0.1", "lr_decay", "0.01")))
                .isEqualTo(AdaGrad.defaults().withInitialAccumulator(0.1).withLrDecay(0.01));
        assertThat(Optimizers.create("rprop", Map.of("etas", "0.4,1.3", "step_sizes", "1e-7,10")))
                .isEqualTo(new Rprop(0.01, 0.4, 1.3, 1e-7, 10));
        assertThat(((Asgd) Optimizers.create("asgd", Map.of("lambd", "1e-3"))).lambda()).isEqualTo(1e-3);
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("betas", "0.9")))
                .hasMessage("adam: betas = '0.9' needs 2 values (beta1, beta2)");
        assertThatThrownBy(() -> Optimizers.create("adam", Map.of("lr", "0.1", "learningRate", "0.2")))
                .hasMessageContaining("learningRate is given twice");
    }

    @Test
    void sgdTakesTorchsMomentumAndNesterov() {
        assertThat(Optimizers.create("sgd", Map.of("lr", "0.1"))).isEqualTo(Sgd.of(0.1));
        assertThat(Optimizers.create("sgd", Map.of("lr", "0.1", "momentum", "0.9", "dampening", "0.1")))
                .isEqualTo(Momentum.torch(0.1, 0.9, 0.1, 0));
        assertThat(Optimizers.create("sgd", Map.of("lr", "0.1", "momentum", "0.9", "nesterov", "true",
                "weight_decay", "1e-4"))).isEqualTo(Nesterov.torch(0.1, 0.9, 1e-4));
        assertThatThrownBy(() -> Optimizers.create("sgd", Map.of("nesterov", "true")))
                .hasMessageContaining("nesterov = true needs momentum > 0");
    }

    @Test
    void torchPresetsChangeOnlyTheDefaults() {
        assertThat(Optimizers.create("torch.adagrad")).isEqualTo(AdaGrad.torch());
        assertThat(Optimizers.create("torch.rmsprop", Map.of("lr", "0.001")))
                .isEqualTo(RmsProp.torch().withLearningRate(0.001));
        assertThat(Optimizers.all()).extracting(Optimizers.Entry::name).doesNotContain("torch.adagrad");
    }

    @Test
    void withReplacesOneComponentAndValidates() {
        assertThat(Optimizers.with(Adam.defaults(), "beta1", 0.5)).isEqualTo(Adam.defaults().withBeta1(0.5));
        assertThatThrownBy(() -> Optimizers.with(Adam.defaults(), "beta1", 1.5))
                .hasMessage("beta1 = 1.5 is outside [0, 1)");
        assertThatThrownBy(() -> Optimizers.with(Adam.defaults(), "rho", 0.5))
                .hasMessage("adam has no parameter 'rho'");
    }

    @Test
    void aStableDescriptionIsTheRecordTextOrNullForALambda() {
        Optimizer<?> adam = Adam.of(0.01);
        assertThat(Optimizers.stableDescription(adam)).isEqualTo(adam.toString()).startsWith("Adam[learningRate=");
        Optimizer<?> wrapped = new dev.descent.optim.transform.NonFiniteGuard(
                dev.descent.optim.transform.NonFinitePolicy.SKIP, adam);
        assertThat(Optimizers.stableDescription(wrapped)).isEqualTo(wrapped.toString());
        Schedule lambda = k -> 0.01;
        assertThat(Optimizers.stableDescription(Adam.of(0.01).withLearningRate(lambda))).isNull();
        assertThat(Optimizers.stableDescription(new dev.descent.optim.transform.NonFiniteGuard(
                dev.descent.optim.transform.NonFinitePolicy.SKIP, Sgd.of(0.1).withLearningRate(lambda)))).isNull();
    }
}
