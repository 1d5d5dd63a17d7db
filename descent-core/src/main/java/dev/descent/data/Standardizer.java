package dev.descent.data;

import java.util.Arrays;

/**
 * Per-feature standardization, fitted on training data and then applied unchanged to any data
 * with the same features.
 *
 * <pre>
 *   fit:        μⱼ = (1/n) Σᵢ xᵢⱼ
 *               σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)            (population form, corrected two-pass)
 *               sⱼ = σⱼ, or 1 when feature j is constant in the training data
 *   transform:  x'ᵢⱼ = (xᵢⱼ − μⱼ) / sⱼ
 * </pre>
 *
 * <h2>Conventions</h2>
 * Matches scikit-learn's {@code StandardScaler} (population σ, ddof = 0; a zero-variance feature
 * gets scale 1, so it maps to 0 on the training data instead of to NaN). A feature is constant when
 * all its training values are equal; then μⱼ is that value exactly, so the mapped column is exactly
 * 0 (the two-pass mean of n equal values can be off by an ulp, which a division by a σ of 1e-17
 * would blow up). The mean and variance use the corrected two-pass algorithm (Chan, Golub &amp;
 * LeVeque 1983: the second pass's residual sum Σ(x − μ) corrects both the rounding of μ and the
 * variance), which stays accurate for features with a large offset, where the one-pass
 * E[x²] − E[x]² cancels catastrophically. A feature whose sums overflow (values near ±1e308) is
 * fitted on x·2⁻ᵏ, exactly scaled into (−2, 2), so every finite feature gets a finite μ and s;
 * {@link #transform} refuses only a value whose standardized form is beyond a double (a held-out
 * value far outside a narrow training range), naming the feature and row.
 *
 * <p><b>Fit on training data only</b>: fitting on validation or test rows leaks their statistics
 * into the model and biases the held-out score. Typical use:
 * <pre>{@code
 * Split split = Split.trainValidation(data, 0.2, seed);
 * Standardizer s = Standardizer.fit(split.train());
 * Dataset train = s.transform(split.train()), validation = s.transform(split.validation());
 * }</pre>
 *
 * @param mean  μ, one per feature; copied
 * @param scale s, one per feature, all positive and finite; copied
 */
public record Standardizer(double[] mean, double[] scale) {

    public Standardizer {
        if (mean.length != scale.length || mean.length == 0) {
            throw new IllegalArgumentException("mean and scale need the same positive length, got " + mean.length
                    + " and " + scale.length);
        }
        mean = mean.clone();
        scale = scale.clone();
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(scale[j]) || !Double.isFinite(mean[j])) {
                throw new IllegalArgumentException("feature " + j + ": mean = " + mean[j] + ", scale = " + scale[j]
                        + " (the mean must be finite and the scale positive and finite)");
            }
        }
    }

    /** Fits μ and s on {@code train}'s features (see the class comment). */
    public static Standardizer fit(Dataset train) {
        int n = train.size();
        int d = train.featureCount();
        double[] x = train.rawFeatures(); // read only
        double[] mean = new double[d];
        double[] var = new double[d];
        boolean[] varies = new boolean[d];
        for (int i = 0; i < n; i++) {
            int r = i * d;
            for (int j = 0; j < d; j++) {
                mean[j] += x[r + j];
                varies[j] |= x[r + j] != x[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] = varies[j] ? mean[j] / n : x[j];
        }
        double[] residual = new double[d];
        for (int i = 0; i < n; i++) {
            int r = i * d;
            for (int j = 0; j < d; j++) {
                double c = x[r + j] - mean[j];
                residual[j] += c;
                var[j] += c * c;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(var[j]) || !Double.isFinite(residual[j])) {
                double[] ms = scaledMoments(x, n, d, j); // the sums overflowed: |x| near Double.MAX_VALUE
                mean[j] = varies[j] ? ms[0] : x[j];
                scale[j] = varies[j] && ms[1] > 0 ? ms[1] : 1.0;
                continue;
            }
            // corrected two-pass (Chan, Golub, LeVeque): the residual sum fixes the rounding of μ
            mean[j] += residual[j] / n;
            double sd = Math.sqrt(Math.max(0, var[j] - residual[j] * residual[j] / n) / n);
            scale[j] = varies[j] && sd > 0 ? sd : 1.0;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * μ and σ of feature j computed on x·2⁻ᵏ with 2ᵏ ≤ max|x| &lt; 2ᵏ⁺¹, then scaled back: the scaled
     * values lie in (−2, 2), so no sum overflows, and scaling by a power of two is exact. μ and σ of
     * finite values are at most max|x|, so both are finite. Used only when the plain sums overflow,
     * so ordinary features keep their bits.
     */
    private static double[] scaledMoments(double[] x, int n, int d, int j) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double v = x[i * d + j];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("feature " + j + ": row " + i + " (0-based) holds " + v
                        + "; a non-finite value cannot be standardized");
            }
            max = Math.max(max, Math.abs(v));
        }
        int k = Math.getExponent(max);
        double down = Math.scalb(1.0, -k);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[i * d + j] * down;
        }
        double mu = sum / n;
        double residual = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double c = x[i * d + j] * down - mu;
            residual += c;
            sq += c * c;
        }
        mu += residual / n;
        double sd = Math.sqrt(Math.max(0, sq - residual * residual / n) / n);
        return new double[] {Math.scalb(mu, k), Math.scalb(sd, k)};
    }

    /** A new dataset with standardized features and the same labels or targets. */
    public Dataset transform(Dataset data) {
        int d = mean.length;
        if (data.featureCount() != d) {
            throw new IllegalArgumentException("the standardizer was fitted on " + d + " features but " + data
                    + " has " + data.featureCount());
        }
        double[] in = data.rawFeatures(); // read only
        double[] x = new double[in.length];
        for (int i = 0; i < x.length; i += d) {
            for (int j = 0; j < d; j++) {
                double v = (in[i + j] - mean[j]) / scale[j];
                if (!Double.isFinite(v)) {
                    v = transformHuge(in[i + j], j, i / d);
                }
                x[i + j] = v;
            }
        }
        return data.withFeatures(x);
    }

    /**
     * (x − μ)/s when x − μ overflows (x and μ of opposite signs near Double.MAX_VALUE): halving is
     * exact there, so ((x/2 − μ/2)/s)·2 is the same value; refuses a result that is not finite.
     */
    private double transformHuge(double value, int j, int row) {
        double v = ((value * 0.5 - mean[j] * 0.5) / scale[j]) * 2;
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("feature " + j + ": row " + row + " (0-based) holds " + value + ", whose"
                    + " standardized value (x − μ)/s with μ = " + mean[j] + ", s = " + scale[j] + " is " + v
                    + ", beyond the range of a double");
        }
        return v;
    }

    /** μ (a copy). */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** s (a copy). */
    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer s && Arrays.equals(s.mean, mean) && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Standardizer[" + mean.length + " features]";
    }
}
