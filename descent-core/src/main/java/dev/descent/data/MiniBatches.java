package dev.descent.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Seeded minibatches: the order of epoch e is a pure function of (seed, e), and each epoch is cut
 * into batches of m rows.
 *
 * <pre>
 *   order(n, seed, e):   rng = new SplittableRandom(Seeds.derive(seed, e))
 *                        π = (0, 1, …, n−1)
 *                        for i = n−1 down to 1:  j = rng.nextInt(i + 1);  swap π[i], π[j]   (Fisher–Yates)
 *   batches:             π[0, m), π[m, 2m), …;  the last has n mod m rows, or is dropped with dropLast
 * </pre>
 *
 * Every index appears exactly once per epoch. Nothing depends on earlier epochs or on how many
 * batches were consumed, so a run resumed at epoch e sees the same batches as an uninterrupted one
 * (see {@link Seeds} for why the epoch's generator is derived by hashing rather than by
 * {@code split()}).
 *
 * <pre>{@code
 * MiniBatches batches = MiniBatches.of(64);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch b : batches.epoch(train, seed, epoch)) {
 *         double loss = objective.valueAndGradient(theta, b, grad);
 *         adam.step(theta, grad, state);
 *     }
 * }
 * }</pre>
 *
 * @param batchSize m ≥ 1
 * @param dropLast  whether a last, smaller batch is dropped (torch's {@code drop_last})
 */
public record MiniBatches(int batchSize, boolean dropLast) {

    public MiniBatches {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + " must be >= 1");
        }
    }

    /** Batches of {@code batchSize}, keeping a smaller last batch. */
    public static MiniBatches of(int batchSize) {
        return new MiniBatches(batchSize, false);
    }

    /** The same batch size with this {@code dropLast}. */
    public MiniBatches withDropLast(boolean drop) {
        return new MiniBatches(batchSize, drop);
    }

    /**
     * The permutation of {@code 0 … n−1} for epoch {@code epoch}: a fresh array, a pure function
     * of (n, seed, epoch) (see the class comment).
     */
    public static int[] order(int n, long seed, long epoch) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + " must be >= 1");
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, epoch));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The number of batches per epoch for n rows: ⌈n/m⌉, or ⌊n/m⌋ with dropLast. */
    public int count(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " must be >= 0");
        }
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /**
     * The batches of one epoch of {@code data}, in order. Each batch is gathered when the iterator
     * reaches it, into fresh arrays, so an epoch of a large set never holds more than one batch
     * copy at a time (unless the caller keeps them).
     *
     * @throws IllegalArgumentException if dropLast leaves no batch (fewer rows than batchSize)
     */
    public Iterable<Batch> epoch(Dataset data, long seed, long epoch) {
        int n = data.size();
        int batches = count(n);
        if (batches == 0) {
            throw new IllegalArgumentException("the dataset has " + n + " rows, fewer than batchSize = " + batchSize
                    + ", and dropLast is set: the epoch would have no batch");
        }
        int[] order = order(n, seed, epoch);
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (next >= batches) {
                    throw new NoSuchElementException("the epoch has " + batches + " batches");
                }
                int from = next * batchSize;
                int to = Math.min(n, from + batchSize);
                next++;
                return data.rows(order, from, to);
            }
        };
    }
}
