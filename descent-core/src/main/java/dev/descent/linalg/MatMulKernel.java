package dev.descent.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Dense double-precision matrix products for {@link dev.descent.autodiff.MatMul} and
 * {@link dev.descent.optim.Muon}: the three forms a product's forward pass and its
 * vector-Jacobian product need, so that no transposed copy is ever made.
 *
 * <p>All matrices are row-major and contiguous: an r × c matrix stored at offset o holds element
 * (i, j) at {@code o + i·c + j}. Every method <em>accumulates</em> into C (C ← C + …); C is
 * modified, A and B are not. C must not overlap A or B.
 *
 * <pre>
 *   gemm   C[m×n] += A[m×k] · B[k×n]
 *   gemmTN C[m×n] += Aᵀ · B       A stored [k×m], B stored [k×n]
 *   gemmNT C[m×n] += A · Bᵀ       A stored [m×k], B stored [n×k]
 * </pre>
 *
 * <p>The {@code s}-prefixed forms ({@code sgemm}, {@code sgemmTN}, {@code sgemmNT}) are the same
 * products in single precision, for float32 training ({@link dev.descent.nn.Precision#F32}): float
 * operands, float accumulation, as BLAS {@code sgemm}. Their defaults run the pure-Java float
 * loops of {@link JavaMatMulKernel}, so a kernel that only speeds up double precision still works.
 *
 * <h2>Plugging in another kernel</h2>
 * {@link #standard()} is {@link JavaMatMulKernel} unless another module registers an
 * implementation with {@link ServiceLoader} (a {@code META-INF/services/dev.descent.linalg.MatMulKernel}
 * file naming a public class with a public no-argument constructor), for example one that calls a
 * native BLAS. The system property {@value #PROPERTY} picks a kernel by {@link #name()} when several
 * are present. A provider whose native library is missing reports {@link #isAvailable()} false and
 * is passed over, so a missing library costs speed, never a crash. A tape can also be given a
 * kernel explicitly: {@code new Tape(kernel)}. Kernels may
 * round differently (a BLAS sums in its own order), so bit-for-bit reproducibility holds for one
 * kernel, not across kernels.
 */
public interface MatMulKernel {

    /** The system property that names the kernel {@link #standard()} returns. */
    String PROPERTY = "descent.matmul";

    /** A short, unique name, e.g. {@code "java"}. */
    String name();

    /** C[m×n] += A[m×k] · B[k×n]. Modifies C only. */
    void gemm(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset, double[] c, int cOffset);

    /** C[m×n] += Aᵀ·B with A stored [k×m] and B stored [k×n]. Modifies C only. */
    void gemmTN(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset, double[] c, int cOffset);

    /** C[m×n] += A·Bᵀ with A stored [m×k] and B stored [n×k]. Modifies C only. */
    void gemmNT(int m, int n, int k, double[] a, int aOffset, double[] b, int bOffset, double[] c, int cOffset);

    /** C[m×n] += A[m×k] · B[k×n] in float. Modifies C only. */
    default void sgemm(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset) {
        JavaMatMulKernel.INSTANCE.sgemm(m, n, k, a, aOffset, b, bOffset, c, cOffset);
    }

    /** C[m×n] += Aᵀ·B in float, A stored [k×m] and B stored [k×n]. Modifies C only. */
    default void sgemmTN(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset) {
        JavaMatMulKernel.INSTANCE.sgemmTN(m, n, k, a, aOffset, b, bOffset, c, cOffset);
    }

    /** C[m×n] += A·Bᵀ in float, A stored [m×k] and B stored [n×k]. Modifies C only. */
    default void sgemmNT(int m, int n, int k, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset) {
        JavaMatMulKernel.INSTANCE.sgemmNT(m, n, k, a, aOffset, b, bOffset, c, cOffset);
    }

    /**
     * Whether this kernel can run here, for example whether the native library it calls was found.
     * {@link #select} passes over unavailable kernels; a kernel that is always usable keeps this
     * default. An unavailable kernel should say why in its {@code toString()}.
     */
    default boolean isAvailable() {
        return true;
    }

    /** The pure-Java kernel, always available. */
    static MatMulKernel java() {
        return JavaMatMulKernel.INSTANCE;
    }

    /**
     * The kernel tapes use by default, chosen once per class loader: the one named by the system
     * property {@value #PROPERTY} if set, else the first available kernel registered with
     * {@link ServiceLoader}, else {@link #java()}.
     */
    static MatMulKernel standard() {
        return StandardKernel.KERNEL;
    }

    /**
     * The choice rule of {@link #standard()}, as a pure function: the provider named
     * {@code requested} (or {@code "java"}), else the first {@linkplain #isAvailable() available}
     * provider, else the Java kernel.
     *
     * @param providers registered kernels, in discovery order
     * @param requested a kernel name, or null for no preference
     * @throws IllegalArgumentException if {@code requested} names no kernel, or one that is not
     *                                  available (an explicit request does not fall back silently)
     */
    static MatMulKernel select(Iterable<? extends MatMulKernel> providers, String requested) {
        List<String> names = new ArrayList<>();
        MatMulKernel first = null;
        for (MatMulKernel k : providers) {
            if (!k.isAvailable()) {
                if (requested != null && k.name().equals(requested)) {
                    throw new IllegalArgumentException(PROPERTY + " = " + requested + " names a kernel that is not "
                            + "available here: " + k);
                }
                continue;
            }
            if (requested != null && k.name().equals(requested)) {
                return k;
            }
            names.add(k.name());
            if (first == null) {
                first = k;
            }
        }
        if (requested != null && !requested.equals(java().name())) {
            names.add(java().name());
            throw new IllegalArgumentException(PROPERTY + " = " + requested + " names no available kernel; available: "
                    + names);
        }
        return requested != null || first == null ? java() : first;
    }
}

/** Lazy holder: the service lookup runs on the first use of {@link MatMulKernel#standard()}. */
final class StandardKernel {
    static final MatMulKernel KERNEL = MatMulKernel.select(ServiceLoader.load(MatMulKernel.class),
            System.getProperty(MatMulKernel.PROPERTY));

    private StandardKernel() {
    }
}
