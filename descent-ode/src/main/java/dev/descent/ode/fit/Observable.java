package dev.descent.ode.fit;

import dev.descent.ode.ParametricOde;
import java.util.Arrays;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.analysis.differentiation.Gradient;
import org.hipparchus.analysis.differentiation.GradientField;
import org.hipparchus.util.MathArrays;

/**
 * What the data measure, as a function of the state: μ = h(y), compared with a data column. The
 * gradient ∂h/∂y turns the state sensitivities into those of μ, ∂μ/∂θ = ∂h/∂y · ∂y/∂θ.
 *
 * <p>The usual cases are linear, {@link #state} (I) and {@link #sum} (I + R), with an exact constant
 * gradient. A non-linear h is written once, generic in a field element ({@link #of}); its gradient
 * comes from forward-mode differentiation.
 */
public interface Observable {

    /** A name for reports, e.g. {@code "I"} or {@code "I+R"}. */
    String name();

    /**
     * h(y), and ∂h/∂y into {@code grad}.
     *
     * @param y    not modified: the state, length n
     * @param grad modified: receives ∂h/∂y, length n
     */
    double valueAndGradient(double[] y, double[] grad);

    /** h(y). */
    default double value(double[] y) {
        return valueAndGradient(y, new double[y.length]);
    }

    /** One state component, e.g. I. */
    static Observable state(ParametricOde model, String state) {
        return sum(model, state);
    }

    /** A sum of state components, e.g. I + R. */
    static Observable sum(ParametricOde model, String... states) {
        if (states.length == 0) {
            throw new IllegalArgumentException("name at least one state");
        }
        double[] w = new double[model.dimension()];
        for (String s : states) {
            w[model.stateIndex(s)] += 1;
        }
        return new Linear(String.join("+", states), w);
    }

    /**
     * A function of the state written once over any field; its gradient is computed by forward-mode
     * differentiation on {@link Gradient}.
     *
     * @param name      a name for reports
     * @param dimension n
     * @param function  h
     */
    static Observable of(String name, int dimension, FieldFunction function) {
        return new Custom(name, dimension, function);
    }

    /** h(y), generic in the field. */
    interface FieldFunction {
        <T extends CalculusFieldElement<T>> T apply(T[] y);
    }

    /**
     * h(y) = Σᵢ wᵢ yᵢ.
     *
     * @param name    a name for reports
     * @param weights w, owned by this record
     */
    record Linear(String name, double[] weights) implements Observable {
        public Linear {
            if (name == null || weights == null || weights.length == 0) {
                throw new IllegalArgumentException("name and weights are required");
            }
            weights = weights.clone();
        }

        @Override
        public double valueAndGradient(double[] y, double[] grad) {
            double s = 0;
            for (int i = 0; i < weights.length; i++) {
                s += weights[i] * y[i];
                grad[i] = weights[i];
            }
            return s;
        }

        @Override
        public double value(double[] y) {
            double s = 0;
            for (int i = 0; i < weights.length; i++) {
                s += weights[i] * y[i];
            }
            return s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Linear l && l.name.equals(name) && Arrays.equals(l.weights, weights);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "Linear[" + name + ", " + Arrays.toString(weights) + "]";
        }
    }

    /** A field-generic h, differentiated on {@link Gradient}. */
    record Custom(String name, int dimension, FieldFunction function) implements Observable {
        public Custom {
            if (name == null || function == null || dimension < 1) {
                throw new IllegalArgumentException("name, function and dimension >= 1 are required");
            }
        }

        @Override
        public double valueAndGradient(double[] y, double[] grad) {
            Gradient[] g = MathArrays.buildArray(GradientField.getField(dimension), dimension);
            for (int i = 0; i < dimension; i++) {
                g[i] = Gradient.variable(dimension, i, y[i]);
            }
            Gradient h = function.apply(g);
            for (int i = 0; i < dimension; i++) {
                grad[i] = h.getPartialDerivative(i);
            }
            return h.getValue();
        }
    }
}
