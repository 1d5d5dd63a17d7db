package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.Block;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Initial weights have the documented variance. Tolerances come from the sample size: for N draws
 * of a zero-mean W with variance σ² and fourth moment μ₄, the sample second moment has standard
 * error √((μ₄ − σ⁴)/N), which is σ²·√(0.8/N) for a uniform (μ₄ = 1.8σ⁴) and σ²·√(2/N) for a normal
 * (μ₄ = 3σ⁴); the sample mean has standard error σ/√N. Each check allows 5 standard errors (a
 * false alarm about once in 1.7 million, and the draws are seeded anyway).
 */
class InitTest {

    static final int FAN_IN = 300;
    static final int FAN_OUT = 200;

    @ParameterizedTest
    @EnumSource(value = Init.class, names = "ZEROS", mode = EnumSource.Mode.EXCLUDE)
    void weightVarianceMatchesTheFormula(Init init) {
        Sequential layer = Sequential.of(new Dense(FAN_IN, FAN_OUT, Activation.IDENTITY).withInit(init));
        double[] theta = layer.init(2024);
        Block w = layer.layout().block("W1");
        Block b = layer.layout().block("b1");
        int n = w.size();
        double sum = 0;
        double sq = 0;
        double max = 0;
        for (int i = w.offset(); i < w.end(); i++) {
            sum += theta[i];
            sq += theta[i] * theta[i];
            max = Math.max(max, Math.abs(theta[i]));
        }
        double expected = switch (init) {
            case XAVIER_UNIFORM, XAVIER_NORMAL -> 2.0 / (FAN_IN + FAN_OUT);
            case HE_UNIFORM, HE_NORMAL -> 2.0 / FAN_IN;
            case TORCH_LINEAR -> 1.0 / (3.0 * FAN_IN);
            case ZEROS -> 0;
        };
        assertThat(init.weightVariance(FAN_IN, FAN_OUT)).isEqualTo(expected);
        boolean uniform = init == Init.XAVIER_UNIFORM || init == Init.HE_UNIFORM || init == Init.TORCH_LINEAR;
        double se = expected * Math.sqrt((uniform ? 0.8 : 2.0) / n);
        assertThat(sq / n).as("second moment of %s (expected %.6g ± %.2g)", init, expected, se)
                .isBetween(expected - 5 * se, expected + 5 * se);
        double seMean = Math.sqrt(expected / n);
        assertThat(sum / n).as("mean").isBetween(-5 * seMean, 5 * seMean);
        if (uniform) {
            double a = Math.sqrt(3 * expected);
            assertThat(max).as("uniform bound a = %.6g", a).isLessThanOrEqualTo(a).isGreaterThan(0.99 * a);
        } else {
            assertThat(max).as("a normal of 60000 draws reaches beyond 3.5σ").isGreaterThan(3.5 * Math.sqrt(expected));
        }
        for (int i = b.offset(); i < b.end(); i++) {
            if (init == Init.TORCH_LINEAR) {
                assertThat(Math.abs(theta[i])).as("torch's bias ~ U(±1/√fan_in)").isLessThanOrEqualTo(1 / Math.sqrt(FAN_IN));
            } else {
                assertThat(theta[i]).as("bias starts at 0").isZero();
            }
        }
    }

    @Test
    void torchLinearBiasesAreUniformToo() {
        Sequential layer = Sequential.of(new Dense(50, 4000, Activation.IDENTITY).withInit(Init.TORCH_LINEAR));
        double[] theta = layer.init(5);
        Block b = layer.layout().block("b1");
        double sq = 0;
        for (int i = b.offset(); i < b.end(); i++) {
            sq += theta[i] * theta[i];
        }
        double expected = 1.0 / (3 * 50);
        double se = expected * Math.sqrt(0.8 / b.size());
        assertThat(sq / b.size()).isBetween(expected - 5 * se, expected + 5 * se);
    }

    @Test
    void eachLayerUsesItsOwnFansAndTheActivationsDefault() {
        assertThat(Activation.RELU.defaultInit()).isEqualTo(Init.HE_NORMAL);
        assertThat(Activation.TANH.defaultInit()).isEqualTo(Init.XAVIER_UNIFORM);
        assertThat(Activation.SIGMOID.defaultInit()).isEqualTo(Init.XAVIER_UNIFORM);
        assertThat(Activation.IDENTITY.defaultInit()).isEqualTo(Init.XAVIER_UNIFORM);
        Sequential mlp = Mlp.of(Activation.RELU, 400, 300, 10);
        assertThat(mlp.layers().get(0).init()).isEqualTo(Init.HE_NORMAL);
        assertThat(mlp.layers().get(1).init()).as("linear output layer").isEqualTo(Init.XAVIER_UNIFORM);
        double[] theta = mlp.init(77);
        double v1 = secondMoment(theta, mlp.layout().block("W1"));
        double v2 = secondMoment(theta, mlp.layout().block("W2"));
        double e1 = 2.0 / 400;
        double e2 = 2.0 / (300 + 10);
        assertThat(v1).isBetween(e1 * (1 - 5 * Math.sqrt(2.0 / 120_000)), e1 * (1 + 5 * Math.sqrt(2.0 / 120_000)));
        assertThat(v2).isBetween(e2 * (1 - 5 * Math.sqrt(0.8 / 3000)), e2 * (1 + 5 * Math.sqrt(0.8 / 3000)));
    }

    @Test
    void theSameSeedGivesTheSameParametersBitForBit() {
        Sequential mlp = Mlp.of(Activation.TANH, 5, 7, 3);
        assertThat(mlp.init(1)).isEqualTo(mlp.init(1));
        assertThat(mlp.init(1)).isNotEqualTo(mlp.init(2));
        // the documented draw order: W1 row-major, b1, W2, b2 from one generator
        SplittableRandom rng = new SplittableRandom(1);
        double a1 = Math.sqrt(6.0 / (5 + 7));
        double[] theta = mlp.init(1);
        for (int i = 0; i < 35; i++) {
            assertThat(theta[i]).isEqualTo(rng.nextDouble(-Math.sqrt(3) * Math.sqrt(2.0 / 12), Math.sqrt(3) * Math.sqrt(2.0 / 12)));
            assertThat(Math.abs(theta[i])).isLessThan(a1 * (1 + 1e-15));
        }
        double a2 = Math.sqrt(3) * Math.sqrt(2.0 / 10);
        int w2 = mlp.layout().block("W2").offset();
        assertThat(theta[w2]).isEqualTo(rng.nextDouble(-a2, a2));
    }

    @Test
    void zerosInitializesEverythingToZero() {
        double[] theta = SoftmaxRegression.of(4, 3).init(3);
        assertThat(theta).containsOnly(0.0);
    }

    private static double secondMoment(double[] theta, Block b) {
        double s = 0;
        for (int i = b.offset(); i < b.end(); i++) {
            s += theta[i] * theta[i];
        }
        return s / b.size();
    }
}
