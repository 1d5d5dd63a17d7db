package dev.descent.tune;

import dev.descent.optim.Optimizers;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.spec.ScheduleSpecs;
import dev.descent.optim.spec.SpecException;
import dev.descent.optim.spec.SpecNode;
import dev.descent.optim.spec.SpecParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A search space written as text: an optimizer spec ({@link OptimizerSpec}) in which any value may
 * be a distribution call, read by the same {@link SpecParser}:
 *
 * <pre>
 *   adam(lr=loguniform(1e-5, 1e-1), beta2=choice(0.99, 0.999)) @ cosine(t_max=intuniform(100, 1000))
 *   choice(adam(lr=loguniform(1e-4, 1e-2)), sgd(lr=loguniform(1e-3, 1), momentum=choice(0, 0.9)))
 *   sgd(lr=0.1) | weight_decay(loguniform(1e-6, 1e-3))
 * </pre>
 *
 * <table>
 *   <caption>Distributions (arguments positional)</caption>
 *   <tr><th>call</th><th>draws</th><th>requires</th></tr>
 *   <tr><td>{@code uniform(a, b)}</td><td>a + u·(b − a), u ~ U[0, 1)</td><td>a &lt; b, finite</td></tr>
 *   <tr><td>{@code loguniform(a, b)}</td><td>exp(ln a + u·(ln b − ln a)): ln x is uniform</td>
 *       <td>0 &lt; a &lt; b, finite</td></tr>
 *   <tr><td>{@code intuniform(a, b)}</td><td>an integer in [a, b], each equally likely (both ends
 *       included, as hyperopt's {@code uniformint})</td><td>whole numbers, a ≤ b</td></tr>
 *   <tr><td>{@code randint(a, b)}</td><td>an integer in [a, b) (upper end excluded, as numpy's and
 *       Ray Tune's {@code randint})</td><td>whole numbers, a &lt; b</td></tr>
 *   <tr><td>{@code choice(v₁, …, v_k)}</td><td>one of the values, each with probability 1/k; values
 *       are numbers, names, tuples or calls (a whole optimizer, as the first call of the space, or
 *       a schedule), and may hold distributions themselves</td><td>k ≥ 1</td></tr>
 * </table>
 *
 * <p>{@link #sample} gives a concrete spec string, which {@link OptimizerSpec#build} builds: a
 * trial is reproducible from its printed spec alone. Real draws are rounded to 4 significant
 * digits (and kept inside [a, b]), so printed specs stay short and are exactly what ran.
 *
 * <p>{@link #parse} checks the space before anything runs: the grammar, every distribution's
 * arguments, and — by building the spec with each distribution at each end of its range and at a
 * rounded point inside it (each option of a choice), the others at their first value — that the
 * sampled specs can be built (a real-valued draw for an integer parameter is refused).
 * An unknown optimizer parameter, a value outside an optimizer's range or an unknown distribution
 * is a {@link SpecException} whose position is in the space's text.
 */
public final class SearchSpace {

    /** The distribution names, in listing order. */
    public static final List<String> DISTRIBUTIONS = List.of("loguniform", "uniform", "intuniform", "randint",
            "choice");

    /** Significant digits of a sampled real. */
    public static final int DIGITS = 4;

    private enum Kind { UNIFORM, LOGUNIFORM, INTUNIFORM, RANDINT, CHOICE }

    /** One distribution call of the space; {@code parent}/{@code option}: the choice option it sits in, if any. */
    private record Dist(Kind kind, SpecNode.Call call, double low, double high, List<SpecNode> options, Dist parent,
            int option) {
    }

    private final String text;
    private final SpecNode.Pipeline tree;
    private final Map<Integer, Dist> byPosition = new HashMap<>();
    private final List<Dist> distributions = new ArrayList<>();

    private SearchSpace(String text, SpecNode.Pipeline tree) {
        this.text = text;
        this.tree = tree;
    }

    /**
     * Parses and checks {@code text}.
     *
     * @throws SpecException naming the position in {@code text} and the offending value
     */
    public static SearchSpace parse(String text) {
        SearchSpace s = new SearchSpace(text, SpecParser.parse(text));
        SpecNode.Call first = s.tree.optimizer();
        if (!first.args().isEmpty() && first.args().get(0).value() instanceof SpecNode.Pipeline) {
            throw new SpecException(text, first.position(), "a search space cannot be a partition yet; search"
                    + " the spec of a single optimizer");
        }
        if (first.name().equals("choice")) {
            Dist d = s.distribution(first, null, -1, true);
            s.register(d);
        } else {
            s.scanCall(first, null, -1);
        }
        for (SpecNode.Call t : s.tree.transforms()) {
            s.scanCall(t, null, -1);
        }
        if (s.tree.schedule() != null) {
            s.scanCall(s.tree.schedule(), null, -1);
        }
        s.probe();
        return s;
    }

    /** The space as written. */
    public String text() {
        return text;
    }

    /** The number of distribution calls in the space (0: a single fixed spec). */
    public int size() {
        return distributions.size();
    }

    /**
     * Draws one concrete spec. The draws are taken from {@code rng} in the order the distributions
     * are met reading the chosen spec left to right.
     *
     * @param rng modified (advanced)
     */
    public String sample(RandomGenerator rng) {
        StringBuilder b = new StringBuilder();
        render(b, null, d -> draw(d, rng));
        return b.toString();
    }

    /** What to put for a distribution: a rendered value, or for a choice the option index as text. */
    private interface Picker {
        String pick(Dist d);
    }

    private String draw(Dist d, RandomGenerator rng) {
        switch (d.kind()) {
            case CHOICE:
                return Integer.toString(rng.nextInt(d.options().size()));
            case INTUNIFORM:
                return Long.toString((long) d.low() + rng.nextLong((long) d.high() - (long) d.low() + 1));
            case RANDINT:
                return Long.toString((long) d.low() + rng.nextLong((long) d.high() - (long) d.low()));
            case UNIFORM:
                return real(d.low() + rng.nextDouble() * (d.high() - d.low()), d);
            default:
                double la = Math.log(d.low());
                return real(Math.exp(la + rng.nextDouble() * (Math.log(d.high()) - la)), d);
        }
    }

    /** x rounded to {@link #DIGITS} significant digits, kept in [low, high]. */
    private static String real(double x, Dist d) {
        double r = Double.parseDouble(String.format(Locale.ROOT, "%." + DIGITS + "g", x));
        r = Math.max(d.low(), Math.min(d.high(), r));
        return Double.toString(r).replace('E', 'e'); // 6.798e-4, as people write it; reads back to the same double
    }

    // ------------------------------------------------------------------ scanning

    private void register(Dist d) {
        distributions.add(d);
        byPosition.put(d.call().position(), d);
        if (d.kind() == Kind.CHOICE) {
            for (int i = 0; i < d.options().size(); i++) {
                scanValue(d.options().get(i), d, i);
            }
        }
    }

    private void scanCall(SpecNode.Call c, Dist parent, int option) {
        for (SpecNode.Arg a : c.args()) {
            scanValue(a.value(), parent, option);
        }
    }

    private void scanValue(SpecNode v, Dist parent, int option) {
        if (v instanceof SpecNode.Tuple t) {
            for (SpecNode item : t.items()) {
                scanValue(item, parent, option);
            }
        } else if (v instanceof SpecNode.Call c) {
            if (DISTRIBUTIONS.contains(c.name())) {
                register(distribution(c, parent, option, false));
            } else if (ScheduleSpecs.names().contains(c.name()) || Optimizers.names().contains(c.name())) {
                scanCall(c, parent, option); // a schedule argument (then=cosine(...)) or a chosen optimizer
            } else {
                throw new SpecException(text, c.position(), "unknown distribution '" + c.name() + "'; known: "
                        + String.join(", ", DISTRIBUTIONS));
            }
        }
    }

    private Dist distribution(SpecNode.Call c, Dist parent, int option, boolean optimizers) {
        Kind kind = Kind.valueOf(c.name().toUpperCase(Locale.ROOT));
        List<SpecNode> values = new ArrayList<>();
        for (SpecNode.Arg a : c.args()) {
            if (a.key() != null) {
                throw new SpecException(text, a.position(), c.name() + " takes positional arguments, not '" + a.key()
                        + "='");
            }
            values.add(a.value());
        }
        if (kind == Kind.CHOICE) {
            if (values.isEmpty()) {
                throw new SpecException(text, c.position(), "choice() is empty: give at least one value");
            }
            if (optimizers) {
                for (SpecNode v : values) {
                    if (v instanceof SpecNode.Tuple) {
                        throw new SpecException(text, v.position(), "choice: a choice of optimizers holds optimizer"
                                + " specs such as adam(lr=1e-3), not a tuple");
                    }
                }
            }
            return new Dist(kind, c, 0, 0, List.copyOf(values), parent, option);
        }
        if (values.size() != 2) {
            throw new SpecException(text, c.position(), c.name() + " takes 2 arguments (low, high), got "
                    + values.size());
        }
        double a = number(c, values.get(0), "low");
        double b = number(c, values.get(1), "high");
        switch (kind) {
            case LOGUNIFORM -> {
                if (!(a > 0)) {
                    throw new SpecException(text, values.get(0).position(), "loguniform: low = " + word(values.get(0))
                            + " must be > 0 (the log of the range is sampled)");
                }
                if (!(a < b)) {
                    throw new SpecException(text, values.get(1).position(), "loguniform: high = " + word(values.get(1))
                            + " must be > low = " + word(values.get(0)));
                }
            }
            case UNIFORM -> {
                if (!(a < b)) {
                    throw new SpecException(text, values.get(1).position(), "uniform: high = " + word(values.get(1))
                            + " must be > low = " + word(values.get(0)));
                }
            }
            default -> {
                for (int i = 0; i < 2; i++) {
                    double v = i == 0 ? a : b;
                    if (v != Math.rint(v) || Math.abs(v) > 0x1p53) {
                        throw new SpecException(text, values.get(i).position(), c.name() + ": " + (i == 0 ? "low" : "high")
                                + " = " + word(values.get(i)) + " is not a whole number (at most 2^53 in magnitude)");
                    }
                }
                if (kind == Kind.INTUNIFORM ? !(a <= b) : !(a < b)) {
                    throw new SpecException(text, values.get(1).position(), c.name() + ": high = " + word(values.get(1))
                            + (kind == Kind.INTUNIFORM ? " must be >= low = " : " must be > low = (high is excluded) ")
                            + word(values.get(0)));
                }
            }
        }
        return new Dist(kind, c, a, b, List.of(), parent, option);
    }

    private double number(SpecNode.Call c, SpecNode v, String what) {
        if (!(v instanceof SpecNode.Word w)) {
            throw new SpecException(text, v.position(), c.name() + ": " + what + " must be a number");
        }
        double x;
        try {
            x = Double.parseDouble(w.text());
        } catch (NumberFormatException e) {
            throw new SpecException(text, v.position(), c.name() + ": " + what + " = '" + w.text() + "' is not a number");
        }
        if (!Double.isFinite(x)) {
            throw new SpecException(text, v.position(), c.name() + ": " + what + " = " + w.text() + " is not finite");
        }
        return x;
    }

    private static String word(SpecNode v) {
        return ((SpecNode.Word) v).text();
    }

    // ------------------------------------------------------------------ checking every sample can be built

    /** Builds the spec with each distribution at each of its extremes (choices: each option). */
    private void probe() {
        build(Map.of());
        for (Dist d : distributions) {
            List<String> values = new ArrayList<>();
            switch (d.kind()) {
                case CHOICE -> {
                    for (int i = 0; i < d.options().size(); i++) {
                        values.add(Integer.toString(i));
                    }
                }
                case INTUNIFORM -> values.addAll(List.of(Long.toString((long) d.low()), Long.toString((long) d.high())));
                case RANDINT -> values.addAll(List.of(Long.toString((long) d.low()),
                        Long.toString((long) d.high() - 1)));
                default -> {
                    // and a rounded draw from inside, which an integer parameter refuses (t_max=uniform(10, 20))
                    double u = 0.3719;
                    double inside = d.kind() == Kind.UNIFORM ? d.low() + u * (d.high() - d.low())
                            : Math.exp(Math.log(d.low()) + u * (Math.log(d.high()) - Math.log(d.low())));
                    values.addAll(List.of(Double.toString(d.low()), Double.toString(d.high()), real(inside, d)));
                }
            }
            for (String v : values) {
                Map<Dist, String> fixed = new HashMap<>();
                fixed.put(d, v);
                for (Dist p = d; p.parent() != null; p = p.parent()) {
                    fixed.put(p.parent(), Integer.toString(p.option())); // the branch d sits in
                }
                build(fixed);
            }
        }
    }

    /** Renders with {@code fixed} values (others at their first value) and builds; maps errors back to the space. */
    private void build(Map<Dist, String> fixed) {
        StringBuilder b = new StringBuilder();
        List<int[]> map = new ArrayList<>();
        render(b, map, d -> fixed.containsKey(d) ? fixed.get(d) : first(d));
        String spec = b.toString();
        try {
            OptimizerSpec.build(spec);
        } catch (SpecException e) {
            int at = 0;
            for (int[] m : map) {
                if (m[0] <= e.position()) {
                    at = m[1];
                }
            }
            throw new SpecException(text, at, e.problem() + " (in the sampled spec '" + spec + "')");
        }
    }

    private static String first(Dist d) {
        return switch (d.kind()) {
            case CHOICE -> "0";
            case INTUNIFORM, RANDINT -> Long.toString((long) d.low());
            default -> Double.toString(d.low());
        };
    }

    // ------------------------------------------------------------------ rendering

    /** Writes the chosen spec; {@code map} (may be null) gets {rendered offset, space position} pairs. */
    private void render(StringBuilder b, List<int[]> map, Picker picker) {
        call(b, map, tree.optimizer(), picker);
        for (SpecNode.Call t : tree.transforms()) {
            b.append(" | ");
            call(b, map, t, picker);
        }
        if (tree.schedule() != null) {
            b.append(" @ ");
            call(b, map, tree.schedule(), picker);
        }
    }

    private void mark(StringBuilder b, List<int[]> map, SpecNode n) {
        if (map != null) {
            map.add(new int[] {b.length(), n.position()});
        }
    }

    private void call(StringBuilder b, List<int[]> map, SpecNode.Call c, Picker picker) {
        Dist d = byPosition.get(c.position());
        if (d != null && d.call() == c) {
            distributionValue(b, map, d, picker);
            return;
        }
        mark(b, map, c);
        b.append(c.name());
        if (!c.args().isEmpty()) {
            b.append('(');
            for (int i = 0; i < c.args().size(); i++) {
                SpecNode.Arg a = c.args().get(i);
                b.append(i == 0 ? "" : ", ");
                mark(b, map, a);
                if (a.key() != null) {
                    b.append(a.key()).append('=');
                }
                value(b, map, a.value(), picker);
            }
            b.append(')');
        }
    }

    private void value(StringBuilder b, List<int[]> map, SpecNode v, Picker picker) {
        if (v instanceof SpecNode.Word w) {
            mark(b, map, w);
            b.append(w.text());
        } else if (v instanceof SpecNode.Tuple t) {
            mark(b, map, t);
            b.append('(');
            for (int i = 0; i < t.items().size(); i++) {
                b.append(i == 0 ? "" : ", ");
                value(b, map, t.items().get(i), picker);
            }
            b.append(')');
        } else if (v instanceof SpecNode.Call c) {
            call(b, map, c, picker);
        }
    }

    private void distributionValue(StringBuilder b, List<int[]> map, Dist d, Picker picker) {
        String v = picker.pick(d);
        if (d.kind() == Kind.CHOICE) {
            SpecNode option = d.options().get(Integer.parseInt(v));
            if (option instanceof SpecNode.Call c) {
                call(b, map, c, picker);
            } else {
                value(b, map, option, picker);
            }
            return;
        }
        mark(b, map, d.call());
        b.append(v);
    }

    @Override
    public String toString() {
        return text;
    }
}
