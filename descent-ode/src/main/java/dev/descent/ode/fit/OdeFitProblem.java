package dev.descent.ode.fit;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.ode.IntegrationException;
import dev.descent.ode.OdeSolver;
import dev.descent.ode.Parameter;
import dev.descent.ode.ParametricOde;
import dev.descent.ode.Trajectory;
import dev.descent.ode.ParameterTransform;
import dev.descent.optim.stop.StopReason;
import dev.descent.problem.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fitting the parameters of a {@link ParametricOde} to {@link Observations}, as a descent
 * {@link Objective}: any optimizer of the library (Adam, L-BFGS, …) or a global search can minimize it.
 *
 * <pre>
 *   u ∈ ℝᵏ                     the free parameters, unconstrained: θ_{wⱼ} = Tⱼ(uⱼ)   ({@link ParameterTransform})
 *   y(t) = solution of dy/dt = f(t, y, θ), y(0) = y₀(θ)           ({@link OdeSolver}, Dormand–Prince)
 *   μ_{rc} = h_c(y(t_r))          the prediction of data column c at row r     ({@link Observable})
 *   J(u) = Σ_{r,c} ℓ(μ_{rc}, y_{rc})                               ({@link FitLoss}; least squares by default)
 *   ∂J/∂uⱼ = Σ_{r,c} ∂ℓ/∂μ · ∂h_c/∂y · S(t_r)_{·j} · dθ_{wⱼ}/duⱼ     S = ∂y/∂θ_w, the forward sensitivities
 * </pre>
 *
 * <p>The gradient is exact up to the integration tolerance: the sensitivities S come from the
 * variational equations ({@link dev.descent.ode.SensitivityEquations}) integrated with y, with the
 * Jacobians from forward-mode differentiation of the model. Parameters that are not free keep their
 * set value (for SIR, I₀ = 1 unless freed). The user never writes a transform or a chain rule;
 * results ({@link OdeFitResult}) are in natural parameters θ.
 *
 * <pre>{@code
 * Sir sir = new Sir(763);
 * OdeFitProblem problem = OdeFitProblem.builder(sir, observations)
 *     .observe("in_bed", "I")            // column in_bed is compared with I(t)
 *     .fit("beta", "gamma")              // I0 stays at its default, 1
 *     .build();
 * OdeFitResult fit = problem.fit(new Minimizer<>(Lbfgs.defaults(),
 *     StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500))));
 * }</pre>
 *
 * <h2>Conventions</h2>
 * Time 0 is the model's initial time (observations are at t &gt; 0). The objective is the plain sum
 * (not a mean, no factor ½), so that its value is the SSE or the negative log-likelihood reported in
 * papers. Where the model cannot be solved (an integration fails, θ overflows its domain) the value is
 * +∞ and the gradient NaN: a line search backs off, and the {@link Minimizer} stops on a non-finite
 * iterate. Instances are immutable and thread-safe (each evaluation allocates its own buffers).
 *
 * @see OdeFitResult
 * @see LevenbergMarquardt
 */
public final class OdeFitProblem implements Objective {

    private final ParametricOde model;
    private final Observations data;
    private final List<String> columns;
    private final int[] columnIndex;
    private final List<Observable> observables;
    private final FitLoss loss;
    private final OdeSolver solver;
    private final double[] values;
    private final int[] free;
    private final ParameterTransform[] transforms;

    private OdeFitProblem(Builder b) {
        this.model = b.model;
        this.data = b.data;
        this.columns = List.copyOf(b.observed.keySet());
        this.observables = List.copyOf(b.observed.values());
        this.columnIndex = new int[columns.size()];
        for (int c = 0; c < columnIndex.length; c++) {
            columnIndex[c] = data.columnIndex(columns.get(c));
        }
        this.loss = b.loss;
        this.solver = b.solver;
        this.values = b.values.clone();
        this.free = new int[b.free.size()];
        for (int j = 0; j < free.length; j++) {
            free[j] = model.parameterIndex(b.free.get(j));
        }
        this.transforms = b.transforms.clone();
    }

    /** A builder for fitting {@code model} to {@code data}; everything but the observed columns has a default. */
    public static Builder builder(ParametricOde model, Observations data) {
        return new Builder(model, data);
    }

