package dev.descent.bench;

import dev.descent.linalg.MatMulKernel;
import dev.descent.autodiff.ParamVars;
import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.autodiff.Var;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Wall-clock time of one training epoch of the MLP 784-128-10 (ReLU, softmax cross-entropy, Adam
 * lr 1e-3, batch 128, float64, one thread) on synthetic data of MNIST's shape (60000 × 784), with
 * descent's autodiff tape, for one matrix-product kernel: the Java side of the comparison with
 * {@code descent-bench/torch/mlp_epoch.py}, which does the same in PyTorch.
 *
 * <p>Each batch does what the PyTorch script does: gather 128 rows in a shuffled order (a pure
 * function of the seed and the epoch), build the tape (X·W₁ + b₁, ReLU, ·W₂ + b₂, mean softmax
 * cross-entropy), run the backward pass into the flat gradient, take an Adam step on the flat θ.
 * 60000 = 468 · 128 + 96, so an epoch is 469 steps, the last of 96 rows (PyTorch's
 * {@code drop_last=False}). Weights and biases start as PyTorch's {@code nn.Linear} does,
 * U(−1/√fan_in, 1/√fan_in).
 *
 * <p>A plain timing harness rather than JMH, because one measurement is a whole epoch (about a
 * second): it runs {@code --warmup} epochs untimed, then {@code --epochs} timed ones, and prints
 * each with a split of where the time went: the matrix products (timed around each kernel call),
 * the rest of the forward and backward passes (tape, bias, ReLU, softmax, allocation), the Adam
 * step and the batch gather.
 *
 * <pre>{@code
 * OPENBLAS_NUM_THREADS=1 java -Xmx4g -cp descent-bench/target/benchmarks.jar dev.descent.bench.MlpEpoch \
 *     --kernel blas --warmup 2 --epochs 3
 * }</pre>
 */
public final class MlpEpoch {

    static final int N = 60_000;
    static final int IN = 784;
    static final int HIDDEN = 128;
    static final int OUT = 10;
    static final int BATCH = 128;

    /**
     * A kernel that adds up the time spent in its calls: {@code gemm} (the forward products) in
     * {@link #forwardNanos}, {@code gemmTN} and {@code gemmNT} (the backward ones) in
     * {@link #backwardNanos}.
     */
    static final class TimedKernel implements MatMulKernel {
        final MatMulKernel inner;
        long forwardNanos;
        long backwardNanos;

        TimedKernel(MatMulKernel inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            long t = System.nanoTime();
            inner.gemm(m, n, k, a, ao, b, bo, c, co);
            forwardNanos += System.nanoTime() - t;
        }

        @Override
        public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            long t = System.nanoTime();
            inner.gemmTN(m, n, k, a, ao, b, bo, c, co);
            backwardNanos += System.nanoTime() - t;
        }

