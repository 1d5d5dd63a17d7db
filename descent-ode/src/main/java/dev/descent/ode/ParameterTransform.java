package dev.descent.ode;

/**
 * A change of variables θ = T(u) from an unconstrained u ∈ ℝ to a model parameter θ in its natural
 * domain, so that an optimizer can move u freely while θ stays admissible (β &gt; 0, 0 &lt; I₀ &lt; N).
 *
 * <pre>
 *   Unbounded        θ = u                                   dθ/du = 1
 *   Positive         θ = exp(u),        u = log θ            dθ/du = θ
 *   Bounded(a, b)    θ = a + (b − a)·σ(u),  σ(u) = 1/(1 + e^{−u}),
 *                    u = logit((θ − a)/(b − a))              dθ/du = (b − a)·σ(u)·(1 − σ(u))
 * </pre>
 *
 * <p>A gradient with respect to θ becomes one with respect to u by the chain rule,
 * ∂J/∂u = ∂J/∂θ · dθ/du; {@link dev.descent.ode.fit.OdeFitProblem} applies it, so users never write
 * it. Results are always reported in θ.
 *
 * <h2>Conventions</h2>
 * The log and logit transforms are those of Stan's constrained parameters ({@code <lower=0>},
 * {@code <lower=a, upper=b>}); the optimum in θ is the same as without the transform whenever it is
 * interior, only the path (and its conditioning) changes.
 */
public sealed interface ParameterTransform {

    /** θ = T(u). */
    double toNatural(double u);

    /**
     * u = T⁻¹(θ).
     *
     * @throws IllegalArgumentException when θ is outside the domain (for {@code Bounded}, the open interval)
     */
    double toUnconstrained(double theta);

    /** dθ/du at u. */
    double derivative(double u);

    /** True when θ lies in the (open) domain. */
    boolean contains(double theta);

    /** A short description of the domain, e.g. {@code "(0, ∞)"}. */
    String domain();

    /** θ = u. */
    static ParameterTransform unbounded() {
        return new Unbounded();
    }

    /** θ = exp(u), for θ &gt; 0. */
    static ParameterTransform positive() {
        return new Positive();
    }

    /** θ = a + (b − a)σ(u), for a &lt; θ &lt; b. */
    static ParameterTransform bounded(double lower, double upper) {
        return new Bounded(lower, upper);
    }

    /** The identity: θ = u. */
    record Unbounded() implements ParameterTransform {
        @Override
        public double toNatural(double u) {
            return u;
        }

        @Override
        public double toUnconstrained(double theta) {
            if (!Double.isFinite(theta)) {
                throw new IllegalArgumentException("value " + theta + " is not finite");
            }
            return theta;
        }

        @Override
        public double derivative(double u) {
            return 1;
        }

        @Override
        public boolean contains(double theta) {
            return Double.isFinite(theta);
        }

        @Override
        public String domain() {
            return "(-∞, ∞)";
        }
    }

    /** The log transform: θ = exp(u) &gt; 0. */
    record Positive() implements ParameterTransform {
        @Override
        public double toNatural(double u) {
            return Math.exp(u);
        }

        @Override
        public double toUnconstrained(double theta) {
            if (!contains(theta)) {
                throw new IllegalArgumentException("value " + theta + " is outside (0, ∞)");
            }
            return Math.log(theta);
        }

        @Override
        public double derivative(double u) {
            return Math.exp(u);
        }

        @Override
        public boolean contains(double theta) {
            return theta > 0 && theta < Double.POSITIVE_INFINITY;
        }

        @Override
        public String domain() {
            return "(0, ∞)";
        }
    }

    /**
     * The scaled logit transform: θ = a + (b − a)σ(u) ∈ (a, b).
     *
     * @param lower a, finite
     * @param upper b, finite and &gt; a
     */
    record Bounded(double lower, double upper) implements ParameterTransform {
        public Bounded {
            if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper)) {
                throw new IllegalArgumentException("bounds (" + lower + ", " + upper
                        + ") must be finite with lower < upper");
            }
        }

        @Override
        public double toNatural(double u) {
            return lower + (upper - lower) * sigmoid(u);
        }

        @Override
        public double toUnconstrained(double theta) {
            if (!contains(theta)) {
                throw new IllegalArgumentException("value " + theta + " is outside " + domain());
            }
            double p = (theta - lower) / (upper - lower);
            return Math.log(p) - Math.log1p(-p);
        }

        @Override
        public double derivative(double u) {
            double s = sigmoid(u);
            return (upper - lower) * s * (1 - s);
        }

        @Override
        public boolean contains(double theta) {
            return theta > lower && theta < upper;
        }

        @Override
        public String domain() {
            return "(" + lower + ", " + upper + ")";
        }

        private static double sigmoid(double u) {
            if (u >= 0) {
                return 1 / (1 + Math.exp(-u));
            }
            double e = Math.exp(u);
            return e / (1 + e);
        }
    }
}