    /** A builder holding this problem's settings, to make a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(model, data);
        for (int c = 0; c < columns.size(); c++) {
            b.observe(columns.get(c), observables.get(c));
        }
        b.fit(freeParameters().toArray(new String[0]));
        b.values = values.clone();
        b.transforms = transforms.clone();
        return b.loss(loss).solver(solver);
    }

    /** k, the number of free parameters. */
    @Override
    public int dimension() {
        return free.length;
    }

    public ParametricOde model() {
        return model;
    }

    public Observations observations() {
        return data;
    }

    public FitLoss loss() {
        return loss;
    }

    public OdeSolver solver() {
        return solver;
    }

    /** The observed data columns, in the order of the predictions. */
    public List<String> observedColumns() {
        return columns;
    }

    /** The observables, one per observed column. */
    public List<Observable> observables() {
        return observables;
    }

    /** The number of observed points, rows × observed columns. */
    public int observationCount() {
        return data.rows() * columns.size();
    }

    /** The names of the free parameters, in the order of u. */
    public List<String> freeParameters() {
        List<String> names = model.parameterNames();
        List<String> out = new ArrayList<>();
        for (int j : free) {
            out.add(names.get(j));
        }
        return List.copyOf(out);
    }

    /** The transform used for each free parameter, in the order of u. */
    public List<ParameterTransform> freeTransforms() {
        List<ParameterTransform> out = new ArrayList<>();
        for (int j : free) {
            out.add(transforms[j]);
        }
        return List.copyOf(out);
    }

    /** All p parameter values as set: the start of the free ones and the fixed value of the others. */
    public double[] parameterValues() {
        return values.clone();
    }

    /** u₀, the start in unconstrained coordinates, a fresh array. */
    public double[] start() {
        double[] u = new double[free.length];
        for (int j = 0; j < free.length; j++) {
            u[j] = transforms[free[j]].toUnconstrained(values[free[j]]);
        }
        return u;
    }

    /**
     * u for natural values of the free parameters.
     *
     * @param naturalFree not modified: θ_w, in the order of {@link #freeParameters()}
     * @throws IllegalArgumentException naming the parameter when a value is outside its domain
     */
    public double[] toUnconstrained(double[] naturalFree) {
        checkLength(naturalFree, "naturalFree");
        double[] u = new double[free.length];
        for (int j = 0; j < free.length; j++) {
            ParameterTransform t = transforms[free[j]];
            if (!t.contains(naturalFree[j])) {
                throw new IllegalArgumentException("parameter " + model.parameterNames().get(free[j]) + " = "
                        + naturalFree[j] + " is outside " + t.domain());
            }
            u[j] = t.toUnconstrained(naturalFree[j]);
        }
        return u;
    }

    /** The natural values θ_w of the free parameters at u. */
    public double[] toNatural(double[] u) {
        checkLength(u, "u");
        double[] theta = new double[free.length];
        for (int j = 0; j < free.length; j++) {
            theta[j] = transforms[free[j]].toNatural(u[j]);
        }
        return theta;
    }

    /** All p parameters θ at u (fixed ones at their set values). */
    public double[] parameters(double[] u) {
        checkLength(u, "u");
        double[] theta = values.clone();
        for (int j = 0; j < free.length; j++) {
            theta[free[j]] = transforms[free[j]].toNatural(u[j]);
        }
        return theta;
    }

    private void checkLength(double[] x, String what) {
        if (x == null || x.length != free.length) {
            throw new IllegalArgumentException(what + " has length " + (x == null ? "null" : String.valueOf(x.length))
                    + " but there are " + free.length + " free parameters " + freeParameters());
        }
    }

