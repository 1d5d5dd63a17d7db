package dev.descent.tune;

import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.nn.Evaluation;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.Optimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.train.Checkpoint;
import dev.descent.train.Metric;
import dev.descent.train.NonFiniteTrainingException;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small hyperparameter search over a {@link SearchSpace}: random search, or synchronous successive
 * halving (Jamieson &amp; Talwalkar 2016; the synchronous form of ASHA, Li et al. 2020), each trial a
 * {@link Trainer} run scored on a validation set.
 *
 * <pre>
 *   trial i:  spec_i = space.sample(SplittableRandom(Seeds.derive(seed, SAMPLE_STREAM, i)))
 *             seed_i = Seeds.derive(seed, TRAIN_STREAM, i)          θ₀ = model.init(seed_i)
 *   random:   every trial trains maxBudget; score = metric(θ_final, validation)
 *   halving:  budgets b_k = min(minBudget·η^k, maxBudget), k = 0 … K (the first k with b_k = maxBudget)
 *             rung 0: all n trials train b_0
 *             rung k+1: the best max(1, ⌊n_k/η⌋) of rung k go on to b_(k+1); the rest are pruned
 *   budgets are epochs, or minibatch steps ({@link Unit#STEPS}: a rung may end inside an epoch)
 * </pre>
 *
 * <p>A promoted trial <em>continues</em> from its end-of-rung checkpoint ({@link Trainer#resume}
 * with a larger budget, from mid-epoch when the budget is in steps), bit for bit the run it would
 * have been with the larger budget from the start, so halving spends Σₖ nₖ·(bₖ − bₖ₋₁) in all. A schedule in the spec (e.g.
 * {@code @ cosine(t_max=…)}) is a function of the global step, not of the rung's budget.
 *
 * <p>Runs use {@link NonFinitePolicy#STOP}: a trial whose loss, gradient, parameters or optimizer
 * state turn non-finite, or whose validation score is not finite, is {@link Trial.Status#DIVERGED},
 * not an error. A trial whose run throws is {@link Trial.Status#FAILED} with the message.
 *
 * <p>Trials run on a fixed pool of {@code threads} threads; each allocates its own θ and optimizer
 * state. Scores, ranking and the chosen trial do not depend on the thread count, as every trial's
 * randomness is derived from (seed, index) and results are gathered by index. Ties in score go to
 * the lower index.
 */
public final class Tuner {

    /** The stream of {@link Seeds#derive(long, long, long)} that seeds trial i's sampling. */
    public static final long SAMPLE_STREAM = 0x53414d50L; // "SAMP"

    /** The stream of {@link Seeds#derive(long, long, long)} that seeds trial i's training. */
    public static final long TRAIN_STREAM = 0x5452414eL; // "TRAN"

    /** What a budget counts. */
    public enum Unit {
        /** Passes over the training set. */
        EPOCHS,
        /** Minibatch steps (optimizer updates), across epochs. */
        STEPS;

        /** The lower-case name, as tables print it. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The search method. */
    public enum Method {
        /** Every trial at the full budget. */
        RANDOM,
        /** Synchronous successive halving. */
        HALVING
    }

    /**
     * How a search runs.
     *
     * @param method    random search or successive halving
     * @param trials    n ≥ 1 sampled specs
     * @param eta       η ≥ 2: halving keeps the best 1/η of each rung and multiplies the budget by η
     * @param minBudget halving's first budget, 1 ≤ minBudget ≤ maxBudget (ignored by random search)
     * @param maxBudget the full budget, ≥ 1
     * @param unit      what the budgets count: epochs or minibatch steps
     * @param batchSize rows per minibatch, ≥ 1
     * @param metric    {@link Metric#VALIDATION_ACCURACY} (higher is better) or
     *                  {@link Metric#VALIDATION_LOSS} (lower is better)
     * @param seed      the search seed
     * @param threads   ≥ 1 worker threads
     */
    public record Settings(Method method, int trials, int eta, int minBudget, int maxBudget, Unit unit,
            int batchSize, Metric metric, long seed, int threads) {

        /** Budgets in epochs. */
        public Settings(Method method, int trials, int eta, int minEpochs, int maxEpochs, int batchSize,
                Metric metric, long seed, int threads) {
            this(method, trials, eta, minEpochs, maxEpochs, Unit.EPOCHS, batchSize, metric, seed, threads);
        }

        public Settings {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(unit, "unit");
            if (trials < 1) {
                throw new IllegalArgumentException("trials = " + trials + " must be >= 1");
            }
            if (eta < 2) {
                throw new IllegalArgumentException("eta = " + eta + " must be >= 2");
            }
            if (maxBudget < 1) {
                throw new IllegalArgumentException("maxBudget = " + maxBudget + " must be >= 1");
            }
            if (minBudget < 1 || minBudget > maxBudget) {
                throw new IllegalArgumentException("minBudget = " + minBudget + " is outside [1, maxBudget = "
                        + maxBudget + "]");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize = " + batchSize + " must be >= 1");
            }
            if (!metric.needsValidation()) {
                throw new IllegalArgumentException("metric = " + metric.key() + ": trials are scored on the"
                        + " validation set (val_loss or val_accuracy)");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads = " + threads + " must be >= 1");
            }
        }

        /** The budget of each rung, in {@link #unit()}: {@code [maxBudget]} for random search. */
        public List<Integer> budgets() {
            List<Integer> b = new ArrayList<>();
            if (method == Method.RANDOM) {
                b.add(maxBudget);
                return b;
            }
            long e = minBudget;
            while (e < maxBudget) {
                b.add((int) e);
                e *= eta;
            }
            b.add(maxBudget);
            return b;
        }
    }

    /**
     * Told of every trial of a rung when the rung ends, in index order, on the calling thread; before
     * the last rung a trial still in the race is reported as {@link Trial.Status#PRUNED} (its
     * status if the search ended there).
     */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param rung   the 0-based rung
         * @param budget the rung's epoch budget
         * @param trial  the trial as it stands after the rung
         */
        void onTrial(int rung, int budget, Trial trial);
    }

    private final ModelObjective objective;
    private final SearchSpace space;
    private final Settings settings;

    /**
     * @param objective the model and loss every trial trains (shared read-only by the threads)
     * @param space     the search space
     * @param settings  how to search
     */
    public Tuner(ModelObjective objective, SearchSpace space, Settings settings) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.space = Objects.requireNonNull(space, "space");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (settings.metric().isAccuracy() && !objective.loss().isClassification()) {
            throw new IllegalArgumentException("metric = " + settings.metric().key() + " needs a classification"
                    + " loss; " + objective.loss() + " has no accuracy");
        }
    }

    /** The concrete spec of trial {@code index}: a pure function of the search seed and the index. */
    public String specOf(int index) {
        return space.sample(new SplittableRandom(Seeds.derive(settings.seed(), SAMPLE_STREAM, index)));
    }

    /** The training seed of trial {@code index}. */
    public long seedOf(int index) {
        return Seeds.derive(settings.seed(), TRAIN_STREAM, index);
    }

    /** {@link #run(Dataset, Dataset, Dataset, Listener)} without a listener. */
    public TuneResult run(Dataset train, Dataset validation, Dataset test) {
        return run(train, validation, test, null);
    }

    /**
     * Runs the search.
     *
     * @param train      not modified: the training rows
     * @param validation not modified: the rows trials are scored on (required)
     * @param test       not modified: rows the best trial's final θ is evaluated on, or null
     * @param listener   told of each trial after each rung, or null
     */
    public TuneResult run(Dataset train, Dataset validation, Dataset test, Listener listener) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation: trials are scored on a validation set");
        long t0 = System.nanoTime();
        List<Integer> budgets = settings.budgets();
        int n = settings.trials();
        State[] states = new State[n];
        for (int i = 0; i < n; i++) {
            states[i] = new State(i, specOf(i), seedOf(i));
        }
        List<State> alive = new ArrayList<>(List.of(states));
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), n));
        try {
            for (int k = 0; k < budgets.size(); k++) {
                int budget = budgets.get(k);
                int rung = k;
                List<Future<?>> futures = new ArrayList<>();
                for (State s : alive) {
                    futures.add(pool.submit(() -> s.train(rung, budget, train, validation)));
                }
                for (Future<?> f : futures) {
                    await(f);
                }
                if (listener != null) {
                    for (State s : alive) {
                        listener.onTrial(k, budget, s.trial(k == budgets.size() - 1));
                    }
                }
                if (k == budgets.size() - 1) {
                    break;
                }
                List<State> scored = new ArrayList<>();
                for (State s : alive) {
                    if (s.status == null) {
                        scored.add(s);
                    }
                }
                scored.sort(byScore());
                int keep = Math.max(1, scored.size() / settings.eta());
                for (int i = keep; i < scored.size(); i++) {
                    scored.get(i).status = Trial.Status.PRUNED;
                    scored.get(i).checkpoint = null; // its memory is no longer needed
                }
                alive = new ArrayList<>(scored.subList(0, Math.min(keep, scored.size())));
                alive.sort(Comparator.comparingInt(s -> s.index));
                if (alive.isEmpty()) {
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        int last = budgets.size() - 1;
        List<Trial> trials = new ArrayList<>();
        for (State s : states) {
            trials.add(s.trial(s.rung == last));
        }
        trials.sort(ranking());
        Trial best = trials.isEmpty() || !trials.get(0).scored() ? null : trials.get(0);
        double[] params = null;
        Evaluation v = null;
        Evaluation t = null;
        if (best != null) {
            TrainResult r = states[best.index()].result;
            params = r.params();
            v = r.validation();
            t = test == null ? null : objective.evaluate(params, test);
        }
        return new TuneResult(trials, best, params, v, t, budgets, System.nanoTime() - t0);
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the search was interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Best score first, ties by index. */
    private Comparator<State> byScore() {
        Comparator<State> c = Comparator.comparingDouble(s -> s.score);
        if (settings.metric().higherIsBetter()) {
            c = c.reversed();
        }
        return c.thenComparingInt(s -> s.index);
    }

    /** Scored trials first, higher rung first, then by score; then the rest by index. */
    private Comparator<Trial> ranking() {
        Comparator<Trial> scoredFirst = Comparator.comparing(t -> !t.scored());
        Comparator<Trial> byRung = Comparator.comparingInt(t -> -t.rung());
        Comparator<Trial> c = scoredFirst.thenComparing(byRung).thenComparing((a, b) -> a.scored() && b.scored()
                ? Double.compare(a.score(), b.score()) * (settings.metric().higherIsBetter() ? -1 : 1) : 0);
        return c.thenComparingInt(Trial::index);
    }

    /** A trial's run as the search goes: touched by one worker at a time, read by the caller between rungs. */
    private final class State {
        final int index;
        final String spec;
        final long seed;
        Checkpoint checkpoint;
        TrainResult result;
        double score = Double.NaN;
        int epochs;
        long steps;
        int rung;
        Trial.Status status; // null while it is still in the race
        String detail = "";

        State(int index, String spec, long seed) {
            this.index = index;
            this.spec = spec;
            this.seed = seed;
        }

        void train(int k, int budget, Dataset train, Dataset validation) {
            rung = k;
            try {
                Optimizer<?> opt = OptimizerSpec.build(spec);
                TrainConfig config = TrainConfig.of(budget, settings.batchSize(), seed)
                        .withNonFinite(NonFinitePolicy.STOP).withCheckpointEveryEpoch(true);
                if (settings.unit() == Unit.STEPS) {
                    int perEpoch = MiniBatches.of(settings.batchSize()).count(train.size());
                    config = config.withEpochs((int) Math.min(Integer.MAX_VALUE, ((long) budget + perEpoch - 1)
                            / perEpoch)).withMaxSteps(budget);
                }
                Checkpoint[] last = new Checkpoint[1];
                Trainer trainer = Trainer.of(objective, opt, config).withCheckpoints(c -> {
                    last[0] = c;
                    return Path.of("memory");
                });
                result = checkpoint == null ? trainer.fit(objective.model().init(seed), train, validation, null)
                        : trainer.resume(checkpoint, train, validation, null);
                checkpoint = last[0];
                epochs = result.history().epochs().size();
                steps = result.steps();
                if (result.stopReason() instanceof StopReason.Failed f) {
                    status = f.criterion().equals("non-finite") ? Trial.Status.DIVERGED : Trial.Status.FAILED;
                    detail = f.detail();
                    score = Double.NaN;
                    checkpoint = null;
                    return;
                }
                Evaluation v = result.validation();
                score = settings.metric().isAccuracy() ? v.accuracy() : v.loss();
                if (!Double.isFinite(score)) {
                    status = Trial.Status.DIVERGED;
                    detail = settings.metric().key() + " = " + score;
                    checkpoint = null;
                }
            } catch (NonFiniteTrainingException e) {
                fail(Trial.Status.DIVERGED, e.getMessage());
            } catch (RuntimeException e) {
                fail(Trial.Status.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void fail(Trial.Status s, String message) {
            status = s;
            detail = String.valueOf(message);
            score = Double.NaN;
            checkpoint = null;
        }

        Trial trial(boolean lastRung) {
            Trial.Status s = status != null ? status : lastRung ? Trial.Status.COMPLETED : Trial.Status.PRUNED;
            return new Trial(index, spec, seed, score, epochs, steps, rung, s, detail);
        }
    }
}
