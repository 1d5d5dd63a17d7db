package dev.descent.blas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.descent.autodiff.Composite;
import dev.descent.linalg.MatMulKernel;
import dev.descent.autodiff.TapeObjective;
import dev.descent.autodiff.Tensor;
import dev.descent.autodiff.Var;
import dev.descent.linalg.ParamLayout;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The BLAS kernel against descent's pure-Java kernel (itself checked against the textbook triple
 * loop in descent-core): every form, shapes of one row or one column and shapes that are no
 * multiple of any block size, offsets, and a non-zero C that must be accumulated into.
 *
 * <p>The row-major-to-column-major mapping is checked twice: on the native library (skipped, with
 * the reason, where it is not installed) and on netlib's pure-Java BLAS, which runs everywhere, so
 * the mapping is tested even on a machine without OpenBLAS.
 */
class BlasMatMulKernelTest {

    static final MatMulKernel JAVA = MatMulKernel.java();
    static final BlasMatMulKernel NATIVE = new BlasMatMulKernel();
    static final BlasMatMulKernel NETLIB_JAVA = BlasMatMulKernel.using("netlib-java", JavaBLAS.getInstance());

    static final String SKIP = "the native BLAS is not installed here (run bin/setup-native): ";

    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 7, 5}, {7, 1, 5}, {6, 5, 1}, {1, 1, 300}, {3, 5, 7}, {4, 4, 4}, {65, 257, 129},
        {128, 128, 784}, {128, 10, 128}, {784, 128, 128}, {128, 784, 128}, {96, 128, 10}, {130, 10, 3},
        {5, 300, 2}, {2, 3, 300}, {33, 17, 67},
    };

    static double[] random(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    /**
     * One form on one shape: A, B and C at random offsets inside larger arrays, C non-zero. The
     * tolerance is 1e-12 relative to the magnitude the sum is made of (|C₀| + Σ|a||b| per element);
     * entries outside C's window, and A and B, must be untouched.
     */
    static void compare(MatMulKernel kernel, String form, int m, int n, int k, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int ao = rng.nextInt(5);
        int bo = rng.nextInt(5);
        int co = rng.nextInt(5);
        double[] a = random(rng, ao + m * k + 3);
        double[] b = random(rng, bo + k * n + 3);
        double[] c = random(rng, co + m * n + 3);
        double[] expected = c.clone();
        double[] aCopy = a.clone();
        double[] bCopy = b.clone();
        double[] scale = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            scale[i] = Math.abs(c[i]);
        }
        double[] absA = abs(a);
        double[] absB = abs(b);
        switch (form) {
            case "gemm" -> {
                kernel.gemm(m, n, k, a, ao, b, bo, c, co);
                JAVA.gemm(m, n, k, a, ao, b, bo, expected, co);
                JAVA.gemm(m, n, k, absA, ao, absB, bo, scale, co);
            }
            case "gemmTN" -> {
                kernel.gemmTN(m, n, k, a, ao, b, bo, c, co);
                JAVA.gemmTN(m, n, k, a, ao, b, bo, expected, co);
                JAVA.gemmTN(m, n, k, absA, ao, absB, bo, scale, co);
            }
            case "gemmNT" -> {
                kernel.gemmNT(m, n, k, a, ao, b, bo, c, co);
                JAVA.gemmNT(m, n, k, a, ao, b, bo, expected, co);
                JAVA.gemmNT(m, n, k, absA, ao, absB, bo, scale, co);
            }
            default -> throw new AssertionError(form);
        }
        assertThat(a).as("A is not modified").containsExactly(aCopy);
        assertThat(b).as("B is not modified").containsExactly(bCopy);
        for (int i = 0; i < c.length; i++) {
            boolean inside = i >= co && i < co + m * n;
            if (inside) {
                assertThat(Math.abs(c[i] - expected[i]))
                        .as("%s %s %dx%dx%d at %d: %s vs %s", kernel.name(), form, m, n, k, i, c[i], expected[i])
                        .isLessThanOrEqualTo(1e-12 * scale[i]);
            } else {
                assertThat(c[i]).as("%s %s: C outside its window at %d", kernel.name(), form, i).isEqualTo(expected[i]);
            }
        }
    }

    static double[] abs(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.abs(x[i]);
        }
        return y;
    }

    static void allShapes(MatMulKernel kernel) {
        long seed = 1;
        for (int[] s : SHAPES) {
            for (String form : List.of("gemm", "gemmTN", "gemmNT")) {
                compare(kernel, form, s[0], s[1], s[2], seed++);
            }
        }
    }

    @Test
    void nativeAgreesWithTheJavaKernel() {
        assumeTrue(NATIVE.isAvailable(), () -> SKIP + NATIVE);
        allShapes(NATIVE);
    }

    @Test
    void theRowMajorMappingIsRightOnNetlibsJavaBlasToo() {
        allShapes(NETLIB_JAVA);
    }

    @Property(tries = 80, seed = "42")
    void randomShapesAgree(@ForAll long seed, @ForAll @IntRange(min = 1, max = 90) int m,
            @ForAll @IntRange(min = 1, max = 90) int n, @ForAll @IntRange(min = 1, max = 300) int k) {
        List<MatMulKernel> kernels = new ArrayList<>(List.of(NETLIB_JAVA));
        if (NATIVE.isAvailable()) {
            kernels.add(NATIVE);
        }
        for (MatMulKernel kernel : kernels) {
            for (String form : List.of("gemm", "gemmTN", "gemmNT")) {
                compare(kernel, form, m, n, k, seed);
            }
        }
    }

    @Test
    void badBoundsAreRefusedBeforeWriting() {
        for (BlasMatMulKernel kernel : List.of(NATIVE, NETLIB_JAVA)) {
            if (!kernel.isAvailable()) {
                continue;
            }
            double[] c = {7, 7, 7, 7};
            assertThatThrownBy(() -> kernel.gemm(2, 2, 3, new double[6], 0, new double[5], 0, c, 0))
                    .hasMessage("gemm: B needs 6 elements from offset 0 but its array has length 5");
            assertThatThrownBy(() -> kernel.gemmNT(2, 2, 0, new double[6], 0, new double[6], 0, c, 0))
                    .hasMessageContaining("must be positive");
            assertThatThrownBy(() -> kernel.gemmTN(2, 2, 1, new double[2], 0, new double[2], 0, c, 1))
                    .hasMessageContaining("gemmTN: C needs 4 elements from offset 1");
            assertThatThrownBy(() -> kernel.gemm(2, 2, 2, new double[4], -1, new double[4], 0, c, 0))
                    .hasMessageContaining("gemm: A needs 4 elements from offset -1");
            assertThat(c).containsExactly(7, 7, 7, 7);
        }
    }

    @Test
    void theServiceLoaderFindsItAndStandardUsesItWhenTheLibraryIsThere() {
        List<String> names = new ArrayList<>();
        for (MatMulKernel k : ServiceLoader.load(MatMulKernel.class)) {
            names.add(k.name());
        }
        assertThat(names).contains(BlasMatMulKernel.NAME);
        String expected = NATIVE.isAvailable() ? BlasMatMulKernel.NAME : "java";
        assertThat(MatMulKernel.standard().name()).as(NATIVE.toString()).isEqualTo(expected);
    }

    @Test
    void itDescribesWhatItRunsOn() {
        assumeTrue(NATIVE.isAvailable(), () -> SKIP + NATIVE);
        assertThat(NATIVE.toString()).isEqualTo("blas (native libopenblas.so.0 through netlib JNI)");
        assertThat(System.getProperty(NativeBlas.LIBRARY_PROPERTY)).as("the pin is removed after loading").isNull();
    }

    /** A training evaluation of the MLP 784-128-10 on the tape gives the same loss and gradient. */
    @Test
    void aWholeMlpGradientAgreesWithTheJavaKernel() {
        assumeTrue(NATIVE.isAvailable(), () -> SKIP + NATIVE);
        int batch = 37;
        SplittableRandom rng = new SplittableRandom(7);
        Tensor x = Tensor.of(new int[] {batch, 784}, random(rng, batch * 784));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = rng.nextInt(10);
        }
        ParamLayout layout = ParamLayout.builder().add("W1", 784, 128).add("b1", 128).add("W2", 128, 10)
                .add("b2", 10).build();
        TapeObjective.Loss loss = (tape, p) -> {
            Var h = Composite.linear(tape.constant(x), p.get("W1"), p.get("b1")).relu();
            return Composite.linear(h, p.get("W2"), p.get("b2")).softmaxCrossEntropy(labels);
        };
        double[] theta = random(rng, layout.size());
        for (int i = 0; i < theta.length; i++) {
            theta[i] *= 0.05;
        }
        double[] gJava = new double[layout.size()];
        double[] gBlas = new double[layout.size()];
        double jJava = new TapeObjective(layout, loss, JAVA).valueAndGradient(theta, gJava);
        double jBlas = new TapeObjective(layout, loss, NATIVE).valueAndGradient(theta, gBlas);
        assertThat(jBlas).isCloseTo(jJava, org.assertj.core.api.Assertions.within(1e-12 * Math.abs(jJava)));
        double norm = 0;
        for (double g : gJava) {
            norm = Math.max(norm, Math.abs(g));
        }
        for (int i = 0; i < gJava.length; i++) {
            assertThat(Math.abs(gBlas[i] - gJava[i])).as("gradient entry %d", i).isLessThanOrEqualTo(1e-12 * norm);
        }
    }
}
