package dev.descent.optim.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the spec grammar into a {@link SpecNode.Pipeline}:
 *
 * <pre>
 *   spec      = head { "|" call } [ "@" call ]
 *   head      = call | partition
 *   call      = name [ "(" [ arg { "," arg } ] ")" ]
 *   arg       = [ key "=" ] value
 *   value     = number | word | call | "(" value { "," value } ")"
 *   partition = "partition" "(" group { "," group } ")"
 *   group     = selector ":" spec
 *   selector  = name | "'" regex "'" | '"' regex '"'
 *   name, key = letter { letter | digit | "_" | "." }
 * </pre>
 *
 * <p>A partition's groups are read as {@link SpecNode.Arg}s whose key is the selector as written
 * (quotes kept) and whose value is the group's {@link SpecNode.Pipeline}; a group's spec ends at
 * the {@code ,} or {@code )} that follows it at its own level.
 *
 * <p>White space between tokens is ignored. A recursive-descent parser with stated limits, so that
 * no input can overflow the stack or make building and printing the result expensive: a spec has
 * at most {@value #MAX_LENGTH} characters, at most {@value #MAX_TRANSFORMS} transforms after
 * {@code |}, and parentheses (calls and tuples) nested at most {@value #MAX_DEPTH} deep. Each
 * limit is refused with a {@link SpecException} naming it and the position.
 */
public final class SpecParser {

    /** The longest spec accepted, in characters. */
    public static final int MAX_LENGTH = 100_000;

    /** The most transforms in one chain ({@code | t} after the optimizer). */
    public static final int MAX_TRANSFORMS = 64;

    /** The deepest nesting of parentheses, counting calls and tuples. */
    public static final int MAX_DEPTH = 32;

    private final String spec;
    private int pos;
    private int depth;

    private SpecParser(String spec) {
        this.spec = spec;
    }

    /** Parses {@code spec}. */
    public static SpecNode.Pipeline parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new SpecException(spec == null ? "" : spec, 0, "empty spec");
        }
        if (spec.length() > MAX_LENGTH) {
            throw new SpecException(spec, MAX_LENGTH, "the spec has " + spec.length() + " characters; at most "
                    + MAX_LENGTH + " are accepted");
        }
        SpecParser p = new SpecParser(spec);
        return p.pipeline(false);
    }

    /** A spec; {@code nested}: a partition group's, which ends before a ',' or ')' at its level. */
    private SpecNode.Pipeline pipeline(boolean nested) {
        skipSpace();
        int start = pos;
        SpecNode.Call first = head();
        List<SpecNode.Call> transforms = new ArrayList<>();
        SpecNode.Call schedule = null;
        String end = nested ? "',' or ')' after the group's spec" : "the end of the spec";
        while (true) {
            skipSpace();
            if (peek('|')) {
                if (transforms.size() == MAX_TRANSFORMS) {
                    throw new SpecException(spec, pos, "too many transforms: at most " + MAX_TRANSFORMS
                            + " in a chain");
                }
                pos++;
                transforms.add(call());
            } else if (peek('@')) {
                pos++;
                schedule = call();
                skipSpace();
                if (nested ? !(peek(',') || peek(')')) : !atEnd()) {
                    throw error("expected " + end + " after the schedule");
                }
                break;
            } else if (nested ? peek(',') || peek(')') : atEnd()) {
                break;
            } else {
                throw error("expected '|', '@' or " + end);
            }
        }
        return new SpecNode.Pipeline(first, List.copyOf(transforms), schedule, start);
    }

    /** The first call of a spec: an optimizer, or a partition of the blocks among specs. */
    private SpecNode.Call head() {
        skipSpace();
        int start = pos;
        int save = pos;
        if (Character.isLetter(cur()) && name("a name").equals(PARTITION)) {
            skipSpace();
            if (peek('(')) {
                return partition(start);
            }
        }
        pos = save;
        return call();
    }

    /** The name that starts a partition. */
    public static final String PARTITION = "partition";

    private SpecNode.Call partition(int start) {
        open();
        List<SpecNode.Arg> groups = new ArrayList<>();
        skipSpace();
        if (peek(')')) {
            throw error("expected a group 'selector: spec' (a partition needs at least one)");
        }
        while (true) {
            skipSpace();
            int at = pos;
            String selector = selector();
            skipSpace();
            if (!peek(':')) {
                throw error("expected ':' after the group selector " + selector);
            }
            pos++;
            groups.add(new SpecNode.Arg(selector, pipeline(true), at));
            skipSpace();
            if (peek(',')) {
                pos++;
            } else if (peek(')')) {
                pos++;
                break;
            } else {
                throw error("expected ',' or ')'");
            }
        }
        depth--;
        return new SpecNode.Call(PARTITION, List.copyOf(groups), start);
    }

    /** A group selector: a name ({@code matrices}), or a quoted regular expression, quotes kept. */
    private String selector() {
        char q = cur();
        if (q == '\'' || q == '"') {
            int from = pos;
            int close = spec.indexOf(q, pos + 1);
            if (close < 0) {
                throw new SpecException(spec, from, "the quoted selector is not closed (expected " + q + ")");
            }
            pos = close + 1;
            return spec.substring(from, pos);
        }
        return name("a group selector (matrices, vectors, rest or a quoted regular expression)");
    }

    private SpecNode.Call call() {
        skipSpace();
        int start = pos;
        String name = name("a name");
        List<SpecNode.Arg> args = new ArrayList<>();
        skipSpace();
        if (peek('(')) {
            open();
            skipSpace();
            if (peek(')')) {
                pos++;
            } else {
                while (true) {
                    args.add(arg());
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                    } else if (peek(')')) {
                        pos++;
                        break;
                    } else {
                        throw error("expected ',' or ')'");
                    }
                }
            }
            depth--;
        }
        return new SpecNode.Call(name, List.copyOf(args), start);
    }

    private SpecNode.Arg arg() {
        skipSpace();
        int start = pos;
        if (Character.isLetter(cur())) {
            int save = pos;
            String key = name("a key");
            skipSpace();
            if (peek('=')) {
                pos++;
                return new SpecNode.Arg(key, value(), start);
            }
            pos = save; // a positional word or call
        }
        return new SpecNode.Arg(null, value(), start);
    }

    private SpecNode value() {
        skipSpace();
        int start = pos;
        if (atEnd()) {
            throw error("expected a value");
        }
        char c = cur();
        if (c == '(') {
            open();
            List<SpecNode> items = new ArrayList<>();
            while (true) {
                items.add(value());
                skipSpace();
                if (peek(',')) {
                    pos++;
                } else if (peek(')')) {
                    pos++;
                    depth--;
                    return new SpecNode.Tuple(List.copyOf(items), start);
                } else {
                    throw error("expected ',' or ')' in a tuple");
                }
            }
        }
        if (Character.isLetter(c)) {
            int save = pos;
            name("a value");
            skipSpace();
            boolean isCall = peek('(');
            pos = save;
            if (isCall) {
                return call();
            }
            return new SpecNode.Word(name("a value"), start);
        }
        if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
            // One token up to the next delimiter, so that "1e-3x" is reported whole.
            int end = pos + 1;
            while (end < spec.length()) {
                char d = spec.charAt(end);
                char prev = spec.charAt(end - 1);
                boolean sign = (d == '+' || d == '-') && (prev == 'e' || prev == 'E');
                if (Character.isLetterOrDigit(d) || d == '.' || d == '_' || sign) {
                    end++;
                } else {
                    break;
                }
            }
            String text = spec.substring(pos, end);
            try {
                Double.parseDouble(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new SpecException(spec, start, "'" + text + "' is not a number");
            }
            pos = end;
            return new SpecNode.Word(text.replace("_", ""), start);
        }
        throw error("expected a value");
    }

    /** Consumes a '(' and counts it against {@link #MAX_DEPTH}, before recursing into it. */
    private void open() {
        if (depth == MAX_DEPTH) {
            throw new SpecException(spec, pos, "parentheses nested too deep: at most " + MAX_DEPTH + " levels");
        }
        depth++;
        pos++;
    }

    private String name(String what) {
        skipSpace();
        int start = pos;
        if (atEnd() || !Character.isLetter(cur())) {
            throw error("expected " + what);
        }
        while (pos < spec.length()) {
            char c = spec.charAt(pos);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                pos++;
            } else {
                break;
            }
        }
        return spec.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < spec.length() && Character.isWhitespace(spec.charAt(pos))) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= spec.length();
    }

    private char cur() {
        return atEnd() ? '\0' : spec.charAt(pos);
    }

    private boolean peek(char c) {
        return !atEnd() && spec.charAt(pos) == c;
    }

    private SpecException error(String expected) {
        String found = atEnd() ? "the end" : "'" + spec.charAt(pos) + "'";
        return new SpecException(spec, pos, expected + " but found " + found);
    }
}
