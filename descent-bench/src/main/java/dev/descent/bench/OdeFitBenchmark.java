package dev.descent.bench;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.OdeSolver;
import dev.descent.ode.Trajectory;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.ode.models.Sir;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.schedule.ExponentialDecay;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to fit SIR to the 1978 influenza data (14 counts, least squares on I, β and γ from the
 * generic start β = 1, γ = 0.1; I₀ = 1 fixed unless the name says otherwise), after JIT warm-up. The
 * goal is under 50 ms for a fit. The fits are the ones the tests check against Levenberg–Marquardt
 * (InfluenzaFitTest): L-BFGS to ‖∇J‖ ≤ 1e-6, Adam (ε_k = 0.2·0.997ᵏ, β₂ = 0.99) to ‖∇J‖ ≤ 1e-3.
 * The building blocks are timed too: one integration of SIR over 14 days without and with the
 * forward sensitivities of β and γ (Dormand–Prince 8(5,3), rtol = atol = 1e-10).
 *
 * <pre>{@code
 * java -jar descent-bench/target/benchmarks.jar OdeFit -f 1 -wi 5 -i 5 -t 1
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class OdeFitBenchmark {

    private final OdeFitProblem problem = InfluenzaEngland1978.problem(false);
    private final OdeFitProblem problemWithI0 = InfluenzaEngland1978.problem(true);
    private final Minimizer<?> lbfgs = new Minimizer<>(Lbfgs.defaults(),
            StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500)));
    private final Minimizer<?> adam = new Minimizer<>(
            Adam.of(0.2).withLearningRate(ExponentialDecay.of(0.2, 0.997)).withBeta2(0.99),
            StoppingCriterion.anyOf(new GradientNorm(1e-3), new MaxIterations(3000)));
    private final Sir sir = InfluenzaEngland1978.model();
    private final double[] theta = {1.6692261, 0.44345019, 1};
    private final double[] times = InfluenzaEngland1978.times();
    private final OdeSolver solver = OdeSolver.defaults();

    @Benchmark
    public OdeFitResult fitSirLbfgs() {
        return problem.fit(lbfgs);
    }

    @Benchmark
    public OdeFitResult fitSirLbfgsWithI0() {
        return problemWithI0.fit(lbfgs);
    }

    @Benchmark
    public OdeFitResult fitSirAdam() {
        return problem.fit(adam);
    }

    @Benchmark
    public OdeFitResult fitSirLevenbergMarquardt() {
        return LevenbergMarquardt.defaults().fit(problem);
    }

    @Benchmark
    public Trajectory solveSir() {
        return solver.solve(sir, theta, 0, times);
    }

    @Benchmark
    public Trajectory solveSirWithSensitivities() {
        return solver.solve(sir, theta, 0, times, new int[] {0, 1});
    }
}
