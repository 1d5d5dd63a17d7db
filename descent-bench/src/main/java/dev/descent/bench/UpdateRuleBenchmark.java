package dev.descent.bench;

import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.RmsProp;
import dev.descent.optim.RmsPropNesterov;
import dev.descent.optim.Sgd;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code step} of each of the seven textbook update rules on a large flat vector, next to
 * memory-bandwidth reference kernels measured in the same run.
 *
 * <p>At n = 10⁷ every array (80 MB) is far larger than the caches, so an update step is bound by
 * DRAM traffic, not arithmetic: the question is how close each fused loop gets to what the
 * machine can stream on one thread. Absolute times on a shared machine are noisy, so the
 * meaningful numbers are ratios within one run: each rule against the reference kernel with the
 * same traffic, and {@code adam} against {@code adamUnchecked}, its own loop without
 * {@code Hyper.checkStep}'s finiteness scan of {@code grad}.
 *
 * <p>Throughput is in steps per second; multiply by n for parameters per second. Bytes per
 * parameter (8 per array read or written; the scan of {@code grad} adds one read):
 *
 * <table>
 *   <caption>Memory traffic per parameter</caption>
 *   <tr><th>benchmark</th><th>reads</th><th>writes</th><th>bytes</th><th>reference</th></tr>
 *   <tr><td>{@code sgd}</td><td>θ g (+g)</td><td>θ</td><td>24 (+8)</td><td>{@code bandwidthFloor3}</td></tr>
 *   <tr><td>{@code momentum}, {@code nesterov}</td><td>θ g v (+g)</td><td>θ v</td><td>40 (+8)</td><td>{@code bandwidthFloor5}</td></tr>
 *   <tr><td>{@code adaGrad}, {@code rmsProp}</td><td>θ g r (+g)</td><td>θ r</td><td>40 (+8)</td><td>{@code bandwidthFloor5}</td></tr>
 *   <tr><td>{@code rmsPropNesterov}</td><td>θ g r v (+g)</td><td>θ r v</td><td>56 (+8)</td><td>{@code bandwidthFloor}</td></tr>
 *   <tr><td>{@code adam}</td><td>θ g s r (+g)</td><td>θ s r</td><td>56 (+8)</td><td>{@code bandwidthFloor}</td></tr>
 *   <tr><td>{@code adamUnchecked}</td><td>θ g s r</td><td>θ s r</td><td>56</td><td>{@code bandwidthFloor}</td></tr>
 *   <tr><td>{@code streamTriad}</td><td>b c</td><td>a</td><td>24 (32 with write-allocate)</td><td></td></tr>
 * </table>
 *
 * <p>The {@code bandwidthFloor} kernels are fused in-place loops with exactly those streams and
 * trivial arithmetic: what a loop of that shape can reach here. {@code streamTriad} is STREAM's
 * {@code a = b + q·c}, the usual yardstick; unlike the update rules it writes an array it does
 * not read, so the hardware also reads {@code a} before writing it.
 *
 * <p>Inputs are seeded: θ ~ N(0, 1) and g ~ N(0, 0.01²) bounded away from 0, with every rule at
 * its book defaults (learning rates 0.01 or 0.001), so θ moves slowly and stays finite over
 * thousands of steps; the gradient is fixed, which does not matter to a memory-bound loop. Each
 * trial checks at tear-down that θ is still finite.
 *
 * <pre>{@code
 * java -jar descent-bench/target/benchmarks.jar UpdateRule -f 1 -wi 3 -i 5 -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class UpdateRuleBenchmark {

    private static final long SEED = 20240601L;

    /** θ and g of length n, filled from a fixed seed; subclasses add their state. */
    @State(Scope.Thread)
    public abstract static class Vectors {
        @Param("10000000")
        public int n;

        double[] params;
        double[] grad;

        @Setup(Level.Trial)
        public final void setUp() {
            SplittableRandom rng = new SplittableRandom(SEED);
            params = new double[n];
            grad = new double[n];
            for (int i = 0; i < n; i++) {
                params[i] = rng.nextGaussian();
                double g = 0.01 * rng.nextGaussian();
                grad[i] = Math.copySign(Math.max(Math.abs(g), 1e-6), g);
            }
            allocate();
        }

        /** Creates the optimizer state or extra arrays, after θ and g exist. */
        abstract void allocate();

        @TearDown(Level.Trial)
        public final void checkFinite() {
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(params[i])) {
                    throw new IllegalStateException("params[" + i + "] = " + params[i] + " after the run");
                }
            }
        }
    }

    @State(Scope.Thread)
    public static class SgdRun extends Vectors {
        final Sgd optimizer = Sgd.defaults();
        Sgd.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class MomentumRun extends Vectors {
        final Momentum optimizer = Momentum.defaults();
        Momentum.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class NesterovRun extends Vectors {
        final Nesterov optimizer = Nesterov.defaults();
        Nesterov.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class AdaGradRun extends Vectors {
        final AdaGrad optimizer = AdaGrad.defaults();
        AdaGrad.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class RmsPropRun extends Vectors {
        final RmsProp optimizer = RmsProp.defaults();
        RmsProp.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class RmsPropNesterovRun extends Vectors {
        final RmsPropNesterov optimizer = RmsPropNesterov.defaults();
        RmsPropNesterov.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    @State(Scope.Thread)
    public static class AdamRun extends Vectors {
        final Adam optimizer = Adam.defaults();
        Adam.State state;

        @Override
        void allocate() {
            state = optimizer.init(n);
        }
    }

    /** Adam's moments held here, because {@link Adam.State} can only be advanced by {@link Adam}. */
    @State(Scope.Thread)
    public static class AdamUncheckedRun extends Vectors {
        final Adam optimizer = Adam.defaults();
        double[] s;
        double[] r;
        long step;

        @Override
        void allocate() {
            s = new double[n];
            r = new double[n];
        }
    }

    /** Extra arrays for the reference kernels: a and b (in-place floors), or the triad's output. */
    @State(Scope.Thread)
    public static class FloorRun extends Vectors {
        double[] a;
        double[] b;

        @Override
        void allocate() {
            a = new double[n];
            b = new double[n];
        }
    }

    @Benchmark
    public void sgd(SgdRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void momentum(MomentumRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void nesterov(NesterovRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void adaGrad(AdaGradRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void rmsProp(RmsPropRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void rmsPropNesterov(RmsPropNesterovRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void adam(AdamRun run) {
        run.optimizer.step(run.params, run.grad, run.state);
    }

    @Benchmark
    public void adamUnchecked(AdamUncheckedRun run) {
        adamStepUnchecked(run.optimizer, run.params, run.grad, run.s, run.r, null, run.step);
        run.step++;
    }

    /** Adam's traffic: reads θ g s r, writes θ s r (56 bytes per parameter). */
    @Benchmark
    public void bandwidthFloor(FloorRun run) {
        double[] p = run.params;
        double[] g = run.grad;
        double[] s = run.a;
        double[] r = run.b;
        for (int i = 0; i < p.length; i++) {
            double gi = g[i];
            double si = 0.5 * s[i] + gi;
            s[i] = si;
            r[i] = 0.5 * r[i] + gi * gi;
            p[i] -= 1e-6 * si;
        }
    }

    /** Momentum's traffic: reads θ g v, writes θ v (40 bytes per parameter). */
    @Benchmark
    public void bandwidthFloor5(FloorRun run) {
        double[] p = run.params;
        double[] g = run.grad;
        double[] v = run.a;
        for (int i = 0; i < p.length; i++) {
            double vi = 0.5 * v[i] + g[i];
            v[i] = vi;
            p[i] -= 1e-6 * vi;
        }
    }

    /** SGD's traffic: reads θ g, writes θ (24 bytes per parameter). */
    @Benchmark
    public void bandwidthFloor3(FloorRun run) {
        double[] p = run.params;
        double[] g = run.grad;
        for (int i = 0; i < p.length; i++) {
            p[i] -= 1e-6 * g[i];
        }
    }

    /** STREAM triad a = b + q·c, with b = θ and c = g, which it only reads. */
    @Benchmark
    public void streamTriad(FloorRun run) {
        double[] a = run.a;
        double[] b = run.params;
        double[] c = run.grad;
        double q = 3.0;
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + q * c[i];
        }
    }

    /**
     * {@link Adam#step}'s loop, copied verbatim, with the same cheap argument checks but without
     * the scan of {@code grad} for non-finite values.
     */
    private static void adamStepUnchecked(Adam adam, double[] params, double[] grad, double[] s, double[] r,
            double[] rMax, long completed) {
        if (params.length != s.length || grad.length != s.length) {
            throw new IllegalArgumentException("adam: params, grad and state lengths differ");
        }
        double lr = adam.learningRate().valueAt(completed);
        if (!(lr > 0) || lr == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("adam: learningRate = " + lr + " must be finite and > 0");
        }
        long t = completed + 1;
        double b1 = adam.beta1();
        double b2 = adam.beta2();
        double c1 = 1 - b1;
        double c2 = 1 - b2;
        double stepSize = lr / (1 - Math.pow(b1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(b2, t));
        double wd = adam.weightDecay();
        double d = adam.eps();
        for (int i = 0; i < params.length; i++) {
            double g = wd == 0 ? grad[i] : grad[i] + wd * params[i];
            double si = b1 * s[i] + c1 * g;
            double ri = b2 * r[i] + c2 * (g * g);
            s[i] = si;
            r[i] = ri;
            if (rMax != null) {
                ri = Math.max(rMax[i], ri);
                rMax[i] = ri;
            }
            double denom = Math.sqrt(ri) / bc2Sqrt + d;
            params[i] -= stepSize * (si / denom);
        }
    }
}
