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
}
