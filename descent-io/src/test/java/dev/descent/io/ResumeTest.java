package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Optimizers;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.linalg.Vec;
import dev.descent.train.Checkpoint;
import dev.descent.train.TrainingPosition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The point of a checkpoint: for every registered optimizer, stopping after k steps, writing a
 * file, reading it into a fresh state and continuing gives the same parameters and state, bit for
 * bit, as never stopping.
 */
class ResumeTest {

    static final ParamLayout LAYOUT = ParamLayout.builder().add("W", 3, 2).add("b", 2).build();
    static final List<String> TESTED = new ArrayList<>();

    @TempDir
    Path dir;

    static Stream<Optimizers.Entry> entries() {
        return Optimizers.all().stream();
    }

    /** A fixed, deterministic gradient field: a shifted quadratic with some coupling. */
    static double[] gradient(double[] x) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = (i + 1) * (x[i] - 0.5 * i) + 0.1 * x[(i + 1) % x.length];
        }
        return g;
    }

    static <S extends OptimizerState> void run(Optimizer<S> opt, double[] x, S st, int steps) {
        for (int k = 0; k < steps; k++) {
            double[] g = gradient(opt.evaluationPoint(x, st));
            // a deterministic positive "loss" for the Polyak steps (J − J* > 0); ignored by the others
            ValueAwareOptimizer.offerValue(opt, st, 0.5 * Vec.dot(g, g));
            opt.step(x, g, st);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void resumingFromAFileContinuesBitForBit(Optimizers.Entry e) throws IOException {
        // Muon updates matrices only: its resume runs inside the partition users write for it
        Optimizer<?> opt = e.defaults() instanceof dev.descent.optim.Muon
                ? dev.descent.optim.spec.OptimizerSpec.build("partition(matrices: muon(lr=0.02), rest: adamw)")
                : e.defaults();
        resume(opt);
        TESTED.add(e.name());
    }

    /** Block masks and SAM (stopped after 5 calls: mid-period, with its adversarial point saved). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adam | sam(rho=0.05)",
        "lars(lr=2, nesterov=true) | sam(sync_period=3)", "lamb(mask=W, weight_decay=0.1)",
        "lars(weight_decay=0.01, weight_decay_mask=W, trust_ratio_mask=matrices)"})
    void blockMasksAndSamResumeBitForBit(String spec) throws IOException {
        resume(dev.descent.optim.spec.OptimizerSpec.build(spec));
    }

    private <S extends OptimizerState> void resume(Optimizer<S> opt) throws IOException {
        double[] x0 = {0.3, -0.7, 1.1, 0.05, -1.3, 0.9, 0.2, -0.4};
        double[] straight = x0.clone();
        S a = opt.init(LAYOUT);
        run(opt, straight, a, 12);

        double[] x = x0.clone();
        S first = opt.init(LAYOUT);
        run(opt, x, first, 5);
        Path f = dir.resolve(opt.name() + ".safetensors");
        SafetensorsCheckpoints codec = new SafetensorsCheckpoints();
        codec.write(f, Checkpoint.of(x, first, new TrainingPosition(0, 5, 5, 1), Map.of(Checkpoint.OPTIMIZER,
                opt.name())));

        double[] resumed = new double[x.length];
        S second = opt.init(LAYOUT);
        codec.read(f, LAYOUT, second.stateDict()).restore(resumed, second);
        run(opt, resumed, second, 7);

        SafetensorsCheckpointsTest.assertBitsEqual(resumed, straight);
        assertThat(second.stateDict()).isEqualTo(a.stateDict());
    }

    @AfterAll
    static void everyRegistryEntryWasResumed() {
        assertThat(TESTED).hasSize(Optimizers.all().size());
    }
}
