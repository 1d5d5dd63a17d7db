package dev.descent.optim;

import dev.descent.optim.schedule.Constant;
import dev.descent.optim.schedule.Schedule;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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
    public record Entry(String name, String summary, Optimizer<?> defaults, List<Param> params) {

        /** A configuration with {@code overrides} (name → text value) applied to the defaults. */
        public Optimizer<?> create(Map<String, String> overrides) {
            return Optimizers.build(this, overrides);
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

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
        register("lbfgs", "L-BFGS with a strong Wolfe line search (Nocedal & Wright Alg. 7.4, 3.5-3.6; torch LBFGS)",
                Lbfgs.defaults(), "ε, first trial step of the line search (the fixed step without one)",
                "m, curvature pairs kept", "strong_wolfe or none (fixed step; the step without an objective)",
                "most objective evaluations per line search", "c₁, sufficient-decrease constant",
                "c₂, curvature constant",
                "ε of the approximate Wolfe test J(θ + td) ≤ J(θ) + ε|J(θ)| (0 = exact conditions only)");
    }

    private Optimizers() {
    }

    /** Every registered optimizer, in registration order (the book's order first). */
    public static List<Entry> all() {
        return List.copyOf(ENTRIES.values());
    }

    /** The registered names. */
    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The entry for {@code name}. */
    public static Entry get(String name) {
        Entry e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: " + String.join(", ", names()));
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

    private static void register(String name, String summary, Optimizer<?> defaults, String... descriptions) {
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        if (rc.length != descriptions.length) {
            throw new IllegalStateException(name + ": " + rc.length + " components but " + descriptions.length
                    + " descriptions");
        }
        List<Param> params = new ArrayList<>();
        for (int i = 0; i < rc.length; i++) {
            params.add(new Param(rc[i].getName(), rc[i].getType(), format(read(rc[i], defaults)), descriptions[i]));
        }
        ENTRIES.put(name, new Entry(name, summary, defaults, List.copyOf(params)));
    }

    private static Optimizer<?> build(Entry entry, Map<String, String> overrides) {
        Optimizer<?> defaults = entry.defaults();
        RecordComponent[] rc = defaults.getClass().getRecordComponents();
        Map<String, String> left = new LinkedHashMap<>(overrides);
        Object[] args = new Object[rc.length];
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
            String text = left.remove(rc[i].getName());
            args[i] = text == null ? read(rc[i], defaults) : parse(entry.name(), rc[i].getName(), rc[i].getType(), text);
        }
        if (!left.isEmpty()) {
            String unknown = left.keySet().iterator().next();
            List<String> known = new ArrayList<>();
            for (Param p : entry.params()) {
                known.add(p.name());
            }
            throw new IllegalArgumentException(entry.name() + ": unknown parameter '" + unknown + "'; known: "
                    + String.join(", ", known));
        }
        try {
            Constructor<?> c = defaults.getClass().getDeclaredConstructor(types);
            return (Optimizer<?>) c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(entry.name() + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
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
            if (type == int.class) {
                try {
                    return Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(optimizer + ": " + name + " = '" + text + "' is not an integer");
                }
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
}
