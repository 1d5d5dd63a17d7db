/**
 * A native BLAS behind descent's {@link dev.descent.linalg.MatMulKernel}: {@link
 * dev.descent.blas.BlasMatMulKernel} calls OpenBLAS's {@code dgemm} through netlib's JNI binding
 * ({@code dev.ludovic.netlib:blas}), and is registered with {@link java.util.ServiceLoader}, so a
 * program with this module on its class path trains with it without a line of code; without the
 * native library it reports itself unavailable and the pure-Java kernel is used.
 *
 * <p>Conventions: row-major matrices throughout (the column-major BLAS is called on transposes, so
 * nothing is copied); every product accumulates into C, A and B are not modified; results agree
 * with the pure-Java kernel to rounding, not bit for bit. Select kernels with
 * {@code -Ddescent.matmul=blas} or {@code -Ddescent.matmul=java}.
 */
package dev.descent.blas;
