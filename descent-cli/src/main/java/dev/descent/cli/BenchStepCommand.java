package dev.descent.cli;

import static dev.descent.cli.JsonResult.number;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.SpecException;
import dev.descent.parallel.Parallel;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code descent bench step}: an optimizer step against this machine's memory bandwidth, measured
 * in one process.
 *
 * <p>An update rule reads and writes a few arrays of n doubles and computes little per element,
 * so at large n its floor is the time the memory needs to move those bytes. The command measures
 * both in alternation (so that the machine's noise hits both alike): the in-place bandwidth of a
 * STREAM-like {@code a = a·s + b} over two arrays of n doubles (24 bytes per element: a read, b
 * read, a written), on the same threads as the step; and the optimizer's step on n parameters.
 * The ratio is bytes per parameter × parameters per second ÷ bandwidth: 1 means the step moves its
 * bytes as fast as the machine moves the triad's.
 *
 * <p>Bytes per parameter are counted, not measured: θ read and written, the gradient read twice
 * (the finiteness check every step makes before it writes anything, so that a refused step changes
 * nothing, then the update), and each saved state vector read and written: 8·(4 + 2k) for k state
 * vectors (Adam: 64). The ratio without the check's read ({@code update_ratio}, 8·(3 + 2k)) is
 * printed too. A wrapper's scratch buffer is not counted, so the cost of its extra pass shows as a
 * lower ratio.
 */
@Command(name = "step", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures an optimizer step on --params parameters against the machine's in-place memory"
                + " bandwidth (a = a*s + b over arrays of the same size), alternating the two, and prints the"
                + " medians and their ratio: bytes per parameter x parameters/s / bandwidth."},
        footerHeading = "%n",
        footer = {"--json prints one JSON object on stdout: command (bench step), version, status (measured),"
                + " problems, optimizer, params, threads, repetitions, bandwidth_gb_s, step_seconds,"
                + " params_per_second, bytes_per_param, ratio, update_bytes_per_param, update_ratio, and the"
                + " repetitions' values (bandwidth_samples_gb_s, step_samples_seconds).",
            "",
            "Exit codes: 0 measured; 2 bad usage (an unknown optimizer, a block-aware optimizer on a flat"
                    + " vector, --params or --threads out of range, not enough memory)."})
