package dev.descent.linalg;

/**
 * The pure-Java {@link MatMulKernel}: cache-blocked loops whose innermost loop runs along a
 * contiguous row, so that C2 vectorizes it.
 *
 * <ul>
 *   <li>{@code gemm} (C += A·B) uses the i-k-j order: C's row i gains a(i,p) times B's row p. B is
 *       walked in panels of {@value #K_BLOCK} rows × {@value #N_BLOCK} columns (at most 256 KiB,
 *       so a panel stays in L2 while every row of A uses it), and four rows of B (p … p+3) are
 *       folded into a row of C per pass, which loads and stores that row once for four terms.</li>
 *   <li>{@code gemmTN} (C += Aᵀ·B) is the same update in k-i-j order: for each p, row p of A
 *       scales row p of B into each row of C, again four values of p per pass; C is walked in
 *       blocks of {@value #M_BLOCK} rows so the block stays in cache across all p.</li>
 *   <li>{@code gemmNT} (C += A·Bᵀ) is a dot product of a row of A with a row of B; four rows of B
 *       are taken at once, which gives four independent sums and one load of A for four.</li>
 * </ul>
 *
 * <p>Each element of C receives its terms in increasing p, so for {@code gemm} and {@code gemmTN} the
 * result is bitwise the plain triple loop {@code c[i][j] += a[i][p]·b[p][j]} in that order; for
 * {@code gemmNT} it is C + (Σₚ aᵢₚ bⱼₚ), the dot product rounded before it is added. No thread is
 * used, so results never depend on the machine's core count.
 */
public final class JavaMatMulKernel implements MatMulKernel {

    /** The shared instance (the class is stateless). */
    public static final JavaMatMulKernel INSTANCE = new JavaMatMulKernel();

    static final int K_BLOCK = 128;
    static final int N_BLOCK = 256;
    static final int M_BLOCK = 64;

    /** For {@link java.util.ServiceLoader}; prefer {@link #INSTANCE}. */
    public JavaMatMulKernel() {
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemm", m, n, k, a, ao, (long) m * k, b, bo, (long) k * n, c, co);
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int j1 = Math.min(n, j0 + N_BLOCK);
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int p1 = Math.min(k, p0 + K_BLOCK);
                for (int i = 0; i < m; i++) {
                    int ci = co + i * n;
                    int ai = ao + i * k;
                    int p = p0;
                    for (; p + 3 < p1; p += 4) {
                        double x0 = a[ai + p];
                        double x1 = a[ai + p + 1];
                        double x2 = a[ai + p + 2];
                        double x3 = a[ai + p + 3];
                        int b0 = bo + p * n;
                        int b1 = b0 + n;
                        int b2 = b1 + n;
                        int b3 = b2 + n;
                        for (int j = j0; j < j1; j++) {
                            // left to right: the same rounding as four separate updates in p order
                            c[ci + j] = c[ci + j] + x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                        }
                    }
                    for (; p < p1; p++) {
                        double x = a[ai + p];
                        int bp = bo + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += x * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemmTN", m, n, k, a, ao, (long) k * m, b, bo, (long) k * n, c, co);
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int j1 = Math.min(n, j0 + N_BLOCK);
            for (int i0 = 0; i0 < m; i0 += M_BLOCK) {
                int i1 = Math.min(m, i0 + M_BLOCK);
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    int a0 = ao + p * m;
                    int a1 = a0 + m;
                    int a2 = a1 + m;
                    int a3 = a2 + m;
                    int b0 = bo + p * n;
                    int b1 = b0 + n;
                    int b2 = b1 + n;
                    int b3 = b2 + n;
                    for (int i = i0; i < i1; i++) {
                        double x0 = a[a0 + i];
                        double x1 = a[a1 + i];
                        double x2 = a[a2 + i];
                        double x3 = a[a3 + i];
                        int ci = co + i * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] = c[ci + j] + x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                        }
                    }
                }
                for (; p < k; p++) {
                    int ap = ao + p * m;
                    int bp = bo + p * n;
                    for (int i = i0; i < i1; i++) {
                        double x = a[ap + i];
                        int ci = co + i * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += x * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        check("gemmNT", m, n, k, a, ao, (long) m * k, b, bo, (long) n * k, c, co);
        int rowsPerPanel = Math.max(4, (32 * 1024) / Math.max(1, k)); // a panel of B of about 256 KiB
        for (int j0 = 0; j0 < n; j0 += rowsPerPanel) {
            int j1 = Math.min(n, j0 + rowsPerPanel);
            for (int i = 0; i < m; i++) {
                int ai = ao + i * k;
                int ci = co + i * n;
                int j = j0;
                for (; j + 3 < j1; j += 4) {
                    int b0 = bo + j * k;
                    int b1 = b0 + k;
                    int b2 = b1 + k;
                    int b3 = b2 + k;
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[ai + p];
                        s0 += x * b[b0 + p];
                        s1 += x * b[b1 + p];
                        s2 += x * b[b2 + p];
                        s3 += x * b[b3 + p];
                    }
                    c[ci + j] += s0;
                    c[ci + j + 1] += s1;
                    c[ci + j + 2] += s2;
                    c[ci + j + 3] += s3;
                }
                for (; j < j1; j++) {
                    int bj = bo + j * k;
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] += s;
                }
            }
        }
    }

