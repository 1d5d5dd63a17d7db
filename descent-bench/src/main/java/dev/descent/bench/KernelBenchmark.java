package dev.descent.bench;

import dev.descent.linalg.MatMulKernel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every candidate kernel ({@link Kernels}) on every matrix product of training the MLP
 * 784-128-10 at batch 128 (and the 64-row shards of {@code TrainingPass}), one thread, in float64
 * ({@code product}: {@code gemm}, {@code gemmTN}, {@code gemmNT}) and float32 ({@code productF32}:
 * {@code sgemm}, {@code sgemmTN}, {@code sgemmNT}; kernels without float forms of their own run the
 * pure-Java float loops, the interface's default).
 *
 * <table>
 *   <caption>Shapes (m × n × k of C[m×n] += op(A)·op(B))</caption>
 *   <tr><th>shape</th><th>product</th><th>MFLOP</th></tr>
 *   <tr><td>{@code gemm_128x128x784}</td><td>X·W₁ (forward, layer 1)</td><td>25.7</td></tr>
 *   <tr><td>{@code gemmTN_784x128x128}</td><td>W̄₁ = Xᵀ·H̄ (backward)</td><td>25.7</td></tr>
 *   <tr><td>{@code gemmNT_128x784x128}</td><td>X̄ = H̄·W₁ᵀ (only when X needs a gradient)</td><td>25.7</td></tr>
 *   <tr><td>{@code gemm_128x10x128}</td><td>H·W₂ (forward, layer 2)</td><td>0.33</td></tr>
 *   <tr><td>{@code gemmTN_128x10x128}</td><td>W̄₂ = Hᵀ·Z̄ (backward)</td><td>0.33</td></tr>
 *   <tr><td>{@code gemmNT_128x128x10}</td><td>H̄ = Z̄·W₂ᵀ (backward)</td><td>0.33</td></tr>
 *   <tr><td>{@code gemm_64x128x784}</td><td>X·W₁ of one 64-row shard</td><td>12.8</td></tr>
 *   <tr><td>{@code gemmTN_784x128x64}</td><td>W̄₁ of one 64-row shard</td><td>12.8</td></tr>
 * </table>
 *
 * The products accumulate into C (the kernel contract), so C is not cleared between calls. The
 * {@code blas} kernel's speed depends on {@code OPENBLAS_CORETYPE} in the environment (OpenBLAS's
 * choice of kernels; unset, it detects the processor): report it with the numbers. GFLOP/s
 * = 2mnk / time; {@code descent-bench/torch/gflops.py} turns JMH's JSON into that table.
 *
 * <pre>{@code
 * OPENBLAS_NUM_THREADS=1 java -jar descent-bench/target/benchmarks.jar KernelBenchmark -rf json -rff kernels.json
 * python3 descent-bench/torch/gflops.py kernels.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
@Threads(1)
@State(Scope.Thread)
public class KernelBenchmark {

    @Param({"java", "ejml", "netlib-java", "netlib-vector", "blas"})
    public String kernel;

    @Param({"gemm_128x128x784", "gemmTN_784x128x128", "gemmNT_128x784x128", "gemm_128x10x128",
            "gemmTN_128x10x128", "gemmNT_128x128x10", "gemm_64x128x784", "gemmTN_784x128x64"})
    public String shape;

    MatMulKernel k;
    int form;
    int m;
    int n;
    int kk;
    double[] a;
    double[] b;
    double[] c;
    float[] af;
    float[] bf;
    float[] cf;

    @Setup(Level.Trial)
    public void setUp() {
        k = Kernels.of(kernel);
        String[] parts = shape.split("_");
        form = switch (parts[0]) {
            case "gemm" -> 0;
            case "gemmTN" -> 1;
            case "gemmNT" -> 2;
            default -> throw new IllegalArgumentException(shape);
        };
        String[] dims = parts[1].split("x");
        m = Integer.parseInt(dims[0]);
        n = Integer.parseInt(dims[1]);
        kk = Integer.parseInt(dims[2]);
        SplittableRandom rng = new SplittableRandom(20240601L);
        a = uniform(rng, m * kk);
        b = uniform(rng, kk * n);
        c = uniform(rng, m * n);
        af = toFloat(a);
        bf = toFloat(b);
        cf = toFloat(c);
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    static double[] uniform(SplittableRandom rng, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    @Benchmark
    public double[] product() {
        switch (form) {
            case 0 -> k.gemm(m, n, kk, a, 0, b, 0, c, 0);
            case 1 -> k.gemmTN(m, n, kk, a, 0, b, 0, c, 0);
            default -> k.gemmNT(m, n, kk, a, 0, b, 0, c, 0);
        }
        return c;
    }

    @Benchmark
    public float[] productF32() {
        switch (form) {
            case 0 -> k.sgemm(m, n, kk, af, 0, bf, 0, cf, 0);
            case 1 -> k.sgemmTN(m, n, kk, af, 0, bf, 0, cf, 0);
            default -> k.sgemmNT(m, n, kk, af, 0, bf, 0, cf, 0);
        }
        return cf;
    }
}
