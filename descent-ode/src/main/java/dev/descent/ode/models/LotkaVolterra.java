package dev.descent.ode.models;

import dev.descent.ode.Parameter;
import dev.descent.ode.ParametricOde;
import java.util.List;
import org.hipparchus.CalculusFieldElement;

/**
 * The Lotka–Volterra predator–prey model.
 *
 * <pre>
 *   dx/dt = α x − β x y          (prey)
 *   dy/dt = δ x y − γ y          (predators)
 *   x(0) = x₀,  y(0) = y₀
 * </pre>
 *
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>symbol</th><th>name</th><th>default</th><th>domain (transform)</th></tr>
 *   <tr><td>α</td><td>{@code alpha}</td><td>1.1</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>β</td><td>{@code beta}</td><td>0.4</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>δ</td><td>{@code delta}</td><td>0.1</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>γ</td><td>{@code gamma}</td><td>0.4</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>x₀</td><td>{@code x0}</td><td>10</td><td>(0, ∞) (log)</td></tr>
 *   <tr><td>y₀</td><td>{@code y0}</td><td>10</td><td>(0, ∞) (log)</td></tr>
 * </table>
 *
 * <p>V = δx − γ ln x + βy − α ln y is a first integral (constant along solutions).
 *
 * <h2>References</h2>
 * A. J. Lotka, <i>Elements of Physical Biology</i>, Williams &amp; Wilkins 1925; V. Volterra,
 * "Fluctuations in the abundance of a species considered mathematically", Nature 118, 1926;
 * J. D. Murray, <i>Mathematical Biology I</i>, 3rd ed., Springer 2002, §3.1.
 */
public record LotkaVolterra() implements ParametricOde {

    @Override
    public String name() {
        return "Lotka-Volterra";
    }

    @Override
    public List<String> stateNames() {
        return List.of("x", "y");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.positive("alpha", 1.1), Parameter.positive("beta", 0.4),
                Parameter.positive("delta", 0.1), Parameter.positive("gamma", 0.4),
                Parameter.positive("x0", 10), Parameter.positive("y0", 10));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] theta, T[] yDot) {
        T xy = y[0].multiply(y[1]);
        yDot[0] = theta[0].multiply(y[0]).subtract(theta[1].multiply(xy));
        yDot[1] = theta[2].multiply(xy).subtract(theta[3].multiply(y[1]));
    }

    @Override
    public <T extends CalculusFieldElement<T>> void initialState(T[] theta, T[] y0) {
        y0[0] = theta[4];
        y0[1] = theta[5];
    }

    @Override
    public void derivatives(double t, double[] y, double[] theta, double[] yDot) {
        double xy = y[0] * y[1];
        yDot[0] = theta[0] * y[0] - theta[1] * xy;
        yDot[1] = theta[2] * xy - theta[3] * y[1];
    }

    /** The first integral V = δx − γ ln x + βy − α ln y at state (x, y). */
    public static double firstIntegral(double[] state, double[] theta) {
        return theta[2] * state[0] - theta[3] * Math.log(state[0]) + theta[1] * state[1]
                - theta[0] * Math.log(state[1]);
    }
}
