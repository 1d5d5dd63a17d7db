package dev.descent.ode.fit;

import dev.descent.optim.stop.StopReason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of fitting an ODE model, in natural parameters. Arrays are owned by the record.
 *
 * @param model          the model's name
 * @param method         the method, e.g. {@code "Lbfgs"}, {@code "Adam"}, {@code "LevenbergMarquardt"}
 * @param parameterNames all p parameter names
 * @param parameters     all p values θ (natural), fitted and fixed
 * @param fitted         the names of the free (fitted) parameters
 * @param standardErrors the standard error of each fitted parameter (natural), NaN when unavailable
 * @param covariance     their covariance matrix (natural parameters)
 * @param loss           the loss's name
 * @param lossValue      the loss at the optimum (the SSE for least squares)
 * @param sumOfSquares   Σ(μ − y)², whatever the loss
 * @param observations   n, the number of observed points
 * @param derived        quantities derived from θ, such as {@code R0} = β/γ
 * @param times          the observation times
 * @param observed       the observed columns
 * @param predictions    predictions[r][c], the fitted μ at row r for observed column c
 * @param iterations     the method's iterations
 * @param evaluations    the method's objective evaluations (for LM: model + Jacobian evaluations)
 * @param reason         why it stopped
 * @param elapsedNanos   wall time of the fit
 */
public record OdeFitResult(String model, String method, List<String> parameterNames, double[] parameters,
        List<String> fitted, double[] standardErrors, double[][] covariance, String loss, double lossValue,
        double sumOfSquares, int observations, Map<String, Double> derived, double[] times, List<String> observed,
        double[][] predictions, long iterations, long evaluations, StopReason reason, long elapsedNanos) {

    /** The value of a parameter by name. */
    public double parameter(String name) {
        int j = parameterNames.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are " + parameterNames);
        }
        return parameters[j];
    }

    /** The standard error of a fitted parameter by name. */
    public double standardError(String name) {
        int j = fitted.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("'" + name + "' was not fitted; fitted parameters are " + fitted);
        }
        return standardErrors[j];
    }

    /** The fitted values, in the order of {@link #fitted()}, a fresh array. */
    public double[] estimates() {
        double[] e = new double[fitted.size()];
        for (int j = 0; j < e.length; j++) {
            e[j] = parameter(fitted.get(j));
        }
        return e;
    }

    /** The basic reproduction number R₀ when the model defines it (SIR, SEIR), else NaN. */
    public double r0() {
        Double r = derived.get("R0");
        return r == null ? Double.NaN : r;
    }

    /** True when the method met a tolerance. */
    public boolean converged() {
        return reason.converged();
    }

    /** A few lines for people: parameters ± SE, loss, derived quantities, the run. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s fit by %s (%s, n = %d)%n", model, method, loss, observations));
        for (int j = 0; j < parameterNames.size(); j++) {
            String name = parameterNames.get(j);
            int f = fitted.indexOf(name);
            if (f >= 0) {
                s.append(String.format(Locale.ROOT, "  %-8s = %.8g ± %.3g%n", name, parameters[j], standardErrors[f]));
            } else {
                s.append(String.format(Locale.ROOT, "  %-8s = %.8g (fixed)%n", name, parameters[j]));
            }
        }
        for (Map.Entry<String, Double> e : new TreeMap<>(derived).entrySet()) {
            s.append(String.format(Locale.ROOT, "  %-8s = %.8g%n", e.getKey(), e.getValue()));
        }
        s.append(String.format(Locale.ROOT, "  loss     = %.10g   SSE = %.10g%n", lossValue, sumOfSquares));
        s.append(String.format(Locale.ROOT, "  %d iterations, %d evaluations, %.1f ms: %s", iterations, evaluations,
                elapsedNanos / 1e6, reason.detail()));
        return s.toString();
    }
}
