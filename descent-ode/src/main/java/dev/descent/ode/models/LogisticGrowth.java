package dev.descent.ode.models;

import dev.descent.ode.Parameter;
import dev.descent.ode.ParametricOde;
import java.util.List;
import org.hipparchus.CalculusFieldElement;

/**
 * Verhulst's logistic growth, which has a closed-form solution (used to test the integrator and its
 * sensitivities).
 *
 * <pre>
 *   dy/dt = r y (1 − y/K),   y(0) = y₀
 *   y(t)  = K / (1 + ((K − y₀)/y₀) e^{−rt})
 * </pre>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>symbol</th><th>name</th><th>default</th><th>domain (transform)</th></tr>
 *   <tr><td>r</td><td>{@code r}</td><td>1</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>K</td><td>{@code K}</td><td>100</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>y₀</td><td>{@code y0}</td><td>1</td><td>(0, ∞) (log)</td></tr>
 * </table>
 *
 * <h2>References</h2>
 * P.-F. Verhulst, "Notice sur la loi que la population suit dans son accroissement",
 * Correspondance mathématique et physique 10, 1838; J. D. Murray, <i>Mathematical Biology I</i>,
 * 3rd ed., Springer 2002, §1.1.
 */
public record LogisticGrowth() implements ParametricOde {

    @Override
    public String name() {
        return "logistic";
    }

    @Override
    public List<String> stateNames() {
        return List.of("y");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.positive("r", 1), Parameter.positive("K", 100), Parameter.positive("y0", 1));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot) {
        yDot[0] = theta[0].multiply(y[0]).multiply(y[0].divide(theta[1]).negate().add(1));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0) {
        y0[0] = theta[2];
    }

    @Override
    public void derivatives(double t, double[] y, double[] theta, double[] yDot) {
        yDot[0] = theta[0] * y[0] * (1 - y[0] / theta[1]);
    }

    /** The closed form y(t) = K / (1 + ((K − y₀)/y₀) e^{−rt}) for θ = (r, K, y₀). */
    public static double solution(double t, double[] theta) {
        double r = theta[0];
        double k = theta[1];
        double y0 = theta[2];
        return k / (1 + (k - y0) / y0 * Math.exp(-r * t));
    }
}
