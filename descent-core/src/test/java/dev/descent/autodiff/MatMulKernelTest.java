package dev.descent.autodiff;

import dev.descent.linalg.MatMulKernel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The blocked kernel against the textbook triple loop kept here as the reference, on shapes that
 * straddle the block sizes, with offsets and a non-zero C (the kernel accumulates).
 */
class MatMulKernelTest {

    static final MatMulKernel KERNEL = MatMulKernel.java();

    /** Reference: c[i][j] += Σₚ op(a)[i][p]·op(b)[p][j], terms added one by one in increasing p. */
    static void reference(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c[co + i * n + j];
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[ao + p * m + i] : a[ao + i * k + p];
                    double y = transB ? b[bo + j * k + p] : b[bo + p * n + j];
                    s += x * y;
                }
                c[co + i * n + j] = s;
            }
        }
    }

    static double[] random(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** Compares one form on one shape; gemm and gemmTN must agree bit for bit, gemmNT to rounding. */
    static void compare(String form, int m, int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int ao = rng.nextInt(4);
        int bo = rng.nextInt(4);
        int co = rng.nextInt(4);
        double[] a = random(rng, ao + m * k + 2);
        double[] b = random(rng, bo + k * n + 2);
        double[] c = random(rng, co + m * n + 2);
        double[] expected = c.clone();
        double[] aCopy = a.clone();
        double[] bCopy = b.clone();
        switch (form) {
            case "gemm" -> {
                KERNEL.gemm(m, n, k, a, ao, b, bo, c, co);
                reference(false, false, m, n, k, a, ao, b, bo, expected, co);
            }
            case "gemmTN" -> {
                KERNEL.gemmTN(m, n, k, a, ao, b, bo, c, co);
                reference(true, false, m, n, k, a, ao, b, bo, expected, co);
            }
            default -> {
                KERNEL.gemmNT(m, n, k, a, ao, b, bo, c, co);
                reference(false, true, m, n, k, a, ao, b, bo, expected, co);
            }
        }
        assertThat(a).as("A is not modified").containsExactly(aCopy);
        assertThat(b).as("B is not modified").containsExactly(bCopy);
        if (form.equals("gemmNT")) {
            for (int i = 0; i < c.length; i++) {
                assertThat(c[i]).as("%s %dx%dx%d at %d", form, m, n, k, i).isCloseTo(expected[i], within(1e-13 * k));
            }
        } else {
            assertThat(c).as("%s %dx%dx%d", form, m, n, k).containsExactly(expected);
        }
    }

    @Test
    void shapesAcrossTheBlockBoundaries() {
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 4, 4}, {65, 257, 129}, {64, 128, 784}, {130, 10, 3},
                {5, 300, 2}, {2, 3, 300}};
        long seed = 1;
        for (int[] s : shapes) {
            for (String form : List.of("gemm", "gemmTN", "gemmNT")) {
                compare(form, s[0], s[1], s[2], seed++);
            }
        }
    }

    @Property(tries = 60, seed = "31")
    void randomShapesAgreeWithTheReference(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int m = rng.nextInt(1, 70);
        int n = rng.nextInt(1, 70);
        int k = rng.nextInt(1, 140);
        for (String form : List.of("gemm", "gemmTN", "gemmNT")) {
            compare(form, m, n, k, rng.nextLong());
        }
    }

    @Test
    void badBoundsAreRefusedBeforeWriting() {
        double[] c = {7, 7, 7, 7};
        assertThatThrownBy(() -> KERNEL.gemm(2, 2, 3, new double[6], 0, new double[5], 0, c, 0))
                .hasMessage("gemm: B needs 6 elements from offset 0 but its array has length 5");
        assertThatThrownBy(() -> KERNEL.gemmNT(2, 2, 0, new double[6], 0, new double[6], 0, c, 0))
                .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> KERNEL.gemmTN(2, 2, 1, new double[2], 0, new double[2], 0, c, 1))
                .hasMessageContaining("gemmTN: C needs 4 elements from offset 1");
        assertThat(c).containsExactly(7, 7, 7, 7);
    }

    /** A stand-in provider for the selection rule. */
    record Named(String name) implements MatMulKernel {
        @Override
        public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        }

        @Override
        public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        }

        @Override
        public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        }
    }

    @Test
    void selectionPrefersTheNamedKernelThenTheFirstProviderThenJava() {
        Named blas = new Named("blas");
        Named other = new Named("other");
        assertThat(MatMulKernel.select(List.of(), null)).isSameAs(MatMulKernel.java());
        assertThat(MatMulKernel.select(List.of(blas, other), null)).isSameAs(blas);
        assertThat(MatMulKernel.select(List.of(blas, other), "other")).isSameAs(other);
        assertThat(MatMulKernel.select(List.of(blas), "java")).isSameAs(MatMulKernel.java());
        assertThatThrownBy(() -> MatMulKernel.select(List.of(blas), "mkl"))
                .hasMessage("descent.matmul = mkl names no available kernel; available: [blas, java]");
        // this module registers no provider
        assertThat(MatMulKernel.standard().name()).isEqualTo("java");
    }

    /** A stand-in provider whose native library is missing. */
    record Missing(String name) implements MatMulKernel {
        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public String toString() {
            return name + " (unavailable: libfoo.so not found)";
        }

        @Override
        public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            throw new AssertionError("an unavailable kernel is never called");
        }

        @Override
        public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            throw new AssertionError("an unavailable kernel is never called");
        }

        @Override
        public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            throw new AssertionError("an unavailable kernel is never called");
        }
    }

    @Test
    void selectionPassesOverUnavailableKernelsButRefusesToFallBackSilentlyWhenOneIsNamed() {
        Missing blas = new Missing("blas");
        Named other = new Named("other");
        assertThat(MatMulKernel.java().isAvailable()).isTrue();
        assertThat(MatMulKernel.select(List.of(blas), null)).isSameAs(MatMulKernel.java());
        assertThat(MatMulKernel.select(List.of(blas, other), null)).isSameAs(other);
        assertThat(MatMulKernel.select(List.of(blas, other), "java")).isSameAs(MatMulKernel.java());
        assertThatThrownBy(() -> MatMulKernel.select(List.of(blas, other), "blas"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("descent.matmul = blas names a kernel that is not available here: "
                        + "blas (unavailable: libfoo.so not found)");
        assertThatThrownBy(() -> MatMulKernel.select(List.of(blas, other), "mkl"))
                .hasMessage("descent.matmul = mkl names no available kernel; available: [other, java]");
    }

    @Test
    void aTapeUsesItsKernelForForwardAndBackward() {
        int[] calls = new int[3];
        MatMulKernel counting = new MatMulKernel() {
            @Override
            public String name() {
                return "counting";
            }

            @Override
            public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
                calls[0]++;
                KERNEL.gemm(m, n, k, a, ao, b, bo, c, co);
            }

            @Override
            public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
                calls[1]++;
                KERNEL.gemmTN(m, n, k, a, ao, b, bo, c, co);
            }

            @Override
            public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
                calls[2]++;
                KERNEL.gemmNT(m, n, k, a, ao, b, bo, c, co);
            }
        };
        Tape t = new Tape(counting);
        Var x = t.constant(Tensor.zeros(4, 3)); // data: its gradient is never computed
        Var w = t.variable(Tensor.zeros(3, 2));
        t.grad(x.matmul(w).sum(), w);
        assertThat(calls).containsExactly(1, 1, 0);
        Var v = t.variable(Tensor.zeros(4, 3));
        t.grad(v.matmul(w).sum(), v);
        assertThat(calls).containsExactly(2, 2, 1);
        assertThat(t.kernel()).isSameAs(counting);
    }
}
