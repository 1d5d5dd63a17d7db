package dev.descent.ode.models;

import dev.descent.ode.Parameter;
import dev.descent.ode.ParametricOde;
import dev.descent.util.Checks;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.hipparchus.CalculusFieldElement;

/**
 * The SIR epidemic model of Kermack and McKendrick: a closed population of N split into susceptible,
 * infectious and removed.
 *
 * <pre>
 *   dS/dt = −β S I / N
 *   dI/dt =  β S I / N − γ I
 *   dR/dt =  γ I
 *   S(0) = N − I₀,  I(0) = I₀,  R(0) = 0                 R₀ = β / γ
 * </pre>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>symbol</th><th>name</th><th>default</th><th>domain (transform)</th><th>meaning</th></tr>
 *   <tr><td>β</td><td>{@code beta}</td><td>1</td><td>(0, ∞) (log)</td><td>transmission rate, per day</td></tr>
 *   <tr><td>γ</td><td>{@code gamma}</td><td>0.1</td><td>(0, ∞) (log)</td><td>removal rate, per day (1/γ is the infectious period)</td></tr>
 *   <tr><td>I₀</td><td>{@code I0}</td><td>1</td><td>(0, N) (logit)</td><td>infectious at t = 0</td></tr>
 * </table>
 *
 * <p>S + I + R = N is conserved. The defaults β = 1, γ = 0.1 are a generic start for fitting, not
 * estimates. {@link #derived} reports R₀ = β/γ, the basic reproduction number.
 *
 * <h2>References</h2>
 * W. O. Kermack, A. G. McKendrick, "A contribution to the mathematical theory of epidemics",
 * Proc. R. Soc. Lond. A 115(772):700–721, 1927. F. Brauer, C. Castillo-Chavez, <i>Mathematical Models
 * in Population Biology and Epidemiology</i>, 2nd ed., Springer 2012, §9.2.
 *
 * @param population N &gt; 0, the (constant) population size
 * @see Seir
 */
public record Sir(double population) implements ParametricOde {

    /** Index of β in θ. */
    public static final int BETA = 0;
    /** Index of γ in θ. */
    public static final int GAMMA = 1;
    /** Index of I₀ in θ. */
    public static final int I0 = 2;

    public Sir {
        Checks.positiveFinite("population", population);
    }

    @Override
    public String name() {
        return "SIR";
    }

    @Override
    public List<String> stateNames() {
        return List.of("S", "I", "R");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.positive("beta", 1), Parameter.positive("gamma", 0.1),
                Parameter.bounded("I0", Math.min(1, population / 2), 0, population));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot) {
        T infection = theta[BETA].multiply(y[0]).multiply(y[1]).divide(population);
        T removal = theta[GAMMA].multiply(y[1]);
        yDot[0] = infection.negate();
        yDot[1] = infection.subtract(removal);
        yDot[2] = removal;
    }

    @Override
    public <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0) {
        y0[0] = theta[I0].negate().add(population);
        y0[1] = theta[I0];
        y0[2] = theta[I0].getField().getZero();
    }

    @Override
    public void derivatives(double t, double[] y, double[] theta, double[] yDot) {
        double infection = theta[BETA] * y[0] * y[1] / population;
        double removal = theta[GAMMA] * y[1];
        yDot[0] = -infection;
        yDot[1] = infection - removal;
        yDot[2] = removal;
    }

    @Override
    public void initialState(double[] theta, double[] y0) {
        y0[0] = population - theta[I0];
        y0[1] = theta[I0];
        y0[2] = 0;
    }

    /** R₀ = β/γ. */
    @Override
    public Map<String, Double> derived(double[] theta) {
        return Map.of("R0", theta[BETA] / theta[GAMMA]);
    }

    /** N: S + I + R = N at all times. */
    @Override
    public OptionalDouble conservedTotal() {
        return OptionalDouble.of(population);
    }
}
