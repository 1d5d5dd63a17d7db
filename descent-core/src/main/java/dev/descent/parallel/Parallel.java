package dev.descent.parallel;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * One shared pool of threads for the loops over large vectors (optimizer steps, norms, finiteness
 * checks) and for the shards of a minibatch, with results that never depend on how many threads
 * ran them.
 *
 * <h2>Why the results are the same on 1, 2 or 64 threads</h2>
 * <ul>
 *   <li>Work is cut into fixed <em>tasks</em> that depend only on the length: {@link #TASK}
 *       elements each ({@link #forRange}), or one index each ({@link #forEach}). Threads take
 *       tasks in any order, but each element is computed by the same arithmetic whoever takes it.</li>
 *   <li>A reduction ({@link #sum}) sums each fixed chunk of {@link #SUM_CHUNK} elements in index
 *       order, stores the chunk's partial sum at its chunk's index, and adds the partials in chunk
 *       order at the end. That is the order {@link dev.descent.linalg.Vec#sumOfSquares} uses on one
 *       thread, so the sequential and parallel results are bit-identical.</li>
 * </ul>
 *
 * <h2>When it is worth a thread</h2>
 * Below {@link #THRESHOLD} elements a loop runs on the calling thread: waking a helper costs a few
 * microseconds, about what one thread needs for 30 000 elements of an Adam step. The calling
 * thread always works too; helpers take what it has not taken yet, so a busy pool slows a loop
 * down but never blocks it. A loop started from inside a pool thread (a minibatch shard stepping
 * an optimizer, say) runs on that thread alone.
 *
 * <h2>Threads</h2>
 * {@link #threads()} is the count every loop may use, the calling thread included: all
 * available processors unless {@link #setThreads} says otherwise (the CLI's {@code --threads}).
 * The pool is shared by every caller in the JVM, as torch's intra-op pool is; independent runs on
 * different threads may use it at the same time.
 */
public final class Parallel {

    /** Elements per task of {@link #forRange}: large enough that taking one is cheap, small enough to balance. */
    public static final int TASK = 1 << 15;

    /** Elements per partial sum of {@link #sum}; {@link #TASK} is a multiple of it. */
    public static final int SUM_CHUNK = 4096;

    /** Loops shorter than this run on the calling thread. */
    public static final int THRESHOLD = 2 * TASK;

    /** The most threads {@link #setThreads} accepts. */
    public static final int MAX_THREADS = 256;

    private static final AtomicReference<Pool> POOL = new AtomicReference<>(
            new Pool(Runtime.getRuntime().availableProcessors()));

    private Parallel() {
    }

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** A partial sum over the index range [from, to), in index order. */
    @FunctionalInterface
    public interface RangeSum {
        double sum(int from, int to);
    }

    /** The threads a loop may use, the caller included (≥ 1). */
    public static int threads() {
        return POOL.get().threads;
    }

    /**
     * Sets the threads every loop may use from now on, the calling thread included; the old pool's
     * helpers finish what they hold and stop.
     *
     * @param threads in [1, {@value #MAX_THREADS}]
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static void setThreads(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads = " + threads + " is outside [1, " + MAX_THREADS + "]");
        }
        Pool old = POOL.getAndSet(new Pool(threads));
        old.shutdown();
    }

    /** All available processors, the default of {@link #threads()}. */
    public static int availableProcessors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** k partial sums over the index range [from, to), in index order, written to {@code out[at, at + k)}. */
    @FunctionalInterface
    public interface RangeSums {
        void sums(int from, int to, double[] out, int at);
    }

    /**
     * Runs {@code body} over [0, n) in tasks of {@link #TASK} elements on up to {@link #threads()}
     * threads, and returns when every task is done. A body that throws makes this throw the same
     * exception after the other tasks ended.
     */
    public static void forRange(int n, Range body) {
        forRange(0, n, body);
    }

    /**
     * {@link #forRange(int, Range)} over [from, to): tasks of {@link #TASK} elements counted from
     * {@code from} (a block of a layout, say).
     */
    public static void forRange(int from, int to, Range body) {
        int n = to - from;
        Pool pool = POOL.get();
        if (n < THRESHOLD || pool.threads == 1 || Pool.isWorker()) {
            body.run(from, to);
            return;
        }
        int tasks = (int) (((long) n + TASK - 1) / TASK);
        pool.run(tasks, Math.min(pool.threads, tasks),
                t -> body.run(from + t * TASK, (int) Math.min(to, (long) from + (long) (t + 1) * TASK)));
    }

    /**
     * Σ over [0, n) of {@code body}'s partial sums of fixed chunks of {@link #SUM_CHUNK} elements,
     * added in chunk order: the same bits for any number of threads, and the same as the
     * sequential loop {@code for (chunk c) total += body.sum(c·SUM_CHUNK, …)}.
     */
    public static double sum(int n, RangeSum body) {
        return sum(0, n, body);
    }

    /**
     * {@link #sum(int, RangeSum)} over [from, to), with the chunks counted from {@code from}: a
     * block's sum does not depend on where the block starts, and one of at most
     * {@link #SUM_CHUNK} elements is {@code body.sum(from, to)} itself.
     */
    public static double sum(int from, int to, RangeSum body) {
        int n = to - from;
        if (n <= SUM_CHUNK) {
            return body.sum(from, to);
        }
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        Partials held = Partials.acquire(chunks);
        try {
            double[] partial = held.buffer;
            forRange(from, to, (a, b) -> {
                for (int start = a; start < b; start += SUM_CHUNK) {
                    partial[(start - from) / SUM_CHUNK] = body.sum(start, Math.min(b, start + SUM_CHUNK));
                }
            });
            double total = 0;
            for (int c = 0; c < chunks; c++) {
                total += partial[c];
            }
            return total;
        } finally {
            held.release();
        }
    }

    /**
     * k sums over [from, to) in one pass, each by the rule of {@link #sum(int, int, RangeSum)}:
     * {@code body} writes the k partial sums of a chunk of {@link #SUM_CHUNK} elements (counted
     * from {@code from}) to {@code out[at, at + k)}, and {@code totals[j]} receives the in-order sum
     * of the chunks' j-th partials (for a single chunk, the partials themselves). For a fused pass
     * that updates elements and reduces them at once (the body may write the elements it visits).
     *
     * @param totals modified: its first k entries
     */
    public static void sums(int from, int to, int k, RangeSums body, double[] totals) {
        int n = to - from;
        if (n <= SUM_CHUNK) {
            body.sums(from, to, totals, 0);
            return;
        }
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        Partials held = Partials.acquire(chunks * k);
        try {
            double[] partial = held.buffer;
            forRange(from, to, (a, b) -> {
                for (int start = a; start < b; start += SUM_CHUNK) {
                    body.sums(start, Math.min(b, start + SUM_CHUNK), partial, (start - from) / SUM_CHUNK * k);
                }
            });
            for (int j = 0; j < k; j++) {
                double total = 0;
                for (int c = 0; c < chunks; c++) {
                    total += partial[c * k + j];
                }
                totals[j] = total;
            }
        } finally {
            held.release();
        }
    }

    /** {@link #tiledSums}: a chunk's terms t summed in index order, acc + t. */
    public static final int PLUS = 0;

    /** {@link #tiledSums}: a chunk's terms t summed as fma(t, t, acc) in index order (torch.norm's order). */
    public static final int FMA_SQUARES = 1;

    /** Elements per tile of {@link #tiledSums}; it divides {@link #SUM_CHUNK}. */
    public static final int TILE = 256;

    /** The most quantities one {@link #tiledSums} reduces. */
    public static final int MAX_TILE_SUMS = 4;

    /** Chunks whose sums {@link #tiledSums} interleaves: {@link #TASK} / {@link #SUM_CHUNK}. */
    private static final int GROUP = TASK / SUM_CHUNK;

    /** The elementwise work of a tile of {@link #tiledSums}, and the terms it reduces. */
    @FunctionalInterface
    public interface Tile {
        /**
         * Does the work of [from, to) (at most {@link #TILE} elements, inside one chunk) and writes
         * quantity j's term of element i to {@code terms[at + j·TILE + (i − from)]}.
         */
        void run(int from, int to, double[] terms, int at);
    }

    /**
     * k = {@code modes.length} sums over [from, to) in one fused pass, each by the rule of
     * {@link #sum(int, int, RangeSum)}: per fixed chunk of {@link #SUM_CHUNK} elements (counted
     * from {@code from}) the terms that {@code tile} writes, summed in index order as
     * {@code modes[j]} says ({@link #PLUS} or {@link #FMA_SQUARES}), then the chunks in order. The
     * bits are those of the plain sequential loop over each chunk; the speed is not: the tiles of
     * {@value #TASK} / {@value #SUM_CHUNK} chunks are interleaved, so their sums run as independent
     * chains (one chain waits ~4 cycles per element), and the tile's own loop, free of the
     * reduction, can be vectorized.
     *
     * <p>{@code chunkEnd}, when not null, runs after each chunk's tiles (its elements are in cache)
     * and writes {@code extra} more partial sums of the chunk to {@code out[at, at + extra)}; they
     * are added in chunk order too, into {@code totals[k, k + extra)}.
     *
     * @param totals modified: its first k + extra entries
     */
    public static void tiledSums(int from, int to, int[] modes, Tile tile, int extra, RangeSums chunkEnd,
            double[] totals) {
        int k = modes.length;
        if (k > MAX_TILE_SUMS) {
            throw new IllegalArgumentException(k + " sums > " + MAX_TILE_SUMS);
        }
        int w = k + extra;
        int n = to - from;
        if (n <= SUM_CHUNK) {
            tiledTask(from, to, modes, tile, extra, chunkEnd, totals, 0);
            return;
        }
        int chunks = (n + SUM_CHUNK - 1) / SUM_CHUNK;
        Partials held = Partials.acquire(chunks * w);
        try {
            double[] partial = held.buffer;
            forRange(from, to, (a, b) -> tiledTask(a, b, modes, tile, extra, chunkEnd, partial,
                    (a - from) / SUM_CHUNK * w));
            for (int j = 0; j < w; j++) {
                double total = 0;
                for (int c = 0; c < chunks; c++) {
                    total += partial[c * w + j];
                }
                totals[j] = total;
            }
        } finally {
            held.release();
        }
    }

    /** This thread's terms of a group of tiles: GROUP chunks × MAX_TILE_SUMS quantities × TILE. */
    private static final ThreadLocal<double[]> TERMS = ThreadLocal.withInitial(
            () -> new double[GROUP * MAX_TILE_SUMS * TILE]);

    /** {@link #tiledSums} over [a, b) (whole chunks but maybe the last): chunk c's sums to out[at + c·w, …). */
    private static void tiledTask(int a, int b, int[] modes, Tile tile, int extra, RangeSums chunkEnd, double[] out,
            int at) {
        int k = modes.length;
        int w = k + extra;
        int chunks = Math.max(1, (b - a + SUM_CHUNK - 1) / SUM_CHUNK);
        double[] terms = TERMS.get();
        int stride = k * TILE; // from one chunk's terms to the next chunk's
        for (int g = 0; g < chunks; g += GROUP) {
            int gc = Math.min(GROUP, chunks - g);
            for (int c = 0; c < gc; c++) {
                for (int j = 0; j < k; j++) {
                    out[at + (g + c) * w + j] = 0.0;
                }
            }
            int groupStart = a + g * SUM_CHUNK;
            for (int t = 0; t < SUM_CHUNK; t += TILE) {
                int lastLength = 0;
                for (int c = 0; c < gc; c++) {
                    int start = groupStart + c * SUM_CHUNK + t;
                    int end = Math.min(start + TILE, Math.min(b, groupStart + (c + 1) * SUM_CHUNK));
                    if (start < end) {
                        tile.run(start, end, terms, c * stride);
                    }
                    lastLength = Math.max(0, end - start);
                }
                if (lastLength == 0 && gc == 1) {
                    break; // the range's last, short chunk is done
                }
                for (int j = 0; j < k; j++) {
                    int o = at + g * w + j;
                    if (gc == GROUP && lastLength == TILE) {
                        if (modes[j] == FMA_SQUARES) {
                            fmaSquares8(terms, j * TILE, stride, out, o, w);
                        } else {
                            plus8(terms, j * TILE, stride, out, o, w);
                        }
                    } else {
                        for (int c = 0; c < gc; c++) {
                            int len = c < gc - 1 ? TILE : lastLength;
                            int base = c * stride + j * TILE;
                            double acc = out[o + c * w];
                            if (modes[j] == FMA_SQUARES) {
                                for (int i = 0; i < len; i++) {
                                    acc = Math.fma(terms[base + i], terms[base + i], acc);
                                }
                            } else {
                                for (int i = 0; i < len; i++) {
                                    acc += terms[base + i];
                                }
                            }
                            out[o + c * w] = acc;
                        }
                    }
                }
            }
            if (chunkEnd != null) {
                for (int c = 0; c < gc; c++) {
                    int start = groupStart + c * SUM_CHUNK;
                    chunkEnd.sums(start, Math.min(b, start + SUM_CHUNK), out, at + (g + c) * w + k);
                }
            }
        }
    }

    /** Eight chunks' running sums acc + t over one tile of terms each, as eight independent chains. */
    private static void plus8(double[] t, int base, int stride, double[] out, int o, int w) {
        double s0 = out[o], s1 = out[o + w], s2 = out[o + 2 * w], s3 = out[o + 3 * w];
        double s4 = out[o + 4 * w], s5 = out[o + 5 * w], s6 = out[o + 6 * w], s7 = out[o + 7 * w];
        for (int i = base; i < base + TILE; i++) {
            s0 += t[i];
            s1 += t[i + stride];
            s2 += t[i + 2 * stride];
            s3 += t[i + 3 * stride];
            s4 += t[i + 4 * stride];
            s5 += t[i + 5 * stride];
            s6 += t[i + 6 * stride];
            s7 += t[i + 7 * stride];
        }
        out[o] = s0;
        out[o + w] = s1;
        out[o + 2 * w] = s2;
        out[o + 3 * w] = s3;
        out[o + 4 * w] = s4;
        out[o + 5 * w] = s5;
        out[o + 6 * w] = s6;
        out[o + 7 * w] = s7;
    }

    /** {@link #plus8} with fma(t, t, acc). */
    private static void fmaSquares8(double[] t, int base, int stride, double[] out, int o, int w) {
        double s0 = out[o], s1 = out[o + w], s2 = out[o + 2 * w], s3 = out[o + 3 * w];
        double s4 = out[o + 4 * w], s5 = out[o + 5 * w], s6 = out[o + 6 * w], s7 = out[o + 7 * w];
        for (int i = base; i < base + TILE; i++) {
            s0 = Math.fma(t[i], t[i], s0);
            s1 = Math.fma(t[i + stride], t[i + stride], s1);
            s2 = Math.fma(t[i + 2 * stride], t[i + 2 * stride], s2);
            s3 = Math.fma(t[i + 3 * stride], t[i + 3 * stride], s3);
            s4 = Math.fma(t[i + 4 * stride], t[i + 4 * stride], s4);
            s5 = Math.fma(t[i + 5 * stride], t[i + 5 * stride], s5);
            s6 = Math.fma(t[i + 6 * stride], t[i + 6 * stride], s6);
            s7 = Math.fma(t[i + 7 * stride], t[i + 7 * stride], s7);
        }
        out[o] = s0;
        out[o + w] = s1;
        out[o + 2 * w] = s2;
        out[o + 3 * w] = s3;
        out[o + 4 * w] = s4;
        out[o + 5 * w] = s5;
        out[o + 6 * w] = s6;
        out[o + 7 * w] = s7;
    }

    /**
     * The partial-sum buffers of one thread, reused from step to step (a sum allocates nothing once
     * warm); a stack, so that a sum inside another sum's body on the same thread gets its own.
     */
    private static final class Partials {
        private static final ThreadLocal<Partials> BOTTOM = ThreadLocal.withInitial(Partials::new);

        double[] buffer = new double[0];
        private Partials above;
        private boolean busy;

        /** This thread's first free buffer of at least {@code length} doubles (contents undefined). */
        static Partials acquire(int length) {
            Partials p = BOTTOM.get();
            while (p.busy) {
                if (p.above == null) {
                    p.above = new Partials();
                }
                p = p.above;
            }
            if (p.buffer.length < length) {
                p.buffer = new double[length];
            }
            p.busy = true;
            return p;
        }

        void release() {
            busy = false;
        }
    }

    /**
     * Runs {@code task} for every index in [0, count) on up to {@link #threads()} threads (one
     * index per task, any order), and returns when all are done: for work whose pieces are large
     * already, the shards of a minibatch say. The tasks must write disjoint outputs.
     */
    public static void forEach(int count, IntConsumer task) {
        Pool pool = POOL.get();
        if (count <= 1 || pool.threads == 1 || Pool.isWorker()) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        pool.run(count, Math.min(pool.threads, count), task);
    }

    /** The helper threads of one thread count, and the protocol that shares tasks with them. */
    private static final class Pool {
        private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);
        private static final AtomicInteger THREAD_IDS = new AtomicInteger();

        final int threads;
        private final ExecutorService helpers;

        Pool(int threads) {
            this.threads = threads;
            this.helpers = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(() -> {
                    WORKER.set(true);
                    r.run();
                }, "descent-parallel-" + THREAD_IDS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        static boolean isWorker() {
            return WORKER.get();
        }

        void shutdown() {
            if (helpers != null) {
                helpers.shutdown();
            }
        }

        /** Runs tasks [0, tasks) with up to {@code participants} threads, this one included. */
        void run(int tasks, int participants, IntConsumer task) {
            Job job = new Job(tasks, task);
            for (int i = 1; i < participants; i++) {
                try {
                    helpers.execute(job);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    break; // the pool was replaced meanwhile: this thread does the rest
                }
            }
            job.run();
            job.awaitDone();
        }
    }

    /**
     * Tasks handed out by a shared counter. A helper that starts after every task was taken finds
     * nothing to do and touches nothing, so the caller waits only for tasks that are running.
     */
    private static final class Job implements Runnable {
        private final int tasks;
        private final IntConsumer task;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile Throwable failure;

        Job(int tasks, IntConsumer task) {
            this.tasks = tasks;
            this.task = task;
        }

        @Override
        public void run() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    if (failure == null) {
                        task.accept(t);
                    }
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        void awaitDone() {
            for (int spins = 0; done.get() < tasks; spins++) {
                if (spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable e = failure;
            if (e instanceof RuntimeException re) {
                throw re;
            }
            if (e instanceof Error err) {
                throw err;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }
}
