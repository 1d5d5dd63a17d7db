package dev.descent.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Typed, tracked access to a JSON object of named values ({@code hyperparameters} or
 * {@code schedule.params}). Every key read is remembered, so that after a mapping has taken what it
 * understands, {@link #unused()} lists what it did not: a key that nobody read must never be
 * ignored silently.
 */
final class Hyperparameters {

    private final JsonNode node;
    private final String field;
    private final String source;
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param node   the object
     * @param field  its JSON path, for messages ({@code hyperparameters})
     * @param source the file, for messages
     */
    Hyperparameters(JsonNode node, String field, String source) {
        this.node = node;
        this.field = field;
        this.source = source;
    }

    /** A required number. */
    double number(String key) throws MalformedCaseException {
        return CaseReader.number(require(key), source, path(key));
    }

    /** A required integer (e.g. a schedule's period). */
    long integer(String key) throws MalformedCaseException {
        JsonNode n = require(key);
        // torch writes some integer arguments as floats (ASGD's t0 = 10.0); accept integral values only.
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber() && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 0x1p53) {
            return (long) n.doubleValue();
        }
        throw new MalformedCaseException(source, path(key), "is " + n + ", expected an integer");
    }

    /** A required boolean. */
    boolean bool(String key) throws MalformedCaseException {
        JsonNode n = require(key);
        if (!n.isBoolean()) {
            throw new MalformedCaseException(source, path(key), "is " + n + ", expected true or false");
        }
        return n.booleanValue();
    }

    /** A required array of two numbers (torch's {@code betas}). */
    double[] pair(String key) throws MalformedCaseException {
        JsonNode n = require(key);
        if (!n.isArray() || n.size() != 2) {
            throw new MalformedCaseException(source, path(key), "is " + n + ", expected an array of 2 numbers");
        }
        return new double[] {
            CaseReader.number(n.get(0), source, path(key) + "[0]"),
            CaseReader.number(n.get(1), source, path(key) + "[1]")
        };
    }

    /** A required value of any JSON type (an Optax mask: true, false, null or a list of block names). */
    JsonNode value(String key) throws MalformedCaseException {
        return require(key);
    }

    /** Whether {@code key} is present with a non-null value (does not count as reading it). */
    boolean has(String key) {
        JsonNode n = node.get(key);
        return n != null && !n.isNull();
    }

    /** An optional number: {@code fallback} when absent or null (torch's {@code None} for a default). */
    double numberOr(String key, double fallback) throws MalformedCaseException {
        return present(key) ? number(key) : fallback;
    }

    /** An optional boolean: {@code fallback} when absent or null. */
    boolean boolOr(String key, boolean fallback) throws MalformedCaseException {
        return present(key) ? bool(key) : fallback;
    }

    /** An optional string: {@code fallback} when absent or null. */
    String textOr(String key, String fallback) throws MalformedCaseException {
        if (!present(key)) {
            return fallback;
        }
        JsonNode n = require(key);
        if (!n.isTextual()) {
            throw new MalformedCaseException(source, path(key), "is " + n + ", expected a string");
        }
        return n.textValue();
    }

    /** Whether an optional key has a value; an explicit null counts as read (it is torch's default). */
    private boolean present(String key) {
        JsonNode n = node.get(key);
        if (n == null) {
            return false;
        }
        used.add(key);
        return !n.isNull();
    }

    /** The keys present that nobody has read, in file order. */
    Set<String> unused() {
        Set<String> rest = new LinkedHashSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!used.contains(k)) {
                rest.add(k);
            }
        }
        return rest;
    }

    /** The file, for messages. */
    String source() {
        return source;
    }

    /** The JSON path of the object, e.g. {@code hyperparameters}. */
    String field() {
        return field;
    }

    private JsonNode require(String key) throws MalformedCaseException {
        JsonNode n = node.get(key);
        if (n == null) {
            throw new MalformedCaseException(source, path(key), "is missing");
        }
        used.add(key);
        return n;
    }

    private String path(String key) {
        return field + "." + key;
    }
}