    /** True when θ is inside the model's domains (it may not be, when a value over- or underflows). */
    private boolean admissible(double[] theta) {
        List<Parameter> ps = model.parameters();
        for (int j = 0; j < theta.length; j++) {
            if (!ps.get(j).transform().contains(theta[j])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The predictions μ at u and, when asked, their derivatives with respect to the natural free
     * parameters, ∂μ/∂θ_w. Points are flattened row by row: index r·C + c for row r and observed column c.
     *
     * @param mu        μ, length rows × C
     * @param observed  the data at the same indices
     * @param jacobian  ∂μ/∂θ_w (one row per point), or null when not asked for
     * @param solved    false when the model could not be solved at u (μ is then NaN)
     */
    public record Predictions(double[] mu, double[] observed, double[][] jacobian, boolean solved) {
    }

    /**
     * Solves the model at u and returns the predictions, with ∂μ/∂θ_w when {@code derivatives}.
     *
     * @param u not modified
     */
    public Predictions predict(double[] u, boolean derivatives) {
        double[] theta = parameters(u);
        int rows = data.rows();
        int cols = columns.size();
        int points = rows * cols;
        double[] observed = new double[points];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                observed[r * cols + c] = data.values()[r][columnIndex[c]];
            }
        }
        double[] mu = new double[points];
        double[][] jac = derivatives ? new double[points][free.length] : null;
        Trajectory tr = null;
        if (admissible(theta)) {
            try {
                tr = solver.solve(model, theta, 0, data.times(), derivatives ? free : new int[0]);
            } catch (IntegrationException e) {
                tr = null;
            }
        }
        if (tr == null) {
            Arrays.fill(mu, Double.NaN);
            if (jac != null) {
                for (double[] row : jac) {
                    Arrays.fill(row, Double.NaN);
                }
            }
            return new Predictions(mu, observed, jac, false);
        }
        int n = model.dimension();
        double[] dh = new double[n];
        for (int r = 0; r < rows; r++) {
            double[] y = tr.states()[r];
            double[][] s = tr.sensitivities()[r];
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                mu[i] = observables.get(c).valueAndGradient(y, dh);
                if (jac != null) {
                    for (int j = 0; j < free.length; j++) {
                        double d = 0;
                        for (int l = 0; l < n; l++) {
                            d += dh[l] * s[l][j];
                        }
                        jac[i][j] = d;
                    }
                }
            }
        }
        return new Predictions(mu, observed, jac, true);
    }

    @Override
    public double valueAndGradient(double[] u, double[] grad) {
        checkLength(u, "u");
        if (grad == null || grad.length != free.length) {
            throw new IllegalArgumentException("grad must have length " + free.length);
        }
        Predictions p = predict(u, true);
        double value = 0;
        Arrays.fill(grad, 0);
        for (int i = 0; i < p.mu.length; i++) {
            double mu = p.mu[i];
            double y = p.observed[i];
            value += loss.value(mu, y);
            double d = loss.derivative(mu, y);
            double[] row = p.jacobian[i];
            for (int j = 0; j < free.length; j++) {
                grad[j] += d * row[j];
            }
        }
        if (!(value < Double.POSITIVE_INFINITY)) {
            Arrays.fill(grad, Double.NaN);
            return Double.POSITIVE_INFINITY;
        }
        for (int j = 0; j < free.length; j++) {
            grad[j] *= transforms[free[j]].derivative(u[j]);
        }
        return value;
    }

    /** J(u) without the sensitivities (one plain integration). */
    @Override
    public double value(double[] u) {
        Predictions p = predict(u, false);
        double value = 0;
        for (int i = 0; i < p.mu.length; i++) {
            value += loss.value(p.mu[i], p.observed[i]);
        }
        return value < Double.POSITIVE_INFINITY ? value : Double.POSITIVE_INFINITY;
    }

    /**
     * Minimizes J from the set values of the free parameters.
     *
     * @param minimizer an optimizer with its stopping rule
     */
    public OdeFitResult fit(Minimizer<?> minimizer) {
        return fitFrom(minimizer, start());
    }

    /**
     * Minimizes J from natural values of the free parameters.
     *
     * @param minimizer   an optimizer with its stopping rule
     * @param naturalFree not modified: the start θ_w, in the order of {@link #freeParameters()}
     */
    public OdeFitResult fit(Minimizer<?> minimizer, double[] naturalFree) {
        return fitFrom(minimizer, toUnconstrained(naturalFree));
    }

