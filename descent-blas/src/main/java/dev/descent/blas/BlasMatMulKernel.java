package dev.descent.blas;

import dev.descent.linalg.MatMulKernel;
import dev.ludovic.netlib.blas.BLAS;
import java.util.Objects;

/**
 * A {@link MatMulKernel} that calls BLAS {@code dgemm}: by default the machine's native OpenBLAS
 * through netlib's JNI binding ({@code dev.ludovic.netlib:blas}), registered with
 * {@link java.util.ServiceLoader} under the name {@value #NAME}.
 *
 * <h2>Row-major on a column-major BLAS</h2>
 * A row-major r × c matrix is, byte for byte, the column-major c × r matrix of its transpose, so
 * each form is computed as the product of transposes, Cᵀ = op(B)ᵀ·op(A)ᵀ, with no copy:
 * <pre>
 *   gemm   C[m×n] += A·B     dgemm("N", "N", n, m, k, 1, B, n, A, k, 1, C, n)
 *   gemmTN C[m×n] += Aᵀ·B    dgemm("N", "T", n, m, k, 1, B, n, A, m, 1, C, n)   A stored [k×m]
 *   gemmNT C[m×n] += A·Bᵀ    dgemm("T", "N", n, m, k, 1, B, k, A, k, 1, C, n)   B stored [n×k]
 * </pre>
 * β = 1 gives the kernel contract's accumulation into C. A and B are not modified; C is. The float
 * forms call {@code sgemm} with the same arguments.
 *
 * <h2>Availability</h2>
 * The no-argument constructor (the one {@link java.util.ServiceLoader} calls) binds to the native
 * library found by {@link NativeBlas}: {@code libopenblas.so.0} unless netlib's own properties
 * {@code dev.ludovic.netlib.blas.nativeLib} or {@code dev.ludovic.netlib.blas.nativeLibPath} name
 * another. When it is missing the constructor still succeeds, {@link #isAvailable()} is false and
 * {@link MatMulKernel#standard()} passes this kernel over for the pure-Java one; on Debian
 * {@code bin/setup-native} installs it ({@code apt-get install libopenblas0-pthread}).
 *
 * <h2>Threads and rounding</h2>
 * OpenBLAS sums in its own order (blocked, FMA), so results agree with
 * {@link dev.descent.linalg.JavaMatMulKernel} to rounding (about 1e-15 relative), not bit for
 * bit. OpenBLAS reads its thread count from {@code OPENBLAS_NUM_THREADS} when the library loads;
 * {@code bin/descent} sets it to 1 unless it is already set, so runs are single-threaded and
 * reproducible like the Java kernel.
 */
public final class BlasMatMulKernel implements MatMulKernel {

    /** The name {@link MatMulKernel#PROPERTY} selects this kernel by ({@code -Ddescent.matmul=blas}). */
    public static final String NAME = "blas";

    private final String name;
    private final BLAS blas;
    private final String description;

    /**
     * The native kernel, for {@link java.util.ServiceLoader}: never throws; check
     * {@link #isAvailable()}.
     */
    public BlasMatMulKernel() {
        this(NAME, NativeBlas.instance(), NativeBlas.description());
    }

    private BlasMatMulKernel(String name, BLAS blas, String description) {
        this.name = name;
        this.blas = blas;
        this.description = description;
    }

    /**
     * A kernel over any netlib {@link BLAS} implementation, for example
     * {@code dev.ludovic.netlib.blas.JavaBLAS.getInstance()} (pure Java) in tests and benchmarks.
     */
    public static BlasMatMulKernel using(String name, BLAS blas) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blas, "blas");
        return new BlasMatMulKernel(name, blas, blas.getClass().getName());
    }

    @Override
    public String name() {
        return name;
    }

    /** True when the BLAS was loaded (for the native kernel: the shared library was found and passed a check). */
    @Override
    public boolean isAvailable() {
        return blas != null;
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemm", m, n, k, a, ao, (long) m * k, b, bo, (long) k * n, c, co);
        blas.dgemm("N", "N", n, m, k, 1.0, b, bo, n, a, ao, k, 1.0, c, co, n);
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemmTN", m, n, k, a, ao, (long) k * m, b, bo, (long) k * n, c, co);
        blas.dgemm("N", "T", n, m, k, 1.0, b, bo, n, a, ao, m, 1.0, c, co, n);
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemmNT", m, n, k, a, ao, (long) m * k, b, bo, (long) n * k, c, co);
        blas.dgemm("T", "N", n, m, k, 1.0, b, bo, k, a, ao, k, 1.0, c, co, n);
    }

    @Override
    public void sgemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemm", m, n, k, a.length, ao, (long) m * k, b.length, bo, (long) k * n, c.length, co);
        blas.sgemm("N", "N", n, m, k, 1.0f, b, bo, n, a, ao, k, 1.0f, c, co, n);
    }

    @Override
    public void sgemmTN(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemmTN", m, n, k, a.length, ao, (long) k * m, b.length, bo, (long) k * n, c.length, co);
        blas.sgemm("N", "T", n, m, k, 1.0f, b, bo, n, a, ao, m, 1.0f, c, co, n);
    }

    @Override
    public void sgemmNT(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemmNT", m, n, k, a.length, ao, (long) m * k, b.length, bo, (long) n * k, c.length, co);
        blas.sgemm("T", "N", n, m, k, 1.0f, b, bo, k, a, ao, k, 1.0f, c, co, n);
    }

    /** The name and what it runs on, or why it is unavailable. */
    @Override
    public String toString() {
        return name + " (" + (isAvailable() ? "" : "unavailable: ") + description + ")";
    }

    /**
     * Availability and bounds, checked before anything is written, with the pure-Java kernel's
     * messages (a native BLAS given bad bounds would read or write out of the array).
     */
    private void check(String op, int m, int n, int k, double[] a, int ao, long aSize, double[] b, int bo,
            long bSize, double[] c, int co) {
        check(op, m, n, k, a.length, ao, aSize, b.length, bo, bSize, c.length, co);
    }

    private void check(String op, int m, int n, int k, int aLength, int ao, long aSize, int bLength, int bo,
            long bSize, int cLength, int co) {
        if (blas == null) {
            throw new IllegalStateException(op + ": the kernel " + this + " cannot run");
        }
        if (m <= 0 || n <= 0 || k <= 0) {
            throw new IllegalArgumentException(op + ": dimensions m = " + m + ", n = " + n + ", k = " + k
                    + " must be positive");
        }
        fits(op, "A", aLength, ao, aSize);
        fits(op, "B", bLength, bo, bSize);
        fits(op, "C", cLength, co, (long) m * n);
    }

    private static void fits(String op, String what, int length, int offset, long size) {
        if (offset < 0 || offset + size > length) {
            throw new IllegalArgumentException(op + ": " + what + " needs " + size + " elements from offset " + offset
                    + " but its array has length " + length);
        }
    }
}
