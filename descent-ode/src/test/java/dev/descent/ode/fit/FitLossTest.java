package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FitLoss values against the probability mass functions, derivatives against central differences. */
class FitLossTest {

    static final List<FitLoss> LOSSES = List.of(FitLoss.sumOfSquares(), FitLoss.poisson(), FitLoss.negativeBinomial(0.7),
            FitLoss.negativeBinomial(12));

    @Test
    void derivativesMatchCentralDifferences() {
        for (FitLoss loss : LOSSES) {
            for (double mu : new double[] {0.3, 2.5, 40, 298}) {
                for (double y : new double[] {0, 1, 7, 225}) {
                    double h = 1e-6 * mu;
                    double fd = (loss.value(mu + h, y) - loss.value(mu - h, y)) / (2 * h);
                    assertThat(loss.derivative(mu, y)).as("%s at μ = %s, y = %s", loss, mu, y)
                            .isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
                }
            }
        }
    }

    @Test
    void poissonIsTheNegativeLogOfItsMassFunction() {
        // P(Y = 3 | μ = 2) = e^{−2} 2³/3!
        double p = Math.exp(-2) * 8 / 6;
        assertThat(FitLoss.poisson().value(2, 3)).isCloseTo(-Math.log(p), within(1e-14));
        assertThat(FitLoss.poisson().value(0, 0)).isZero();
        assertThat(FitLoss.poisson().value(0, 1)).isInfinite();
        assertThat(FitLoss.poisson().value(-1, 1)).isInfinite();
        assertThat(FitLoss.poisson().fisherWeight(4)).isEqualTo(0.25);
    }

    @Test
    void negativeBinomialIsTheNegativeLogOfItsMassFunction() {
        // size k = 2, mean μ = 3: p = k/(k + μ) = 0.4; P(Y = 4) = C(4 + 1, 4) p² (1 − p)⁴ = 5 · 0.16 · 0.1296
        double p = 5 * 0.16 * 0.1296;
        assertThat(FitLoss.negativeBinomial(2).value(3, 4)).isCloseTo(-Math.log(p), within(1e-13));
        assertThat(FitLoss.negativeBinomial(2).fisherWeight(3)).isCloseTo(1 / (3 + 9 / 2.0), within(1e-15));
    }

    @Test
    void negativeBinomialTendsToPoisson() {
        for (double y : new double[] {0, 3, 50}) {
            double far = Math.abs(FitLoss.negativeBinomial(1e2).value(20, y) - FitLoss.poisson().value(20, y));
            double near = Math.abs(FitLoss.negativeBinomial(1e6).value(20, y) - FitLoss.poisson().value(20, y));
            assertThat(near).isLessThan(1e-3).isLessThan(far / 100);
        }
    }

    @Test
    void sumOfSquares() {
        assertThat(FitLoss.sumOfSquares().value(5, 2)).isEqualTo(9.0);
        assertThat(FitLoss.sumOfSquares().derivative(5, 2)).isEqualTo(6.0);
        assertThat(FitLoss.sumOfSquares().name()).isEqualTo("sse");
    }

    @Test
    void dispersionIsValidated() {
        assertThatThrownBy(() -> FitLoss.negativeBinomial(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dispersion = 0.0");
        assertThatThrownBy(() -> FitLoss.negativeBinomial(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
