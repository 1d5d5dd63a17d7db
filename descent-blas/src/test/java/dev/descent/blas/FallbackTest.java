package dev.descent.blas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.MatMulKernel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without the native library nothing crashes and nothing is printed: the provider is still
 * constructed, reports itself unavailable, and {@link MatMulKernel#standard()} is the pure-Java
 * kernel. A missing library is simulated in a child JVM by pointing netlib at a soname that does
 * not exist (the library is loaded once per JVM, so this cannot run in the test's own).
 */
class FallbackTest {

    /** The child JVM's main: prints the standard kernel, the provider, and what calling it does. */
    public static final class Probe {
        public static void main(String[] args) {
            BlasMatMulKernel blas = new BlasMatMulKernel();
            System.out.println("standard=" + MatMulKernel.standard().name());
            System.out.println("available=" + blas.isAvailable());
            System.out.println("provider=" + blas);
            try {
                blas.gemm(1, 1, 1, new double[1], 0, new double[1], 0, new double[1], 0);
                System.out.println("call=ran");
            } catch (IllegalStateException e) {
                System.out.println("call=" + e.getMessage());
            }
            try {
                System.setProperty(MatMulKernel.PROPERTY, "blas");
                MatMulKernel.select(java.util.ServiceLoader.load(MatMulKernel.class), "blas");
                System.out.println("named=ran");
            } catch (IllegalArgumentException e) {
                System.out.println("named=" + e.getMessage());
            }
        }
    }

    static List<String> run(String... jvmArgs) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(jvmArgs));
        cmd.add(Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }

    @Test
    void aMissingLibraryFallsBackToJavaSilently() throws Exception {
        List<String> out = run("-D" + NativeBlas.LIBRARY_PROPERTY + "=libdescent-no-such-blas.so.0");
        assertThat(out).as("nothing else is printed (no netlib warnings)").hasSize(5);
        assertThat(out.get(0)).isEqualTo("standard=java");
        assertThat(out.get(1)).isEqualTo("available=false");
        assertThat(out.get(2)).startsWith("provider=blas (unavailable: libdescent-no-such-blas.so.0 could not be loaded")
                .contains("bin/setup-native");
        assertThat(out.get(3)).startsWith("call=gemm: the kernel blas (unavailable: ").endsWith("cannot run");
        assertThat(out.get(4)).startsWith("named=descent.matmul = blas names a kernel that is not available here: "
                + "blas (unavailable: ");
    }

    @Test
    void withTheLibraryTheChildUsesIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new BlasMatMulKernel().isAvailable(),
                "the native BLAS is not installed here (run bin/setup-native)");
        List<String> out = run();
        assertThat(out).hasSize(5);
        assertThat(out.get(0)).isEqualTo("standard=blas");
        assertThat(out.get(3)).isEqualTo("call=ran");
        assertThat(out.get(4)).isEqualTo("named=ran");
    }
}
