package dev.descent.bench;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.parallel.Parallel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code step} of every optimizer in the registry (and the wrappers that add a pass), by spec,
 * on a matrix block W [n/1000 × 1000] and a bias of 1 000 (so that the block-aware rules — LAMB,
 * LARS, Adafactor, and Muon, run as {@code partition(matrices: muon(), rest: adamw())} — see their
 * shapes), on {@code threads} threads of the shared pool; {@link #triad} is the in-place {@code a = a·s + b} over arrays of the same size, the
 * bandwidth reference in the same run (24 bytes per element; an optimizer's bytes per parameter are
 * 8 × (θ read and written, g read twice — the finiteness check and the update — and each state
 * vector read and written): 64 for Adam, as {@code bin/descent bench step} counts them).
 *
 * <p>Left out: {@code lbfgs} and {@code torch_lbfgs}, whose step is a line search over closure
 * calls (their cost is the objective's, not a pass over θ). Polyak and SPS get the value 1 before
 * each step, as the trainer offers the minibatch loss.
 *
 * <pre>{@code
 * java -jar descent-bench/target/benchmarks.jar OptimizerStep -f 1 -wi 2 -i 3 -p threads=1,2
 * java -jar descent-bench/target/benchmarks.jar OptimizerStep -p spec=adam,lion -p n=10000000
 * }</pre>
 *
 * Throughput is steps per second: multiply by n for parameters per second, and compare with
 * {@code triad} × 24 ÷ (the rule's bytes per parameter).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class OptimizerStepBenchmark {

    @Param({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "adam", "adamw", "adamax",
            "nadam", "radam", "adadelta", "rprop", "asgd", "lion", "lamb", "lars", "adafactor",
            "muon", "adabelief", "yogi", "adan", "novograd", "sign_sgd",
            "noisy_sgd", "prodigy", "dadapt_adam", "dadapt_sgd", "dog", "ldog", "sf_adamw", "sf_sgd", "polyak",
            "sps_max", "torch.adam", "adam | clip_global_norm(1)", "adam | clip_value(1)", "adam | weight_decay(0.01)",
            "adam | maximize"})
    public String spec;

    @Param("1000000")
    public int n;

    @Param({"1", "2"})
    public int threads;

    private Optimizer<OptimizerState> optimizer;
    private OptimizerState state;
    private double[] theta;
    private double[] grad;
    private double[] a;
    private double[] b;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        Parallel.setThreads(threads);
        int cols = 1000;
        int rows = Math.max(1, (n - cols) / cols);
        ParamLayout layout = ParamLayout.builder().add("W", rows, cols).add("b", cols).build();
        // Muon takes matrices only: the bias goes to AdamW (a spec with a comma cannot be a JMH -p value)
        String text = spec.equals("muon") ? "partition(matrices: muon(), rest: adamw())" : spec;
        optimizer = (Optimizer<OptimizerState>) OptimizerSpec.build(text);
        state = optimizer.init(layout);
        SplittableRandom rng = new SplittableRandom(20261204L);
        theta = new double[layout.size()];
        grad = new double[layout.size()];
        a = new double[layout.size()];
        b = new double[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextGaussian();
            double g = 0.01 * rng.nextGaussian();
            grad[i] = Math.copySign(Math.max(Math.abs(g), 1e-6), g); // bounded away from 0 for sign rules
            a[i] = rng.nextDouble();
            b[i] = rng.nextDouble();
        }
    }

    @Benchmark
    public double[] step() {
        ValueAwareOptimizer.offerValue(optimizer, state, 1.0);
        optimizer.step(theta, grad, state);
        return theta;
    }

    @Benchmark
    public double[] triad() {
        double s = 0.999;
        Parallel.forRange(a.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = a[i] * s + b[i];
            }
        });
        return a;
    }
}
