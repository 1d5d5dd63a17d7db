package dev.descent.optim;

import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.Schedule;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of optimizers: name → defaults + parameter metadata. One registry feeds the CLI,
 * its help text, the test catalog and the reports.
 *
 * <p>Parameters are read off each optimizer's record components, and defaults off its
 * {@code defaults()} instance, so a hyperparameter and its default are written in exactly one
 * place (the record). The table in this class gives each component its description by name, the
 * torch keys that are not a component's snake_case ({@code lr}, {@code betas}, RMSProp's
 * {@code alpha}), and, for {@code sgd}, torch's options that pick another record. {@link #create}
 * overrides defaults by name:
 *
 * <pre>{@code
 * Optimizer<?> adam = Optimizers.create("adam", Map.of("learningRate", "0.02", "beta2", "0.99"));
 * }</pre>
 */
public final class Optimizers {

    /**
     * One hyperparameter.
     *
     * @param name         camelCase name, as in the record
     * @param type         the Java type
     * @param defaultValue the default, as text
     * @param description  a short description with the book's symbol
     */
    public record Param(String name, Class<?> type, String defaultValue, String description) {
    }

    /**
     * One registered optimizer.
     *
     * @param name        registry name
     * @param summary     one line for listings
     * @param defaults    the default configuration
     * @param params      hyperparameters in record order
     */
    public record Entry(String name, String summary, Optimizer<?> defaults, List<Param> params,
            Map<String, List<String>> aliases, List<Param> options) {

        public Entry {
            params = List.copyOf(params);
            aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
            options = List.copyOf(options);
        }

        /**
         * Every key a spec may give this entry, in listing order, each with the record components
         * (or {@link #options}) it sets: each parameter's camelCase name and its snake_case form,
         * the torch aliases ({@code lr}; {@code betas} sets two), then the options. This is the
         * set {@link #create} accepts, and the one {@code descent optimizers} lists.
         */
        public Map<String, List<String>> keys() {
            Map<String, List<String>> keys = new LinkedHashMap<>();
            for (Param p : params) {
                keys.put(p.name(), List.of(p.name()));
                keys.putIfAbsent(snakeCase(p.name()), List.of(p.name()));
            }
            for (Map.Entry<String, List<String>> a : aliases.entrySet()) {
                keys.putIfAbsent(a.getKey(), a.getValue());
            }
            for (Param o : options) {
                keys.putIfAbsent(o.name(), List.of(o.name()));
            }
            return java.util.Collections.unmodifiableMap(keys);
        }

        /**
         * The record components a key names: itself, a torch alias ({@code betas} names two), or
         * the camelCase of a snake_case key.
         *
         * @throws IllegalArgumentException naming the key and the known parameters
         */
        public List<String> resolve(String key) {
            return Optimizers.resolve(this, key);
        }

        /**
         * A configuration with {@code overrides} (key → text value) applied to the defaults. Keys
         * are those of {@link #keys}; {@code betas} takes two values separated by a comma.
         *
         * @throws IllegalArgumentException naming the key and the value
         */
        public Optimizer<?> create(Map<String, String> overrides) {
            return CREATORS.getOrDefault(name, Optimizers::build).create(this, overrides);
        }
    }

    /** torch aliases, given to every entry whose record has their components. */
    private static final List<Map.Entry<String, List<String>>> COMMON_ALIASES = List.of(
            Map.entry("lr", List.of("learningRate")),
            Map.entry("betas", List.of("beta1", "beta2")));

    /** torch SGD's keys that pick {@link Momentum} or {@link Nesterov} (see {@link #torchSgd}). */
    private static final List<Param> TORCH_SGD_OPTIONS = List.of(
            new Param("momentum", double.class, "0.0", "μ ≥ 0, torch momentum (> 0: Momentum with form=buffer)"),
            new Param("dampening", double.class, "0.0", "τ in [0, 1), torch dampening (needs momentum > 0)"),
            new Param("nesterov", boolean.class, "false", "torch nesterov (Nesterov with form=reformulated)"));

    /** How an entry turns text overrides into an optimizer. */
    @FunctionalInterface
    private interface Creator {
        Optimizer<?> create(Entry entry, Map<String, String> overrides);
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, Entry> PRESETS = new LinkedHashMap<>();
    /** Entries whose {@link #options} pick another record ({@code sgd}: torch's SGD); the rest use {@link #build}. */
    private static final Map<String, Creator> CREATORS = new LinkedHashMap<>();

