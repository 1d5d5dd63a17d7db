package dev.descent.io;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.StateDict;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.optim.transform.Partition;
import dev.descent.train.Checkpoint;
import dev.descent.train.TrainingPosition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** A realistic checkpoint: nested optimizer state after real steps, special values, a scalar block. */
final class Fixtures {

    static final ParamLayout LAYOUT = ParamLayout.builder().add("W1", 2, 3).add("b1", 3).add("scale").build();

    static Optimizer<?> optimizer() {
        return Partition.of(new Partition.Group("bias", "b.*", Momentum.of(0.1, 0.9)),
                new Partition.Group("weights", ".*", new ClipByGlobalNorm(1.0, Adam.of(0.01))));
    }

    static StateDict template() {
        return optimizer().init(LAYOUT).stateDict();
    }

    static Checkpoint checkpoint(long globalStep) {
        return checkpoint(globalStep, optimizer());
    }

    @SuppressWarnings("unchecked")
    static <S extends OptimizerState> Checkpoint checkpoint(long globalStep, Optimizer<S> opt) {
        S st = opt.init(LAYOUT);
        double[] x = new double[LAYOUT.size()];
        SplittableRandom r = new SplittableRandom(globalStep);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble(-1, 1);
        }
        for (int k = 0; k < 4; k++) {
            double[] g = new double[x.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextDouble(-2, 2);
            }
            opt.step(x, g, st);
        }
        x[0] = -0.0;
        x[1] = Double.longBitsToDouble(0x7ff8_0000_0000_beefL); // a NaN with a payload
        x[2] = Double.NEGATIVE_INFINITY;
        x[3] = Double.MIN_VALUE;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Checkpoint.OPTIMIZER, "partition(bias: momentum, weights: clip(adam))");
        meta.put(Checkpoint.CONFIG, "{\"batch\": 32, \"note\": \"θ ← θ − ε·g\"}");
        meta.put(Checkpoint.RNG, "SplittableRandom(seed=42).split() per epoch");
        return Checkpoint.of(x, st, new TrainingPosition(globalStep / 10, globalStep % 10, globalStep, 42), meta);
    }

    private Fixtures() {
    }
}
