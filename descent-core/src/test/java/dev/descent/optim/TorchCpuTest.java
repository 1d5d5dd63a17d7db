package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.parallel.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TorchCpu}'s fast cascade gives the bits of the straightforward transcription of torch's
 * cascade_sum it replaced (kept below as the reference), and its chunked sums and norms are that
 * order itself for the lengths of the reference cases.
 */
class TorchCpuTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Parallel.availableProcessors());
    }

    @Test
    void theCascadeIsTorchsOrderBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        int[] sizes = new int[300];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i < 80 ? i : i < 200 ? rng.nextInt(80, 5000) : rng.nextInt(5000, 400_000);
        }
        for (int n : sizes) {
            int from = rng.nextInt(0, 9);
            double[] a = new double[from + n + 3];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.scalb(rng.nextDouble(-1, 1), rng.nextInt(-30, 30)); // wide range: any reordering shows
            }
            for (int mode : new int[] {TorchCpu.ABS, TorchCpu.SQUARE, TorchCpu.PLAIN}) {
                assertThat(Double.doubleToRawLongBits(TorchCpu.cascade(a, from, n, mode)))
                        .as("n = %d, mode %d", n, mode)
                        .isEqualTo(Double.doubleToRawLongBits(Reference.sum(a, from, n, mode)));
            }
        }
    }

    @Test
    void theCascadeOfAMillionRowsUsesLargerBlocksLikeTorch() {
        int n = 8_400_000; // 525 000 rows of 16: ⌈log₂⌉ = 20, blocks of 2⁵ rows
        double[] a = new double[n];
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            a[i] = Math.scalb(rng.nextDouble(-1, 1), rng.nextInt(-20, 20));
        }
        assertThat(Double.doubleToRawLongBits(TorchCpu.cascade(a, 0, n, TorchCpu.PLAIN)))
                .isEqualTo(Double.doubleToRawLongBits(Reference.sum(a, 0, n, TorchCpu.PLAIN)));
    }

    @Test
    void chunkedSumsAreTorchsOrderUpToAChunkAndThreadIndependentBeyond() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] a = new double[5 * Parallel.TASK + 77];
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.scalb(rng.nextDouble(-1, 1), rng.nextInt(-30, 30));
            b[i] = rng.nextDouble(-1, 1);
        }
        for (int n : new int[] {1, 17, 1000, Parallel.SUM_CHUNK}) {
            assertThat(TorchCpu.sumSquares(a, 5, n)).isEqualTo(Reference.sum(a, 5, n, TorchCpu.SQUARE));
            double acc = 0;
            for (int i = 5; i < 5 + n; i++) {
                acc = Math.fma(a[i], a[i], acc);
            }
            assertThat(TorchCpu.norm(a, 5, n)).isEqualTo(Math.sqrt(acc));
        }
        Parallel.setThreads(1);
        double[] one = {TorchCpu.sumAbs(a), TorchCpu.sumSquares(a, 3, a.length - 3), TorchCpu.sum(a),
            TorchCpu.norm(a, 1, a.length - 1), TorchCpu.normOfDifference(a, b, 0, a.length)};
        for (int t : new int[] {2, 3, 4}) {
            Parallel.setThreads(t);
            double[] other = {TorchCpu.sumAbs(a), TorchCpu.sumSquares(a, 3, a.length - 3), TorchCpu.sum(a),
                TorchCpu.norm(a, 1, a.length - 1), TorchCpu.normOfDifference(a, b, 0, a.length)};
            assertThat(other).as("%d threads", t).isEqualTo(one);
        }
    }

    /** The transcription of torch's cascade_sum that TorchCpu used before its fast form. */
    static final class Reference {
        private static final int ABS = 0;
        private static final int SQUARE = 1;
        private static final int PLAIN = 2;

        private static double term(double x, int mode) {
            return mode == ABS ? Math.abs(x) : mode == SQUARE ? x * x : x;
        }

        static double sum(double[] a, int from, int n, int mode) {
            final int w = 4;
            if (n < w) {
                return rowSum(a, from, 1, 1, n, mode)[0];
            }
            int vecs = n / w;
            double[] lanes = rowSum(a, from, w, w, vecs, mode);
            double acc = 0;
            for (int i = from + vecs * w; i < from + n; i++) {
                acc += term(a[i], mode);
            }
            for (int k = 0; k < w; k++) {
                acc += lanes[k];
            }
            return acc;
        }

        /** torch's row_sum over {@code size} elements of {@code width} lanes (element e starts at e·stride). */
        private static double[] rowSum(double[] a, int base, int stride, int width, int size, int mode) {
            final int ilp = 4;
            int sizeIlp = size / ilp;
            double[][] partial = multiRowSum(a, base, stride, width, ilp, sizeIlp, mode);
            for (int e = sizeIlp * ilp; e < size; e++) {
                for (int l = 0; l < width; l++) {
                    partial[0][l] += term(a[base + e * stride + l], mode);
                }
            }
            for (int k = 1; k < ilp; k++) {
                for (int l = 0; l < width; l++) {
                    partial[0][l] += partial[k][l];
                }
            }
            return partial[0];
        }

        /** torch's multi_row_sum: rows of {@code nrows} elements, summed in up to four cascade levels. */
        private static double[][] multiRowSum(double[] a, int base, int stride, int width, int nrows, int size,
                int mode) {
            final int levels = 4;
            int ceilLog2 = size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1L);
            int power = Math.max(4, ceilLog2 / levels);
            long step = 1L << power;
            long mask = step - 1;
            double[][][] acc = new double[levels][nrows][width];
            long i = 0;
            while (i + step <= size) {
                for (long j = 0; j < step; j++, i++) {
                    addRow(a, base, stride, width, nrows, i, acc[0], mode);
                }
                for (int j = 1; j < levels; j++) {
                    for (int k = 0; k < nrows; k++) {
                        for (int l = 0; l < width; l++) {
                            acc[j][k][l] += acc[j - 1][k][l];
                            acc[j - 1][k][l] = 0;
                        }
                    }
                    if ((i & (mask << (j * power))) != 0) {
                        break;
                    }
                }
            }
            for (; i < size; i++) {
                addRow(a, base, stride, width, nrows, i, acc[0], mode);
            }
            for (int j = 1; j < levels; j++) {
                for (int k = 0; k < nrows; k++) {
                    for (int l = 0; l < width; l++) {
                        acc[0][k][l] += acc[j][k][l];
                    }
                }
            }
            return acc[0];
        }

        private static void addRow(double[] a, int base, int stride, int width, int nrows, long row, double[][] into,
                int mode) {
            for (int k = 0; k < nrows; k++) {
                int e = base + (int) ((row * nrows + k) * stride);
                for (int l = 0; l < width; l++) {
                    into[k][l] += term(a[e + l], mode);
                }
            }
        }
    }
}
