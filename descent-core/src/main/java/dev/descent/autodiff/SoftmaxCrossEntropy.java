package dev.descent.autodiff;

import java.util.Arrays;

/**
 * Softmax cross-entropy of logits against integer class labels, averaged over the rows: the loss
 * of multinomial logistic regression and of a classifier's last layer, fused for stability.
 *
 * <pre>
 *   forward:  x [m, C] (logits), labels y ∈ {0 … C−1}ᵐ  →  L []
 *             lse[i] = μᵢ + log Σⱼ exp(x[i, j] − μᵢ)         μᵢ = maxⱼ x[i, j]
 *             L      = (1/m) Σᵢ (lse[i] − x[i, yᵢ])           = −(1/m) Σᵢ log softmax(x)[i, yᵢ]
 *   vjp:      x̄[i, j] += L̄ · (softmax(x)[i, j] − [j = yᵢ]) / m
 * </pre>
 *
 * Subtracting the row maximum keeps every exponent ≤ 0, so large logits neither overflow nor lose
 * the loss to rounding. Each row of the gradient sums to 0. The backward pass recomputes the row
 * log-sum-exp (O(mC), cheap next to the matrix product that made the logits) instead of storing
 * the probabilities.
 *
 * @param labels one class index per row; copied
 */
public record SoftmaxCrossEntropy(int[] labels) implements Op {

    public SoftmaxCrossEntropy {
        labels = labels.clone();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("softmaxCrossEntropy: label[" + i + "] = " + labels[i]
                        + " is negative");
            }
        }
    }

    /** The labels (a copy). */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    @Override
    public String name() {
        return "softmaxCrossEntropy";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor x = in[0];
        check(x);
        int m = x.dim(0);
        int c = x.dim(1);
        double[] xd = x.data();
        double total = 0;
        for (int i = 0; i < m; i++) {
            int r = x.offset() + i * c;
            total += logSumExp(xd, r, c) - xd[r + labels[i]];
        }
        return Tensor.scalar(total / m);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        Tensor x = in[0];
        int m = x.dim(0);
        int c = x.dim(1);
        double[] xd = x.data();
        double scale = gy[0] / m;
        for (int i = 0; i < m; i++) {
            int r = x.offset() + i * c;
            double lse = logSumExp(xd, r, c);
            for (int j = 0; j < c; j++) {
                gx[i * c + j] += scale * Math.exp(xd[r + j] - lse);
            }
            gx[i * c + labels[i]] -= scale;
        }
    }

    private void check(Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits " + x.shapeString()
                    + ": need a rank-2 tensor [rows, classes]");
        }
        if (x.dim(0) != labels.length) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits " + x.shapeString() + " have " + x.dim(0)
                    + " rows but there are " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= x.dim(1)) {
                throw new IllegalArgumentException("softmaxCrossEntropy: label[" + i + "] = " + labels[i]
                        + " is outside [0, " + x.dim(1) + ") for logits " + x.shapeString());
            }
        }
    }

    private static double logSumExp(double[] x, int from, int n) {
        double mu = x[from];
        for (int j = 1; j < n; j++) {
            mu = Math.max(mu, x[from + j]);
        }
        if (Double.isInfinite(mu) || Double.isNaN(mu)) {
            return mu;
        }
        double s = 0;
        for (int j = 0; j < n; j++) {
            s += Math.exp(x[from + j] - mu);
        }
        return mu + Math.log(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftmaxCrossEntropy s && Arrays.equals(s.labels, labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "SoftmaxCrossEntropy[" + labels.length + " labels]";
    }
}
