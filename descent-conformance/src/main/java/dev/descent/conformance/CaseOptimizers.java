package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.optim.AdaBelief;
import dev.descent.optim.AdaDelta;
import dev.descent.optim.Adafactor;
import dev.descent.optim.AdaGrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.Adamax;
import dev.descent.optim.Adan;
import dev.descent.optim.Asgd;
import dev.descent.optim.DAdaptAdam;
import dev.descent.optim.DAdaptSgd;
import dev.descent.optim.DoG;
import dev.descent.optim.LDoG;
import dev.descent.optim.HasLearningRate;
import dev.descent.optim.BlockMask;
import dev.descent.optim.Lamb;
import dev.descent.optim.Lars;
import dev.descent.optim.Momentum;
import dev.descent.optim.Muon;
import dev.descent.optim.NAdam;
import dev.descent.optim.Nesterov;
import dev.descent.optim.NoisySgd;
import dev.descent.optim.NovoGrad;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Polyak;
import dev.descent.optim.Prodigy;
import dev.descent.optim.RAdam;
import dev.descent.optim.RmsProp;
import dev.descent.optim.RmsPropNesterov;
import dev.descent.optim.Rprop;
import dev.descent.optim.ScheduleFreeAdamW;
import dev.descent.optim.ScheduleFreeSgd;
import dev.descent.optim.Sgd;
import dev.descent.optim.SignSgd;
import dev.descent.optim.SpsMax;
import dev.descent.optim.TorchLbfgs;
import dev.descent.optim.Yogi;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.schedule.ExponentialDecay;
import dev.descent.optim.schedule.LinearDecay;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepDecay;
import dev.descent.optim.transform.Maximize;
import dev.descent.optim.transform.Sam;
import dev.descent.optim.transform.ScheduledHyperparameters;
import java.util.Collections;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps a {@link GoldenCase} to the descent optimizer that should reproduce it, or says why there is
 * none yet.
 *
 * <p>Three families, each a table with one small entry per algorithm or schedule:
 * <ul>
 *   <li><b>Book</b> cases (algorithm {@code "DL-book Algorithm 8.x (name)"}) are keyed by the
 *       variant {@code alg8.x-name}, optionally followed by {@code .label}. Book names: {@code eps}
 *       is the learning rate ε, {@code alpha} the momentum α, {@code rho}, {@code rho1},
 *       {@code rho2} the decay rates, {@code delta} the stabilizer δ. Each maps to the class's book
 *       form ({@code Sgd.of}, {@code Momentum.of}, ..., {@code RmsPropNesterov.literal}). Schedules
 *       {@code linear_decay} and {@code step_decay} map to {@link LinearDecay} and
 *       {@link StepDecay}.</li>
 *   <li><b>Torch</b> cases are keyed by the torch.optim class name and map to the classes'
 *       {@code torch(...)} presets (for the algorithms beyond the book, whose defaults are torch's,
 *       to their canonical constructors). torch.optim.lr_scheduler types are keyed by their class
 *       name: {@code StepLR} → {@link StepDecay}, {@code ExponentialLR} → {@link ExponentialDecay},
 *       {@code LinearLR} → {@link LinearWarmup}, {@code CosineAnnealingLR} →
 *       {@link CosineDecay#torch} (not clamped), {@code OneCycleLR} → {@link OneCycle}. The schedule
 *       becomes the optimizer's {@code learningRate}. OneCycleLR with {@code cycle_momentum} also
 *       drives Adam's β₁ (torch's {@code betas[0]}) or SGD's momentum: the optimizer is then wrapped
 *       in {@link ScheduledHyperparameters} with {@link OneCycle#momentum}, and the replayer checks
 *       each step's recorded {@code beta1} or {@code momentum} against that schedule. torch's SGD
 *       goes through the registry's own mapping ({@code torch.sgd}), and {@code maximize = true}
 *       wraps the optimizer in {@link Maximize}, the spec's {@code maximize} transform.</li>
 *   <li><b>Optax</b> cases (algorithm {@code "optax.<alias>"}, the numpy transcriptions of
 *       {@code generators/optax_refs.py}) are keyed by the alias and read Optax's argument names
 *       ({@code learning_rate}, {@code b1}, {@code eps_root}, ...). {@code optax.noisy_sgd} replays the
 *       noise each step recorded ({@link RecordedNoise}) and checks its {@code sigma}.</li>
 * </ul>
 *
 * <p>The Polyak steps ({@code Polyak}, the generator's transcription, and {@code Sps} of
 * IssamLaradji/sps with {@code adapt_flag = 'constant'}) map to {@link Polyak} and {@link SpsMax}
 * with no learning rate ({@link Supported#learningRate()} null); the replayer offers them the loss.
 *
 * <p>A per-step field beyond θ is checked against the optimizer's state when the class declares
 * it in a small table (ASGD's averaged iterate {@code ax} against the buffer {@code asgd.ax}).
 *
 * <p>Nothing is ignored: a hyperparameter or schedule parameter that no entry reads, a schedule
 * field other than the descriptive {@code type, params, formula, constructor, stepping} (and
 * {@code cycles} for a cycling scheduler), or a per-step field the replayer does not check makes the
 * case {@link Unsupported}. A missing or ill-typed value is a {@link MalformedCaseException}; a
 * value descent refuses (e.g. momentum 1.5) surfaces as the optimizer's
 * {@link IllegalArgumentException}.
 */
public final class CaseOptimizers {

    /** How a book case's {@code algorithm} starts. */
    static final String BOOK_ALGORITHM_PREFIX = "DL-book Algorithm ";

    /** Schedule fields that only describe (the replayer checks the resulting lr per step instead). */
    private static final Set<String> DESCRIPTIVE_SCHEDULE_FIELDS =
            Set.of("type", "params", "formula", "constructor", "stepping");

    /** torch schedulers that also drive β₁ or momentum; their schedule may say which in {@code cycles}. */
    private static final Set<String> CYCLING_SCHEDULERS = Set.of("OneCycleLR");

    private CaseOptimizers() {
    }

    /** The outcome of mapping a case. */
    public sealed interface Mapping permits Supported, Unsupported {
    }

    /**
     * A descent optimizer for the case.
     *
     * @param optimizer       configured as the case says
     * @param learningRate    the learning-rate schedule it uses (step t uses {@code valueAt(t - 1)}),
     *                        checked against {@code steps[t-1].lr}; null for an optimizer without one
     *                        (the Polyak steps), whose steps must then say {@code "lr": null}
     * @param hyperparameters other scheduled hyperparameters by per-step field name ({@code beta1},
     *                        {@code momentum}), each the schedule the optimizer uses, checked against
     *                        that field of every step; empty for most cases
     * @param stateChecks     per-step field → state buffer key (e.g. ASGD's {@code ax} →
     *                        {@code asgd.ax}): after step t the buffer must equal {@code steps[t-1].field}
     *                        within the tolerance used for θ
     */
    public record Supported(Optimizer<?> optimizer, Schedule learningRate, Map<String, Schedule> hyperparameters,
            Map<String, String> stateChecks) implements Mapping {

        public Supported {
            hyperparameters = Collections.unmodifiableMap(new LinkedHashMap<>(hyperparameters));
            stateChecks = Map.copyOf(stateChecks);
        }

        /** A case whose only schedule is the learning rate's, with no per-step state checks. */
        public Supported(Optimizer<?> optimizer, Schedule learningRate) {
            this(optimizer, learningRate, Map.of(), Map.of());
        }
    }

    /**
     * No descent optimizer for the case yet.
     *
     * @param reason why, e.g. {@code torch.optim.AdamW is not implemented in descent yet}
     */
    public record Unsupported(String reason) implements Mapping {
    }

    /**
     * The learning rate a mapping entry receives: ε₀ (the first step's value) and the schedule
     * (a constant unless the case has one), plus the other hyperparameters a cycling scheduler drives
     * (descent component name → schedule), so that an entry can configure the optimizer for them.
     */
    record LearningRate(double initial, Schedule schedule, Map<String, Schedule> cycled) {

        LearningRate(double initial, Schedule schedule) {
            this(initial, schedule, Map.of());
        }
    }

    /**
     * What a torch scheduler drives: the learning rate and, for a cycling scheduler, β₁ or momentum.
     *
     * @param learningRate the lr schedule
     * @param momentum     the β₁/momentum schedule, or null
     */
    record Driven(Schedule learningRate, Schedule momentum) {

        static Driven lr(Schedule s) {
            return new Driven(s, null);
        }
    }

    /** Builds an optimizer from the hyperparameters it reads (and only those). */
    @FunctionalInterface
    interface Entry {
        Optimizer<?> create(Hyperparameters h, LearningRate lr) throws MalformedCaseException, UnsupportedCaseException;
    }

    /** A book schedule from its {@code params}. */
    @FunctionalInterface
    interface BookSchedule {
        Schedule create(Hyperparameters p) throws MalformedCaseException;
    }

    /** A torch scheduler from its {@code params} and the optimizer's initial lr. */
    @FunctionalInterface
    interface TorchSchedule {
        Driven create(Hyperparameters p, double lr0) throws MalformedCaseException;
    }

    // ---- book: variant base "alg8.x-name" → book form ----

    private static final Map<String, Entry> BOOK = new LinkedHashMap<>();

    static {
        BOOK.put("alg8.1-sgd", (h, lr) -> Sgd.of(lr.initial()).withLearningRate(lr.schedule()));
        BOOK.put("alg8.2-momentum", (h, lr) ->
                Momentum.of(lr.initial(), h.number("alpha")).withLearningRate(lr.schedule()));
        BOOK.put("alg8.3-nesterov", (h, lr) ->
                Nesterov.of(lr.initial(), h.number("alpha")).withLearningRate(lr.schedule()));
        BOOK.put("alg8.4-adagrad", (h, lr) ->
                AdaGrad.of(lr.initial()).withEps(h.number("delta")).withLearningRate(lr.schedule()));
        BOOK.put("alg8.5-rmsprop", (h, lr) ->
                RmsProp.of(lr.initial(), h.number("rho")).withEps(h.number("delta")).withLearningRate(lr.schedule()));
        // The literal algorithm: no δ at all (the files expect NaN where a gradient component is 0).
        BOOK.put("alg8.6-rmsprop-nesterov", (h, lr) ->
                RmsPropNesterov.literal(lr.initial(), h.number("rho"), h.number("alpha"))
                        .withLearningRate(lr.schedule()));
        BOOK.put("alg8.6-rmsprop-nesterov-delta", (h, lr) ->
                RmsPropNesterov.of(lr.initial(), h.number("rho"), h.number("alpha")).withEps(h.number("delta"))
                        .withLearningRate(lr.schedule()));
        BOOK.put("alg8.7-adam", (h, lr) ->
                Adam.of(lr.initial()).withBeta1(h.number("rho1")).withBeta2(h.number("rho2"))
                        .withEps(h.number("delta")).withLearningRate(lr.schedule()));
    }

    private static final Map<String, BookSchedule> BOOK_SCHEDULES = new LinkedHashMap<>();

    static {
        BOOK_SCHEDULES.put("linear_decay", p -> new LinearDecay(p.number("eps0"), p.number("eps_tau"), p.integer("tau")));
        BOOK_SCHEDULES.put("step_decay", p -> new StepDecay(p.number("eps0"), p.number("gamma"), p.integer("every")));
    }

    // ---- torch: torch.optim class name → torch preset ----

    private static final Map<String, Entry> TORCH = new LinkedHashMap<>();

    static {
        TORCH.put("SGD", CaseOptimizers::torchSgd);
        TORCH.put("Adagrad", (h, lr) -> {
            return AdaGrad.torch(lr.initial(), h.number("lr_decay"), h.number("weight_decay"),
                    h.number("initial_accumulator_value"), h.number("eps")).withLearningRate(lr.schedule());
        });
        TORCH.put("RMSprop", (h, lr) -> {
            return RmsProp.torch(lr.initial(), h.number("alpha"), h.number("eps"), h.number("weight_decay"),
                    h.number("momentum"), h.bool("centered")).withLearningRate(lr.schedule());
        });
        TORCH.put("Adam", (h, lr) -> {
            double[] betas = h.pair("betas");
            return Adam.torch(lr.initial(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"),
                    h.bool("amsgrad")).withLearningRate(lr.schedule());
        });
        // Beyond the book: the records' canonical constructors are torch's forms.
        TORCH.put("AdamW", (h, lr) -> {
            double[] betas = h.pair("betas");
            return new AdamW(lr.schedule(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"),
                    h.bool("amsgrad"));
        });
        TORCH.put("Adamax", (h, lr) -> {
            double[] betas = h.pair("betas");
            return new Adamax(lr.schedule(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"));
        });
        // The documented form (torch >= 2.0, the files' nadam.pr92699 variant), not 1.13's double-counted μ_t.
        TORCH.put("NAdam", (h, lr) -> {
            double[] betas = h.pair("betas");
            return new NAdam(lr.schedule(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"),
                    h.number("momentum_decay"));
        });
        TORCH.put("RAdam", (h, lr) -> {
            double[] betas = h.pair("betas");
            return new RAdam(lr.schedule(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"));
        });
        TORCH.put("Adadelta", (h, lr) -> {
            return new AdaDelta(lr.schedule(), h.number("rho"), h.number("eps"), h.number("weight_decay"));
        });
        // torch reads Rprop's lr once, when it creates the state (Δ₀); a scheduled lr is still
        // checked per step by the replayer, and ignored by the update exactly as torch ignores it.
        TORCH.put("Rprop", (h, lr) -> {
            double[] etas = h.pair("etas");
            double[] stepSizes = h.pair("step_sizes");
            return new Rprop(lr.initial(), etas[0], etas[1], stepSizes[0], stepSizes[1]);
        });
        TORCH.put("ASGD", (h, lr) -> {
            return new Asgd(lr.schedule(), h.number("lambd"), h.number("alpha"), h.integer("t0"),
                    h.number("weight_decay"));
        });
        // Learning-rate-free references (lrfree/): one group, one flat tensor, slice_p 1.
        TORCH.put("Prodigy", (h, lr) -> {
            double[] betas = h.pair("betas");
            double growth = h.number("growth_rate");
            if (h.integer("slice_p") != 1) {
                throw new UnsupportedCaseException("Prodigy slice_p != 1 is not implemented");
            }
            return new Prodigy(lr.schedule(), betas[0], betas[1], h.numberOr("beta3", Double.NaN), h.number("eps"),
                    h.number("weight_decay"), h.bool("decouple"), h.bool("use_bias_correction"),
                    h.bool("safeguard_warmup"), h.number("d0"), h.number("d_coef"), growth);
        });
        TORCH.put("DAdaptAdam", (h, lr) -> {
            double[] betas = h.pair("betas");
            return new DAdaptAdam(lr.schedule(), betas[0], betas[1], h.number("eps"), h.number("weight_decay"),
                    h.bool("decouple"), h.bool("use_bias_correction"), h.number("d0"), h.number("growth_rate"));
        });
        TORCH.put("DAdaptSGD", (h, lr) -> new DAdaptSgd(lr.schedule(), h.number("momentum"), h.number("weight_decay"),
                h.number("d0"), h.number("growth_rate")));
        // torch.optim.LBFGS (lbfgs/, gradient_evaluation "closure"): max_eval null is torch's None (0 here)
        TORCH.put("LBFGS", CaseOptimizers::torchLbfgs);
        // dog.py: init_eta None (null) is NaN here
        TORCH.put("DoG", (h, lr) -> new DoG(lr.schedule(), h.number("reps_rel"), h.number("weight_decay"),
                h.number("eps"), h.numberOr("init_eta", Double.NaN)));
        TORCH.put("LDoG", (h, lr) -> new LDoG(lr.schedule(), h.number("reps_rel"), h.number("weight_decay"),
                h.number("eps"), h.numberOr("init_eta", Double.NaN)));
        // torch >= 2.5 (adafactor/): eps = [eps1, eps2], eps1 null is torch's None (the machine epsilon)
        TORCH.put("Adafactor", CaseOptimizers::torchAdafactor);
        // Muon (muon/): the variant names the reference, muon.torch… or muon.kellerjordan…
        TORCH.put("Muon", (h, lr) -> muon(h, lr, Muon.Form.TORCH));
    }

    private static Optimizer<?> torchAdafactor(Hyperparameters h, LearningRate lr) throws MalformedCaseException {
        JsonNode eps = h.value("eps");
        if (!eps.isArray() || eps.size() != 2) {
            throw new MalformedCaseException(h.source(), h.field() + ".eps", "is " + eps
                    + ", expected [eps1 or null, eps2]");
        }
        double eps1 = eps.get(0).isNull() ? Adafactor.MACHINE_EPSILON
                : CaseReader.number(eps.get(0), h.source(), h.field() + ".eps[0]");
        double eps2 = CaseReader.number(eps.get(1), h.source(), h.field() + ".eps[1]");
        return new Adafactor(lr.schedule(), h.number("beta2_decay"), eps1, eps2, h.number("d"),
                h.number("weight_decay"));
    }

    /**
     * torch.optim.Muon's keys ({@code ns_coefficients}, {@code eps}, {@code adjust_lr_fn} null,
     * "original" or "match_rms_adamw"), or SingleDeviceMuon's (lr, weight_decay, momentum, nesterov,
     * ns_steps; its coefficients and ε fixed in its code); torch's {@code use_addmm}, default false.
     */
    private static Optimizer<?> muon(Hyperparameters h, LearningRate lr, Muon.Form form)
            throws MalformedCaseException, UnsupportedCaseException {
        long steps = h.integer("ns_steps");
        if (steps < 0 || steps >= 100) {
            throw new UnsupportedCaseException("Muon ns_steps = " + steps + " (torch accepts [0, 100))");
        }
        Muon m = new Muon(lr.schedule(), h.number("weight_decay"), h.number("momentum"), h.bool("nesterov"),
                Muon.NS_COEFFICIENTS[0], Muon.NS_COEFFICIENTS[1], Muon.NS_COEFFICIENTS[2], 1e-7, (int) steps,
                Muon.AdjustLr.ORIGINAL, false, form);
        if (form == Muon.Form.KELLER_JORDAN) {
            return m;
        }
        JsonNode ns = h.value("ns_coefficients");
        if (!ns.isArray() || ns.size() != 3) {
            throw new MalformedCaseException(h.source(), h.field() + ".ns_coefficients", "is " + ns
                    + ", expected [a, b, c]");
        }
        double[] abc = new double[3];
        for (int i = 0; i < 3; i++) {
            abc[i] = CaseReader.number(ns.get(i), h.source(), h.field() + ".ns_coefficients[" + i + "]");
        }
        String fn = h.textOr("adjust_lr_fn", "original");
        Muon.AdjustLr adjust = switch (fn) {
            case "original" -> Muon.AdjustLr.ORIGINAL;
            case "match_rms_adamw" -> Muon.AdjustLr.MATCH_RMS_ADAMW;
            default -> throw new MalformedCaseException(h.source(), h.field() + ".adjust_lr_fn", "is \"" + fn
                    + "\", which torch does not know (expected null, \"original\" or \"match_rms_adamw\")");
        };
        return m.withNewtonSchulz(abc[0], abc[1], abc[2], (int) steps).withEps(h.number("eps")).withAdjustLr(adjust)
                .withAddmm(h.boolOr("use_addmm", false));
    }

    /** Per-step fields of a closure case, each checked by the replayer (lbfgs/README.md). */
    static final Set<String> CLOSURE_STEP_FIELDS = Set.of("evaluations", "returned_loss", "n_iter", "func_evals");

    /** torch's {@code LBFGS(lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size, line_search_fn)}. */
    private static Optimizer<?> torchLbfgs(Hyperparameters h, LearningRate lr)
            throws MalformedCaseException, UnsupportedCaseException {
        String fn = h.textOr("line_search_fn", null);
        TorchLbfgs.LineSearchFn search;
        if (fn == null) {
            search = TorchLbfgs.LineSearchFn.NONE;
        } else if (fn.equals("strong_wolfe")) {
            search = TorchLbfgs.LineSearchFn.STRONG_WOLFE;
        } else {
            throw new MalformedCaseException(h.source(), h.field() + ".line_search_fn",
                    "is \"" + fn + "\", which torch rejects (expected \"strong_wolfe\" or null)");
        }
        long maxIter = h.integer("max_iter");
        // max_eval null (or absent) is torch's None, 0 in TorchLbfgs
        long maxEval = h.has("max_eval") ? h.integer("max_eval") : (long) h.numberOr("max_eval", 0);
        if (maxIter > Integer.MAX_VALUE || maxEval > Integer.MAX_VALUE || h.integer("history_size") > Integer.MAX_VALUE) {
            throw new UnsupportedCaseException("LBFGS max_iter, max_eval or history_size beyond 2^31 - 1");
        }
        return new TorchLbfgs(lr.schedule(), (int) maxIter, (int) maxEval, h.number("tolerance_grad"),
                h.number("tolerance_change"), (int) h.integer("history_size"), search);
    }

    /**
     * Per-step fields that the replayer checks against the optimizer's state, by torch class: field
     * name → state buffer key, compared after each step at the tolerance used for θ.
     */
    private static final Map<String, Map<String, String>> TORCH_STATE_CHECKS = Map.of(
            "ASGD", Map.of("ax", "asgd.ax"),
            "Prodigy", Map.of("d_used", "prodigy.d_used", "d", "prodigy.d", "d_hat", "prodigy.d_hat"),
            "DAdaptAdam", Map.of("d_used", "dadapt_adam.d_used", "d", "dadapt_adam.d"),
            "DAdaptSGD", Map.of("d_used", "dadapt_sgd.d_used", "d", "dadapt_sgd.d",
                    "numerator_weighted", "dadapt_sgd.numerator_weighted"),
            "DoG", Map.of("eta", "dog.eta", "rbar", "dog.rbar", "G", "dog.G"),
            // per tensor: lists with one entry per block
            "LDoG", Map.of("eta", "ldog.eta", "rbar", "ldog.rbar", "G", "ldog.G"));

    /** torch.optim classes with reference cases that descent does not implement yet. */
    private static final Set<String> TORCH_NOT_YET = Set.of();

    /**
     * torch.optim.lr_scheduler classes, keyed by class name. Parameters that torch defaults are
     * optional here with torch's defaults; any other key makes the case unsupported.
     */
    private static final Map<String, TorchSchedule> TORCH_SCHEDULES = new LinkedHashMap<>();

    static {
        TORCH_SCHEDULES.put("StepLR", (p, lr0) ->
                Driven.lr(new StepDecay(lr0, p.numberOr("gamma", 0.1), p.integer("step_size"))));
        TORCH_SCHEDULES.put("ExponentialLR", (p, lr0) -> Driven.lr(ExponentialDecay.of(lr0, p.number("gamma"))));
        TORCH_SCHEDULES.put("LinearLR", (p, lr0) -> Driven.lr(new LinearWarmup(lr0, p.numberOr("start_factor", 1.0 / 3),
                p.numberOr("end_factor", 1.0), p.has("total_iters") ? p.integer("total_iters") : 5)));
        TORCH_SCHEDULES.put("CosineAnnealingLR", (p, lr0) ->
                Driven.lr(CosineDecay.torch(lr0, p.integer("T_max"), p.numberOr("eta_min", 0))));
        TORCH_SCHEDULES.put("OneCycleLR", CaseOptimizers::oneCycle);
    }

    /** torch's {@code OneCycleLR}: ignores the optimizer's lr; cycles β₁/momentum unless told not to. */
    private static Driven oneCycle(Hyperparameters p, double lr0) throws MalformedCaseException {
        long total;
        if (p.has("total_steps")) {
            total = p.integer("total_steps");
        } else {
            total = p.integer("epochs") * p.integer("steps_per_epoch");
        }
        String strategy = p.textOr("anneal_strategy", "cos");
        OneCycle.Anneal anneal;
        if (strategy.equals("cos")) {
            anneal = OneCycle.Anneal.COS;
        } else if (strategy.equals("linear")) {
            anneal = OneCycle.Anneal.LINEAR;
        } else {
            throw new MalformedCaseException(p.source(), p.field() + ".anneal_strategy",
                    "is \"" + strategy + "\", which torch rejects (expected \"cos\" or \"linear\")");
        }
        OneCycle cycle = new OneCycle(p.number("max_lr"), total, p.numberOr("pct_start", 0.3), anneal,
                p.numberOr("div_factor", 25), p.numberOr("final_div_factor", 1e4), p.boolOr("three_phase", false));
        boolean cycles = p.boolOr("cycle_momentum", true);
        double base = p.numberOr("base_momentum", 0.85);
        double max = p.numberOr("max_momentum", 0.95);
        return new Driven(cycle, cycles ? cycle.momentum(base, max) : null);
    }

    /**
     * torch's {@code SGD(lr, momentum, dampening, weight_decay, nesterov)} through the registry's own
     * mapping ({@code torch.sgd}): plain SGD at momentum 0, else the buffer form of momentum or the
     * reformulated Nesterov. A scheduler that cycles the momentum sets it at construction (torch's
     * OneCycleLR writes {@code max_momentum} into the group), so the buffer exists from the first step.
     */
    private static Optimizer<?> torchSgd(Hyperparameters h, LearningRate lr) throws MalformedCaseException {
        Schedule cycled = lr.cycled().get("momentum");
        double momentum = h.number("momentum");
        Map<String, String> args = new LinkedHashMap<>();
        args.put("lr", Double.toString(lr.initial()));
        args.put("momentum", Double.toString(cycled == null ? momentum : cycled.valueAt(0)));
        args.put("dampening", Double.toString(h.number("dampening")));
        args.put("weight_decay", Double.toString(h.number("weight_decay")));
        args.put("nesterov", Boolean.toString(h.bool("nesterov")));
        return ((HasLearningRate) Optimizers.create("torch.sgd", args)).withLearningRate(lr.schedule());
    }

    // ---- the mapping ----

    /**
     * The optimizer for {@code c}, or why there is none.
     *
     * @throws MalformedCaseException   when a value the mapping needs is missing or ill-typed
     * @throws IllegalArgumentException when descent refuses a value (from the optimizer or schedule)
     */
    public static Mapping forCase(GoldenCase c) throws MalformedCaseException {
        try {
            if (c.isBook()) {
                return book(c);
            }
            return OPTAX.containsKey(c.algorithm()) ? optax(c) : torch(c);
        } catch (UnsupportedCaseException e) {
            return new Unsupported(e.getMessage());
        }
    }

    private static Mapping book(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        String base = bookBase(c.variant());
        if (base == null) {
            return new Unsupported("no descent mapping for book variant \"" + c.variant() + "\"");
        }
        String expected = bookAlgorithm(base);
        if (!c.algorithm().equals(expected)) {
            throw new MalformedCaseException(source(c), "algorithm", "is \"" + c.algorithm()
                    + "\", but variant \"" + c.variant() + "\" is \"" + expected + "\"");
        }
        checkStepExtras(c, Set.of());
        Hyperparameters h = hyperparameters(c);
        LearningRate lr;
        JsonNode schedule = c.schedule();
        if (schedule == null) {
            double eps = h.number("eps");
            lr = new LearningRate(eps, Schedule.constant(eps));
        } else {
            String type = scheduleType(c, schedule);
            BookSchedule factory = BOOK_SCHEDULES.get(type);
            if (factory == null) {
                return new Unsupported("no descent schedule for book schedule type \"" + type + "\"");
            }
            Hyperparameters p = scheduleParams(c, schedule);
            Schedule s = factory.create(p);
            checkUnused(p, "schedule " + type);
            lr = new LearningRate(s.valueAt(0), s);
        }
        Optimizer<?> opt = BOOK.get(base).create(h, lr);
        checkUnused(h, base + (schedule == null ? "" : " with a schedule"));
        return new Supported(opt, lr.schedule());
    }

    private static Mapping torch(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        if (SCHEDULE_FREE.contains(c.algorithm())) {
            return scheduleFree(c);
        }
        if (OPTAX_BLOCK.contains(c.algorithm())) {
            return optaxBlock(c);
        }
        if (POLYAK.contains(c.algorithm())) {
            return polyak(c);
        }
        Entry entry = TORCH.get(c.algorithm());
        if (c.algorithm().equals("Muon")) {
            if (c.variant().startsWith("muon.kellerjordan")) {
                entry = (h, lr) -> muon(h, lr, Muon.Form.KELLER_JORDAN);
            } else if (!c.variant().startsWith("muon.torch")) {
                return new Unsupported("Muon variant \"" + c.variant() + "\" names no reference descent maps"
                        + " (muon.torch… or muon.kellerjordan…)");
            }
        }
        if (entry == null) {
            return new Unsupported(TORCH_NOT_YET.contains(c.algorithm())
                    ? "torch.optim." + c.algorithm() + " is not implemented in descent yet"
                    : "no descent mapping for algorithm \"" + c.algorithm() + "\"");
        }
        Hyperparameters h = hyperparameters(c);
        double lr0 = h.number("lr");
        LearningRate lr;
        JsonNode schedule = c.schedule();
        if (schedule == null) {
            lr = new LearningRate(lr0, Schedule.constant(lr0));
        } else {
            String type = scheduleType(c, schedule);
            TorchSchedule factory = TORCH_SCHEDULES.get(type);
            if (factory == null) {
                return new Unsupported("torch.optim.lr_scheduler." + type + " is not mapped to a descent schedule yet");
            }
            Hyperparameters p = scheduleParams(c, schedule);
            Driven d = factory.create(p, lr0);
            checkUnused(p, "torch.optim.lr_scheduler." + type);
            Map<String, Schedule> cycled = Map.of();
            if (d.momentum() != null) {
                cycled = Map.of(cycledComponent(c, h, schedule, type), d.momentum());
            } else if (schedule.has("cycles")) {
                throw new MalformedCaseException(source(c), "schedule.cycles", "is " + schedule.get("cycles")
                        + ", but the scheduler's params do not cycle a momentum (cycle_momentum is false)");
            }
            lr = new LearningRate(lr0, d.learningRate(), cycled);
        }
        Map<String, String> stateChecks = TORCH_STATE_CHECKS.getOrDefault(c.algorithm(), Map.of());
        Set<String> checked = new TreeSet<>(stateChecks.keySet());
        checked.addAll(lr.cycled().keySet());
        if (c.gradientEvaluation() == GradientEvaluation.CLOSURE) {
            checked.addAll(CLOSURE_STEP_FIELDS);
        }
        checkStepExtras(c, checked);
        Optimizer<?> opt = entry.create(h, lr);
        // torch's maximize negates the gradient before anything else (weight decay included): the
        // spec's maximize transform, outermost
        boolean maximize = h.boolOr("maximize", false);
        checkUnused(h, "torch.optim." + c.algorithm());
        if (!lr.cycled().isEmpty()) {
            // The per-step field names (beta1, momentum) are descent's component names.
            opt = ScheduledHyperparameters.of(opt, lr.cycled());
        }
        if (maximize) {
            if (!stateChecks.isEmpty()) {
                throw new UnsupportedCaseException("maximize = true with per-step state checks " + stateChecks.keySet()
                        + " is not supported by the replayer (the state moves under the maximize wrapper)");
            }
            opt = new Maximize(opt);
        }
        return new Supported(opt, lr.schedule(), lr.cycled(), stateChecks);
    }

    // ---- optax/: numpy transcriptions of Optax's aliases (algorithm "optax.<alias>", Optax's argument names) ----

    private static final Map<String, Entry> OPTAX = new LinkedHashMap<>();

    static {
        // weight_decay null is Optax's None: no add_decayed_weights in the chain, the same as 0
        OPTAX.put("optax.adabelief", (h, lr) -> new AdaBelief(lr.schedule(), h.number("b1"), h.number("b2"),
                h.number("eps"), h.number("eps_root"), h.numberOr("weight_decay", 0), h.bool("nesterov")));
        OPTAX.put("optax.yogi", (h, lr) -> new Yogi(lr.schedule(), h.number("b1"), h.number("b2"), h.number("eps"),
                h.number("eps_root"), h.number("initial_accumulator_value")));
        OPTAX.put("optax.adan", (h, lr) -> new Adan(lr.schedule(), h.number("b1"), h.number("b2"), h.number("b3"),
                h.number("eps"), h.number("eps_root"), h.number("weight_decay")));
        OPTAX.put("optax.novograd", (h, lr) -> new NovoGrad(lr.schedule(), h.number("b1"), h.number("b2"),
                h.number("eps"), h.number("eps_root"), h.number("weight_decay")));
        OPTAX.put("optax.sign_sgd", (h, lr) -> new SignSgd(lr.schedule()));
        OPTAX.put("optax.noisy_sgd", (h, lr) -> new NoisySgd(lr.schedule(), h.number("eta"), h.number("gamma"),
                h.integer("key")));
    }

    /** Per-step fields checked against the state, by Optax alias (NovoGrad's per-leaf ν: one entry per block). */
    private static final Map<String, Map<String, String>> OPTAX_STATE_CHECKS = Map.of(
            "optax.novograd", Map.of("nu", "novograd.v"));

    /**
     * A case from Optax: a constant {@code learning_rate} (Optax's name), the alias's arguments by
     * Optax's names. {@code optax.noisy_sgd} replays the noise the case recorded
     * ({@code steps[].noise}, through {@link RecordedNoise}) and checks each step's
     * {@code sigma} against {@link NoisySgd#standardDeviation}.
     */
    private static Mapping optax(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        Entry entry = OPTAX.get(c.algorithm());
        if (c.schedule() != null) {
            throw new UnsupportedCaseException("a schedule on " + c.algorithm() + " is not mapped yet");
        }
        Hyperparameters h = hyperparameters(c);
        double lr0 = h.number("learning_rate");
        LearningRate lr = new LearningRate(lr0, Schedule.constant(lr0));
        Map<String, String> stateChecks = OPTAX_STATE_CHECKS.getOrDefault(c.algorithm(), Map.of());
        boolean noisy = c.algorithm().equals("optax.noisy_sgd");
        Set<String> checked = new TreeSet<>(stateChecks.keySet());
        if (noisy) {
            checked.addAll(Set.of("noise", "sigma"));
        }
        checkStepExtras(c, checked);
        Optimizer<?> opt = entry.create(h, lr);
        checkUnused(h, c.algorithm());
        if (!noisy) {
            return new Supported(opt, lr.schedule(), Map.of(), stateChecks);
        }
        if (c.hasFrozenBlocks()) {
            throw new UnsupportedCaseException("recorded noise with frozen blocks is not supported");
        }
        NoisySgd noisySgd = (NoisySgd) opt;
        List<double[]> noise = new ArrayList<>();
        for (GoldenCase.Step step : c.steps()) {
            String field = "steps[" + (step.t() - 1) + "].noise";
            JsonNode recorded = step.extras().get("noise");
            if (recorded == null) {
                throw new MalformedCaseException(source(c), field, "is missing (noisy_sgd cases record their noise)");
            }
            noise.add(CaseReader.vector(recorded, source(c), field, c.dim()));
        }
        Schedule sigma = k -> noisySgd.standardDeviation(k + 1);
        return new Supported(new RecordedNoise(noisySgd, noise), lr.schedule(), Map.of("sigma", sigma), Map.of());
    }

    // ---- lrfree/: Schedule-Free (facebookresearch/schedule_free) ----

    private static final Set<String> SCHEDULE_FREE = Set.of("AdamWScheduleFree", "SGDScheduleFree");

    /**
     * {@code AdamWScheduleFree} and {@code SGDScheduleFree}: their warmup is the optimizer's own, so
     * the lr the replayer checks is {@code scheduledLearningRate}; {@code ckp1} is checked against
     * the reference's formula, {@code z} against the state and {@code x} (by the replayer) against
     * {@code modelPoint}.
     */
    private static Mapping scheduleFree(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        if (c.schedule() != null) {
            throw new UnsupportedCaseException("a torch scheduler on torch." + c.algorithm() + " is not supported");
        }
        Hyperparameters h = hyperparameters(c);
        Schedule lr0 = Schedule.constant(h.number("lr"));
        long warmup = h.integer("warmup_steps");
        double r = h.number("r");
        double power = h.number("weight_lr_power");
        double wd = h.number("weight_decay");
        Optimizer<?> opt;
        Schedule scheduled;
        String z;
        double beta;
        if (c.algorithm().equals("AdamWScheduleFree")) {
            double[] betas = h.pair("betas");
            if (h.numberOr("inner_momentum", 0) != 0) {
                throw new UnsupportedCaseException("inner_momentum != 0 is not implemented in descent's sf_adamw");
            }
            ScheduleFreeAdamW sf = new ScheduleFreeAdamW(lr0, betas[0], betas[1], h.number("eps"), wd, warmup, r, power);
            opt = sf;
            scheduled = sf::scheduledLearningRate;
            z = "sf_adamw.z";
            beta = betas[0];
        } else {
            ScheduleFreeSgd sf = new ScheduleFreeSgd(lr0, h.number("momentum"), wd, warmup, r, power);
            opt = sf;
            scheduled = sf::scheduledLearningRate;
            z = "sf_sgd.z";
            beta = sf.momentum();
        }
        checkUnused(h, c.algorithm());
        checkStepExtras(c, Set.of("x", "z", "ckp1"));
        // c_t = w_t/Σw, w_i = i^r·γ_max,i^p, from the reference's formula (independent of the optimizer)
        Schedule ckp1 = k -> {
            double sum = 0;
            double max = 0;
            double w = 0;
            for (long i = 0; i <= k; i++) {
                max = Math.max(max, scheduled.valueAt(i));
                w = Math.pow(i + 1, r) * Math.pow(max, power);
                sum += w;
            }
            return sum == 0 ? 0 : w / sum;
        };
        return new Supported(opt, scheduled, Map.of("ckp1", ckp1), Map.of("z", z));
    }

    // ---- polyak/: Polyak step sizes (no learning rate; the replayer offers the loss) ----

    private static final Set<String> POLYAK = Set.of("Polyak", "Sps");

    /**
     * {@code Polyak} (the generator's torch transcription: {@code f_star}, {@code max_step},
     * {@code eps}) → {@link Polyak}; {@code Sps} (IssamLaradji/sps, its constructor's names) with
     * {@code adapt_flag = "constant"} → {@link SpsMax}, f* from {@code fstar} (the reference's
     * {@code batch['meta']['fstar']} with {@code fstar_flag}, else 0). Neither has a learning rate;
     * {@code step_size} (and Sps's {@code grad_norm}) are checked against the state.
     */
    private static Mapping polyak(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        if (c.schedule() != null) {
            throw new UnsupportedCaseException("a schedule on " + c.algorithm() + ", which has no learning rate");
        }
        Hyperparameters h = hyperparameters(c);
        Optimizer<?> opt;
        Map<String, String> checks;
        if (c.algorithm().equals("Polyak")) {
            opt = new Polyak(h.number("f_star"), h.number("max_step"), h.number("eps"));
            checks = Map.of("step_size", "polyak.step_size");
        } else {
            String adapt = h.textOr("adapt_flag", "smooth_iter");
            if (!adapt.equals("constant")) {
                throw new UnsupportedCaseException("Sps adapt_flag \"" + adapt + "\" is not implemented (descent's"
                        + " sps_max is adapt_flag 'constant', the paper's SPS_max)");
            }
            if (h.boolOr("centralize_grad", false) || h.boolOr("centralize_grad_norm", false)) {
                throw new UnsupportedCaseException("Sps centralize_grad / centralize_grad_norm is not implemented");
            }
            // the smooth_iter rule's settings: read, since they have no effect with 'constant'
            h.numberOr("n_batches_per_epoch", 500);
            h.numberOr("init_step_size", 1);
            h.numberOr("gamma", 2);
            double fStar = h.number("fstar");
            if (!h.boolOr("fstar_flag", false) && fStar != 0) {
                throw new MalformedCaseException(source(c), "hyperparameters.fstar", "is " + fStar
                        + ", but fstar_flag is off, so the reference uses f* = 0");
            }
            opt = new SpsMax(h.number("c"), h.numberOr("eta_max", Double.POSITIVE_INFINITY), h.number("eps"), fStar);
            checks = Map.of("step_size", "sps_max.step_size", "grad_norm", "sps_max.grad_norm");
        }
        checkUnused(h, c.algorithm());
        checkStepExtras(c, checks.keySet());
        return new Supported(opt, null, Map.of(), checks);
    }

    // ---- optax/: LAMB, LARS and SAM (numpy transcriptions of Optax, generators/optax_block_refs.py) ----

    private static final Set<String> OPTAX_BLOCK = Set.of("optax.lamb", "optax.lars", "optax.contrib.sam");

    /** The adversarial optimizer descent's {@link Sam} implements (the paper's normalized ascent). */
    static final String SAM_ADVERSARY = "optax.chain(optax.contrib.normalize(), optax.sgd(rho))";

    /**
     * {@code optax.lamb}, {@code optax.lars} (Optax's names: {@code learning_rate}, {@code b1}, ...;
     * a mask is null or true for every block, false for none, or a list of block names; the per-step
     * {@code trust_ratio} is checked against the state's per-block ratios) and
     * {@code optax.contrib.sam} in transparent mode with the paper's adversary around
     * {@code optax.sgd} or {@code optax.adam} (its θ is the unperturbed point, its {@code x_eval} the
     * adversarial one, checked against {@link Sam#evaluationPoint}).
     */
    private static Mapping optaxBlock(GoldenCase c) throws MalformedCaseException, UnsupportedCaseException {
        if (c.schedule() != null) {
            throw new UnsupportedCaseException("a schedule on " + c.algorithm() + " is not supported");
        }
        checkStepExtras(c, c.algorithm().equals("optax.contrib.sam") ? Set.of() : Set.of("trust_ratio"));
        Hyperparameters h = hyperparameters(c);
        double lr = h.number("learning_rate");
        Optimizer<?> opt;
        Map<String, String> checks = Map.of();
        switch (c.algorithm()) {
            case "optax.lamb" -> {
                opt = new Lamb(Schedule.constant(lr), h.number("b1"), h.number("b2"), h.number("eps"),
                        h.number("eps_root"), h.number("weight_decay"), mask(h, "mask"));
                checks = Map.of("trust_ratio", "lamb.trust_ratio");
            }
            case "optax.lars" -> {
                opt = new Lars(Schedule.constant(lr), h.number("weight_decay"), mask(h, "weight_decay_mask"),
                        h.number("trust_coefficient"), h.number("eps"), mask(h, "trust_ratio_mask"),
                        h.number("momentum"), h.bool("nesterov"));
                checks = Map.of("trust_ratio", "lars.trust_ratio");
            }
            default -> {
                String outer = h.textOr("optimizer", null);
                Optimizer<?> inner;
                if ("optax.sgd".equals(outer)) {
                    inner = Sgd.of(lr);
                } else if ("optax.adam".equals(outer)) {
                    if (h.number("eps_root") != 0) {
                        throw new UnsupportedCaseException("optax.adam with eps_root != 0 is not descent's Adam");
                    }
                    inner = Adam.torch(lr, h.number("b1"), h.number("b2"), h.number("eps"), 0, false);
                } else {
                    throw new UnsupportedCaseException("optax.contrib.sam around " + outer + " is not mapped");
                }
                String adversary = h.textOr("adv_optimizer", null);
                if (!SAM_ADVERSARY.equals(adversary)) {
                    throw new UnsupportedCaseException("optax.contrib.sam with adv_optimizer " + adversary
                            + " (descent's sam is " + SAM_ADVERSARY + ")");
                }
                if (h.bool("opaque_mode")) {
                    throw new UnsupportedCaseException("optax.contrib.sam with opaque_mode = true (one call per "
                            + "period) is not replayed; descent's θ after each period equals that mode's params");
                }
                h.bool("reset_state"); // normalized SGD has no state to reset: either value is the same run
                opt = new Sam(inner, h.number("rho"), (int) h.integer("sync_period"));
            }
        }
        checkUnused(h, c.algorithm());
        opt.init(c.optimizedLayout()); // a mask naming a block the case does not have is refused here
        return new Supported(opt, Schedule.constant(lr), Map.of(), checks);
    }

    /** An Optax mask as a {@link BlockMask}: null or true → all, false → none, a list → the names. */
    private static String mask(Hyperparameters h, String key) throws MalformedCaseException {
        JsonNode n = h.value(key);
        if (n.isNull() || (n.isBoolean() && n.booleanValue())) {
            return BlockMask.ALL;
        }
        if (n.isBoolean()) {
            return BlockMask.NONE;
        }
        if (n.isArray() && n.size() > 0) {
            StringBuilder names = new StringBuilder();
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    throw new MalformedCaseException(h.source(), h.field() + "." + key, "is " + n
                            + ", expected null, true, false or a list of block names");
                }
                names.append(names.length() == 0 ? "" : ",").append(item.textValue());
            }
            return names.toString();
        }
        throw new MalformedCaseException(h.source(), h.field() + "." + key, "is " + n
                + ", expected null, true, false or a list of block names");
    }

    /**
     * The descent component a cycling scheduler drives: torch cycles {@code betas[0]} when the
     * optimizer has {@code betas} and {@code momentum} otherwise; the case's {@code schedule.cycles},
     * when present, must agree.
     */
    private static String cycledComponent(GoldenCase c, Hyperparameters h, JsonNode schedule, String type)
            throws MalformedCaseException {
        String component = h.has("betas") ? "beta1" : "momentum";
        String torchName = component.equals("beta1") ? "betas[0]" : "momentum";
        JsonNode cycles = schedule.get("cycles");
        if (cycles != null && !(cycles.isTextual() && cycles.textValue().equals(torchName))) {
            throw new MalformedCaseException(source(c), "schedule.cycles", "is " + cycles + ", but torch."
                    + "optim.lr_scheduler." + type + " cycles \"" + torchName + "\" of torch.optim." + c.algorithm());
        }
        return component;
    }

    /** The table key for a book variant: exactly a key, or a key followed by {@code .label}. */
    private static String bookBase(String variant) {
        for (String base : BOOK.keySet()) {
            if (variant.equals(base) || variant.startsWith(base + ".")) {
                return base;
            }
        }
        return null;
    }

    /** {@code alg8.6-rmsprop-nesterov} → {@code DL-book Algorithm 8.6 (rmsprop-nesterov)}. */
    private static String bookAlgorithm(String base) {
        int dash = base.indexOf('-');
        return BOOK_ALGORITHM_PREFIX + base.substring("alg".length(), dash) + " (" + base.substring(dash + 1) + ")";
    }

    private static String scheduleType(GoldenCase c, JsonNode schedule)
            throws MalformedCaseException, UnsupportedCaseException {
        JsonNode type = schedule.get("type");
        if (type == null || !type.isTextual()) {
            throw new MalformedCaseException(source(c), "schedule.type",
                    type == null ? "is missing" : "is " + type + ", expected a string");
        }
        for (Iterator<String> it = schedule.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            boolean cycles = f.equals("cycles") && CYCLING_SCHEDULERS.contains(type.textValue());
            if (!DESCRIPTIVE_SCHEDULE_FIELDS.contains(f) && !cycles) {
                throw new UnsupportedCaseException("schedule." + f + " = " + schedule.get(f)
                        + " is not understood by the replayer");
            }
        }
        return type.textValue();
    }

    private static Hyperparameters scheduleParams(GoldenCase c, JsonNode schedule) throws MalformedCaseException {
        JsonNode params = schedule.get("params");
        if (params == null || !params.isObject()) {
            throw new MalformedCaseException(source(c), "schedule.params",
                    params == null ? "is missing" : "is " + CaseReader.kind(params) + ", expected an object");
        }
        return new Hyperparameters(params, "schedule.params", source(c));
    }

    private static Hyperparameters hyperparameters(GoldenCase c) {
        return new Hyperparameters(c.hyperparameters(), "hyperparameters", source(c));
    }

    private static void checkUnused(Hyperparameters h, String what) throws UnsupportedCaseException {
        Set<String> unused = h.unused();
        if (!unused.isEmpty()) {
            throw new UnsupportedCaseException(h.field() + " " + unused + " not understood by the mapping for "
                    + what + "; refusing to ignore them");
        }
    }

    /** Refuses per-step fields beyond {@code checked} (the scheduled hyperparameters the replayer checks). */
    private static void checkStepExtras(GoldenCase c, Set<String> checked) throws UnsupportedCaseException {
        Set<String> extras = new TreeSet<>(c.stepExtras());
        extras.removeAll(checked);
        if (!extras.isEmpty()) {
            // e.g. a recorded field that no mapping checks.
            throw new UnsupportedCaseException("steps carry " + extras + ", which the replayer does not check yet");
        }
    }

    static String source(GoldenCase c) {
        return c.file() == null ? c.id() : c.file().toString();
    }
}
