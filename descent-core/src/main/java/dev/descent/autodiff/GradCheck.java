package dev.descent.autodiff;

import dev.descent.problem.Objective;
import java.util.SplittableRandom;

/**
 * Checks reverse-mode gradients against central finite differences, for your own losses as for
 * the primitives.
 *
 * <pre>
 *   F(x)   = f(x)                     if f(x) is a scalar
 *          = Σ r ⊙ f(x)               else, r uniform in [−1, 1) from the seed (a random projection)
 *   numeric ∂F/∂xᵢ ≈ (F(x + hᵢeᵢ) − F(x − hᵢeᵢ)) / 2hᵢ,     hᵢ = step · max(1, |xᵢ|)
 *   error   = |analytic − numeric| / max(1, |analytic|, |numeric|)
 * </pre>
 *
 * The error is relative for large derivatives and absolute for small ones. With the default step
 * 1e-6, a correct gradient of an O(1) function typically shows errors of 1e-8 to 1e-10, a wrong one
 * errors of order 1. Keep inputs away from kinks (relu at 0, ties of a max), where no finite
 * difference agrees with any subgradient.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check((tape, in) -> in[0].matmul(in[1]).tanh().sum(), a, b);
 * assert r.passes(1e-6) : r;
 * }</pre>
 */
public final class GradCheck {

    /** The default relative step. */
    public static final double STEP = 1e-6;

    private GradCheck() {
    }

    /** A function of tensors written with the tape; it may return any shape. */
    @FunctionalInterface
    public interface Function {
        Var apply(Tape tape, Var[] inputs);
    }

    /**
     * The worst element found.
     *
     * @param maxError the largest error (see the class comment)
     * @param input    which input holds the worst element (−1 if nothing was checked)
     * @param element  its row-major index in that input
     * @param analytic the tape's derivative there
     * @param numeric  the finite difference there
     * @param checked  how many elements were compared
     */
    public record Report(double maxError, int input, int element, double analytic, double numeric, int checked) {

        /** True when {@code maxError ≤ tolerance} (and no error is NaN). */
        public boolean passes(double tolerance) {
            return maxError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("max error %.3g at input %d, element %d: analytic %.12g, numeric %.12g (%d checked)",
                    maxError, input, element, analytic, numeric, checked);
        }
    }

    /** {@link #check(Function, double, long, Tensor...)} with step {@value #STEP} and seed 0. */
    public static Report check(Function f, Tensor... inputs) {
        return check(f, STEP, 0, inputs);
    }

    /**
     * Compares the tape's gradient of F with central differences at every element of every input.
     *
     * @param inputs not modified
     */
    public static Report check(Function f, double step, long seed, Tensor... inputs) {
        if (!(step > 0)) {
            throw new IllegalArgumentException("step = " + step + " must be > 0");
        }
        Tape tape = new Tape();
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = tape.variable(inputs[i]);
        }
        Var out = f.apply(tape, vars);
        Tensor projection = projection(out.value(), seed);
        Var loss = project(out, projection);
        Tensor[] analytic = tape.grad(loss, vars);

        Worst worst = new Worst();
        double[][] copies = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            copies[i] = inputs[i].toArray();
        }
        for (int i = 0; i < inputs.length; i++) {
            double[] x = copies[i];
            for (int e = 0; e < x.length; e++) {
                double x0 = x[e];
                double h = step * Math.max(1, Math.abs(x0));
                double xp = x0 + h;
                double xm = x0 - h;
                x[e] = xp;
                double fp = evaluate(f, inputs, copies, projection);
                x[e] = xm;
                double fm = evaluate(f, inputs, copies, projection);
                x[e] = x0;
                worst.offer(i, e, analytic[i].get(e), (fp - fm) / (xp - xm));
            }
        }
        return worst.report();
    }

    /**
     * Compares an objective's gradient with central differences at {@code x}.
     *
     * @param x not modified
     */
    public static Report check(Objective f, double[] x, double step) {
        double[] g = new double[x.length];
        f.valueAndGradient(x, g);
        double[] y = x.clone();
        Worst worst = new Worst();
        for (int e = 0; e < x.length; e++) {
            double h = step * Math.max(1, Math.abs(x[e]));
            double xp = x[e] + h;
            double xm = x[e] - h;
            y[e] = xp;
            double fp = f.value(y);
            y[e] = xm;
            double fm = f.value(y);
            y[e] = x[e];
            worst.offer(0, e, g[e], (fp - fm) / (xp - xm));
        }
        return worst.report();
    }

    private static double evaluate(Function f, Tensor[] inputs, double[][] copies, Tensor projection) {
        Tape tape = new Tape();
        Var[] vars = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            vars[i] = tape.constant(Tensor.of(inputs[i].shape(), copies[i]));
        }
        return project(f.apply(tape, vars), projection).item();
    }

    /** r, or null for a scalar output. */
    private static Tensor projection(Tensor out, long seed) {
        if (out.rank() == 0) {
            return null;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble(-1, 1);
        }
        return Tensor.of(out.shape(), r);
    }

    private static Var project(Var out, Tensor r) {
        if (r == null) {
            return out;
        }
        if (!out.value().sameShape(r)) {
            throw new IllegalArgumentException("the function returned shape " + out.value().shapeString()
                    + " at one point and " + r.shapeString() + " at another");
        }
        return out.mul(out.tape().constant(r)).sum();
    }

    private static final class Worst {
        private double error = 0;
        private int input = -1;
        private int element = -1;
        private double analytic = Double.NaN;
        private double numeric = Double.NaN;
        private int checked;

        void offer(int i, int e, double a, double n) {
            checked++;
            double err = Math.abs(a - n) / Math.max(1, Math.max(Math.abs(a), Math.abs(n)));
            if (Double.isNaN(err)) {
                err = Double.POSITIVE_INFINITY;
            }
            if (input < 0 || err > error) {
                error = err;
                input = i;
                element = e;
                analytic = a;
                numeric = n;
            }
        }

        Report report() {
            return new Report(error, input, element, analytic, numeric, checked);
        }
    }
}
