package dev.descent.optim.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The arguments of one call, matched to declared parameters (by key, or by position in
 * declaration order), with typed getters whose errors point at the argument in the spec.
 */
final class Args {

    private final String spec;
    private final SpecNode.Call call;
    private final Map<String, SpecNode.Arg> byName = new LinkedHashMap<>();
    private final List<SpecParam> params;

    Args(String spec, SpecNode.Call call, List<SpecParam> params) {
        this.spec = spec;
        this.call = call;
        this.params = params;
        int positional = 0;
        for (SpecNode.Arg a : call.args()) {
            String key = a.key();
            if (key == null) {
                if (positional >= params.size()) {
                    throw new SpecException(spec, a.position(), call.name() + " takes at most " + params.size()
                            + " positional argument(s)");
                }
                key = params.get(positional++).name();
            } else if (!declared(key)) {
                throw new SpecException(spec, a.position(), call.name() + ": unknown parameter '" + key
                        + "'; known: " + names());
            }
            if (byName.put(key, a) != null) {
                throw new SpecException(spec, a.position(), call.name() + ": " + key + " is given twice");
            }
        }
    }

    private boolean declared(String key) {
        for (SpecParam p : params) {
            if (p.name().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private String names() {
        List<String> n = new ArrayList<>();
        for (SpecParam p : params) {
            n.add(p.name());
        }
        return String.join(", ", n);
    }

    private String text(String name) {
        SpecNode.Arg a = byName.get(name);
        if (a == null) {
            for (SpecParam p : params) {
                if (p.name().equals(name) && p.defaultValue() != null) {
                    return p.defaultValue();
                }
            }
            throw new SpecException(spec, call.position(), call.name() + " needs " + name);
        }
        if (!(a.value() instanceof SpecNode.Word w)) {
            throw new SpecException(spec, a.position(), call.name() + ": " + name + " must be a single value");
        }
        return w.text();
    }

    /** A tuple (or single value) of whole numbers, e.g. {@code milestones=(30, 80)}. */
    long[] integers(String name) {
        SpecNode.Arg a = byName.get(name);
        if (a == null) {
            throw new SpecException(spec, call.position(), call.name() + " needs " + name);
        }
        java.util.List<SpecNode> items = a.value() instanceof SpecNode.Tuple t ? t.items() : java.util.List.of(a.value());
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof SpecNode.Word w)) {
                throw new SpecException(spec, items.get(i).position(), call.name() + ": " + name + " must hold numbers");
            }
            try {
                double v = Double.parseDouble(w.text());
                if (v != Math.rint(v)) {
                    throw new NumberFormatException();
                }
                if (!(Math.abs(v) <= 0x1p53)) {
                    throw new SpecException(spec, w.position(), call.name() + ": " + name + " has " + w.text()
                            + ", out of range (at most 2^53 = 9007199254740992)");
                }
                out[i] = (long) v;
            } catch (NumberFormatException e) {
                throw new SpecException(spec, w.position(), call.name() + ": " + name + " has '" + w.text()
                        + "', not a whole number");
            }
        }
        return out;
    }

    /** A nested call, e.g. {@code then=cosine(t_max=900)}, or null when absent. */
    SpecNode.Call nested(String name) {
        SpecNode.Arg a = byName.get(name);
        if (a == null) {
            return null;
        }
        if (a.value() instanceof SpecNode.Word w && Character.isLetter(w.text().charAt(0))) {
            return new SpecNode.Call(w.text(), List.of(), w.position()); // then=constant, as listed
        }
        if (!(a.value() instanceof SpecNode.Call c)) {
            throw new SpecException(spec, a.position(), call.name() + ": " + name + " must be a schedule call");
        }
        return c;
    }

    String spec() {
        return spec;
    }

    int position(String name) {
        SpecNode.Arg a = byName.get(name);
        return a == null ? call.position() : a.position();
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    double number(String name) {
        String t = text(name);
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new SpecException(spec, position(name), call.name() + ": " + name + " = '" + t + "' is not a number"
                    + SpecVariables.hint(t));
        }
    }

    /**
     * A whole number up to 2⁵³ in magnitude (beyond that a double no longer holds every integer, so
     * {@code 1e300} is refused rather than silently clamped to {@link Long#MAX_VALUE}).
     */
    long integer(String name) {
        String t = text(name);
        double v = number(name);
        if (v != Math.rint(v)) {
            throw new SpecException(spec, position(name), call.name() + ": " + name + " = " + t + " is not a whole number");
        }
        if (!(Math.abs(v) <= 0x1p53)) {
            throw new SpecException(spec, position(name), call.name() + ": " + name + " = " + t
                    + " is out of range (at most 2^53 = 9007199254740992)");
        }
        return (long) v;
    }

    /** A whole number that fits in an {@code int}; a larger one is refused naming the key and value. */
    int intValue(String name) {
        long v = integer(name);
        if (v != (int) v) {
            throw new SpecException(spec, position(name), call.name() + ": " + name + " = " + text(name)
                    + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    boolean bool(String name) {
        String t = text(name).toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
            throw new SpecException(spec, position(name), call.name() + ": " + name + " = '" + t + "' is not true or false");
        }
        return t.equals("true");
    }

    <E extends Enum<E>> E choice(String name, Class<E> type) {
        String t = text(name);
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(t)) {
                return c;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E c : type.getEnumConstants()) {
            allowed.add(c.name().toLowerCase(Locale.ROOT));
        }
        throw new SpecException(spec, position(name), call.name() + ": " + name + " = '" + t + "' is not one of " + allowed);
    }
}
