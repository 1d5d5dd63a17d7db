package dev.descent.nn;

import dev.descent.data.Dataset;
import java.util.Arrays;

/**
 * {@link ShardF64} in float: the same computation line for line on float buffers with the float
 * kernel ({@code sgemm}), except that each row's loss and its softmax or sigmoid are evaluated in
 * double from the float outputs (a handful of values per row) and rounded to float for the adjoint.
 */
final class ShardF32 {

    private final TrainingPass.Net net;
    final float[] grad;
    private final float[] x;
    private final float[][] out;   // layer k's activations, before dropout
    private final float[][] drop;  // layer k's activations after dropout (null without dropout)
    private final float[] deltaA;
    private final float[] deltaB;
    double lossSum;
    int correct;

    ShardF32(TrainingPass.Net net, int capacity) {
        this.net = net;
        int layers = net.layers();
        this.grad = new float[net.parameters()];
        this.x = new float[capacity * net.width(0)];
        this.out = new float[layers][];
        this.drop = new float[layers][];
        int widest = 1;
        for (int k = 0; k < layers; k++) {
            out[k] = new float[capacity * net.width(k + 1)];
            drop[k] = net.dropout(k) > 0 ? new float[capacity * net.width(k + 1)] : null;
            widest = Math.max(widest, net.width(k + 1));
        }
        this.deltaA = new float[capacity * widest];
        this.deltaB = new float[capacity * widest];
    }

    /**
     * The shard's rows: batch rows [from, to) of m, the data rows {@code order[first + i]}.
     *
     * @param masks per layer the batch's dropout masks [m × width], or null entries for none
     */
    void run(float[] theta, Dataset data, int[] order, int first, int from, int to, int m, float[][] masks) {
        int r = to - from;
        int layers = net.layers();
        data.gatherFeatures(order, first + from, first + to, x, 0);
        float[] in = x;
        for (int k = 0; k < layers; k++) {
            int dIn = net.width(k);
            int dOut = net.width(k + 1);
            float[] h = out[k];
            int bOff = net.biasOffset(k);
            for (int i = 0; i < r; i++) {
                System.arraycopy(theta, bOff, h, i * dOut, dOut);
            }
            net.kernel().sgemm(r, dOut, dIn, in, 0, theta, net.weightOffset(k), h, 0);
            activate(net.activation(k), h, r * dOut);
            if (masks[k] != null) {
                float[] mask = masks[k];
                float[] d = drop[k];
                int base = from * dOut;
                for (int i = 0; i < r * dOut; i++) {
                    d[i] = h[i] * mask[base + i];
                }
                in = d;
            } else {
                in = h;
            }
        }
        float[] delta = deltaA;
        loss(in, r, from, m, data, order, first, delta);
        Arrays.fill(grad, 0f);
        for (int k = layers - 1; k >= 0; k--) {
            int dIn = net.width(k);
            int dOut = net.width(k + 1);
            int n = r * dOut;
            if (masks[k] != null) {
                float[] mask = masks[k];
                int base = from * dOut;
                for (int i = 0; i < n; i++) {
                    delta[i] *= mask[base + i];
                }
            }
            derivative(net.activation(k), out[k], delta, n);
            float[] input = k == 0 ? x : masks[k - 1] != null ? drop[k - 1] : out[k - 1];
            net.kernel().sgemmTN(dIn, dOut, r, input, 0, delta, 0, grad, net.weightOffset(k));
            int bOff = net.biasOffset(k);
            for (int i = 0; i < r; i++) {
                int row = i * dOut;
                for (int j = 0; j < dOut; j++) {
                    grad[bOff + j] += delta[row + j];
                }
            }
            if (k > 0) {
                float[] next = delta == deltaA ? deltaB : deltaA;
                Arrays.fill(next, 0, r * dIn, 0f);
                net.kernel().sgemmNT(r, dIn, dOut, delta, 0, theta, net.weightOffset(k), next, 0);
                delta = next;
            }
        }
    }

    /** The loss of the outputs y [r × width], summed over the shard's rows, and ∂J/∂y into delta. */
    private void loss(float[] y, int r, int from, int m, Dataset data, int[] order, int first, float[] delta) {
        int c = net.width(net.layers());
        double sum = 0;
        int hits = 0;
        switch (net.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> {
                double scale = 1.0 / m;
                for (int i = 0; i < r; i++) {
                    int row = i * c;
                    int label = data.label(order[first + from + i]);
                    double mu = y[row];
                    int best = 0;
                    for (int j = 1; j < c; j++) {
                        if (y[row + j] > mu) {
                            mu = y[row + j];
                            best = j;
                        }
                    }
                    hits += best == label ? 1 : 0;
                    double lse = mu;
                    if (Double.isFinite(mu)) {
                        double s = 0;
                        for (int j = 0; j < c; j++) {
                            s += Math.exp(y[row + j] - mu);
                        }
                        lse = mu + Math.log(s);
                    }
                    sum += lse - y[row + label];
                    for (int j = 0; j < c; j++) {
                        delta[row + j] = (float) (scale * Math.exp(y[row + j] - lse));
                    }
                    delta[row + label] -= scale;
                }
            }
            case LOGISTIC -> {
                double scale = 1.0 / m;
                for (int i = 0; i < r; i++) {
                    int label = data.label(order[first + from + i]);
                    double z = y[i];
                    hits += (z > 0 ? 1 : 0) == label ? 1 : 0;
                    // the two-class softmax cross-entropy of the logits (0, z), as Loss.LOGISTIC computes it
                    double mu = Math.max(0, z);
                    double lse = Double.isFinite(mu) ? mu + Math.log(Math.exp(-mu) + Math.exp(z - mu)) : mu;
                    sum += lse - (label == 1 ? z : 0);
                    delta[i] = (float) (scale * Math.exp(z - lse) - (label == 1 ? scale : 0));
                }
            }
            case MSE -> {
                double scale = 1.0 / ((double) m * c);
                for (int i = 0; i < r; i++) {
                    int row = i * c;
                    int target = order[first + from + i];
                    for (int j = 0; j < c; j++) {
                        double d = y[row + j] - data.target(target, j);
                        sum += d * d;
                        delta[row + j] = (float) (2 * d * scale);
                    }
                }
                hits = -1;
            }
            default -> throw new IllegalStateException("no fused form for " + net.loss());
        }
        lossSum = sum;
        correct = hits;
    }

    private static void activate(Activation a, float[] h, int n) {
        switch (a) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    h[i] = Math.max(h[i], 0);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    h[i] = (float) Math.tanh(h[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    h[i] = (float) (1 / (1 + Math.exp(-h[i])));
                }
            }
            case IDENTITY -> {
            }
        }
    }

    /** delta ← delta ⊙ act'(z), from the activation's output h = act(z). */
    private static void derivative(Activation a, float[] h, float[] delta, int n) {
        switch (a) {
            case RELU -> {
                for (int i = 0; i < n; i++) {
                    delta[i] = h[i] > 0 ? delta[i] : 0;
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    delta[i] *= 1 - h[i] * h[i];
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    delta[i] *= h[i] * (1 - h[i]);
                }
            }
            case IDENTITY -> {
            }
        }
    }
}