    private OdeFitResult fitFrom(Minimizer<?> minimizer, double[] u0) {
        Result r = minimizer.minimize(this, u0);
        return result(r.point(), minimizer.optimizer().getClass().getSimpleName(), r.iterations(), r.evaluations(),
                r.reason(), r.elapsedNanos());
    }

    /**
     * The report at a point u found by some method: natural θ, loss, SSE, derived quantities and
     * standard errors.
     *
     * <pre>
     *   F = Σᵢ wᵢ ∇μᵢ ∇μᵢᵀ        ∇μᵢ = ∂μᵢ/∂θ_w (natural parameters), wᵢ = {@link FitLoss#fisherWeight}(μᵢ)
     *   least squares:  Cov = σ² F⁻¹,  σ² = SSE/(n − k)       (F = JᵀJ)
     *   likelihoods:    Cov = F⁻¹                             (the expected information)
     *   SEⱼ = √Covⱼⱼ
     * </pre>
     *
     * <p>Covariance and standard errors are NaN when F is singular or n ≤ k. The result's
     * {@link Identifiability} says whether they can be trusted: the condition number of F in
     * relative parameters, finite standard errors, n − k &gt; 0.
     *
     * @param u            not modified: the point
     * @param method       the method's name for reports
     * @param iterations   its iterations
     * @param evaluations  its objective evaluations
     * @param reason       why it stopped
     * @param elapsedNanos its wall time
     */
    public OdeFitResult result(double[] u, String method, long iterations, long evaluations, StopReason reason,
            long elapsedNanos) {
        return OdeFitResult.at(this, u, method, new OdeFitResult.Run(iterations, evaluations, reason, elapsedNanos));
    }

    /** The indices in θ of the free parameters, in fitting order (package-private: for the result's statistics). */
    int[] freeIndices() {
        return free.clone();
    }

    /**
     * Settings of an {@link OdeFitProblem}. Required: at least one {@link #observe observed column} and
     * the {@link #fit free parameters}. Defaults: every parameter at the model's default value, the
     * model's transforms, least squares, {@link OdeSolver#defaults()}.
     */
    public static final class Builder {
        private final ParametricOde model;
        private final Observations data;
        private final Map<String, Observable> observed = new LinkedHashMap<>();
        private final List<String> free = new ArrayList<>();
        private double[] values;
        private ParameterTransform[] transforms;
        private FitLoss loss = FitLoss.sumOfSquares();
        private OdeSolver solver = OdeSolver.defaults();

        private Builder(ParametricOde model, Observations data) {
            ParametricOde.checkModel(model);
            if (data == null) {
                throw new IllegalArgumentException("observations must not be null");
            }
            this.model = model;
            this.data = data;
            this.values = model.defaultParameters();
            List<Parameter> ps = model.parameters();
            this.transforms = new ParameterTransform[ps.size()];
            for (int j = 0; j < transforms.length; j++) {
                transforms[j] = ps.get(j).transform();
            }
        }

        /** Compares data column {@code column} with the observable h(y). */
        public Builder observe(String column, Observable h) {
            data.columnIndex(column);
            if (h == null) {
                throw new IllegalArgumentException("observable for column " + column + " must not be null");
            }
            if (h instanceof Observable.Linear l && l.weights().length != model.dimension()) {
                throw new IllegalArgumentException("observable " + l.name() + " has " + l.weights().length
                        + " weights but " + model.name() + " has " + model.dimension() + " states");
            }
            observed.put(column, h);
            return this;
        }

        /** Compares data column {@code column} with the state component {@code state}. */
        public Builder observe(String column, String state) {
            return observe(column, Observable.state(model, state));
        }

        /** The free parameters (replacing any earlier choice), in the order of u. */
        public Builder fit(String... parameters) {
            free.clear();
            for (String name : parameters) {
                model.parameterIndex(name);
                if (free.contains(name)) {
                    throw new IllegalArgumentException("parameter " + name + " is listed twice");
                }
                free.add(name);
            }
            return this;
        }

        /** Adds a free parameter (e.g. "I0" for --fit-initial). */
        public Builder alsoFit(String parameter) {
            model.parameterIndex(parameter);
            if (!free.contains(parameter)) {
                free.add(parameter);
            }
            return this;
        }

