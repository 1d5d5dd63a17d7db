package dev.descent.nn;

import java.util.random.RandomGenerator;

/**
 * How a {@link Dense} layer's weights W [fan_in, fan_out] and bias b [fan_out] are drawn.
 *
 * <pre>
 *   scheme           W                                        Var(W)                 b
 *   XAVIER_UNIFORM   U(−a, a),  a = √(6 / (fan_in + fan_out))  2 / (fan_in + fan_out)  0
 *   XAVIER_NORMAL    N(0, 2 / (fan_in + fan_out))              2 / (fan_in + fan_out)  0
 *   HE_UNIFORM       U(−a, a),  a = √(6 / fan_in)              2 / fan_in              0
 *   HE_NORMAL        N(0, 2 / fan_in)                          2 / fan_in              0
 *   TORCH_LINEAR     U(−a, a),  a = 1 / √fan_in                1 / (3 fan_in)          U(−a, a)
 *   ZEROS            0                                         0                       0
 * </pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Xavier/Glorot keeps the variance of activations and of back-propagated gradients roughly
 *       constant across layers of a linear or tanh network (the compromise 2/(fan_in + fan_out)
 *       between the forward 1/fan_in and the backward 1/fan_out); gain 1, as in the paper and
 *       Keras ({@code glorot_uniform} is Keras's default). torch's {@code xavier_uniform_} equals
 *       ours with its default gain 1 ({@code calculate_gain('tanh')} = 5/3 is not applied).</li>
 *   <li>He/Kaiming doubles that variance for ReLU, which zeroes half its inputs: 2/fan_in
 *       (fan_in mode), as torch's {@code kaiming_normal_(nonlinearity='relu')} and Keras's
 *       {@code he_normal} (which truncates the normal; we do not).</li>
 *   <li>{@code TORCH_LINEAR} is what torch's {@code nn.Linear} does by default
 *       ({@code kaiming_uniform_(a=√5)} for the weight, which works out to U(±1/√fan_in), and
 *       the same range for the bias): use it to reproduce torch's starting points in
 *       distribution.</li>
 *   <li>Biases start at 0 except for TORCH_LINEAR. ZEROS suits convex models (linear, logistic and
 *       softmax regression); in a hidden layer it leaves every unit identical, and they stay so.</li>
 *   <li>Draw order: W row-major (W[i, j] at i·fan_out + j), then b; normals from
 *       {@link RandomGenerator#nextGaussian()}, uniforms from
 *       {@link RandomGenerator#nextDouble(double, double)}.</li>
 * </ul>
 *
 * <h2>References</h2>
 * X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward neural
 * networks", AISTATS 2010. K. He, X. Zhang, S. Ren, J. Sun, "Delving deep into rectifiers",
 * ICCV 2015, arXiv:1502.01852. Goodfellow, Bengio, Courville, <i>Deep Learning</i>, §8.4.
 */
public enum Init {
    XAVIER_UNIFORM,
    XAVIER_NORMAL,
    HE_UNIFORM,
    HE_NORMAL,
    TORCH_LINEAR,
    ZEROS;

    /** Var(W[i, j]) for this scheme (see the table). */
    public double weightVariance(int fanIn, int fanOut) {
        return switch (this) {
            case XAVIER_UNIFORM, XAVIER_NORMAL -> 2.0 / (fanIn + fanOut);
            case HE_UNIFORM, HE_NORMAL -> 2.0 / fanIn;
            case TORCH_LINEAR -> 1.0 / (3.0 * fanIn);
            case ZEROS -> 0;
        };
    }

    /**
     * Fills W and b in place.
     *
     * @param theta   modified: {@code theta[wOffset, wOffset + fanIn·fanOut)} and
     *                {@code theta[bOffset, bOffset + fanOut)}
     * @param rng     modified: advanced by the draws
     */
    public void fill(double[] theta, int wOffset, int bOffset, int fanIn, int fanOut, RandomGenerator rng) {
        int n = fanIn * fanOut;
        double sd = Math.sqrt(weightVariance(fanIn, fanOut));
        double a = Math.sqrt(3) * sd; // U(−a, a) has variance a²/3
        switch (this) {
            case XAVIER_UNIFORM, HE_UNIFORM, TORCH_LINEAR -> {
                for (int i = 0; i < n; i++) {
                    theta[wOffset + i] = rng.nextDouble(-a, a);
                }
            }
            case XAVIER_NORMAL, HE_NORMAL -> {
                for (int i = 0; i < n; i++) {
                    theta[wOffset + i] = sd * rng.nextGaussian();
                }
            }
            case ZEROS -> java.util.Arrays.fill(theta, wOffset, wOffset + n, 0.0);
        }
        if (this == TORCH_LINEAR) {
            for (int j = 0; j < fanOut; j++) {
                theta[bOffset + j] = rng.nextDouble(-a, a);
            }
        } else {
            java.util.Arrays.fill(theta, bOffset, bOffset + fanOut, 0.0);
        }
    }
}