    static {
        define("sgd", "Stochastic gradient descent (Goodfellow Alg. 8.1)", Sgd.defaults())
                .param("learningRate", "ε, learning rate")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .options(TORCH_SGD_OPTIONS, Optimizers::torchSgd)
                .register();
        define("momentum", "SGD with momentum (Alg. 8.2; torch SGD with form=buffer)", Momentum.defaults())
                .param("learningRate", "ε, learning rate")
                .param("momentum", "α, momentum")
                .param("dampening", "τ, dampening (buffer form only)")
                .param("form", "velocity (book, lr inside v) or buffer (torch, lr outside)")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .register();
        define("nesterov", "Nesterov momentum (Alg. 8.3; torch nesterov=True with form=reformulated)",
                Nesterov.defaults())
                .param("learningRate", "ε, learning rate")
                .param("momentum", "α, momentum")
                .param("form", "lookahead (book, gradient at θ + αv) or reformulated (torch)")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .register();
        define("adagrad", "AdaGrad (Alg. 8.4; torch Adagrad)", AdaGrad.defaults())
                .param("learningRate", "ε, global learning rate")
                .param("eps", "δ, stabilizer")
                .param("epsPlacement", "inside_sqrt or outside_sqrt (δ + √r, book)")
                .param("lrDecay", "torch lr_decay: ε/(1 + k·lrDecay)")
                .param("initialAccumulator", "r₀, initial accumulator")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .alias("initial_accumulator_value", "initialAccumulator")
                .register();
        define("rmsprop", "RMSProp (Alg. 8.5; torch RMSprop)", RmsProp.defaults())
                .param("learningRate", "ε, learning rate")
                .param("rho", "ρ, decay rate (torch alpha)")
                .param("eps", "δ, stabilizer")
                .param("epsPlacement", "inside_sqrt (√(δ + r), book) or outside_sqrt (torch)")
                .param("momentum", "μ, momentum on the scaled step")
                .param("centered", "divide by the variance (Graves)")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .alias("alpha", "rho")
                .register();
        define("rmsprop_nesterov", "RMSProp with Nesterov momentum (Alg. 8.6)", RmsPropNesterov.defaults())
                .param("learningRate", "ε, learning rate")
                .param("rho", "ρ, decay rate")
                .param("momentum", "α, momentum")
                .param("eps", "δ inside √ (0 = literal book form)")
                .register();
        define("adam", "Adam (Alg. 8.7; torch Adam)", Adam.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "ρ₁, first-moment decay")
                .param("beta2", "ρ₂, second-moment decay")
                .param("eps", "δ, stabilizer")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .param("amsgrad", "keep the maximum second moment (AMSGrad)")
                .register();
        // Beyond the book: torch.optim's defaults (Lion: the paper's).
        define("adamw", "Adam with decoupled weight decay (Loshchilov & Hutter; torch AdamW)", AdamW.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "δ, stabilizer")
                .param("weightDecay", "λ, decoupled weight decay: θ ← θ(1 − ελ)")
                .param("amsgrad", "keep the maximum second moment (AMSGrad)")
                .register();
        define("adamax", "Adamax, Adam with the infinity norm (Kingma & Ba Alg. 2; torch Adamax)", Adamax.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, infinity-norm decay")
                .param("eps", "δ, inside the max")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .register();
        define("nadam", "Adam with Nesterov momentum (Dozat; torch >= 2.0 NAdam)", NAdam.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "δ, stabilizer")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .param("momentumDecay", "ψ, momentum warm-up speed")
                .register();
        define("radam", "Rectified Adam (Liu et al.; torch RAdam)", RAdam.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "δ, stabilizer (before the bias correction)")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .register();
        define("adadelta", "AdaDelta (Zeiler; torch Adadelta)", AdaDelta.defaults())
                .param("learningRate", "ε, multiplier of the step (Zeiler: 1)")
                .param("rho", "ρ, decay rate of both averages")
                .param("eps", "δ, inside both roots")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .register();
        define("rprop", "Resilient backpropagation, sign-based step sizes (torch Rprop)", Rprop.defaults())
                .param("learningRate", "Δ₀, initial step size (torch lr)")
                .param("etaMinus", "η⁻, step-size factor after a sign change")
                .param("etaPlus", "η⁺, step-size factor while the sign is kept")
                .param("minStepSize", "Δ_min, smallest step size")
                .param("maxStepSize", "Δ_max, largest step size")
                .alias("etas", "etaMinus", "etaPlus")
                .alias("step_sizes", "minStepSize", "maxStepSize")
                .register();
        define("asgd", "Averaged SGD (Polyak & Juditsky; torch ASGD)", Asgd.defaults())
                .param("learningRate", "ε, learning rate (η₁; enters η_t)")
                .param("lambda", "λ, decay of η_t and shrinkage of θ (torch lambd)")
                .param("alpha", "α, power of the η_t decay")
                .param("t0", "t₀, step after which averaging starts")
                .param("weightDecay", "coupled L2 weight decay")
                .alias("lambd", "lambda")
                .register();
        define("lion", "Lion, evolved sign momentum (Chen et al. 2023; Optax lion)", Lion.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, interpolation for the sign")
                .param("beta2", "β₂, momentum decay")
                .param("weightDecay", "λ, decoupled weight decay")
                .register();
        // Layer-wise trust ratios (Optax's lamb and lars): one ratio per block of the layout.
        define("lamb", "LAMB, Adam with a per-block trust ratio (You et al. 2020; Optax lamb)", Lamb.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "ε, stabilizer outside √")
                .param("epsRoot", "ε_root, stabilizer inside √")
                .param("weightDecay", "λ, added to the Adam direction before the trust ratio")
                .param("mask", "blocks decayed: all, none, matrices or block names (W1, W2)")
                .register();
        define("lars", "LARS, momentum SGD with a per-block trust ratio (You et al. 2017; Optax lars)",
                Lars.defaults())
                .param("learningRate", "ε, learning rate (inside the momentum trace)")
                .param("weightDecay", "λ, added to g before the trust ratio")
                .param("weightDecayMask", "blocks decayed: all, none, matrices or block names")
                .param("trustCoefficient", "η, multiplies the trust ratio ‖θ_b‖/(‖u_b‖ + ε)")
                .param("eps", "ε, added to ‖u_b‖")
                .param("trustRatioMask", "blocks rescaled: all, none, matrices or block names")
                .param("momentum", "μ, trace decay")
                .param("nesterov", "Optax's (reformulated) Nesterov momentum")
                .register();
        // Matrix-aware optimizers of current torch.optim (torch >= 2.5 / 2.9): torch's names and defaults.
        define("adafactor", "Adafactor, factored second moment for matrices, relative step (Shazeer & Stern; torch"
                + " >= 2.5 Adafactor)", Adafactor.defaults())
                .param("learningRate", "ε_k, the cap of the relative step ρ = min(ε_k, 1/√t)")
                .param("beta2Decay", "γ <= 0, 1 − β₂ₜ = t^γ")
                .param("eps1", "ε₁, floor of the second moment (squared) and of mean(R)")
                .param("eps2", "ε₂, floor of RMS(θ) in the relative step")
                .param("d", "d, clipping threshold of the update's RMS")
                .param("weightDecay", "λ, decoupled weight decay (times ε_k)")
                .alias("eps", "eps1", "eps2")
                .register();
        define("muon", "Muon, momentum orthogonalized by Newton–Schulz, for 2-D blocks (Jordan et al. 2024; torch"
                + " >= 2.9 Muon)", Muon.defaults())
                .param("learningRate", "ε_k, learning rate")
                .param("weightDecay", "λ, decoupled weight decay (times ε_k)")
                .param("momentum", "μ, momentum")
                .param("nesterov", "update lerp(G, B, μ) rather than B")
                .param("nsA", "a, linear Newton–Schulz coefficient")
                .param("nsB", "b, cubic Newton–Schulz coefficient")
                .param("nsC", "c, quintic Newton–Schulz coefficient")
                .param("eps", "ε, floor (torch) or addend (keller_jordan) of ‖U‖_F")
                .param("nsSteps", "Newton–Schulz iterations")
                .param("adjustLr", "original (√max(1, m/n)) or match_rms_adamw (0.2√max(m, n))")
                .param("useAddmm", "torch's use_addmm: b·A + c·(AA) rather than b·A + (c·A)A")
                .param("form", "torch (torch.optim.Muon) or keller_jordan (KellerJordan/Muon)")
                .alias("ns_coefficients", "nsA", "nsB", "nsC")
                .alias("adjust_lr_fn", "adjustLr")
                .register();
        // From Optax (optax/_src/alias.py): Optax's names and defaults; Optax has no default learning rate.
        define("adabelief", "AdaBelief, Adam on the squared prediction error (Zhuang et al. 2020; Optax adabelief)",
                AdaBelief.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, decay of the (g − m)² average")
                .param("eps", "ε, outside the root")
                .param("epsRoot", "ε̄, added to s each step")
                .param("weightDecay", "λ, decoupled weight decay (times ε)")
                .param("nesterov", "Optax's Nesterov form of m̂")
                .alias("b1", "beta1")
                .alias("b2", "beta2")
                .register();
        define("yogi", "Yogi, Adam with an additive second moment (Zaheer et al. 2018; Optax yogi)", Yogi.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment rate")
                .param("eps", "ε, outside the root")
                .param("epsRoot", "ε̄, inside the root")
                .param("initialAccumulator", "v_init > 0, start of both moments")
                .alias("b1", "beta1")
                .alias("b2", "beta2")
                .alias("initial_accumulator_value", "initialAccumulator")
                .register();
        define("adan", "Adan, adaptive Nesterov momentum (Xie et al.; Optax adan)", Adan.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, gradient-average decay")
                .param("beta2", "β₂, gradient-difference-average decay")
                .param("beta3", "β₃, squared-term-average decay")
                .param("eps", "ε, outside the root")
                .param("epsRoot", "ε̄, inside the root")
                .param("weightDecay", "λ, decoupled weight decay (times ε)")
                .alias("b1", "beta1")
                .alias("b2", "beta2")
                .alias("b3", "beta3")
                .register();
        define("novograd", "NovoGrad, per-block second moment (Ginsburg et al. 2019; Optax novograd)",
                NovoGrad.defaults())
                .param("learningRate", "ε, learning rate")
                .param("beta1", "β₁, momentum factor")
                .param("beta2", "β₂, decay of the per-block ‖g‖²")
                .param("eps", "ε, outside the root")
                .param("epsRoot", "ε̄, inside the root")
                .param("weightDecay", "λ, weight decay inside the momentum")
                .alias("b1", "beta1")
                .alias("b2", "beta2")
                .register();
        define("sign_sgd", "signSGD, θ ← θ − ε sign(g) (Bernstein et al. 2018; Optax sign_sgd)", SignSgd.defaults())
                .param("learningRate", "ε, step length per coordinate")
                .register();
        define("noisy_sgd", "SGD plus Gaussian noise of variance η/t^γ (Neelakantan et al. 2015; Optax noisy_sgd)",
                NoisySgd.defaults())
                .param("learningRate", "ε, learning rate")
                .param("eta", "η, noise variance at step 1")
                .param("gamma", "γ, decay exponent of the variance")
                .param("seed", "seed of the noise (a pure function of seed, step, index)")
                .alias("key", "seed")
                .register();
        // Learning-rate-free: the reference implementations' defaults (lr 1 multiplies the estimate D).
        define("prodigy", "Prodigy, Adam with a D estimate of the distance to the solution (Mishchenko & Defazio)",
                Prodigy.defaults())
                .param("learningRate", "ε, multiplier of D (1 = parameter-free)")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("beta3", "β₃, decay of the D estimate's sums (NaN = √β₂)")
                .param("eps", "δ, stabilizer (times d)")
                .param("weightDecay", "λ, weight decay")
                .param("decouple", "decoupled decay θ ← θ(1 − λ·d·ε) instead of L2 added to g")
                .param("useBiasCorrection", "multiply the step by Adam's bias correction")
                .param("safeguardWarmup", "weight s by d instead of d·ε (for warm-up schedules)")
                .param("d0", "d₀, initial D")
                .param("dCoef", "multiplier of the estimate d̂")
                .param("growthRate", "γ, largest growth factor of D per step (Infinity = no cap)")
                .register();
        define("dadapt_adam", "D-Adaptation Adam (Defazio & Mishchenko)", DAdaptAdam.defaults())
                .param("learningRate", "ε, multiplier of D (1 = parameter-free)")
                .param("beta1", "β₁, first-moment decay")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "δ, stabilizer")
                .param("weightDecay", "λ, weight decay")
                .param("decouple", "decoupled decay θ ← θ(1 − λ·d·ε) instead of L2 added to g")
                .param("useBiasCorrection", "multiply the step by Adam's bias correction")
                .param("d0", "d₀, initial D")
                .param("growthRate", "γ, largest growth factor of D per step (Infinity = no cap)")
                .register();
        define("dadapt_sgd", "D-Adaptation SGD (Defazio & Mishchenko)", DAdaptSgd.defaults())
                .param("learningRate", "ε, multiplier of D (1 = parameter-free)")
                .param("momentum", "μ, averaging of θ towards z = θ₀ − s (0 = plain dual averaging)")
                .param("weightDecay", "λ, L2 penalty added to g")
                .param("d0", "d₀, initial D")
                .param("growthRate", "γ, largest growth factor of D per step (Infinity = no cap)")
                .register();
        define("dog", "DoG, distance over gradients, global step size (Ivgi, Hinder & Carmon)", DoG.defaults())
                .param("learningRate", "c, multiplier of r̄/√G (1 recommended)")
                .param("repsRel", "ρ, initial distance ρ(1 + ‖θ₀‖)")
                .param("weightDecay", "λ, L2 penalty added to g")
                .param("eps", "ε, added to G")
                .param("initEta", "η₀, first step size (NaN = decided by repsRel)")
                .register();
        define("ldog", "L-DoG, DoG with one step size per parameter block (Ivgi, Hinder & Carmon)", LDoG.defaults())
                .param("learningRate", "c, multiplier of r̄_b/√G_b (1 recommended)")
                .param("repsRel", "ρ, initial distance ρ(1 + ‖θ₀,b‖)")
                .param("weightDecay", "λ, L2 penalty added to g")
                .param("eps", "ε, added to each G_b")
                .param("initEta", "η₀, first step size of every block (NaN = decided by repsRel)")
                .register();

        // Schedule-Free (Defazio et al. 2024): the reference's names and defaults.
        define("sf_adamw", "Schedule-Free AdamW (Defazio et al. 2024; schedulefree AdamWScheduleFree)",
                ScheduleFreeAdamW.defaults())
                .param("learningRate", "ε, peak learning rate")
                .param("beta1", "β₁, interpolation between z and the average x")
                .param("beta2", "β₂, second-moment decay")
                .param("eps", "δ, stabilizer")
                .param("weightDecay", "λ, weight decay added to the normalized step")
                .param("warmupSteps", "steps of linear learning-rate warmup")
                .param("r", "r, polynomial power of the averaging weights")
                .param("weightLrPower", "power of the largest learning rate in the averaging weights")
                .register();
        define("sf_sgd", "Schedule-Free SGD (Defazio et al. 2024; schedulefree SGDScheduleFree)",
                ScheduleFreeSgd.defaults())
                .param("learningRate", "ε, peak learning rate")
                .param("momentum", "β, interpolation between z and the average x")
                .param("weightDecay", "λ, coupled L2 weight decay")
                .param("warmupSteps", "steps of linear learning-rate warmup")
                .param("r", "r, polynomial power of the averaging weights")
                .param("weightLrPower", "power of the largest learning rate in the averaging weights")
                .register();
        // Polyak step sizes: need the loss value (ValueAwareOptimizer) and J*, known or 0.
        define("polyak", "Polyak step size ε = (J − J*)/(‖g‖² + δ), for a known J* (Polyak 1987)",
                Polyak.defaults())
                .param("fStar", "J*, the optimal value")
                .param("maxStep", "γ_b, largest step size (Infinity = no cap)")
                .param("eps", "δ, added to ‖g‖²")
                .register();
        define("sps_max", "SPS_max, stochastic Polyak step size min((f_i − f_i*)/(c‖∇f_i‖² + δ), γ_b)"
                + " (Loizou et al. 2021)", SpsMax.defaults())
                .param("c", "c, divides the step")
                .param("maxStep", "γ_b, largest step size (Infinity = no cap)")
                .param("eps", "δ, added to c‖g‖²")
                .param("fStar", "f_i*, the optimal minibatch loss")
                .alias("eta_max", "maxStep")
                .alias("fstar", "fStar")
                .register();

        define("lbfgs", "L-BFGS with a strong Wolfe line search (Nocedal & Wright Alg. 7.4, 3.5-3.6; torch LBFGS)",
                Lbfgs.defaults())
                .param("learningRate", "ε, first trial step of the line search (the fixed step without one)")
                .param("historySize", "m, curvature pairs kept")
                .param("lineSearch", "strong_wolfe or none (fixed step; the step without an objective)")
                .param("maxLineSearchEvaluations", "most objective evaluations per line search")
                .param("c1", "c₁, sufficient-decrease constant")
                .param("c2", "c₂, curvature constant")
                .param("approximateWolfeEps",
                        "ε of the approximate Wolfe test J(θ + td) ≤ J(θ) + ε|J(θ)| (0 = exact conditions only)")
                .register();

        define("torch_lbfgs", "torch.optim.LBFGS exactly: max_iter iterations per step, torch's stopping tests and"
                + " strong Wolfe search", TorchLbfgs.defaults())
                .param("learningRate", "lr, the fixed step or the line search's first trial step")
                .param("maxIter", "max_iter, iterations per step")
                .param("maxEval", "max_eval, objective evaluations per step (0 = torch's None: 5·maxIter/4)")
                .param("toleranceGrad", "tolerance_grad, stop when max|g_i| <= it")
                .param("toleranceChange", "tolerance_change, stop on max|t·d_i|, |Δloss| or gᵀd above −it")
                .param("historySize", "history_size, curvature pairs kept")
                .param("lineSearchFn", "line_search_fn: none (fixed step) or strong_wolfe (torch's _strong_wolfe)")
                .register();

        // torch's defaults and names for the book's algorithms that differ from the book
        preset("torch.sgd", "torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)", "sgd", Sgd.defaults());
        preset("torch.adagrad", "torch.optim.Adagrad defaults (eps 1e-10 outside √)", "adagrad", AdaGrad.torch());
        preset("torch.rmsprop", "torch.optim.RMSprop defaults (alpha 0.99, eps 1e-8 outside √)", "rmsprop",
                RmsProp.torch());
        preset("torch.adam", "torch.optim.Adam defaults", "adam", Adam.defaults());
    }

    private Optimizers() {
    }

    /** Every registered optimizer, in registration order (the book's seven first, in the book's order). */
    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /** The registered names. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The torch presets ({@code torch.adagrad}, …): same parameters, torch's defaults. */
    public static List<Entry> presets() {
        return List.copyOf(PRESETS.values());
    }

    /** The entry for {@code name}: a registered optimizer or a preset. */
    public static Entry get(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Entry e = ENTRIES.containsKey(key) ? ENTRIES.get(key) : PRESETS.get(key);
        if (e == null) {
            List<String> known = new ArrayList<>(ENTRIES.keySet());
            known.addAll(PRESETS.keySet());
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", known));
        }
        return e;
    }

    /** {@code name} with its defaults. */
    public static Optimizer<?> create(String name) {
        return get(name).defaults();
    }

    /** {@code name} with {@code overrides} (parameter name → text value) applied to its defaults. */
    public static Optimizer<?> create(String name, Map<String, String> overrides) {
        return get(name).create(overrides);
    }

    /**
     * A copy of the record {@code optimizer} with one component replaced, e.g.
     * {@code with(adam, "learningRate", schedule)}. The record's constructor validates the result.
     *
     * @throws IllegalArgumentException if the record has no such component or the value is refused
     */
    public static Optimizer<?> with(Optimizer<?> optimizer, String component, Object value) {
        RecordCopier<?> copier = RecordCopier.forObject(optimizer.name(), optimizer);
        if (!copier.components().contains(component)) {
            throw new IllegalArgumentException(optimizer.name() + " has no parameter '" + component + "'");
        }
        return (Optimizer<?>) copy(copier, optimizer, component, value);
    }

    /**
     * A stable text for {@code optimizer}, e.g. to tell in a checkpoint which optimizer wrote it:
     * the record's text ({@code Adam[learningRate=Constant[value=0.001], beta1=0.9, ...]}) when the
     * whole configuration is made of records, numbers, booleans, enums, strings, lists and maps of
     * these, so that equal configurations always print the same; null when some part (a schedule
     * written as a lambda, say) has no such text.
     */
    public static String stableDescription(Optimizer<?> optimizer) {
        return isStable(optimizer, 0) ? optimizer.toString() : null;
    }

    private static boolean isStable(Object value, int depth) {
        if (depth > 64) {
            return false;
        }
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof Character
                || value instanceof String || value instanceof Enum<?>) {
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object v : list) {
                if (!isStable(v, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!isStable(e.getKey(), depth + 1) || !isStable(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (!(value instanceof Record)) {
            return false;
        }
        Object[] components;
        try {
            components = values(RecordCopier.forObject("value", value), value);
        } catch (RuntimeException e) { // a record whose components this module cannot read
            return false;
        }
        for (Object component : components) {
            if (!isStable(component, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static <R extends Record> R copy(RecordCopier<R> copier, Object record, String component, Object value) {
        return copier.with(cast(copier, record), component, value);
    }

    private static Definition define(String name, String summary, Optimizer<?> defaults) {
        return new Definition(name, summary, defaults);
    }

    /**
     * One registry entry as it is written in the table above: each record component with its
     * description by name, the torch keys that are not a component's snake_case, and the options
     * that pick another record. {@link #register} checks that every component is described once.
     */
    private static final class Definition {
        private final String name;
        private final String summary;
        private final Optimizer<?> defaults;
        private final Map<String, String> descriptions = new LinkedHashMap<>();
        private final Map<String, List<String>> aliases = new LinkedHashMap<>();
        private List<Param> options = List.of();
        private Creator creator;

        Definition(String name, String summary, Optimizer<?> defaults) {
            this.name = name;
            this.summary = summary;
            this.defaults = defaults;
            for (Map.Entry<String, List<String>> common : COMMON_ALIASES) { // for every record that has them
                if (components(defaults).containsAll(common.getValue())) {
                    aliases.put(common.getKey(), common.getValue());
                }
            }
        }

        Definition param(String component, String description) {
            if (descriptions.put(component, description) != null) {
                throw new IllegalStateException(name + ": " + component + " is described twice");
            }
            return this;
        }

        /** A torch key for one component or, with several, for a tuple ({@code etas}). */
        Definition alias(String key, String... targets) {
            aliases.put(key, List.of(targets));
            return this;
        }

        Definition options(List<Param> extra, Creator with) {
            options = extra;
            creator = with;
            return this;
        }

        void register() {
            List<String> components = components(defaults);
            if (!descriptions.keySet().equals(new LinkedHashSet<>(components))) {
                throw new IllegalStateException(name + ": the record has components " + components
                        + " but the table describes " + descriptions.keySet());
            }
            for (List<String> targets : aliases.values()) {
                if (!components.containsAll(targets)) {
                    throw new IllegalStateException(name + ": alias targets " + targets + " are not all in " + components);
                }
            }
            ENTRIES.put(name, new Entry(name, summary, defaults, params(defaults, descriptions), aliases, options));
            if (creator != null) {
                CREATORS.put(name, creator);
            }
        }
    }

    private static List<String> components(Optimizer<?> defaults) {
        List<String> names = new ArrayList<>();
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    /** A preset: the entry {@code of} (its descriptions, aliases, options and creator) with other defaults. */
    private static void preset(String name, String summary, String of, Optimizer<?> defaults) {
        Entry base = ENTRIES.get(of);
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (Param p : base.params()) {
            descriptions.put(p.name(), p.description());
        }
        PRESETS.put(name, new Entry(name, summary, defaults, params(defaults, descriptions), base.aliases(),
                base.options()));
        if (CREATORS.containsKey(of)) {
            CREATORS.put(name, CREATORS.get(of));
        }
    }

    private static List<Param> params(Optimizer<?> defaults, Map<String, String> descriptions) {
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        List<Param> params = new ArrayList<>();
        for (RecordComponent c : rc) {
            params.add(new Param(c.getName(), c.getType(), format(read(c, defaults)), descriptions.get(c.getName())));
        }
        return List.copyOf(params);
    }

    /**
     * torch's {@code SGD(lr, momentum, dampening, weight_decay, nesterov)}: plain {@link Sgd} when
     * momentum is 0, else {@link Momentum#torch} or {@link Nesterov#torch}. The book's velocity
     * form is the {@code momentum} entry.
     */
    static Optimizer<?> torchSgd(Entry entry, Map<String, String> overrides) {
        Map<String, String> rest = new LinkedHashMap<>(overrides);
        String mu = rest.remove("momentum");
        String damp = rest.remove("dampening");
        String nest = rest.remove("nesterov");
        Sgd sgd = (Sgd) build(entry, rest);
        double momentum = mu == null ? 0 : (Double) parse(entry.name(), "momentum", double.class, mu);
        double dampening = damp == null ? 0 : (Double) parse(entry.name(), "dampening", double.class, damp);
        boolean nesterov = nest != null && (Boolean) parse(entry.name(), "nesterov", boolean.class, nest);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(entry.name() + ": nesterov = true needs momentum > 0 and dampening = 0"
                    + " (momentum = " + momentum + ", dampening = " + dampening + ")");
        }
        if (momentum == 0) {
            if (dampening != 0) {
                throw new IllegalArgumentException(entry.name() + ": dampening = " + dampening + " needs momentum > 0");
            }
            return sgd;
        }
        try {
            return nesterov
                    ? new Nesterov(sgd.learningRate(), momentum, NesterovForm.REFORMULATED, sgd.weightDecay())
                    : new Momentum(sgd.learningRate(), momentum, dampening, MomentumForm.BUFFER, sgd.weightDecay());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry.name() + ": " + e.getMessage(), e);
        }
    }

    /** The record component a spec key names: exact, a torch alias, or the snake_case form. */
    private static List<String> resolve(Entry entry, String key) {
        for (Param p : entry.params()) {
            if (p.name().equals(key)) {
                return List.of(key);
            }
        }
        List<String> alias = entry.aliases().get(key);
        if (alias != null) {
            return alias;
        }
        String camel = camelCase(key);
        for (Param p : entry.params()) {
            if (p.name().equals(camel)) {
                return List.of(camel);
            }
        }
        for (Param o : entry.options()) {
            if (o.name().equals(key)) {
                return List.of(key);
            }
        }
        throw new IllegalArgumentException(entry.name() + ": unknown parameter '" + key + "'; known: " + known(entry));
    }

    /** The keys for messages: the parameters, the options, the aliases; snake_case forms are implied. */
    private static String known(Entry entry) {
        List<String> names = new ArrayList<>();
        for (Param p : entry.params()) {
            names.add(p.name());
        }
        for (Param p : entry.options()) {
            names.add(p.name());
        }
        names.addAll(entry.aliases().keySet());
        return String.join(", ", names) + " (or their snake_case forms)";
    }

    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String camelCase(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static Optimizer<?> build(Entry entry, Map<String, String> overrides) {
        Optimizer<?> defaults = entry.defaults();
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        Map<String, String> left = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            List<String> targets = resolve(entry, o.getKey());
            String[] values = targets.size() == 1 ? new String[] {o.getValue()} : o.getValue().split(",", -1);
            if (values.length != targets.size()) {
                throw new IllegalArgumentException(entry.name() + ": " + o.getKey() + " = '" + o.getValue()
                        + "' needs " + targets.size() + " values (" + String.join(", ", targets) + ")");
            }
            for (int i = 0; i < values.length; i++) {
                if (left.put(targets.get(i), values[i]) != null) {
                    throw new IllegalArgumentException(entry.name() + ": " + targets.get(i) + " is given twice");
                }
            }
        }
        RecordCopier<?> copier = RecordCopier.forObject(entry.name(), defaults);
        Object[] args = values(copier, defaults);
        for (int i = 0; i < rc.length; i++) {
            String text = left.remove(rc[i].getName());
            if (text != null) {
                args[i] = parse(entry.name(), rc[i].getName(), rc[i].getType(), text);
            }
        }
        if (!left.isEmpty()) { // a key that resolved to nothing of this record: never ignore it
            throw new IllegalArgumentException(entry.name() + ": unknown parameter '" + left.keySet().iterator().next()
                    + "'; known: " + known(entry));
        }
        try {
            return (Optimizer<?>) copier.create(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(entry.name() + ": " + e.getMessage(), e);
        }
    }

    private static <R extends Record> Object[] values(RecordCopier<R> copier, Object record) {
        return copier.values(cast(copier, record));
    }

    private static <R extends Record> R cast(RecordCopier<R> copier, Object record) {
        return copier.type().cast(record);
    }

    private static Object read(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String format(Object value) {
        if (value instanceof Constant c) {
            return Double.toString(c.value());
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return String.valueOf(value);
    }

    private static Object parse(String optimizer, String name, Class<?> type, String text) {
        String t = text.trim();
        try {
            if (type == double.class) {
                return Double.parseDouble(t);
            }
            if (type == long.class) {
                return parseLong(optimizer, name, text, t);
            }
            if (type == int.class) {
                long v = parseLong(optimizer, name, text, t);
                if (v != (int) v) {
                    throw new IllegalArgumentException(optimizer + ": " + name + " = " + t
                            + " is out of range for an integer (at most " + Integer.MAX_VALUE + ")");
                }
                return (int) v;
            }
            if (type == String.class) {
                return t;
            }
            if (type == Schedule.class) {
                return Schedule.constant(Double.parseDouble(t));
            }
            if (type == boolean.class) {
                if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(t);
                }
                throw new IllegalArgumentException(optimizer + ": " + name + " = '" + text + "' is not true or false");
            }
            if (type.isEnum()) {
                for (Object c : type.getEnumConstants()) {
                    if (((Enum<?>) c).name().equalsIgnoreCase(t)) {
                        return c;
                    }
                }
                List<String> allowed = new ArrayList<>();
                for (Object c : type.getEnumConstants()) {
                    allowed.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
                }
                throw new IllegalArgumentException(optimizer + ": " + name + " = '" + text + "' is not one of "
                        + allowed);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(optimizer + ": " + name + " = '" + text + "' is not a number");
        }
        throw new IllegalStateException("no parser for " + type);
    }

    /** An integer, also written as an integral double ({@code 1e6}, {@code 10.0}). */
    private static long parseLong(String optimizer, String name, String text, String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            double v = Double.parseDouble(t); // a NumberFormatException here: "is not a number"
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(optimizer + ": " + name + " = '" + text + "' is not an integer");
            }
            if (!(Math.abs(v) <= 0x1p53)) {
                throw new IllegalArgumentException(optimizer + ": " + name + " = " + t
                        + " is out of range (at most 2^53 = 9007199254740992)");
            }
            return (long) v;
        }
    }
}
