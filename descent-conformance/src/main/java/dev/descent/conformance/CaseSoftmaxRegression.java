package dev.descent.conformance;

import dev.descent.problem.Objective;

/**
 * Multinomial logistic regression, the conformance data's {@code softmax_regression} problem:
 *
 * <pre>
 *   z_i = x_i W + b                         (W is features × classes, b has classes entries)
 *   f   = (1/n) Σ_i [ logsumexp(z_i) − z_{i,y_i} ]      (natural logs)
 *   ∇W  = Xᵀ(P − Y) / n,   ∇b = Σ_i (P_i − Y_i) / n,   P = softmax(z) row-wise, Y = one-hot(y)
 * </pre>
 *
 * <p>θ is W flattened row-major (W[i][k] at index {@code i·classes + k}) followed by b. The
 * log-sum-exp subtracts the row maximum first, so it does not overflow.
 *
 * @param x       X, n rows of {@code features} values (copied)
 * @param y       labels in [0, classes), one per row (copied)
 * @param classes the number of classes
 */
public record CaseSoftmaxRegression(double[][] x, int[] y, int classes) implements Objective {

    public CaseSoftmaxRegression {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("X has " + x.length + " rows and y has " + y.length
                    + " labels; need the same number, at least 1");
        }
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + " must be >= 2");
        }
        int features = x[0].length;
        double[][] copy = new double[x.length][];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != features) {
                throw new IllegalArgumentException("X row " + r + " has " + x[r].length + " values, expected " + features);
            }
            if (y[r] < 0 || y[r] >= classes) {
                throw new IllegalArgumentException("y[" + r + "] = " + y[r] + " is outside [0, " + classes + ")");
            }
            copy[r] = x[r].clone();
        }
        x = copy;
        y = y.clone();
    }

    /** The number of features (columns of X). */
    public int features() {
        return x[0].length;
    }

    @Override
    public int dimension() {
        return features() * classes + classes;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] grad) {
        int n = x.length;
        int d = features();
        int k = classes;
        int bias = d * k;
        java.util.Arrays.fill(grad, 0, dimension(), 0.0);
        double[] z = new double[k];
        double loss = 0;
        for (int r = 0; r < n; r++) {
            double[] row = x[r];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int i = 0; i < d; i++) {
                    s += row[i] * theta[i * k + c];
                }
                z[c] = s + theta[bias + c];
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[c] - max);
            }
            double lse = max + Math.log(sum);
            loss += lse - z[y[r]];
            for (int c = 0; c < k; c++) {
                double residual = Math.exp(z[c] - lse) - (c == y[r] ? 1 : 0); // P − Y
                for (int i = 0; i < d; i++) {
                    grad[i * k + c] += row[i] * residual;
                }
                grad[bias + c] += residual;
            }
        }
        for (int j = 0; j < dimension(); j++) {
            grad[j] /= n;
        }
        return loss / n;
    }
}
