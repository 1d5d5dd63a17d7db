package dev.descent.data;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A train/validation split: two disjoint datasets whose rows together are the original's.
 *
 * <pre>
 *   v = round(n · validationFraction)               rows held out; 1 ≤ v ≤ n − 1 is required
 *   plain:       π = MiniBatches.order(n, seed, 0); validation = π[0, v), train = π[v, n)
 *   stratified:  v_c per class c by largest remainders of n_c · v / n (Σ v_c = v, ties to the
 *                smaller class index); within class c, its rows are shuffled with the seed and
 *                the first v_c go to validation
 * </pre>
 *
 * Both parts keep the original row order (the chosen indices are sorted), so a split is a pure
 * function of (dataset, fraction, seed). Statistics such as a {@link Standardizer}'s must then be
 * fitted on {@link #train()} alone.
 *
 * @param train      the rows to fit on
 * @param validation the held-out rows
 */
public record Split(Dataset train, Dataset validation) {

    public Split {
        if (train == null || validation == null) {
            throw new IllegalArgumentException("train and validation must not be null");
        }
    }

    /**
     * A random split holding out {@code round(n · validationFraction)} rows.
     *
     * @param validationFraction in (0, 1)
     */
    public static Split trainValidation(Dataset data, double validationFraction, long seed) {
        int v = validationSize(data.size(), validationFraction);
        int[] order = MiniBatches.order(data.size(), seed, 0);
        return of(data, Arrays.copyOfRange(order, 0, v));
    }

    /**
     * A split that keeps each class's share in both parts (classification sets only).
     *
     * @param validationFraction in (0, 1)
     */
    public static Split stratified(Dataset data, double validationFraction, long seed) {
        if (!data.isClassification()) {
            throw new IllegalArgumentException("a stratified split needs class labels; " + data
                    + " is a regression set (use trainValidation)");
        }
        int n = data.size();
        int v = validationSize(n, validationFraction);
        int[] counts = data.classCounts();
        int c = counts.length;
        // largest remainders: v_c = floor(n_c v / n), then +1 for the largest fractional parts
        int[] take = new int[c];
        long[] remainder = new long[c];
        int assigned = 0;
        for (int k = 0; k < c; k++) {
            long q = (long) counts[k] * v;
            take[k] = (int) (q / n);
            remainder[k] = q % n;
            assigned += take[k];
        }
        for (; assigned < v; assigned++) {
            int best = -1;
            for (int k = 0; k < c; k++) {
                if (take[k] < counts[k] && (best < 0 || remainder[k] > remainder[best])) {
                    best = k;
                }
            }
            take[best]++;
            remainder[best] = -1;
        }
        int[][] byClass = new int[c][];
        int[] fill = new int[c];
        for (int k = 0; k < c; k++) {
            byClass[k] = new int[counts[k]];
        }
        for (int i = 0; i < n; i++) {
            int y = data.label(i);
            byClass[y][fill[y]++] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0));
        int[] held = new int[v];
        int h = 0;
        for (int k = 0; k < c; k++) {
            int[] rows = byClass[k];
            for (int i = rows.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
            System.arraycopy(rows, 0, held, h, take[k]);
            h += take[k];
        }
        return of(data, held);
    }

    /** Validation = the rows {@code held}, train = the rest; both sorted. */
    private static Split of(Dataset data, int[] held) {
        int n = data.size();
        boolean[] isHeld = new boolean[n];
        for (int i : held) {
            isHeld[i] = true;
        }
        int[] validation = new int[held.length];
        int[] train = new int[n - held.length];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
            if (isHeld[i]) {
                validation[a++] = i;
            } else {
                train[b++] = i;
            }
        }
        return new Split(data.subset(train), data.subset(validation));
    }

    private static int validationSize(int n, double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validationFraction = " + fraction + " is outside (0, 1)");
        }
        long v = Math.round(n * fraction);
        if (v < 1 || v > n - 1) {
            throw new IllegalArgumentException("validationFraction = " + fraction + " of " + n + " rows gives "
                    + v + " validation rows; both parts need at least one row");
        }
        return (int) v;
    }
}
