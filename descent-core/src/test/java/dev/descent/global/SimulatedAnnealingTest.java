package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.data.Seeds;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;
import dev.descent.problem.Rastrigin;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SimulatedAnnealingTest {

    static final Rastrigin F = Rastrigin.standard(3);
    static final Bounds B = F.domain();

    @Test
    void validationNamesTheParameterAndTheRange() {
        SimulatedAnnealing d = SimulatedAnnealing.defaults(0);
        assertThatThrownBy(() -> d.withInitialTemperature(0))
                .hasMessage("initialTemperature = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> d.withInitialTemperature(Double.POSITIVE_INFINITY))
                .hasMessage("initialTemperature = Infinity must be finite and > 0");
        assertThatThrownBy(() -> d.withStepSize(1.5)).hasMessage("stepSize = 1.5 is outside (0, 1]");
        assertThatThrownBy(() -> d.withStepSize(0)).hasMessage("stepSize = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> d.withAdaptInterval(-1)).hasMessage("adaptInterval = -1 must be >= 0");
        assertThatThrownBy(() -> d.withCooling(null)).hasMessage("cooling and proposal must not be null");
        assertThatThrownBy(() -> d.init(F, B, new double[] {0, 0, 6}))
                .hasMessageStartingWith("start [0.0, 0.0, 6.0] is outside Bounds[[-5.12, 5.12]");
        assertThatThrownBy(() -> d.init(F, Bounds.cube(2, -1, 1)))
                .hasMessage("the objective has dimension 3 but the bounds have dimension 2");
        assertThatThrownBy(() -> new SimulatedAnnealing.State(0, 1, new double[2], 0, new double[2], 0,
                new double[] {0.1, 0}, new int[2])).hasMessage("stepSizes[1] = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> new SimulatedAnnealing.State(0, 1, new double[2], 0, new double[3], 0,
                new double[2], new int[2])).hasMessageContaining("got 2, 3, 2, 2");
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        SimulatedAnnealing d = SimulatedAnnealing.defaults(7);
        assertThat(d).isEqualTo(new SimulatedAnnealing(new CoolingSchedule.Exponential(0.999), 10, 0.1,
                SimulatedAnnealing.Proposal.COORDINATE, 0, 7));
        assertThat(d.temperature(0)).isEqualTo(10);
        assertThat(d.temperature(2300)).isCloseTo(1.0, within(0.01)); // tenfold every 2,300 iterations
        assertThat(d.name()).isEqualTo("simulated-annealing");
    }

    @Test
    void aStepIsTheDocumentedUpdateBitForBit() {
        // reference: draw the proposal and U from the iteration's generator by hand
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(5).withProposal(SimulatedAnnealing.Proposal.ALL_COORDINATES);
        SimulatedAnnealing.State s = sa.init(F, B);
        double[] x0 = B.sample(Seeds.iterationStream(5, 0));
        assertThat(s.x()).isEqualTo(x0);
        for (int k = 0; k < 50; k++) {
            SplittableRandom rng = Seeds.iterationStream(5, k + 1);
            double[] y = s.x();
            for (int i = 0; i < 3; i++) {
                y[i] = B.reflect(i, y[i] + 0.1 * 10.24 * SearchMath.gaussian(rng));
            }
            double u = rng.nextDouble();
            double fy = F.value(y);
            double t = 10 * StrictMath.pow(0.999, k);
            boolean accept = fy <= s.value() || u < StrictMath.exp(-(fy - s.value()) / t);
            SimulatedAnnealing.State next = sa.step(F, B, s);
            assertThat(next.x()).isEqualTo(accept ? y : s.x());
            assertThat(next.value()).isEqualTo(accept ? fy : s.value());
            assertThat(next.bestValue()).isEqualTo(Math.min(fy, s.bestValue()));
            assertThat(next.evaluations()).isEqualTo(k + 2);
            s = next;
        }
    }

    @Test
    void theCoordinateProposalMovesCoordinateKModN() {
        Objective flat = Objective.of(3, (x, g) -> 0); // Δ = 0: every move is accepted
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(2);
        SimulatedAnnealing.State s = sa.init(flat, B);
        for (int k = 0; k < 12; k++) {
            SimulatedAnnealing.State next = sa.step(flat, B, s);
            for (int i = 0; i < 3; i++) {
                if (i == k % 3) {
                    assertThat(next.x()[i]).isNotEqualTo(s.x()[i]);
                } else {
                    assertThat(next.x()[i]).isEqualTo(s.x()[i]);
                }
            }
            s = next;
        }
    }

    @Test
    void atTemperatureZeroNoUphillMoveIsAccepted() {
        // linear cooling reaches T = 0 at k = 1: from then on the walk only goes down or sideways
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(3).withCooling(CoolingSchedule.linear(1));
        SimulatedAnnealing.State s = sa.step(F, B, sa.init(F, B));
        int moves = 0;
        for (int k = 1; k < 3_000; k++) {
            SimulatedAnnealing.State next = sa.step(F, B, s);
            assertThat(next.value()).isLessThanOrEqualTo(s.value());
            moves += next.value() < s.value() ? 1 : 0;
            s = next;
        }
        assertThat(moves).isPositive();
        assertThat(s.value()).isEqualTo(s.bestValue());
    }

    @Test
    void atAHugeTemperatureAlmostEveryMoveIsAccepted() {
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(3).withInitialTemperature(1e12)
                .withCooling(CoolingSchedule.exponential(0.999_999));
        SimulatedAnnealing.State s = sa.init(F, B);
        int accepted = 0;
        int uphill = 0;
        for (int k = 0; k < 1_000; k++) {
            SimulatedAnnealing.State next = sa.step(F, B, s);
            accepted += next.value() == s.value() ? 0 : 1;
            uphill += next.value() > s.value() ? 1 : 0;
            s = next;
        }
        assertThat(accepted).isGreaterThan(990);
        assertThat(uphill).isGreaterThan(300);
    }

    @Test
    void failedEvaluationsAreNeverAcceptedNorBest() {
        // J is NaN on half the box: the walk, started in the other half, never enters it
        Objective half = Objective.of(1, (x, g) -> x[0] > 0 ? Double.NaN : x[0] * x[0]);
        Bounds b = Bounds.cube(1, -1, 1);
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(4).withStepSize(0.5).withInitialTemperature(1e6);
        SimulatedAnnealing.State s = sa.init(half, b, new double[] {-0.5});
        for (int k = 0; k < 2_000; k++) {
            s = sa.step(half, b, s);
            assertThat(s.x()[0]).isLessThanOrEqualTo(0);
            assertThat(s.bestValue()).isNotNaN();
        }
        // started in the NaN half, it walks out (NaN to NaN moves are sideways, hence accepted)
        SimulatedAnnealing.State t = sa.init(half, b, new double[] {0.5});
        for (int k = 0; k < 200; k++) {
            t = sa.step(half, b, t);
        }
        assertThat(t.bestValue()).isNotNaN();
    }

    @Test
    void coranasStepControl() {
        assertThat(SimulatedAnnealing.adapt(0.1, 0.8)).isCloseTo(0.2, within(1e-15)); // 1 + 2·0.2/0.4 = 2
        assertThat(SimulatedAnnealing.adapt(0.1, 0.0)).isCloseTo(0.1 / 3, within(1e-15));
        assertThat(SimulatedAnnealing.adapt(0.1, 0.5)).isEqualTo(0.1);
        assertThat(SimulatedAnnealing.adapt(0.9, 1.0)).isEqualTo(1.0); // capped at one width
        // in a run: every L·n iterations, each σᵢ follows its own acceptance rate
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(6).withAdaptInterval(4);
        SimulatedAnnealing.State s = sa.init(F, B);
        for (int k = 0; k < 11; k++) {
            s = sa.step(F, B, s);
            assertThat(s.stepSizes()).containsOnly(0.1);
        }
        int[] acceptedBefore = s.accepted();
        s = sa.step(F, B, s); // iteration 12 = 4·3
        assertThat(s.accepted()).containsOnly(0);
        for (int i = 0; i < 3; i++) {
            // coordinate 2's last move may or may not have been accepted in this step
            double low = SimulatedAnnealing.adapt(0.1, acceptedBefore[i] / 4.0);
            double high = SimulatedAnnealing.adapt(0.1, (acceptedBefore[i] + (i == 2 ? 1 : 0)) / 4.0);
            assertThat(s.stepSizes()[i]).isIn(low, high);
        }
    }
}
