package dev.descent.ode.models;

import dev.descent.ode.Parameter;
import dev.descent.ode.ParametricOde;
import dev.descent.util.Checks;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.hipparchus.CalculusFieldElement;

/**
 * The SEIR epidemic model: SIR with a latent (exposed, infected but not yet infectious) class.
 *
 * <pre>
 *   dS/dt = −β S I / N
 *   dE/dt =  β S I / N − σ E
 *   dI/dt =  σ E − γ I
 *   dR/dt =  γ I
 *   S(0) = N − I₀,  E(0) = 0,  I(0) = I₀,  R(0) = 0        R₀ = β / γ
 * </pre>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>symbol</th><th>name</th><th>default</th><th>domain (transform)</th><th>meaning</th></tr>
 *   <tr><td>β</td><td>{@code beta}</td><td>1</td><td>(0, ∞) (log)</td><td>transmission rate</td></tr>
 *   <tr><td>σ</td><td>{@code sigma}</td><td>0.5</td><td>(0, ∞) (log)</td><td>rate of becoming infectious (1/σ is the latent period)</td></tr>
 *   <tr><td>γ</td><td>{@code gamma}</td><td>0.1</td><td>(0, ∞) (log)</td><td>removal rate</td></tr>
 *   <tr><td>I₀</td><td>{@code I0}</td><td>1</td><td>(0, N) (logit)</td><td>infectious at t = 0</td></tr>
 * </table>
 *
 * <h2>References</h2>
 * R. M. Anderson, R. M. May, <i>Infectious Diseases of Humans</i>, Oxford 1991, ch. 6; F. Brauer,
 * C. Castillo-Chavez, <i>Mathematical Models in Population Biology and Epidemiology</i>, 2nd ed.,
 * Springer 2012, §9.4. The SIR core is Kermack and McKendrick's (1927).
 *
 * @param population N &gt; 0
 * @see Sir
 */
public record Seir(double population) implements ParametricOde {

    public Seir {
        Checks.positiveFinite("population", population);
    }

    @Override
    public String name() {
        return "SEIR";
    }

    @Override
    public List<String> stateNames() {
        return List.of("S", "E", "I", "R");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.positive("beta", 1), Parameter.positive("sigma", 0.5),
                Parameter.positive("gamma", 0.1), Parameter.bounded("I0", Math.min(1, population / 2), 0, population));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot) {
        T infection = theta[0].multiply(y[0]).multiply(y[2]).divide(population);
        T onset = theta[1].multiply(y[1]);
        T removal = theta[2].multiply(y[2]);
        yDot[0] = infection.negate();
        yDot[1] = infection.subtract(onset);
        yDot[2] = onset.subtract(removal);
        yDot[3] = removal;
    }

    @Override
    public <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0) {
        T zero = theta[3].getField().getZero();
        y0[0] = theta[3].negate().add(population);
        y0[1] = zero;
        y0[2] = theta[3];
        y0[3] = zero;
    }

    @Override
    public void derivatives(double t, double[] y, double[] theta, double[] yDot) {
        double infection = theta[0] * y[0] * y[2] / population;
        double onset = theta[1] * y[1];
        double removal = theta[2] * y[2];
        yDot[0] = -infection;
        yDot[1] = infection - onset;
        yDot[2] = onset - removal;
        yDot[3] = removal;
    }

    /** R₀ = β/γ (every exposed individual becomes infectious: there is no death in the latent class). */
    @Override
    public Map<String, Double> derived(double[] theta) {
        return Map.of("R0", theta[0] / theta[2]);
    }

    /** N: S + E + I + R = N at all times. */
    @Override
    public OptionalDouble conservedTotal() {
        return OptionalDouble.of(population);
    }
}
