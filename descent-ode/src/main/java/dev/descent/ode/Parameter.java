package dev.descent.ode;

import java.util.regex.Pattern;

/**
 * A named model parameter θⱼ: its default value (the starting point of a fit, or the fixed value when
 * it is not fitted) and the {@link ParameterTransform} that keeps it in its domain during a fit.
 *
 * @param name         the name, e.g. {@code "beta"}; letters, digits and underscores, starting with a letter
 * @param defaultValue the default, inside the transform's domain
 * @param transform    how a fit maps it to an unconstrained variable
 */
public record Parameter(String name, double defaultValue, ParameterTransform transform) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public Parameter {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("parameter name '" + name
                    + "' must be letters, digits and '_', starting with a letter");
        }
        if (transform == null) {
            throw new IllegalArgumentException("parameter " + name + ": transform must not be null");
        }
        if (!transform.contains(defaultValue)) {
            throw new IllegalArgumentException("parameter " + name + ": default value " + defaultValue
                    + " is outside its domain " + transform.domain());
        }
    }

    /** A parameter θ &gt; 0 (log transform). */
    public static Parameter positive(String name, double defaultValue) {
        return new Parameter(name, defaultValue, ParameterTransform.positive());
    }

    /** A parameter a &lt; θ &lt; b (scaled logit transform). */
    public static Parameter bounded(String name, double defaultValue, double lower, double upper) {
        return new Parameter(name, defaultValue, ParameterTransform.bounded(lower, upper));
    }

    /** A parameter without constraint. */
    public static Parameter unbounded(String name, double defaultValue) {
        return new Parameter(name, defaultValue, ParameterTransform.unbounded());
    }

    /** The same parameter with another default value. */
    public Parameter withDefaultValue(double value) {
        return new Parameter(name, value, transform);
    }

    /** The same parameter with another transform. */
    public Parameter withTransform(ParameterTransform t) {
        return new Parameter(name, defaultValue, t);
    }
}