    // The float forms: the same loops on float[] (Java has no generics over primitives), panels of
    // the same byte size; float products round in float, as sgemm does.

    @Override
    public void sgemm(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemm", m, n, k, a, ao, (long) m * k, b, bo, (long) k * n, c, co);
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int j1 = Math.min(n, j0 + N_BLOCK);
            for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
                int p1 = Math.min(k, p0 + K_BLOCK);
                for (int i = 0; i < m; i++) {
                    int ci = co + i * n;
                    int ai = ao + i * k;
                    int p = p0;
                    for (; p + 3 < p1; p += 4) {
                        float x0 = a[ai + p];
                        float x1 = a[ai + p + 1];
                        float x2 = a[ai + p + 2];
                        float x3 = a[ai + p + 3];
                        int b0 = bo + p * n;
                        int b1 = b0 + n;
                        int b2 = b1 + n;
                        int b3 = b2 + n;
                        for (int j = j0; j < j1; j++) {
                            // left to right: the same rounding as four separate updates in p order
                            c[ci + j] = c[ci + j] + x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                        }
                    }
                    for (; p < p1; p++) {
                        float x = a[ai + p];
                        int bp = bo + p * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += x * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void sgemmTN(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemmTN", m, n, k, a, ao, (long) k * m, b, bo, (long) k * n, c, co);
        for (int j0 = 0; j0 < n; j0 += N_BLOCK) {
            int j1 = Math.min(n, j0 + N_BLOCK);
            for (int i0 = 0; i0 < m; i0 += M_BLOCK) {
                int i1 = Math.min(m, i0 + M_BLOCK);
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    int a0 = ao + p * m;
                    int a1 = a0 + m;
                    int a2 = a1 + m;
                    int a3 = a2 + m;
                    int b0 = bo + p * n;
                    int b1 = b0 + n;
                    int b2 = b1 + n;
                    int b3 = b2 + n;
                    for (int i = i0; i < i1; i++) {
                        float x0 = a[a0 + i];
                        float x1 = a[a1 + i];
                        float x2 = a[a2 + i];
                        float x3 = a[a3 + i];
                        int ci = co + i * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] = c[ci + j] + x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
                        }
                    }
                }
                for (; p < k; p++) {
                    int ap = ao + p * m;
                    int bp = bo + p * n;
                    for (int i = i0; i < i1; i++) {
                        float x = a[ap + i];
                        int ci = co + i * n;
                        for (int j = j0; j < j1; j++) {
                            c[ci + j] += x * b[bp + j];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void sgemmNT(int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c, int co) {
        check("sgemmNT", m, n, k, a, ao, (long) m * k, b, bo, (long) n * k, c, co);
        int rowsPerPanel = Math.max(4, (64 * 1024) / Math.max(1, k)); // a panel of B of about 256 KiB
        for (int j0 = 0; j0 < n; j0 += rowsPerPanel) {
            int j1 = Math.min(n, j0 + rowsPerPanel);
            for (int i = 0; i < m; i++) {
                int ai = ao + i * k;
                int ci = co + i * n;
                int j = j0;
                for (; j + 3 < j1; j += 4) {
                    int b0 = bo + j * k;
                    int b1 = b0 + k;
                    int b2 = b1 + k;
                    int b3 = b2 + k;
                    float s0 = 0;
                    float s1 = 0;
                    float s2 = 0;
                    float s3 = 0;
                    for (int p = 0; p < k; p++) {
                        float x = a[ai + p];
                        s0 += x * b[b0 + p];
                        s1 += x * b[b1 + p];
                        s2 += x * b[b2 + p];
                        s3 += x * b[b3 + p];
                    }
                    c[ci + j] += s0;
                    c[ci + j + 1] += s1;
                    c[ci + j + 2] += s2;
                    c[ci + j + 3] += s3;
                }
                for (; j < j1; j++) {
                    int bj = bo + j * k;
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ai + p] * b[bj + p];
                    }
                    c[ci + j] += s;
                }
            }
        }
    }

    /** Bounds, checked once per call so that a bad call fails before it writes. */
    private static void check(String op, int m, int n, int k, double[] a, int ao, long aSize, double[] b, int bo,
            long bSize, double[] c, int co) {
        check(op, m, n, k, a.length, ao, aSize, b.length, bo, bSize, c.length, co);
    }

    private static void check(String op, int m, int n, int k, float[] a, int ao, long aSize, float[] b, int bo,
            long bSize, float[] c, int co) {
        check(op, m, n, k, a.length, ao, aSize, b.length, bo, bSize, c.length, co);
    }

    private static void check(String op, int m, int n, int k, int aLength, int ao, long aSize, int bLength, int bo,
            long bSize, int cLength, int co) {
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
