package dev.descent.bench;

import dev.descent.autodiff.Composite;
import dev.descent.linalg.MatMulKernel;
import dev.descent.autodiff.TapeObjective;
import dev.descent.autodiff.Tensor;
import dev.descent.autodiff.Var;
import dev.descent.linalg.ParamLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix products of training an MLP 784-128-10 on MNIST-sized batches (m = 64), through the
 * pure-Java {@link MatMulKernel}, next to the textbook i-j-p triple loop on the same shape, and one
 * whole training evaluation (forward and backward on the tape) of that network.
 *
 * <table>
 *   <caption>Benchmarks (average time per call)</caption>
 *   <tr><th>benchmark</th><th>product</th><th>flops</th></tr>
 *   <tr><td>{@code gemm}</td><td>X·W₁: [64, 784]·[784, 128] (forward)</td><td>12.8 M</td></tr>
 *   <tr><td>{@code naiveGemm}</td><td>the same by the i-j-p triple loop (reference)</td><td>12.8 M</td></tr>
 *   <tr><td>{@code gemmTN}</td><td>W̄₁ = Xᵀ·H̄: [784, 64]·[64, 128] (backward)</td><td>12.8 M</td></tr>
 *   <tr><td>{@code gemmNT}</td><td>H̄ = Z̄·W₂ᵀ: [64, 10]·[10, 128] (backward)</td><td>0.16 M</td></tr>
 *   <tr><td>{@code mlpValueAndGradient}</td><td>loss and ∇J of the whole MLP on one batch</td><td>≈ 39 M</td></tr>
 * </table>
 *
 * Divide 2mnk by the time for GFLOP/s; the claim worth quoting is the ratio {@code naiveGemm} /
 * {@code gemm} within one run.
 *
 * <pre>{@code
 * java -jar descent-bench/target/benchmarks.jar MatMul -f 1 -wi 3 -i 5 -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class MatMulBenchmark {

    private static final long SEED = 20240601L;
    static final int BATCH = 64;
    static final int IN = 784;
    static final int HIDDEN = 128;
    static final int OUT = 10;

    final MatMulKernel kernel = MatMulKernel.java();
    double[] x;
    double[] w1;
    double[] hBar;
    double[] zBar;
    double[] w2;
    double[] c;
    double[] w1Bar;
    double[] hidden;

    TapeObjective mlp;
    double[] theta;
    double[] grad;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(SEED);
        x = uniform(rng, BATCH * IN, 0, 1);
        w1 = uniform(rng, IN * HIDDEN, -0.05, 0.05);
        hBar = uniform(rng, BATCH * HIDDEN, -1, 1);
        zBar = uniform(rng, BATCH * OUT, -1, 1);
        w2 = uniform(rng, HIDDEN * OUT, -0.1, 0.1);
        c = new double[BATCH * HIDDEN];
        w1Bar = new double[IN * HIDDEN];
        hidden = new double[BATCH * HIDDEN];

        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = rng.nextInt(OUT);
        }
        Tensor batch = Tensor.of(new int[] {BATCH, IN}, x);
        ParamLayout layout = ParamLayout.builder().add("W1", IN, HIDDEN).add("b1", HIDDEN).add("W2", HIDDEN, OUT)
                .add("b2", OUT).build();
        mlp = new TapeObjective(layout, (tape, p) -> {
            Var h = Composite.linear(tape.constant(batch), p.get("W1"), p.get("b1")).relu();
            return Composite.linear(h, p.get("W2"), p.get("b2")).softmaxCrossEntropy(labels);
        }, kernel); // the Java kernel, as for the products above (the bench jar also holds descent-blas)
        theta = uniform(rng, layout.size(), -0.05, 0.05);
        grad = new double[layout.size()];
    }

    private static double[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(lo, hi);
        }
        return v;
    }

    @Benchmark
    public double[] gemm() {
        java.util.Arrays.fill(c, 0);
        kernel.gemm(BATCH, HIDDEN, IN, x, 0, w1, 0, c, 0);
        return c;
    }

    @Benchmark
    public double[] naiveGemm() {
        int m = BATCH;
        int n = HIDDEN;
        int k = IN;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += x[i * k + p] * w1[p * n + j];
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    @Benchmark
    public double[] gemmTN() {
        java.util.Arrays.fill(w1Bar, 0);
        kernel.gemmTN(IN, HIDDEN, BATCH, x, 0, hBar, 0, w1Bar, 0);
        return w1Bar;
    }

    @Benchmark
    public double[] gemmNT() {
        java.util.Arrays.fill(hidden, 0);
        kernel.gemmNT(BATCH, HIDDEN, OUT, zBar, 0, w2, 0, hidden, 0);
        return hidden;
    }

    @Benchmark
    public double mlpValueAndGradient() {
        return mlp.valueAndGradient(theta, grad);
    }
}
