package dev.descent.spark;

import dev.descent.data.RowSource;
import dev.descent.data.Seeds;
import dev.descent.linalg.ParamLayout;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.train.GradientEngine;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Local SGD (model averaging) on Spark, as a {@link GradientEngine}: each partition takes k local
 * steps of an inner optimizer on its rows of the trainer's batch, and the trainer's own optimizer
 * (the outer one) steps on the average displacement, as FedAvg and DiLoCo frame it.
 *
 * <pre>
 *   the trainer's batch B (about k · b · P rows: its batch size is the inner batch b × k × P)
 *   partition p: its rows Bₚ of B, in batch order, cut into k consecutive inner batches
 *       θₚ ← θ;  inner state ← fresh
 *       for j = 1 … k:  θₚ ← inner.step(θₚ, ∇J(θₚ; Bₚⱼ))      (dropout seed Seeds.derive(seed, p, j))
 *   pseudo-gradient  Δ = Σₚ |Bₚ| (θ − θₚ) / |B|                (the partitions in tree order)
 *   the trainer:     θ ← outer.step(θ, Δ)
 *       outer sgd(lr=1)                 → θ = the row-weighted average of the θₚ (model averaging)
 *       outer sgd(lr=0.7, momentum=0.9, nesterov=true), inner adamw → DiLoCo
 * </pre>
 *
 * <ul>
 *   <li>The batch's loss is the mean of the rows' losses at the local step that used them (so it
 *       lags θ within a round), plus R(θ).</li>
 *   <li>The inner state starts fresh every round (what FedAvg's clients do): a round is a pure
 *       function of (θ, B, seed), so a retried task gives the same bits, checkpoints need only the
 *       outer state, and runs resume bit for bit.</li>
 *   <li>With k = 1 and an inner SGD of rate ε under an outer sgd(lr=1), a round is one synchronous SGD
 *       step of rate ε on B, to within rounding (tested).</li>
 * </ul>
 */
public final class PartitionAveraging implements GradientEngine {

    private final JavaSparkContext sc;
    private final int partitions;
    private final int localSteps;
    private final String inner;
    private final AtomicLong rounds = new AtomicLong();

    private PartitionAveraging(JavaSparkContext sc, int partitions, int localSteps, String inner) {
        this.sc = Objects.requireNonNull(sc, "sc");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions = " + partitions + " must be >= 1");
        }
        if (localSteps < 1) {
            throw new IllegalArgumentException("local steps = " + localSteps + " must be >= 1");
        }
        OptimizerSpec.build(inner); // refuse a bad spec here, on the driver, naming it
        this.partitions = partitions;
        this.localSteps = localSteps;
        this.inner = inner;
    }

    /**
     * An engine on {@code sc} with Spark's default parallelism as partitions.
     *
     * @param localSteps k, the inner steps per partition per round
     * @param inner      the inner optimizer's spec (e.g. {@code sgd(lr=0.1)})
     * @throws dev.descent.optim.spec.SpecException for a bad inner spec
     */
    public static PartitionAveraging of(JavaSparkContext sc, int localSteps, String inner) {
        return new PartitionAveraging(sc, sc.defaultParallelism(), localSteps, inner);
    }

    public PartitionAveraging withPartitions(int p) {
        return new PartitionAveraging(sc, p, localSteps, inner);
    }

    public int partitions() {
        return partitions;
    }

    public int localSteps() {
        return localSteps;
    }

    public String inner() {
        return inner;
    }

    public long rounds() {
        return rounds.get();
    }

    @Override
    public String describe() {
        return "spark " + sc.master() + " (" + partitions + " partitions, " + localSteps + " local steps of " + inner
                + ")";
    }

    @Override
    public Session open(ModelObjective objective, Precision precision, RowSource train, int batchRows) {
        ClusterData data = new ClusterData(sc, objective, train, partitions, 2, TaskHook.NONE);
        int parts = data.partitions();
        int k = localSteps;
        String spec = inner;
        return new Session() {
            @Override
            public ModelObjective.BatchResult run(double[] theta, int[] order, int from, int to, double[] grad,
                    Mode mode) {
                int m = to - from;
                int[] rows = new int[m];
                System.arraycopy(order, from, rows, 0, m);
                Round round = new Round(rounds.incrementAndGet(), theta.clone(), rows, m, mode);
                OrderedSum.Node total = data.round(round.number, round, (p, block, r, recipe) -> localSteps(p, block, r,
                        recipe, parts, k, spec, precision));
                if (total.rows != m) {
                    throw new IllegalStateException("the partitions returned " + total.rows + " rows of a batch of "
                            + m);
                }
                SparkEngine.copyInto(total, grad);
                for (int i = 0; i < grad.length; i++) {
                    grad[i] /= m;
                }
                double loss = objective.loss() == dev.descent.nn.Loss.MSE
                        ? total.lossSum / ((double) m * objective.model().outputs()) : total.lossSum / m;
                double value = loss + objective.regularizer().addTo(theta, objective.model().weights(), null);
                return new ModelObjective.BatchResult(value, loss,
                        objective.loss().isClassification() ? (int) total.correct : -1);
            }

            @Override
            public Evaluation evaluateTraining(double[] theta) {
                return data.evaluate(objective, theta, rounds.incrementAndGet());
            }

            @Override
            public void close() {
                data.close();
            }
        };
    }

    /** On the executor: partition p's k inner steps; its leaf holds |Bₚ| (θ − θₚ). */
    private static OrderedSum localSteps(int p, DataBlock block, Round round, ObjectiveRecipe recipe, int parts, int k,
            String innerSpec, Precision precision) {
        int m = round.rows.length;
        int[] local = new int[m];
        int[] positions = new int[m];
        int count = block.select(round.rows, local, positions);
        if (count == 0) {
            return OrderedSum.leaf(parts, p, null, 0, 0, 0);
        }
        ModelObjective objective = recipe.objective();
        int n = objective.dimension();
        double[] theta = round.theta.clone();
        Optimizer<?> opt = OptimizerSpec.build(innerSpec);
        Inner<?> inner = Inner.of(opt, objective.model().layout());
        int size = (count + k - 1) / k;
        TrainingPass pass = TrainingPass.of(objective, precision, size);
        double[] g = new double[n];
        int[] rows = new int[size];
        double loss = 0;
        long hits = 0;
        for (int j = 0, a = 0; j < k && a < count; j++, a += size) {
            int c = Math.min(size, count - a);
            System.arraycopy(local, a, rows, 0, c);
            Mode mode = round.train ? Mode.train(Seeds.derive(round.seed, p, j)) : Mode.EVAL;
            double[] at = inner.evaluationPoint(theta);
            TrainingPass.PartSums s = pass.runPart(at, block.data(), rows, c, null, c, g, mode);
            pass.complete(at, s.lossSum(), s.correct(), c, g);
            inner.step(theta, g);
            loss += s.lossSum();
            hits += s.correct();
        }
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            delta[i] = count * (round.theta[i] - theta[i]);
        }
        return OrderedSum.leaf(parts, p, delta, loss, hits, count);
    }

    /** An optimizer with its state, typed once. */
    private record Inner<S extends OptimizerState>(Optimizer<S> opt, S state) {
        static <S extends OptimizerState> Inner<S> of(Optimizer<S> opt, ParamLayout layout) {
            return new Inner<>(opt, opt.init(layout));
        }

        double[] evaluationPoint(double[] theta) {
            return opt.evaluationPoint(theta, state);
        }

        void step(double[] theta, double[] g) {
            opt.step(theta, g, state);
        }
    }
}
