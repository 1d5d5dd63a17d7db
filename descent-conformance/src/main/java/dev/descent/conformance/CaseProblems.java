package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.problem.Objective;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;

/**
 * Builds the objective of a case from the data in its {@code problem} object, for closed-loop
 * replay. {@code quadratic} and {@code rosenbrock} use descent's own {@link Quadratic} and
 * {@link Rosenbrock}; {@code softmax_regression} is {@link CaseSoftmaxRegression}. A {@code replay}
 * problem has no function: its gradient is the recorded data.
 */
public final class CaseProblems {

    /** The problem type whose gradient is data. */
    public static final String REPLAY = "replay";

    private CaseProblems() {
    }

    /**
     * The objective of {@code c}'s problem, with dimension {@code c.dim()}.
     *
     * @throws MalformedCaseException   when the problem data is missing or has the wrong shape
     * @throws UnsupportedCaseException for {@code replay} and unknown problem types
     */
    public static Objective objective(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        String src = CaseOptimizers.source(c);
        JsonNode p = c.problem();
        Objective objective;
        try {
            objective = switch (c.problemType()) {
                case "quadratic" -> new Quadratic(c.id(), matrix(p, "A", c.dim(), c.dim(), src),
                        vector(p, "b", c.dim(), src), c.theta0());
                case "rosenbrock" -> new Rosenbrock(number(p, "a", src), number(p, "b", src), c.theta0());
                case "softmax_regression" -> softmax(p, src);
                default -> throw new UnsupportedCaseException("problem.type \"" + c.problemType()
                        + "\" has no objective to recompute gradients from");
            };
        } catch (IllegalArgumentException e) {
            throw new MalformedCaseException(src, "problem", "is invalid: " + e.getMessage(), e);
        }
        if (objective.dimension() != c.dim()) {
            throw new MalformedCaseException(src, "problem.dim", "is " + c.dim() + ", but the problem data has "
                    + objective.dimension() + " parameters");
        }
        return objective;
    }

    private static Objective softmax(JsonNode p, String src) throws MalformedCaseException {
        int n = integer(p, "n", src);
        int features = integer(p, "features", src);
        int classes = integer(p, "classes", src);
        double[][] x = matrix(p, "X", n, features, src);
        JsonNode yNode = field(p, "y", src);
        if (!yNode.isArray() || yNode.size() != n) {
            throw new MalformedCaseException(src, "problem.y", "is not an array of " + n + " labels (problem.n)");
        }
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            JsonNode v = yNode.get(r);
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new MalformedCaseException(src, "problem.y[" + r + "]", "is " + v + ", expected an integer label");
            }
            y[r] = v.intValue();
        }
        return new CaseSoftmaxRegression(x, y, classes);
    }

    private static JsonNode field(JsonNode p, String name, String src) throws MalformedCaseException {
        JsonNode n = p.get(name);
        if (n == null || n.isNull()) {
            throw new MalformedCaseException(src, "problem." + name, "is missing");
        }
        return n;
    }

    private static double number(JsonNode p, String name, String src) throws MalformedCaseException {
        return CaseReader.number(field(p, name, src), src, "problem." + name);
    }

    private static int integer(JsonNode p, String name, String src) throws MalformedCaseException {
        JsonNode n = field(p, name, src);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 1) {
            throw new MalformedCaseException(src, "problem." + name, "is " + n + ", expected a positive integer");
        }
        return n.intValue();
    }

    private static double[] vector(JsonNode p, String name, int length, String src) throws MalformedCaseException {
        JsonNode n = field(p, name, src);
        if (!n.isArray() || n.size() != length) {
            throw new MalformedCaseException(src, "problem." + name, "is not an array of " + length + " numbers");
        }
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = CaseReader.number(n.get(i), src, "problem." + name + "[" + i + "]");
        }
        return v;
    }

    private static double[][] matrix(JsonNode p, String name, int rows, int cols, String src)
            throws MalformedCaseException {
        JsonNode n = field(p, name, src);
        if (!n.isArray() || n.size() != rows) {
            throw new MalformedCaseException(src, "problem." + name, "is not an array of " + rows + " rows");
        }
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            JsonNode row = n.get(r);
            String at = "problem." + name + "[" + r + "]";
            if (!row.isArray() || row.size() != cols) {
                throw new MalformedCaseException(src, at, "is not an array of " + cols + " numbers");
            }
            for (int j = 0; j < cols; j++) {
                m[r][j] = CaseReader.number(row.get(j), src, at + "[" + j + "]");
            }
        }
        return m;
    }
}
