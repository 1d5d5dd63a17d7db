package dev.descent.ode.fit;

import dev.descent.optim.stop.StopReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * The outcome of fitting an ODE model, in natural parameters, in four groups: the
 * {@link Estimates parameter estimates} with their standard errors, the {@link Misfit misfit} (loss, SSE, n),
 * the fitted {@link Curves curves}, and the {@link Run run} of the method; then whether the data
 * pin the parameters down ({@link Identifiability}). The flat accessors ({@link #parameter},
 * {@link #standardError}, {@link #lossValue}, {@link #r0}, {@link #iterations}, ...) read through
 * the groups. Arrays are owned by the record.
 *
 * @param model              the model's name
 * @param method             the method, e.g. {@code "Lbfgs"}, {@code "Adam"}, {@code "LevenbergMarquardt"}
 * @param parameterEstimates θ, the standard errors of the fitted parameters, their covariance, derived quantities
 * @param misfit             the loss at the optimum, the SSE and the number of observed points
 * @param curves             the observation times, the observed columns and the fitted predictions
 * @param run                iterations, evaluations, why it stopped, wall time
 * @param identifiability    whether the data pin the fitted parameters down (condition number of JᵀJ,
 *                           finite standard errors); when not, the standard errors mean nothing
 */
public record OdeFitResult(String model, String method, Estimates parameterEstimates, Misfit misfit, Curves curves, Run run,
        Identifiability identifiability) {

    /**
     * The parameters and their uncertainty, natural units.
     *
     * @param parameterNames all p parameter names
     * @param parameters     all p values θ, fitted and fixed
     * @param fitted         the names of the free (fitted) parameters
     * @param standardErrors the standard error of each fitted parameter, NaN when unavailable
     * @param covariance     their covariance matrix
     * @param derived        quantities derived from θ, such as {@code R0} = β/γ
     */
    public record Estimates(List<String> parameterNames, double[] parameters, List<String> fitted,
            double[] standardErrors, double[][] covariance, Map<String, Double> derived) {
    }

    /**
     * How far the fitted curves are from the data.
     *
     * @param loss         the loss's name
     * @param value        the loss at the optimum (the SSE for least squares)
     * @param sumOfSquares Σ(μ − y)², whatever the loss
     * @param observations n, the number of observed points
     */
    public record Misfit(String loss, double value, double sumOfSquares, int observations) {
    }

    /**
     * The fitted curves at the observation times.
     *
     * @param times       the observation times
     * @param observed    the observed columns
     * @param predictions predictions[r][c], the fitted μ at row r for observed column c
     */
    public record Curves(double[] times, List<String> observed, double[][] predictions) {
    }

    /**
     * The method's run.
     *
     * @param iterations   the method's iterations
     * @param evaluations  its objective evaluations (for LM: model + Jacobian evaluations)
     * @param reason       why it stopped
     * @param elapsedNanos its wall time
     */
    public record Run(long iterations, long evaluations, StopReason reason, long elapsedNanos) {
    }

    /** Agreement between a fit and a baseline is asserted below these relative differences. */
    public static final double LOSS_TOLERANCE = 1e-6;
    /** See {@link #LOSS_TOLERANCE}: the largest relative difference of a fitted parameter. */
    public static final double PARAMETER_TOLERANCE = 1e-4;

    /** The statistics of {@link OdeFitProblem#result}: see its equations. */
    static OdeFitResult at(OdeFitProblem problem, double[] u, String method, Run run) {
        OdeFitProblem.Predictions p = problem.predict(u, true);
        FitLoss loss = problem.loss();
        int k = problem.freeIndices().length;
        int points = p.mu().length;
        double lossValue = 0;
        double sse = 0;
        double[][] info = new double[k][k];
        for (int i = 0; i < points; i++) {
            double mu = p.mu()[i];
            lossValue += loss.value(mu, p.observed()[i]);
            sse += (mu - p.observed()[i]) * (mu - p.observed()[i]);
            double w = loss.fisherWeight(mu);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    info[a][b] += w * p.jacobian()[i][a] * p.jacobian()[i][b];
                }
            }
        }
        double[][] cov = new double[k][k];
        double[] se = new double[k];
        double factor = loss instanceof FitLoss.SumOfSquares ? (points > k ? sse / (points - k) : Double.NaN) : 1;
        boolean ok = p.solved() && Double.isFinite(factor);
        boolean singular = false;
        if (ok) {
            try {
                RealMatrix inv = new CholeskyDecomposition(MatrixUtils.createRealMatrix(info), 1e-14, 1e-14)
                        .getSolver().getInverse();
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        cov[a][b] = factor * inv.getEntry(a, b);
                    }
                }
            } catch (MathIllegalArgumentException e) {
                ok = false;
                singular = true;
            }
        }
        for (int a = 0; a < k; a++) {
            if (!ok) {
                Arrays.fill(cov[a], Double.NaN);
            }
            se[a] = Math.sqrt(cov[a][a]);
        }
        double[] theta = problem.parameters(u);
        Identifiability identifiability = identifiability(problem, p.solved(), theta, info, se, points, singular);
        List<String> columns = problem.observedColumns();
        Observations data = problem.observations();
        int cols = columns.size();
        double[][] predictions = new double[data.rows()][cols];
        for (int r = 0; r < data.rows(); r++) {
            System.arraycopy(p.mu(), r * cols, predictions[r], 0, cols);
        }
        Map<String, Double> derived = new LinkedHashMap<>(problem.model().derived(theta));
        return new OdeFitResult(problem.model().name(), method,
                new Estimates(problem.model().parameterNames(), theta, problem.freeParameters(), se, cov,
                        Map.copyOf(derived)),
                new Misfit(loss.name(), p.solved() ? lossValue : Double.POSITIVE_INFINITY,
                        p.solved() ? sse : Double.POSITIVE_INFINITY, points),
                new Curves(data.times(), columns, predictions), run, identifiability);
    }

    /** The checks of {@link Identifiability}, in the order a reader would want them. */
    private static Identifiability identifiability(OdeFitProblem problem, boolean solved, double[] theta, double[][] info, double[] se, int points,
            boolean singular) {
        int[] free = problem.freeIndices();
        FitLoss loss = problem.loss();
        int k = free.length;
        List<String> names = problem.freeParameters();
        List<String> problems = new ArrayList<>();
        if (!solved) {
            problems.add("the model could not be solved at the fitted parameters");
        }
        if (loss instanceof FitLoss.SumOfSquares && points <= k) {
            problems.add("n = " + points + " observed points for k = " + k + " free parameters leave no degrees of "
                    + "freedom to estimate the noise σ², so there are no standard errors");
        }
        double kappa = Double.NaN;
        boolean finiteInfo = true;
        double[][] scaled = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double da = theta[free[a]] != 0 ? Math.abs(theta[free[a]]) : 1;
                double db = theta[free[b]] != 0 ? Math.abs(theta[free[b]]) : 1;
                scaled[a][b] = da * info[a][b] * db;
                finiteInfo &= Double.isFinite(scaled[a][b]);
            }
        }
        if (solved && finiteInfo) {
            double[] sv = new SingularValueDecomposition(MatrixUtils.createRealMatrix(scaled)).getSingularValues();
            double max = sv[0];
            double min = sv[sv.length - 1];
            kappa = max > 0 && min > 0 ? max / min : Double.POSITIVE_INFINITY;
        }
        String matrix = loss instanceof FitLoss.SumOfSquares ? "JᵀJ" : "the Fisher information";
        if (singular || Double.isInfinite(kappa)) {
            problems.add(matrix + " is singular: some combination of " + names
                    + " does not change the predictions, so the data cannot tell its values apart");
        } else if (kappa > Identifiability.MAX_CONDITION) {
            problems.add(String.format(Locale.ROOT, "%s is ill-conditioned: condition number %.2e (in relative "
                    + "parameters) exceeds %.0e, so the data do not pin %s down separately", matrix, kappa,
                    Identifiability.MAX_CONDITION, names));
        }
        boolean finiteSe = true;
        List<String> bad = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            if (!Double.isFinite(se[a])) {
                finiteSe = false;
                bad.add(names.get(a));
            }
        }
        if (!finiteSe && problems.isEmpty()) {
            problems.add("the standard errors of " + bad + " are not finite");
        }
        return new Identifiability(kappa, finiteSe, points - k, problems);
    }

    /** All p parameter names ({@link Estimates#parameterNames}). */
    public List<String> parameterNames() {
        return parameterEstimates.parameterNames();
    }

    /** The names of the fitted parameters ({@link Estimates#fitted}). */
    public List<String> fitted() {
        return parameterEstimates.fitted();
    }

    /** The loss at the optimum ({@link Misfit#value}). */
    public double lossValue() {
        return misfit.value();
    }

    /** Σ(μ − y)² ({@link Misfit#sumOfSquares}). */
    public double sumOfSquares() {
        return misfit.sumOfSquares();
    }

    /** n, the observed points ({@link Misfit#observations}). */
    public int observations() {
        return misfit.observations();
    }

    /** The fitted μ, one row per observation time ({@link Curves#predictions}). */
    public double[][] predictions() {
        return curves.predictions();
    }

    /** The method's iterations ({@link Run#iterations}). */
    public long iterations() {
        return run.iterations();
    }

    /** The method's evaluations ({@link Run#evaluations}). */
    public long evaluations() {
        return run.evaluations();
    }

    /** Why it stopped ({@link Run#reason}). */
    public StopReason reason() {
        return run.reason();
    }

    /** The value of a parameter by name. */
    public double parameter(String name) {
        int j = parameterEstimates.parameterNames().indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; parameters are " + parameterNames());
        }
        return parameterEstimates.parameters()[j];
    }

    /** The standard error of a fitted parameter by name. */
    public double standardError(String name) {
        int j = fitted().indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("'" + name + "' was not fitted; fitted parameters are " + fitted());
        }
        return parameterEstimates.standardErrors()[j];
    }

    /** The fitted values, in the order of {@link #fitted()}, a fresh array. */
    public double[] estimates() {
        List<String> fitted = fitted();
        double[] e = new double[fitted.size()];
        for (int j = 0; j < e.length; j++) {
            e[j] = parameter(fitted.get(j));
        }
        return e;
    }

    /** The basic reproduction number R₀ when the model defines it (SIR, SEIR), else NaN. */
    public double r0() {
        Double r = parameterEstimates.derived().get("R0");
        return r == null ? Double.NaN : r;
    }

    /** True when the method met a tolerance. */
    public boolean converged() {
        return run.reason().converged();
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
        if (!baseline.fitted().equals(fitted())) {
            throw new IllegalArgumentException("the baseline fitted " + baseline.fitted() + ", this fit " + fitted());
        }
        double lossValue = lossValue();
        double lossGap = relative(lossValue, baseline.lossValue());
        double worst = 0;
        for (String p : fitted()) {
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
        List<String> parameterNames = parameterEstimates.parameterNames();
        double[] parameters = parameterEstimates.parameters();
        double[] standardErrors = parameterEstimates.standardErrors();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s fit by %s (%s, n = %d)%n", model, method, misfit.loss(),
                misfit.observations()));
        for (int j = 0; j < parameterNames.size(); j++) {
            String name = parameterNames.get(j);
            int f = fitted().indexOf(name);
            if (f >= 0) {
                s.append(Double.isFinite(standardErrors[f])
                        ? String.format(Locale.ROOT, "  %-8s = %.8g ± %.3g%n", name, parameters[j], standardErrors[f])
                        : String.format(Locale.ROOT, "  %-8s = %.8g (no standard error)%n", name, parameters[j]));
            } else {
                s.append(String.format(Locale.ROOT, "  %-8s = %.8g (fixed)%n", name, parameters[j]));
            }
        }
        for (Map.Entry<String, Double> e : new TreeMap<>(parameterEstimates.derived()).entrySet()) {
            s.append(String.format(Locale.ROOT, "  %-8s = %.8g%n", e.getKey(), e.getValue()));
        }
        s.append(String.format(Locale.ROOT, "  loss     = %.10g   SSE = %.10g%n", misfit.value(), misfit.sumOfSquares()));
        s.append(String.format(Locale.ROOT, "  %d iterations, %d evaluations, %.1f ms: %s", run.iterations(),
                run.evaluations(), run.elapsedNanos() / 1e6, run.reason().detail()));
        if (!identifiability.identifiable()) {
            s.append(String.format(Locale.ROOT, "%n  not identifiable: %s", identifiability.explanation()));
        }
        return s.toString();
    }
}
