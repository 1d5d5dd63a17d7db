package dev.descent.global;

import static dev.descent.global.GlobalTesting.lbfgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.minimize.Result;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.problem.Ackley;
import dev.descent.problem.Rastrigin;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same seed gives the same run bit for bit; another seed gives another run. */
class DeterminismTest {

    static final Rastrigin F = Rastrigin.standard(3);

    static Stream<Arguments> methods() {
        return Stream.of(
                Arguments.of("annealing", (LongFunction<GlobalSearch>) s -> SimulatedAnnealing.defaults(s)
                        .until(new MaxEvaluations(3_000))),
                Arguments.of("annealing, all coordinates, adaptive", (LongFunction<GlobalSearch>) s -> SimulatedAnnealing
                        .defaults(s).withProposal(SimulatedAnnealing.Proposal.ALL_COORDINATES).withAdaptInterval(10)
                        .until(new MaxEvaluations(3_000))),
                Arguments.of("swarm", (LongFunction<GlobalSearch>) s -> ParticleSwarm.defaults(s)
                        .until(new MaxEvaluations(3_000))),
                Arguments.of("swarm, reflecting", (LongFunction<GlobalSearch>) s -> ParticleSwarm.defaults(s)
                        .withBoundary(ParticleSwarm.BoundaryHandling.REFLECT).until(new MaxEvaluations(3_000))),
                Arguments.of("multistart", (LongFunction<GlobalSearch>) s -> MultiStart.of(lbfgs(), 20, s)),
                Arguments.of("multistart, uniform", (LongFunction<GlobalSearch>) s -> MultiStart.of(lbfgs(), 20, s)
                        .withSampling(MultiStart.Sampling.UNIFORM)),
                Arguments.of("annealing then L-BFGS", (LongFunction<GlobalSearch>) s -> new GlobalThenLocal(
                        SimulatedAnnealing.defaults(s).until(new MaxEvaluations(3_000)), lbfgs())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void sameSeedSameTraceOtherSeedOtherTrace(String name, LongFunction<GlobalSearch> method) {
        Result a = method.apply(42).minimize(F, F.domain());
        Result b = method.apply(42).minimize(F, F.domain());
        Result c = method.apply(43).minimize(F, F.domain());
        assertThat(b.values()).as("trace").isEqualTo(a.values());
        assertThat(b.point()).isEqualTo(a.point());
        assertThat(b.evaluations()).isEqualTo(a.evaluations());
        assertThat(b.reason()).isEqualTo(a.reason());
        assertThat(bits(b.values())).isEqualTo(bits(a.values()));
        assertThat(c.values()).as("another seed's trace").isNotEqualTo(a.values());
    }

    @Test
    void aStateContinuesExactlyLikeTheUninterruptedRun() {
        Ackley f = Ackley.standard(4);
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(9).withAdaptInterval(5);
        SimulatedAnnealing.State s = sa.init(f, f.domain());
        for (int k = 0; k < 777; k++) {
            s = sa.step(f, f.domain(), s);
        }
        SimulatedAnnealing.State saved = s; // immutable: it is its own snapshot
        Result whole = sa.until(new MaxIterations(2_000)).minimize(f, f.domain());
        Result resumed = sa.until(new MaxIterations(2_000)).minimize(f, f.domain(), saved);
        assertThat(resumed.point()).isEqualTo(whole.point());
        assertThat(resumed.evaluations()).isEqualTo(whole.evaluations());
        assertThat(resumed.values()).isEqualTo(java.util.Arrays.copyOfRange(whole.values(), 777, whole.values().length));

        ParticleSwarm pso = ParticleSwarm.defaults(9);
        ParticleSwarm.State p = pso.init(f, f.domain());
        for (int k = 0; k < 30; k++) {
            p = pso.step(f, f.domain(), p);
        }
        ParticleSwarm.State rebuilt = new ParticleSwarm.State(p.iteration(), p.evaluations(), p.positions(),
                p.velocities(), p.personalBest(), p.personalBestValues()); // e.g. restored from a checkpoint
        assertThat(pso.step(f, f.domain(), rebuilt)).isEqualTo(pso.step(f, f.domain(), p));
        assertThat(pso.until(new MaxIterations(100)).minimize(f, f.domain(), rebuilt).point())
                .isEqualTo(pso.until(new MaxIterations(100)).minimize(f, f.domain()).point());
    }

    @Test
    void aStepLeavesItsInputStateUntouched() {
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(1);
        SimulatedAnnealing.State s0 = sa.init(F, F.domain());
        SimulatedAnnealing.State copy = new SimulatedAnnealing.State(s0.iteration(), s0.evaluations(), s0.x(), s0.value(),
                s0.best(), s0.bestValue(), s0.stepSizes(), s0.accepted());
        sa.step(F, F.domain(), s0);
        assertThat(s0).isEqualTo(copy);
        s0.x()[0] = 99; // accessors hand out copies
        assertThat(s0).isEqualTo(copy);

        ParticleSwarm pso = ParticleSwarm.defaults(1);
        ParticleSwarm.State p0 = pso.init(F, F.domain());
        double[][] before = p0.positions();
        pso.step(F, F.domain(), p0);
        assertThat(p0.positions()).isDeepEqualTo(before);
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }
}
