package dev.descent.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.models.LogisticGrowth;
import dev.descent.ode.models.LotkaVolterra;
import dev.descent.ode.models.Seir;
import dev.descent.ode.models.Sir;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.Binary64Field;
import org.hipparchus.util.MathArrays;
import org.junit.jupiter.api.Test;

/** The built-in models: the {@code double} fast paths equal the field-generic definitions, and invariants hold. */
class ModelsTest {

    static final List<ParametricOde> BUILT_IN = List.of(new Sir(763), new Seir(1000), new LogisticGrowth(),
            new LotkaVolterra());

    /** The field definition evaluated on Binary64, bypassing any double override. */
    static double[] fieldDerivatives(ParametricOde ode, double t, double[] y, double[] theta) {
        Binary64[] yb = MathArrays.buildArray(Binary64Field.getInstance(), y.length);
        Binary64[] pb = MathArrays.buildArray(Binary64Field.getInstance(), theta.length);
        for (int i = 0; i < y.length; i++) {
            yb[i] = new Binary64(y[i]);
        }
        for (int j = 0; j < theta.length; j++) {
            pb[j] = new Binary64(theta[j]);
        }
        Binary64[] out = MathArrays.buildArray(Binary64Field.getInstance(), y.length);
        ode.derivatives(new Binary64(t), yb, pb, out);
        double[] d = new double[y.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = out[i].getReal();
        }
        return d;
    }

    @Test
    void doubleFastPathsEqualTheFieldDefinitions() {
        SplittableRandom rng = new SplittableRandom(20261124);
        int checked = 0;
        for (ParametricOde ode : BUILT_IN) {
            for (int trial = 0; trial < 50; trial++) {
                double[] theta = ode.defaultParameters();
                for (int j = 0; j < theta.length; j++) {
                    theta[j] = ode.parameters().get(j).transform().toNatural(
                            ode.parameters().get(j).transform().toUnconstrained(theta[j]) + rng.nextDouble(-1, 1));
                }
                double[] y = new double[ode.dimension()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextDouble(0, 500);
                }
                double t = rng.nextDouble(0, 20);
                double[] fast = new double[y.length];
                ode.derivatives(t, y, theta, fast);
                double[] field = fieldDerivatives(ode, t, y, theta);
                for (int i = 0; i < y.length; i++) {
                    assertThat(fast[i]).as(ode.name() + " dy/dt[" + i + "]")
                            .isCloseTo(field[i], within(1e-13 * Math.max(1, Math.abs(field[i]))));
                }
                double[] y0 = new double[ode.dimension()];
                ode.initialState(theta, y0);
                Binary64[] pb = MathArrays.buildArray(Binary64Field.getInstance(), theta.length);
                for (int j = 0; j < theta.length; j++) {
                    pb[j] = new Binary64(theta[j]);
                }
                Binary64[] y0b = MathArrays.buildArray(Binary64Field.getInstance(), y0.length);
                ode.initialState(pb, y0b);
                for (int i = 0; i < y0.length; i++) {
                    assertThat(y0[i]).isEqualTo(y0b[i].getReal());
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(50 * BUILT_IN.size());
    }

    @Test
    void epidemicModelsConserveThePopulation() {
        OdeSolver solver = OdeSolver.defaults();
        double[] times = {1, 5, 10, 30, 60};
        Trajectory sir = solver.solve(new Sir(763), new double[] {1.67, 0.44, 1}, 0, times);
        Trajectory seir = solver.solve(new Seir(1000), new double[] {1.5, 0.6, 0.3, 3}, 0, times);
        for (int m = 0; m < times.length; m++) {
            double total = 0;
            for (double v : sir.states()[m]) {
                total += v;
            }
            assertThat(total).isCloseTo(763, within(1e-9));
            total = 0;
            for (double v : seir.states()[m]) {
                total += v;
            }
            assertThat(total).isCloseTo(1000, within(1e-9));
        }
        assertThat(sir.state(0, "S")).isLessThan(763 - 1);
        assertThat(sir.series("R")).isSorted();
    }

    @Test
    void lotkaVolterraKeepsItsFirstIntegral() {
        LotkaVolterra lv = new LotkaVolterra();
        double[] theta = lv.defaultParameters();
        double[] times = new double[100];
        for (int i = 0; i < times.length; i++) {
            times[i] = 0.5 * (i + 1);
        }
        Trajectory tr = OdeSolver.defaults().solve(lv, theta, 0, times);
        // global error accumulates over 50 time units (about 8 cycles): 2e-8 relative measured
        double v0 = LotkaVolterra.firstIntegral(new double[] {theta[4], theta[5]}, theta);
        for (double[] state : tr.states()) {
            assertThat(LotkaVolterra.firstIntegral(state, theta)).isCloseTo(v0, within(1e-7 * Math.abs(v0)));
        }
    }

    @Test
    void derivedQuantitiesAndMetadata() {
        Sir sir = new Sir(763);
        assertThat(sir.derived(new double[] {1.5, 0.5, 1})).containsEntry("R0", 3.0);
        assertThat(new Seir(100).derived(new double[] {1.2, 0.5, 0.4, 1}).get("R0")).isCloseTo(3.0, within(1e-15));
        assertThat(sir.parameterNames()).containsExactly("beta", "gamma", "I0");
        assertThat(sir.stateNames()).containsExactly("S", "I", "R");
        assertThat(sir.parameterIndex("gamma")).isEqualTo(Sir.GAMMA);
        assertThat(sir.defaultParameters()).containsExactly(1, 0.1, 1);
        assertThat(new LotkaVolterra().derived(new LotkaVolterra().defaultParameters())).isEmpty();
        assertThatThrownBy(() -> new Sir(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("population = 0.0");
        assertThatThrownBy(() -> sir.stateIndex("E")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown state 'E'").hasMessageContaining("[S, I, R]");
    }

    @Test
    void malformedUserModelsAreRefused() {
        ParametricOde duplicate = new ParametricOde() {
            @Override
            public List<String> stateNames() {
                return List.of("x", "x");
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(Parameter.positive("k", 1));
            }

            @Override
            public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot) {
                yDot[0] = y[0];
                yDot[1] = y[1];
            }

            @Override
            public <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0) {
                y0[0] = theta[0];
                y0[1] = theta[0];
            }
        };
        assertThatThrownBy(() -> OdeSolver.defaults().solve(duplicate, new double[] {1}, 0, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate state name 'x'");
    }
}
