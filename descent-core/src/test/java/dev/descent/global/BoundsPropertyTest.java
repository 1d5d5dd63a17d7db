package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.problem.Bounds;
import dev.descent.problem.Objective;
import dev.descent.problem.Rastrigin;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/**
 * Every candidate a global method evaluates lies in the box, for random boxes, seeds and
 * settings, including an objective whose minimum lies far outside the box (so particles and walks
 * push against the faces all the time).
 */
class BoundsPropertyTest {

    /** J(x) = Σ (xᵢ − cᵢ)², minimized at a point c that may be outside the box. */
    static Objective bowl(double[] c) {
        return Objective.of(c.length, (x, g) -> {
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = 2 * (x[i] - c[i]);
                f += (x[i] - c[i]) * (x[i] - c[i]);
            }
            return f;
        });
    }

    static Bounds box(double lo, double width, int n) {
        double[] l = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = lo + i;
            u[i] = lo + i + width * (1 + i);
        }
        return new Bounds(l, u);
    }

    static void assertAllInside(GlobalTesting.Recording f, Bounds b) {
        assertThat(f.points).isNotEmpty();
        for (double[] x : f.points) {
            assertThat(b.contains(x)).as("%s in %s", java.util.Arrays.toString(x), b).isTrue();
        }
    }

    @Property(tries = 60, seed = "41")
    void annealingStaysInside(@ForAll @DoubleRange(min = -100, max = 100) double lo,
            @ForAll @DoubleRange(min = 1e-6, max = 50) @Scale(8) double width, @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @DoubleRange(min = -1e3, max = 1e3) double target, @ForAll long seed,
            @ForAll @DoubleRange(min = 0.01, max = 1) double stepSize, @ForAll boolean allCoordinates,
            @ForAll @IntRange(min = 0, max = 5) int adapt) {
        Bounds b = box(lo, width, n);
        double[] c = new double[n];
        java.util.Arrays.fill(c, target);
        GlobalTesting.Recording f = new GlobalTesting.Recording(bowl(c));
        SimulatedAnnealing sa = SimulatedAnnealing.defaults(seed).withStepSize(stepSize).withAdaptInterval(adapt)
                .withProposal(allCoordinates ? SimulatedAnnealing.Proposal.ALL_COORDINATES
                        : SimulatedAnnealing.Proposal.COORDINATE);
        var r = sa.minimize(f, b, new MaxIterations(300));
        assertThat(f.points).hasSize(302); // x₀, 300 proposals, and the final evaluation at the best point
        assertThat(b.contains(r.point())).isTrue();
        assertAllInside(f, b);
    }

    @Property(tries = 60, seed = "42")
    void swarmStaysInside(@ForAll @DoubleRange(min = -100, max = 100) double lo,
            @ForAll @DoubleRange(min = 1e-6, max = 50) @Scale(8) double width, @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @DoubleRange(min = -1e3, max = 1e3) double target, @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 12) int swarmSize, @ForAll @DoubleRange(min = 0.01, max = 1) double maxVelocity,
            @ForAll boolean reflect) {
        Bounds b = box(lo, width, n);
        double[] c = new double[n];
        java.util.Arrays.fill(c, target);
        GlobalTesting.Recording f = new GlobalTesting.Recording(bowl(c));
        ParticleSwarm pso = ParticleSwarm.defaults(seed).withSwarmSize(swarmSize).withMaxVelocity(maxVelocity)
                .withBoundary(reflect ? ParticleSwarm.BoundaryHandling.REFLECT : ParticleSwarm.BoundaryHandling.CLIP);
        ParticleSwarm.State s = pso.init(f, b);
        for (int k = 0; k < 40; k++) {
            s = pso.step(f, b, s);
            for (double[] v : s.velocities()) {
                for (int d = 0; d < n; d++) {
                    assertThat(Math.abs(v[d])).isLessThanOrEqualTo(maxVelocity * b.width(d));
                }
            }
        }
        assertThat(f.points).hasSize(41 * swarmSize);
        assertAllInside(f, b);
    }

    @Property(tries = 20, seed = "43")
    void multiStartStartsInside(@ForAll @DoubleRange(min = -100, max = 100) double lo,
            @ForAll @DoubleRange(min = 1e-6, max = 50) @Scale(8) double width, @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 30) int starts, @ForAll boolean uniform) {
        Bounds b = box(lo, width, n);
        MultiStart ms = MultiStart.of(GlobalTesting.lbfgs(), starts, seed)
                .withSampling(uniform ? MultiStart.Sampling.UNIFORM : MultiStart.Sampling.LATIN_HYPERCUBE);
        double[][] pts = ms.startingPoints(b);
        assertThat(pts).hasNumberOfRows(starts);
        for (double[] p : pts) {
            assertThat(b.contains(p)).isTrue();
        }
    }

    @Property(tries = 10, seed = "44")
    void aSwarmOnRastriginNeverLeavesItsDomain(@ForAll long seed) {
        Rastrigin r = Rastrigin.standard(3);
        GlobalTesting.Recording f = new GlobalTesting.Recording(r);
        ParticleSwarm.defaults(seed).withBoundary(ParticleSwarm.BoundaryHandling.REFLECT).minimize(f, r.domain(),
                new MaxEvaluations(2_000));
        assertAllInside(f, r.domain());
    }
}