        /** Sets a parameter's value: the start when it is free, its fixed value otherwise. */
        public Builder set(String parameter, double value) {
            values[model.parameterIndex(parameter)] = value;
            return this;
        }

        /** Replaces the transform of a parameter (e.g. bounds on β). */
        public Builder transform(String parameter, ParameterTransform t) {
            if (t == null) {
                throw new IllegalArgumentException("transform must not be null");
            }
            transforms[model.parameterIndex(parameter)] = t;
            return this;
        }

        public Builder loss(FitLoss l) {
            if (l == null) {
                throw new IllegalArgumentException("loss must not be null");
            }
            this.loss = l;
            return this;
        }

        public Builder solver(OdeSolver s) {
            if (s == null) {
                throw new IllegalArgumentException("solver must not be null");
            }
            this.solver = s;
            return this;
        }

        /**
         * The problem.
         *
         * @throws IllegalArgumentException when no column is observed, no parameter is free, a value
         *                                  is outside its parameter's domain (naming it), or there are
         *                                  fewer observed points than free parameters
         * @throws ObservationException     when an observed value exceeds what the model can reach,
         *                                  e.g. a count above the population N of SIR (naming the row,
         *                                  the value and N)
         */
        public OdeFitProblem build() {
            if (observed.isEmpty()) {
                throw new IllegalArgumentException("observe at least one data column (columns: " + data.columns() + ")");
            }
            if (free.isEmpty()) {
                throw new IllegalArgumentException("fit at least one parameter of " + model.parameterNames());
            }
            List<Parameter> ps = model.parameters();
            for (int j = 0; j < values.length; j++) {
                String name = ps.get(j).name();
                if (!ps.get(j).transform().contains(values[j])) {
                    throw new IllegalArgumentException("parameter " + name + " = " + values[j] + " is outside "
                            + ps.get(j).transform().domain());
                }
                if (free.contains(name) && !transforms[j].contains(values[j])) {
                    throw new IllegalArgumentException("parameter " + name + " = " + values[j]
                            + " is outside its transform's domain " + transforms[j].domain());
                }
            }
            int points = data.rows() * observed.size();
            if (points < free.size()) {
                throw new IllegalArgumentException("n = " + points + " observed points are fewer than the k = "
                        + free.size() + " free parameters " + free + ": the fit is not determined");
            }
            checkReachable();
            return new OdeFitProblem(this);
        }

        /**
         * Refuses data no state can produce: with a conserved total N (the population of SIR) and an
         * observable h = w·y with w ≥ 0, every prediction is at most N·max(w) (N for I alone), so a
         * larger count says N or the data is wrong, and a fit would only drive rates to 0 or ∞.
         */
        private void checkReachable() {
            if (model.conservedTotal().isEmpty()) {
                return;
            }
            double total = model.conservedTotal().getAsDouble();
            for (Map.Entry<String, Observable> e : observed.entrySet()) {
                if (!(e.getValue() instanceof Observable.Linear linear)) {
                    continue;
                }
                double maxWeight = 0;
                boolean nonNegative = true;
                for (double w : linear.weights()) {
                    nonNegative &= w >= 0;
                    maxWeight = Math.max(maxWeight, w);
                }
                if (!nonNegative) {
                    continue;
                }
                double bound = total * maxWeight;
                int c = data.columnIndex(e.getKey());
                int over = 0;
                int peak = 0;
                for (int r = 0; r < data.rows(); r++) {
                    double v = data.values()[r][c];
                    over += v > bound ? 1 : 0;
                    if (v > data.values()[peak][c]) {
                        peak = r;
                    }
                }
                if (over > 0) {
                    // the peak is named: it is the value N must reach
                    String limit = maxWeight == 1 ? "the population N = " + total + " of " + model.name()
                            : "N·max(w) = " + bound + " (N = " + total + ", the population of " + model.name() + ")";
                    String detail = e.getKey() + " = " + data.values()[peak][c] + " exceeds " + limit
                            + ": it is observed as " + linear.name() + ", which can never be larger"
                            + (over == 1 ? "" : " (" + over + " rows exceed it; this is the largest)");
                    throw new ObservationException(peak, data.times()[peak], detail);
                }
            }
        }
    }
}