public final class BenchStepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "SPEC",
            description = "the optimizer spec to step (default: ${DEFAULT-VALUE})")
    String optimizer;

    @Option(names = "--params", defaultValue = "10000000", paramLabel = "N",
            description = "parameters, one flat block (default: ${DEFAULT-VALUE})")
    int params;

    @Option(names = "--threads", paramLabel = "T",
            description = "threads for the step and the triad (default: all ${sys:descent.cores} cores)")
    Integer threads;

    @Option(names = "--repetitions", defaultValue = "15", paramLabel = "R",
            description = "timed repetitions of each measurement; medians are printed (default: ${DEFAULT-VALUE})")
    int repetitions;

    @Option(names = "--warmup", defaultValue = "5", paramLabel = "W",
            description = "untimed repetitions first, for the JIT (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--json", description = "print a JSON object on stdout (see below)")
    boolean json;

    static {
        System.setProperty("descent.cores", Integer.toString(Parallel.availableProcessors()));
    }

    @Override
    public Integer call() {
        return CommandFailure.report(spec, this::run);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** What one run measured. */
    record Measurement(String optimizer, int params, int threads, double[] bandwidth, double[] seconds,
            int stateVectors) {

        double medianBandwidth() {
            return median(bandwidth);
        }

        double medianSeconds() {
            return median(seconds);
        }

        double paramsPerSecond() {
            return params / medianSeconds();
        }

        int bytesPerParam() {
            return 8 * (4 + 2 * stateVectors);
        }

        int updateBytesPerParam() {
            return 8 * (3 + 2 * stateVectors);
        }

        double ratio(int bytes) {
            return bytes * paramsPerSecond() / (medianBandwidth() * 1e9);
        }
    }

    private int run() throws CommandFailure {
        if (params < 1) {
            throw usage("--params = " + params + " must be >= 1");
        }
        int t = threads == null ? Parallel.availableProcessors() : threads;
        if (t < 1 || t > Parallel.MAX_THREADS) {
            throw usage("--threads = " + t + " is outside [1, " + Parallel.MAX_THREADS + "]");
        }
        if (repetitions < 1) {
            throw usage("--repetitions = " + repetitions + " must be >= 1");
        }
        if (warmup < 0) {
            throw usage("--warmup = " + warmup + " must be >= 0");
        }
        Optimizer<?> opt;
        try {
            opt = OptimizerSpec.build(optimizer);
        } catch (SpecException e) {
            throw usage("--optimizer: " + e.getMessage());
        }
        Measurement m = measure(opt, optimizer, params, t, warmup, repetitions);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? json(m) + "\n" : table(m));
        out.flush();
        return 0;
    }

    /**
     * Measures {@code opt} on n parameters with t threads: warmup untimed rounds, then reps rounds
     * of (one triad, one step), timed separately.
     *
     * @throws CommandFailure 2 when the optimizer refuses a flat vector or the memory is too small
     */
    static Measurement measure(Optimizer<?> opt, String label, int n, int t, int warmup, int reps) throws CommandFailure {
        ParamLayout layout = ParamLayout.flat(n);
        long stateDoubles;
        try {
            stateDoubles = opt.stateDoubles(layout);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, "--optimizer " + label + ": " + e.getMessage());
        }
        long needed = 8L * n * 4 + 8L * stateDoubles;
        long free = Runtime.getRuntime().maxMemory() - (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        if (needed > free) {
            throw new CommandFailure(2, "--params = " + n + ": " + label + " needs about " + (needed >> 20)
                    + " MiB (θ, gradient, its state and the triad's two arrays) but the JVM has " + (free >> 20)
                    + " MiB free; raise -Xmx (DESCENT_JAVA_OPTS) or lower --params");
        }
        int before = Parallel.threads();
        Parallel.setThreads(t);
        try {
            return run(opt, label, layout, t, warmup, reps, (int) Math.round((double) stateDoubles / n));
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static <S extends OptimizerState> Measurement run(Optimizer<S> opt, String label, ParamLayout layout,
            int t, int warmup, int reps, int stateVectors) throws CommandFailure {
        int n = layout.size();
        SplittableRandom rng = new SplittableRandom(1);
        double[] theta = new double[n];
        double[] grad = new double[n];
        for (int i = 0; i < n; i++) {
            theta[i] = rng.nextDouble(-1, 1);
            grad[i] = rng.nextDouble(-1e-3, 1e-3);
        }
        S state;
        try {
            state = opt.init(layout);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(2, "--optimizer " + label + ": " + e.getMessage());
        }
        double[] a = new double[n];
        double[] b = new double[n];
        Arrays.fill(a, 1);
        Arrays.fill(b, 1e-9);
        double[] bandwidth = new double[reps];
        double[] seconds = new double[reps];
        for (int r = -warmup; r < reps; r++) {
            long t0 = System.nanoTime();
            triad(a, b, 0.999999);
            long t1 = System.nanoTime();
            opt.evaluationPoint(theta, state); // the look-ahead forms compute it: part of their step
            opt.step(theta, grad, state);
            long t2 = System.nanoTime();
            if (r >= 0) {
                bandwidth[r] = 24.0 * n / (t1 - t0);
                seconds[r] = (t2 - t1) / 1e9;
            }
        }
        return new Measurement(label, n, t, bandwidth, seconds, stateVectors);
    }

    /** a ← a·s + b on {@link Parallel#threads()} threads: STREAM's in-place triad. */
    static void triad(double[] a, double[] b, double s) {
        Parallel.forRange(a.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = a[i] * s + b[i];
            }
        });
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int k = s.length / 2;
        return s.length % 2 == 1 ? s[k] : (s[k - 1] + s[k]) / 2;
    }

    private static String table(Measurement m) {
        return String.format(Locale.ROOT, """
                optimizer   %s
                params      %d
                threads     %d
                bandwidth   %.2f GB/s   (median of %d, in-place triad a = a*s + b, 24 bytes per element)
                step        %.3f ms     (median of %d)
                throughput  %.1f M params/s
                ratio       %.3f        (%d bytes per parameter counted: theta r/w, gradient read twice, %d state vector(s) r/w)
                update      %.3f        (%d bytes: without the finiteness check's read of the gradient)
                """, m.optimizer(), m.params(), m.threads(), m.medianBandwidth(), m.bandwidth().length,
                m.medianSeconds() * 1e3, m.seconds().length, m.paramsPerSecond() / 1e6, m.ratio(m.bytesPerParam()),
                m.bytesPerParam(), m.stateVectors(), m.ratio(m.updateBytesPerParam()), m.updateBytesPerParam());
    }

    private static String json(Measurement m) {
        JsonResult j = new JsonResult("bench step", "measured", List.of());
        ObjectNode o = j.root();
        o.put("optimizer", m.optimizer());
        o.put("params", m.params());
        o.put("threads", m.threads());
        o.put("repetitions", m.seconds().length);
        number(o, "bandwidth_gb_s", m.medianBandwidth());
        number(o, "step_seconds", m.medianSeconds());
        number(o, "params_per_second", m.paramsPerSecond());
        o.put("bytes_per_param", m.bytesPerParam());
        number(o, "ratio", m.ratio(m.bytesPerParam()));
        o.put("update_bytes_per_param", m.updateBytesPerParam());
        number(o, "update_ratio", m.ratio(m.updateBytesPerParam()));
        o.put("state_vectors", m.stateVectors());
        ArrayNode bw = o.putArray("bandwidth_samples_gb_s");
        for (double v : m.bandwidth()) {
            JsonResult.add(bw, v);
        }
        ArrayNode st = o.putArray("step_samples_seconds");
        for (double v : m.seconds()) {
            JsonResult.add(st, v);
        }
        return j.text();
    }
}
