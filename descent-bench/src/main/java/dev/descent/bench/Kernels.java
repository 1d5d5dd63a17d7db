package dev.descent.bench;

import dev.descent.linalg.MatMulKernel;
import dev.descent.blas.BlasMatMulKernel;
import dev.ludovic.netlib.blas.BLAS;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The matrix-product kernels compared by the benchmarks, by name.
 *
 * <table>
 *   <caption>Kernels</caption>
 *   <tr><th>name</th><th>what</th></tr>
 *   <tr><td>{@code java}</td><td>descent's blocked pure-Java kernel (descent-core)</td></tr>
 *   <tr><td>{@code ejml}</td><td>EJML {@code CommonOps_DDRM.multAdd*} (pure Java)</td></tr>
 *   <tr><td>{@code netlib-java}</td><td>dev.ludovic.netlib's pure-Java BLAS ({@code Java11BLAS})</td></tr>
 *   <tr><td>{@code netlib-vector}</td><td>its Vector-API BLAS ({@code VectorBLAS}; needs
 *       {@code --add-modules=jdk.incubator.vector})</td></tr>
 *   <tr><td>{@code blas}</td><td>descent-blas: netlib JNI to the native OpenBLAS
 *       ({@code libopenblas.so.0})</td></tr>
 * </table>
 */
public final class Kernels {

    /** Every name {@link #of} knows. */
    public static final List<String> NAMES = List.of("java", "ejml", "netlib-java", "netlib-vector", "blas");

    private Kernels() {
    }

    /**
     * The kernel called {@code name}.
     *
     * @throws IllegalArgumentException for an unknown name or a kernel that cannot run here
     */
    public static MatMulKernel of(String name) {
        MatMulKernel k = switch (name) {
            case "java" -> MatMulKernel.java();
            case "ejml" -> new EjmlMatMulKernel();
            case "netlib-java" -> BlasMatMulKernel.using(name, netlib("Java11BLAS"));
            case "netlib-vector" -> BlasMatMulKernel.using(name, netlib("VectorBLAS"));
            case "blas" -> new BlasMatMulKernel();
            default -> throw new IllegalArgumentException("unknown kernel " + name + "; known: " + NAMES);
        };
        if (!k.isAvailable()) {
            throw new IllegalArgumentException("kernel " + k + " cannot run here");
        }
        return k;
    }

    /** One of netlib's package-private pure-Java implementations, by its class's simple name. */
    private static BLAS netlib(String simpleName) {
        try {
            Method m = Class.forName("dev.ludovic.netlib.blas." + simpleName).getMethod("getInstance");
            m.setAccessible(true);
            return (BLAS) m.invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("netlib " + simpleName + " cannot be loaded: " + e
                    + (simpleName.equals("VectorBLAS") ? " (run with --add-modules=jdk.incubator.vector)" : ""), e);
        }
    }
}
