package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.data.Seeds;
import dev.descent.problem.Bounds;
import dev.descent.problem.Himmelblau;
import dev.descent.problem.Objective;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParticleSwarmTest {

    static final Himmelblau F = Himmelblau.standard();
    static final Bounds B = F.domain();

    @Test
    void validationNamesTheParameterAndTheRange() {
        ParticleSwarm d = ParticleSwarm.defaults(0);
        assertThatThrownBy(() -> d.withSwarmSize(1)).hasMessage("swarmSize = 1 must be >= 2");
        assertThatThrownBy(() -> d.withAccelerations(-1, 2)).hasMessage("cognitive = -1.0 must be finite and >= 0");
        assertThatThrownBy(() -> d.withAccelerations(1, Double.NaN)).hasMessage("social = NaN must be finite and >= 0");
        assertThatThrownBy(() -> d.withMaxVelocity(0)).hasMessage("maxVelocity = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> d.withMaxVelocity(2)).hasMessage("maxVelocity = 2.0 is outside (0, 1]");
        assertThatThrownBy(() -> new ParticleSwarm.Inertia.Constant(1.2)).hasMessage("w = 1.2 is outside [0, 1]");
        assertThatThrownBy(() -> new ParticleSwarm.Inertia.LinearDecreasing(0.9, -0.1, 10))
                .hasMessage("end = -0.1 is outside [0, 1]");
        assertThatThrownBy(() -> new ParticleSwarm.Inertia.LinearDecreasing(0.9, 0.4, 0))
                .hasMessage("steps = 0 must be >= 1");
        assertThatThrownBy(() -> d.withBoundary(null)).hasMessage("inertia and boundary must not be null");
        ParticleSwarm.State s = d.withSwarmSize(3).init(F, B);
        assertThatThrownBy(() -> d.step(F, B, s)).hasMessage("the state has 3 particles but swarmSize = 40");
        assertThatThrownBy(() -> new ParticleSwarm.State(0, 2, new double[2][2], new double[2][2],
                new double[][] {{0, 0}, {0}}, new double[2])).hasMessage("personalBest[1] has length 1, expected 2");
    }

    @Test
    void defaultsAreClercAndKennedysConstriction() {
        ParticleSwarm d = ParticleSwarm.defaults(3);
        assertThat(d.swarmSize()).isEqualTo(40);
        assertThat(d.inertia()).isEqualTo(new ParticleSwarm.Inertia.Constant(0.7298));
        assertThat(d.cognitive()).isEqualTo(1.49618);
        assertThat(d.social()).isEqualTo(1.49618);
        assertThat(d.maxVelocity()).isEqualTo(0.5);
        assertThat(d.boundary()).isEqualTo(ParticleSwarm.BoundaryHandling.CLIP);
        // χ = 2 / |2 − φ − √(φ² − 4φ)| for φ = 4.1, and χφ/2
        double phi = 4.1;
        double chi = 2 / Math.abs(2 - phi - Math.sqrt(phi * phi - 4 * phi));
        assertThat(ParticleSwarm.CONSTRICTION).isCloseTo(chi, within(5e-5));
        assertThat(ParticleSwarm.CONSTRICTED_ACCELERATION).isCloseTo(chi * phi / 2, within(5e-5));
    }

    @Test
    void linearlyDecreasingInertia() {
        ParticleSwarm.Inertia w = new ParticleSwarm.Inertia.LinearDecreasing(0.9, 0.4, 100);
        assertThat(w.weight(0)).isEqualTo(0.9);
        assertThat(w.weight(50)).isCloseTo(0.65, within(1e-15));
        assertThat(w.weight(100)).isCloseTo(0.4, within(1e-15));
        assertThat(w.weight(1000)).isCloseTo(0.4, within(1e-15));
    }

    @Test
    void aStepIsTheDocumentedUpdateBitForBit() {
        ParticleSwarm pso = ParticleSwarm.defaults(8).withSwarmSize(5).withMaxVelocity(0.2);
        ParticleSwarm.State s = pso.init(F, B);
        assertThat(s.evaluations()).isEqualTo(5);
        for (int k = 0; k < 20; k++) {
            double[][] x = s.positions();
            double[][] v = s.velocities();
            double[][] p = s.personalBest();
            double[] pv = s.personalBestValues();
            double[] g = s.best();
            SplittableRandom rng = Seeds.iterationStream(8, k + 1);
            for (int i = 0; i < 5; i++) {
                for (int d = 0; d < 2; d++) {
                    double r1 = rng.nextDouble();
                    double r2 = rng.nextDouble();
                    double vd = 0.7298 * v[i][d] + 1.49618 * r1 * (p[i][d] - x[i][d]) + 1.49618 * r2 * (g[d] - x[i][d]);
                    vd = Math.max(-2.0, Math.min(2.0, vd)); // 0.2 · width 10
                    double xd = x[i][d] + vd;
                    if (xd < -5 || xd > 5) {
                        xd = Math.max(-5, Math.min(5, xd));
                        vd = 0;
                    }
                    x[i][d] = xd;
                    v[i][d] = vd;
                }
                double f = F.value(x[i]);
                if (f < pv[i]) {
                    pv[i] = f;
                    p[i] = x[i].clone();
                }
            }
            ParticleSwarm.State next = pso.step(F, B, s);
            assertThat(next.positions()).isDeepEqualTo(x);
            assertThat(next.velocities()).isDeepEqualTo(v);
            assertThat(next.personalBest()).isDeepEqualTo(p);
            assertThat(next.personalBestValues()).isEqualTo(pv);
            assertThat(next.evaluations()).isEqualTo(5L * (k + 2));
            s = next;
        }
    }

    @Test
    void wallsAbsorbOrReflect() {
        // the minimum is far to the right of the box: particles keep hitting the face x = 1
        Objective pull = Objective.of(1, (x, g) -> (x[0] - 100) * (x[0] - 100));
        Bounds b = Bounds.cube(1, -1, 1);
        ParticleSwarm clip = ParticleSwarm.defaults(1).withSwarmSize(10);
        ParticleSwarm.State s = clip.init(pull, b);
        boolean hit = false;
        for (int k = 0; k < 30; k++) {
            ParticleSwarm.State next = clip.step(pull, b, s);
            for (int i = 0; i < 10; i++) {
                double x = next.positions()[i][0];
                double unclipped = s.positions()[i][0] + next.velocities()[i][0];
                if (x == 1 && next.velocities()[i][0] == 0) {
                    hit = true;
                } else {
                    assertThat(x).isEqualTo(unclipped); // moved freely
                }
            }
            s = next;
        }
        assertThat(hit).isTrue();
        assertThat(s.best()[0]).isEqualTo(1.0); // the constrained minimizer is the face

        ParticleSwarm reflect = clip.withBoundary(ParticleSwarm.BoundaryHandling.REFLECT);
        ParticleSwarm.State r = reflect.init(pull, b);
        int reflections = 0;
        for (int k = 0; k < 30; k++) {
            ParticleSwarm.State next = reflect.step(pull, b, r);
            for (int i = 0; i < 10; i++) {
                double before = r.positions()[i][0];
                double v = next.velocities()[i][0];
                double x = next.positions()[i][0];
                if (x != before + v) { // not a free move: mirrored at a face, velocity reversed
                    double through = before - v; // where the unreversed velocity would have taken it
                    assertThat(Math.abs(through)).isGreaterThan(1);
                    assertThat(x).isCloseTo(through > 1 ? 2 - through : -2 - through, within(1e-12));
                    reflections++;
                }
            }
            r = next;
        }
        assertThat(reflections).isPositive();
    }

    @Test
    void theSwarmsBestIsTheBestPersonalBestAndNeverWorsens() {
        ParticleSwarm pso = ParticleSwarm.defaults(2).withSwarmSize(8);
        ParticleSwarm.State s = pso.init(F, B);
        double previous = s.bestValue();
        for (int k = 0; k < 50; k++) {
            s = pso.step(F, B, s);
            double min = Double.POSITIVE_INFINITY;
            for (double v : s.personalBestValues()) {
                min = Math.min(min, v);
            }
            assertThat(s.bestValue()).isEqualTo(min).isLessThanOrEqualTo(previous);
            assertThat(F.value(s.best())).isEqualTo(s.bestValue());
            previous = s.bestValue();
        }
    }
}
