package dev.descent.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Parallel.availableProcessors());
    }

    @Test
    void forRangeVisitsEveryIndexOnceInFixedTasks() {
        for (int t : new int[] {1, 2, 4}) {
            Parallel.setThreads(t);
            for (int n : new int[] {0, 1, Parallel.THRESHOLD - 1, Parallel.THRESHOLD, 5 * Parallel.TASK + 3}) {
                int[] hits = new int[n];
                Parallel.forRange(n, (from, to) -> {
                    assertThat(n < Parallel.THRESHOLD || t == 1 || from % Parallel.TASK == 0).isTrue();
                    for (int i = from; i < to; i++) {
                        hits[i]++;
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertThat(hits[i]).as("index %d of %d on %d threads", i, n, t).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aLongLoopUsesMoreThanOneThreadWhenAllowed() {
        Parallel.setThreads(2);
        java.util.Set<Thread> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 50 && seen.size() < 2; rep++) {
            Parallel.forRange(64 * Parallel.TASK, (from, to) -> {
                seen.add(Thread.currentThread());
                long spin = System.nanoTime() + 20_000;
                while (System.nanoTime() < spin) {
                    Thread.onSpinWait();
                }
            });
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void forEachRunsEachIndexOnceAndNestedLoopsStayOnTheirThread() {
        Parallel.setThreads(3);
        AtomicInteger[] hits = new AtomicInteger[7];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = new AtomicInteger();
        }
        Parallel.forEach(hits.length, i -> {
            hits[i].incrementAndGet();
            Thread me = Thread.currentThread();
            Parallel.forRange(4 * Parallel.TASK, (from, to) -> {
                if (me.getName().startsWith("descent-parallel-")) {
                    assertThat(Thread.currentThread()).isSameAs(me);
                }
            });
        });
        for (AtomicInteger h : hits) {
            assertThat(h.get()).isEqualTo(1);
        }
    }

    @Test
    void aFailingTaskIsRethrownAfterTheOthersEnded() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forRange(8 * Parallel.TASK, (from, to) -> {
            if (from == 3 * Parallel.TASK) {
                throw new IllegalStateException("task at " + from);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task at " + 3 * Parallel.TASK);
    }

    @Test
    void threadCountsOutsideTheRangeAreRefusedByName() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessage("threads = 0 is outside [1, 256]");
        assertThatThrownBy(() -> Parallel.setThreads(257)).hasMessage("threads = 257 is outside [1, 256]");
    }

    @Test
    void tiledSumsAreTheSequentialChunkSumsInChunkOrderOnAnyThreadCount() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] x = new double[12 * Parallel.TASK + 999];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.scalb(rng.nextDouble(-1, 1), rng.nextInt(-30, 30)); // wide magnitudes: any reordering shows
            y[i] = rng.nextDouble(-1, 1);
        }
        int[] modes = {Parallel.PLUS, Parallel.FMA_SQUARES};
        int[][] ranges = {{0, 0}, {3, 4}, {7, 7 + Parallel.SUM_CHUNK}, {5, 5 + Parallel.SUM_CHUNK + 1},
            {0, Parallel.TASK}, {11, 11 + 3 * Parallel.TASK + 300}, {2, x.length}};
        for (int threads : new int[] {1, 2, 3}) {
            Parallel.setThreads(threads);
            for (int[] r : ranges) {
                double[] got = new double[3];
                double[] touched = new double[x.length];
                Parallel.tiledSums(r[0], r[1], modes, (from, to, terms, at) -> {
                    for (int i = from; i < to; i++) {
                        touched[i] += 1;
                        terms[at + i - from] = x[i] * y[i];
                        terms[at + Parallel.TILE + i - from] = x[i];
                    }
                }, 1, (from, to, out, at) -> {
                    double s = 0;
                    for (int i = from; i < to; i++) {
                        s += y[i];
                    }
                    out[at] = s;
                }, got);
                double[] want = new double[3];
                int chunks = 0;
                for (int c = r[0]; c < r[1]; c += Parallel.SUM_CHUNK, chunks++) {
                    double dot = 0;
                    double sq = 0;
                    double plain = 0;
                    for (int i = c; i < Math.min(r[1], c + Parallel.SUM_CHUNK); i++) {
                        dot += x[i] * y[i];
                        sq = Math.fma(x[i], x[i], sq);
                        plain += y[i];
                    }
                    if (r[1] - r[0] <= Parallel.SUM_CHUNK) {
                        want = new double[] {dot, sq, plain};
                    } else {
                        want[0] += dot;
                        want[1] += sq;
                        want[2] += plain;
                    }
                }
                assertThat(got).as("[%d, %d) on %d threads", r[0], r[1], threads).isEqualTo(want);
                for (int i = 0; i < x.length; i++) {
                    assertThat(touched[i]).isEqualTo(i >= r[0] && i < r[1] ? 1.0 : 0.0);
                }
            }
        }
    }
}
