package dev.descent.peers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * ND4J's updaters as DL4J applies them: {@code applyUpdater(g)} turns the gradient into the update
 * in place, then {@code params.subi(update)}; both are timed, the copy of the fixed gradient into
 * the buffer before each step is not. Adam(1e-3), Nesterovs(0.01, 0.9) (DL4J's SGD with momentum,
 * Nesterov form) and RmsProp(0.01), on one vector of n, in double and float. Threads: the
 * {@code OMP_NUM_THREADS} of the process (run.sh sets it). One JSON line per case.
 *
 * <pre>{@code java -cp … dev.descent.peers.Nd4jStep THREADS REPETITIONS N… }</pre>
 */
public final class Nd4jStep {

    private Nd4jStep() {
    }

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[0]);
        int repetitions = Integer.parseInt(args[1]);
        List<Long> sizes = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            sizes.add(Long.parseLong(args[i]));
        }
        for (String name : List.of("adam", "momentum", "rmsprop")) {
            for (long n : sizes) {
                for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
                    IUpdater config = switch (name) {
                        case "adam" -> new Adam(1e-3);
                        case "momentum" -> new Nesterovs(0.01, 0.9);
                        default -> new RmsProp(0.01);
                    };
                    Nd4j.getRandom().setSeed(1);
                    INDArray params = Nd4j.randn(dt, 1, n);
                    INDArray fixed = Nd4j.randn(dt, 1, n).muli(0.01);
                    INDArray grad = fixed.dup();
                    long stateSize = config.stateSize(n);
                    INDArray view = Nd4j.zeros(dt, 1, stateSize);
                    GradientUpdater<?> updater = config.instantiate(view, true);
                    double[] times = new double[repetitions];
                    for (int r = -5; r < repetitions; r++) {
                        grad.assign(fixed);
                        long t0 = System.nanoTime();
                        updater.applyUpdater(grad, Math.max(0, r + 5), 0);
                        params.subi(grad);
                        Nd4j.getExecutioner().commit();
                        long t = System.nanoTime() - t0;
                        if (r >= 0) {
                            times[r] = t / 1e9;
                        }
                    }
                    Arrays.sort(times);
                    double median = times[repetitions / 2];
                    System.out.printf("{\"peer\": \"nd4j\", \"optimizer\": \"%s\", \"n\": %d, \"dtype\": \"%s\","
                            + " \"threads\": %d, \"step_seconds\": %.9g, \"params_per_second\": %.6g}%n", name, n,
                            dt == DataType.FLOAT ? "float32" : "float64", threads, median, n / median);
                }
            }
        }
    }
}
