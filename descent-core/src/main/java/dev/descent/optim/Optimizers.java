package dev.descent.optim;

import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.Schedule;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of optimizers: name → defaults + parameter metadata. One registry feeds the CLI,
 * its help text, the test catalog and the reports.
 *
 * <p>Parameters are read off each optimizer's record components, and defaults off its
 * {@code defaults()} instance, so a hyperparameter and its default are written in exactly one
 * place (the record). {@link #create} overrides defaults by name:
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
            if (name.equals("sgd") || name.equals("torch.sgd")) {
                return Optimizers.torchSgd(this, overrides);
            }
            return Optimizers.build(this, overrides);
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

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();
    private static final Map<String, Entry> PRESETS = new LinkedHashMap<>();

    static {
        register("sgd", "Stochastic gradient descent (Goodfellow Alg. 8.1)", Sgd.defaults(),
                "ε, learning rate", "λ, coupled L2 weight decay");
        register("momentum", "SGD with momentum (Alg. 8.2; torch SGD with form=buffer)", Momentum.defaults(),
                "ε, learning rate", "α, momentum", "τ, dampening (buffer form only)",
                "velocity (book, lr inside v) or buffer (torch, lr outside)", "λ, coupled L2 weight decay");
        register("nesterov", "Nesterov momentum (Alg. 8.3; torch nesterov=True with form=reformulated)",
                Nesterov.defaults(), "ε, learning rate", "α, momentum",
                "lookahead (book, gradient at θ + αv) or reformulated (torch)", "λ, coupled L2 weight decay");
        register("adagrad", "AdaGrad (Alg. 8.4; torch Adagrad)", AdaGrad.defaults(),
                "ε, global learning rate", "δ, stabilizer", "inside_sqrt or outside_sqrt (δ + √r, book)",
                "torch lr_decay: ε/(1 + k·lrDecay)", "r₀, initial accumulator", "λ, coupled L2 weight decay");
        register("rmsprop", "RMSProp (Alg. 8.5; torch RMSprop)", RmsProp.defaults(),
                "ε, learning rate", "ρ, decay rate (torch alpha)", "δ, stabilizer",
                "inside_sqrt (√(δ + r), book) or outside_sqrt (torch)", "μ, momentum on the scaled step",
                "divide by the variance (Graves)", "λ, coupled L2 weight decay");
        register("rmsprop_nesterov", "RMSProp with Nesterov momentum (Alg. 8.6)", RmsPropNesterov.defaults(),
                "ε, learning rate", "ρ, decay rate", "α, momentum", "δ inside √ (0 = literal book form)");
        register("adam", "Adam (Alg. 8.7; torch Adam)", Adam.defaults(),
                "ε, learning rate", "ρ₁, first-moment decay", "ρ₂, second-moment decay", "δ, stabilizer",
                "λ, coupled L2 weight decay", "keep the maximum second moment (AMSGrad)");
        // Beyond the book: torch.optim's defaults (Lion: the paper's).
        register("adamw", "Adam with decoupled weight decay (Loshchilov & Hutter; torch AdamW)", AdamW.defaults(),
                "ε, learning rate", "β₁, first-moment decay", "β₂, second-moment decay", "δ, stabilizer",
                "λ, decoupled weight decay: θ ← θ(1 − ελ)", "keep the maximum second moment (AMSGrad)");
        register("adamax", "Adamax, Adam with the infinity norm (Kingma & Ba Alg. 2; torch Adamax)",
                Adamax.defaults(), "ε, learning rate", "β₁, first-moment decay", "β₂, infinity-norm decay",
                "δ, inside the max", "λ, coupled L2 weight decay");
        register("nadam", "Adam with Nesterov momentum (Dozat; torch >= 2.0 NAdam)", NAdam.defaults(),
                "ε, learning rate", "β₁, first-moment decay", "β₂, second-moment decay", "δ, stabilizer",
                "λ, coupled L2 weight decay", "ψ, momentum warm-up speed");
        register("radam", "Rectified Adam (Liu et al.; torch RAdam)", RAdam.defaults(),
                "ε, learning rate", "β₁, first-moment decay", "β₂, second-moment decay",
                "δ, stabilizer (before the bias correction)", "λ, coupled L2 weight decay");
        register("adadelta", "AdaDelta (Zeiler; torch Adadelta)", AdaDelta.defaults(),
                "ε, multiplier of the step (Zeiler: 1)", "ρ, decay rate of both averages",
                "δ, inside both roots", "λ, coupled L2 weight decay");
        register("rprop", "Resilient backpropagation, sign-based step sizes (torch Rprop)", Rprop.defaults(),
                "Δ₀, initial step size (torch lr)", "η⁻, step-size factor after a sign change",
                "η⁺, step-size factor while the sign is kept", "Δ_min, smallest step size",
                "Δ_max, largest step size");
        register("asgd", "Averaged SGD (Polyak & Juditsky; torch ASGD)", Asgd.defaults(),
                "ε, learning rate (η₁; enters η_t)", "λ, decay of η_t and shrinkage of θ (torch lambd)",
                "α, power of the η_t decay", "t₀, step after which averaging starts", "coupled L2 weight decay");
        register("lion", "Lion, evolved sign momentum (Chen et al. 2023; Optax lion)", Lion.defaults(),
                "ε, learning rate", "β₁, interpolation for the sign", "β₂, momentum decay",
                "λ, decoupled weight decay");

        register("lbfgs", "L-BFGS with a strong Wolfe line search (Nocedal & Wright Alg. 7.4, 3.5-3.6; torch LBFGS)",
                Lbfgs.defaults(), "ε, first trial step of the line search (the fixed step without one)",
                "m, curvature pairs kept", "strong_wolfe or none (fixed step; the step without an objective)",
                "most objective evaluations per line search", "c₁, sufficient-decrease constant",
                "c₂, curvature constant",
                "ε of the approximate Wolfe test J(θ + td) ≤ J(θ) + ε|J(θ)| (0 = exact conditions only)");

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

    private static void register(String name, String summary, Optimizer<?> defaults, String... descriptions) {
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        if (rc.length != descriptions.length) {
            throw new IllegalStateException(name + ": " + rc.length + " components but " + descriptions.length
                    + " descriptions");
        }
        ENTRIES.put(name, new Entry(name, summary, defaults, params(defaults, descriptions), aliases(defaults),
                name.equals("sgd") ? TORCH_SGD_OPTIONS : List.of()));
    }

    private static void preset(String name, String summary, String of, Optimizer<?> defaults) {
        Entry base = ENTRIES.get(of);
        String[] descriptions = new String[base.params().size()];
        for (int i = 0; i < descriptions.length; i++) {
            descriptions[i] = base.params().get(i).description();
        }
        PRESETS.put(name, new Entry(name, summary, defaults, params(defaults, descriptions), aliases(defaults),
                base.options()));
    }

    private static List<Param> params(Optimizer<?> defaults, String[] descriptions) {
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < rc.length; i++) {
            params.add(new Param(rc[i].getName(), rc[i].getType(), format(read(rc[i], defaults)), descriptions[i]));
        }
        return List.copyOf(params);
    }

    /**
     * torch's names where they are not the snake_case of ours; only those whose components the
     * record has ({@code betas} is no key of {@code sgd}).
     */
    private static Map<String, List<String>> aliases(Optimizer<?> defaults) {
        List<String> components = new ArrayList<>();
        for (RecordComponent c : defaults.getClass().getRecordComponents()) {
            components.add(c.getName());
        }
        Map<String, List<String>> a = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> common : COMMON_ALIASES) { // in this order, for stable listings
            if (components.containsAll(common.getValue())) {
                a.put(common.getKey(), common.getValue());
            }
        }
        if (defaults instanceof RmsProp) {
            a.put("alpha", List.of("rho"));
        }
        if (defaults instanceof AdaGrad) {
            a.put("initial_accumulator_value", List.of("initialAccumulator"));
        }
        if (defaults instanceof Asgd) {
            a.put("lambd", List.of("lambda"));
        }
        if (defaults instanceof Rprop) {
            a.put("etas", List.of("etaMinus", "etaPlus"));
            a.put("step_sizes", List.of("minStepSize", "maxStepSize"));
        }
        return a;
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
