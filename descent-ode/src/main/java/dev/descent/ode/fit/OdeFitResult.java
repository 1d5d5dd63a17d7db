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
 * @param identifiability whether the data pin the fitted parameters down (condition number of JᵀJ,
 *                       finite standard errors); when not, the standard errors mean nothing
 */
public record OdeFitResult(String model, String method, List<String> parameterNames, double[] parameters,
        List<String> fitted, double[] standardErrors, double[][] covariance, String loss, double lossValue,
        double sumOfSquares, int observations, Map<String, Double> derived, double[] times, List<String> observed,
        double[][] predictions, long iterations, long evaluations, StopReason reason, long elapsedNanos,
        Identifiability identifiability) {

    /** Agreement between a fit and a baseline is asserted below these relative differences. */
    public static final double LOSS_TOLERANCE = 1e-6;
    /** See {@link #LOSS_TOLERANCE}: the largest relative difference of a fitted parameter. */
    public static final double PARAMETER_TOLERANCE = 1e-4;

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

    /**
     * How far this fit is from another fit of the same problem (a baseline such as
     * {@link LevenbergMarquardt}).
     *
     * <pre>
     *   loss:        |J − J_b| / |J_b|
     *   parameters:  maxⱼ |θⱼ − θ_bⱼ| / |θ_bⱼ|       over the fitted parameters
     * </pre>
     * (relative to the larger of the two when the baseline's value is 0).
     *
     * @param lossRelative       the relative loss difference
     * @param parametersRelative the largest relative difference of a fitted parameter
     * @param lowerLoss          which has the lower loss beyond {@link #LOSS_TOLERANCE}: {@code "this"},
     *                           {@code "baseline"}, or {@code "neither"}
     */
    public record Agreement(double lossRelative, double parametersRelative, String lowerLoss) {

        /** True when both differences are within {@link #LOSS_TOLERANCE} and {@link #PARAMETER_TOLERANCE}. */
        public boolean agrees() {
            return lossRelative <= LOSS_TOLERANCE && parametersRelative <= PARAMETER_TOLERANCE;
        }
    }

    /**
     * The agreement with {@code baseline}, a fit of the same parameters.
     *
     * @throws IllegalArgumentException when the fitted parameters differ
     */
    public Agreement agreement(OdeFitResult baseline) {
        if (!baseline.fitted().equals(fitted)) {
            throw new IllegalArgumentException("the baseline fitted " + baseline.fitted() + ", this fit " + fitted);
        }
        double lossGap = relative(lossValue, baseline.lossValue());
        double worst = 0;
        for (String p : fitted) {
            worst = Math.max(worst, relative(parameter(p), baseline.parameter(p)));
        }
        String lower = lossGap <= LOSS_TOLERANCE ? "neither" : lossValue < baseline.lossValue() ? "this" : "baseline";
        return new Agreement(lossGap, worst, lower);
    }

    private static double relative(double x, double y) {
        if (x == y) {
            return 0;
        }
        double scale = y != 0 ? Math.abs(y) : Math.abs(x);
        double d = Math.abs(x - y) / scale;
        return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
    }

    /** A few lines for people: parameters ± SE, loss, derived quantities, the run. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s fit by %s (%s, n = %d)%n", model, method, loss, observations));
        for (int j = 0; j < parameterNames.size(); j++) {
            String name = parameterNames.get(j);
            int f = fitted.indexOf(name);
            if (f >= 0) {
                s.append(Double.isFinite(standardErrors[f])
                        ? String.format(Locale.ROOT, "  %-8s = %.8g ± %.3g%n", name, parameters[j], standardErrors[f])
                        : String.format(Locale.ROOT, "  %-8s = %.8g (no standard error)%n", name, parameters[j]));
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
        if (!identifiability.identifiable()) {
            s.append(String.format(Locale.ROOT, "%n  not identifiable: %s", identifiability.explanation()));
        }
        return s.toString();
    }
}