        @Override
        public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
            long t = System.nanoTime();
            inner.gemmNT(m, n, k, a, ao, b, bo, c, co);
            backwardNanos += System.nanoTime() - t;
        }
    }

    /** Seconds of one epoch and its parts. */
    record Split(double total, double matmul, double forward, double backward, double adam, double gather,
            double loss) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%.3f s  (matmul %.3f, rest of forward %.3f, rest of backward %.3f, adam %.3f, gather %.3f)"
                            + "  last loss %.4f",
                    total, matmul, forward, backward, adam, gather, loss);
        }
    }

    final double[] x = new double[N * IN];
    final int[] y = new int[N];
    final ParamLayout layout = ParamLayout.builder().add("W1", IN, HIDDEN).add("b1", HIDDEN).add("W2", HIDDEN, OUT)
            .add("b2", OUT).build();
    final double[] theta = new double[layout.size()];
    final double[] grad = new double[layout.size()];
    final Adam adam = Adam.of(1e-3);
    final Adam.State state = adam.init(layout);
    final TimedKernel kernel;
    final long seed;

    MlpEpoch(MatMulKernel kernel, long seed) {
        this.kernel = new TimedKernel(kernel);
        this.seed = seed;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        for (int i = 0; i < N; i++) {
            y[i] = rng.nextInt(OUT);
        }
        init(rng, "W1", IN);
        init(rng, "b1", IN);
        init(rng, "W2", HIDDEN);
        init(rng, "b2", HIDDEN);
    }

    private void init(SplittableRandom rng, String block, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        var b = layout.block(block);
        for (int i = b.offset(); i < b.end(); i++) {
            theta[i] = rng.nextDouble(-bound, bound);
        }
    }

    /** The sample order of {@code epoch}: a Fisher–Yates shuffle seeded by (seed, epoch). */
    int[] order(int epoch) {
        int[] p = new int[N];
        for (int i = 0; i < N; i++) {
            p[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 31 + epoch);
        for (int i = N - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    Split epoch(int epoch) {
        long t0 = System.nanoTime();
        int[] order = order(epoch);
        kernel.forwardNanos = 0;
        kernel.backwardNanos = 0;
        long gather = 0;
        long forward = 0;
        long backward = 0;
        long step = 0;
        double loss = Double.NaN;
        for (int start = 0; start < N; start += BATCH) {
            int b = Math.min(BATCH, N - start);
            long t1 = System.nanoTime();
            double[] xb = new double[b * IN]; // a fresh batch, as PyTorch's X[idx] makes
            int[] yb = new int[b];
            for (int r = 0; r < b; r++) {
                int row = order[start + r];
                System.arraycopy(x, row * IN, xb, r * IN, IN);
                yb[r] = y[row];
            }
            long t2 = System.nanoTime();
            Tape tape = new Tape(kernel);
            ParamVars p = new ParamVars(tape, theta, layout);
            Var h = tape.constant(Tensor.view(xb, 0, b, IN)).matmul(p.get("W1")).addBias(p.get("b1")).relu();
            Var j = h.matmul(p.get("W2")).addBias(p.get("b2")).softmaxCrossEntropy(yb);
            long t3 = System.nanoTime();
            loss = tape.gradientInto(j, grad);
            long t4 = System.nanoTime();
            adam.step(theta, grad, state);
            long t5 = System.nanoTime();
            gather += t2 - t1;
            forward += t3 - t2;
            backward += t4 - t3;
            step += t5 - t4;
        }
        double total = (System.nanoTime() - t0) / 1e9;
        double fwdMm = kernel.forwardNanos / 1e9;
        double bwdMm = kernel.backwardNanos / 1e9;
        return new Split(total, fwdMm + bwdMm, forward / 1e9 - fwdMm, backward / 1e9 - bwdMm, step / 1e9,
                gather / 1e9, loss);
    }

    public static void main(String[] args) {
        String kernelName = "java";
        int warmup = 2;
        int epochs = 3;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kernel" -> kernelName = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: MlpEpoch [--kernel " + String.join("|", Kernels.NAMES)
                        + "] [--warmup N] [--epochs N] [--seed S]");
            }
        }
        MatMulKernel k = Kernels.of(kernelName);
        System.out.println("kernel " + k + ", OPENBLAS_NUM_THREADS=" + System.getenv("OPENBLAS_NUM_THREADS")
                + ", OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
        MlpEpoch run = new MlpEpoch(k, seed);
        double[] times = new double[epochs];
        for (int e = 0; e < warmup + epochs; e++) {
            Split s = run.epoch(e);
            boolean timed = e >= warmup;
            System.out.println((timed ? "epoch " : "warmup ") + e + ": " + s);
            if (timed) {
                times[e - warmup] = s.total();
            }
        }
        Arrays.sort(times);
        System.out.printf(Locale.ROOT, "RESULT descent kernel=%s median_s=%.4f min_s=%.4f epochs=%d%n", kernelName,
                times[epochs / 2], times[0], epochs);
    }
}
