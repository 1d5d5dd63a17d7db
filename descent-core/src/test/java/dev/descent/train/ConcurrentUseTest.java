package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Dataset;
import dev.descent.minimize.Minimizer;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.problem.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Independent trainings and minimizations run at the same time from several threads, all on the shared
 * pool (their minibatch shards and long-vector loops): each gives the bits it gives alone.
 */
class ConcurrentUseTest {

    /** One job: a training (dropout, several shards per batch) or a minimization over 300 000 parameters. */
    static List<Callable<double[]>> jobs(Dataset train) {
        List<Callable<double[]>> jobs = new ArrayList<>();
        String[] specs = {"adam(lr=1e-2)", "sgd(lr=0.1, momentum=0.9, nesterov=true)", "lion(lr=1e-3)",
            "adamw(lr=1e-2) | clip_global_norm(1)"};
        for (int k = 0; k < specs.length; k++) {
            // one optimizer and one trainer per job, shared by the concurrent copies: both are immutable
            dev.descent.optim.Optimizer<?> opt = OptimizerSpec.build(specs[k]);
            long seed = 10 + k;
            Precision p = k % 2 == 0 ? Precision.F64 : Precision.F32;
            ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 10, 32, 16, 3).withDropout(0.1),
                    Loss.SOFTMAX_CROSS_ENTROPY);
            Trainer trainer = Trainer.of(j, opt, TrainConfig.of(2, 200, seed).withPrecision(p)); // shared too
            jobs.add(() -> trainer.fit(j.model().init(seed), train).params());
        }
        for (String spec : new String[] {"adam(lr=0.05)", "rmsprop(lr=0.01)"}) {
            Minimizer<?> minimizer = new Minimizer<>(OptimizerSpec.build(spec), new MaxIterations(60));
            jobs.add(() -> {
                int n = 300_000; // above Parallel.THRESHOLD: the optimizer's loops run on the pool
                Objective f = Objective.of(n, (x, g) -> {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        double c = 1 + (i % 7);
                        double d = x[i] - 1;
                        s += c * d * d;
                        g[i] = 2 * c * d;
                    }
                    return s;
                });
                return minimizer.minimize(f, new double[n]).point();
            });
        }
        return jobs;
    }

    @Test
    void concurrentRunsGiveTheirSequentialBits() throws Exception {
        Dataset train = TrainingThreadsTest.blobs(1000, 31);
        List<Callable<double[]>> jobs = jobs(train);
        List<double[]> alone = new ArrayList<>();
        for (Callable<double[]> job : jobs) {
            alone.add(job.call());
        }
        ExecutorService callers = Executors.newFixedThreadPool(jobs.size() * 2);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int rep = 0; rep < 2; rep++) { // every job twice, all at once
                for (Callable<double[]> job : jobs) {
                    futures.add(callers.submit(job));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(5, TimeUnit.MINUTES)).as("job %d run concurrently", i % jobs.size())
                        .isEqualTo(alone.get(i % jobs.size()));
            }
        } finally {
            callers.shutdownNow();
        }
    }
}
