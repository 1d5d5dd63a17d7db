package dev.descent.conformance;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one {@code optim-golden/1} case file into a {@link GoldenCase}, checking everything the
 * replayer relies on: the format tag, every required field and its type, that {@code num_steps}
 * matches {@code steps}, that step numbers run 1..N, and that every vector has length
 * {@code problem.dim}.
 *
 * <p>Numbers are exact: Jackson parses a JSON number with {@link Double#parseDouble} semantics, so
 * the shortest round-trip decimals of the files give back the reference bits (a test checks this
 * on every number of the bundled cases). The strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} are read as the non-finite doubles; any other string where a number is
 * expected is an error.
 */
public final class CaseReader {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The per-step fields this reader interprets; any other is kept in {@link GoldenCase.Step#extras()}. */
    private static final Set<String> STEP_FIELDS = Set.of("t", "lr", "x_eval", "loss", "grad", "theta");

    private final String source;

    private CaseReader(String source) {
        this.source = source;
    }

    /**
     * Reads and checks one case file.
     *
     * @throws MalformedCaseException naming the file and the field when the file is unreadable, not
     *                                JSON, or not a valid {@code optim-golden/1} case
     */
    public static GoldenCase read(Path file) throws MalformedCaseException {
        String name = MalformedCaseException.describe(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MalformedCaseException(name, "(file)", "cannot be read: " + e, e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new MalformedCaseException(name, "(document)", "is not valid JSON: " + describe(e), e);
        } catch (IOException e) {
            throw new MalformedCaseException(name, "(document)", "cannot be parsed: " + e, e);
        }
        return new CaseReader(name).parse(root, file);
    }

    /** Reads a case from JSON text; {@code source} names it in messages. */
    public static GoldenCase read(String json, String source) throws MalformedCaseException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedCaseException(source, "(document)", "is not valid JSON: " + describe(e), e);
        }
        return new CaseReader(source).parse(root, null);
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return e.getOriginalMessage() + where;
    }

    private GoldenCase parse(JsonNode root, Path file) throws MalformedCaseException {
        if (root == null || root.isMissingNode()) {
            throw malformed("(document)", "is empty");
        }
        if (!root.isObject()) {
            throw malformed("(document)", "is " + kind(root) + ", expected an object");
        }
        String format = text(root, "format");
        if (!GoldenCase.FORMAT.equals(format)) {
            throw malformed("format", "is \"" + format + "\", expected \"" + GoldenCase.FORMAT + "\"");
        }
        String id = text(root, "id");
        if (id.isEmpty()) {
            throw malformed("id", "is empty");
        }
        String algorithm = text(root, "algorithm");
        String variant = text(root, "variant");
        JsonNode hyper = object(root, "hyperparameters");
        JsonNode schedule = require(root, "schedule");
        if (schedule.isNull()) {
            schedule = null;
        } else if (!schedule.isObject()) {
            throw malformed("schedule", "is " + kind(schedule) + ", expected null or an object");
        }
        JsonNode problem = object(root, "problem");
        text(problem, "type", "problem.type");
        int dim = integer(problem, "dim", "problem.dim");
        if (dim < 1) {
            throw malformed("problem.dim", "is " + dim + ", expected >= 1");
        }
        String evalText = text(root, "gradient_evaluation");
        GradientEvaluation evaluation = GradientEvaluation.fromJson(evalText);
        if (evaluation == null) {
            throw malformed("gradient_evaluation", "is \"" + evalText
                    + "\", expected one of \"current_theta\", \"lookahead\", \"replay\", \"closure\"");
        }
        int numSteps = integer(root, "num_steps", "num_steps");
        if (numSteps < 1) {
            throw malformed("num_steps", "is " + numSteps + ", expected >= 1");
        }
        double[] theta0 = vector(require(root, "theta0"), "theta0", dim);
        JsonNode stepsNode = require(root, "steps");
        if (!stepsNode.isArray()) {
            throw malformed("steps", "is " + kind(stepsNode) + ", expected an array");
        }
        if (stepsNode.size() != numSteps) {
            throw malformed("steps", "has " + stepsNode.size() + " records, expected " + numSteps + " (num_steps)");
        }
        List<GoldenCase.Step> steps = new ArrayList<>(numSteps);
        for (int i = 0; i < numSteps; i++) {
            steps.add(step(stepsNode.get(i), i, dim, evaluation));
        }
        JsonNode tol = object(root, "tolerance");
        Tolerance recorded = tolerance(object(tol, "recorded_gradients", "tolerance.recorded_gradients"),
                "tolerance.recorded_gradients");
        JsonNode recomputedNode = tol.get("recomputed_gradients");
        Tolerance recomputed = recomputedNode == null || recomputedNode.isNull() ? null
                : tolerance(object(tol, "recomputed_gradients", "tolerance.recomputed_gradients"),
                        "tolerance.recomputed_gradients");
        boolean expectNonfinite = false;
        JsonNode nonfinite = root.get("expect_nonfinite");
        if (nonfinite != null && !nonfinite.isNull()) {
            if (!nonfinite.isBoolean()) {
                throw malformed("expect_nonfinite", "is " + kind(nonfinite) + ", expected true or false");
            }
            expectNonfinite = nonfinite.booleanValue();
        }
        List<GoldenCase.Block> blocks = blocks(root.get("blocks"), dim);
        return new GoldenCase(id, file, algorithm, variant, hyper, schedule, problem, evaluation, theta0, steps,
                recorded, recomputed, expectNonfinite, blocks);
    }

    /**
     * The optional {@code blocks} field: named, shaped, row-major slices of θ that tile it in order
     * (offset of each = end of the previous, sizes = products of shapes, total = problem.dim).
     */
    private List<GoldenCase.Block> blocks(JsonNode node, int dim) throws MalformedCaseException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw malformed("blocks", "is " + kind(node) + ", expected a non-empty array of blocks");
        }
        List<GoldenCase.Block> blocks = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        long end = 0;
        for (int i = 0; i < node.size(); i++) {
            String at = "blocks[" + i + "]";
            JsonNode b = node.get(i);
            if (!b.isObject()) {
                throw malformed(at, "is " + kind(b) + ", expected an object");
            }
            String name = text(b, "name", at + ".name");
            if (name.isEmpty() || !names.add(name)) {
                throw malformed(at + ".name", "is \"" + name + "\", expected a non-empty name used once");
            }
            JsonNode shapeNode = require(b, "shape", at + ".shape");
            if (!shapeNode.isArray() || shapeNode.size() > 8) {
                throw malformed(at + ".shape", "is " + kind(shapeNode) + ", expected an array of at most 8 sizes");
            }
            int[] shape = new int[shapeNode.size()];
            long size = 1;
            for (int k = 0; k < shape.length; k++) {
                JsonNode d = shapeNode.get(k);
                if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 1) {
                    throw malformed(at + ".shape[" + k + "]", "is " + d + ", expected an integer >= 1");
                }
                shape[k] = d.intValue();
                size *= shape[k];
                if (size > dim) {
                    throw malformed(at + ".shape", "has more elements than problem.dim = " + dim);
                }
            }
            int offset = integer(b, "offset", at + ".offset");
            if (offset != end) {
                throw malformed(at + ".offset", "is " + offset + ", expected " + end
                        + " (blocks tile theta in order)");
            }
            JsonNode sizeNode = b.get("size");
            if (sizeNode != null && !(sizeNode.isIntegralNumber() && sizeNode.longValue() == size)) {
                throw malformed(at + ".size", "is " + sizeNode + ", expected " + size + " (the product of the shape)");
            }
            JsonNode order = b.get("order");
            if (order != null && !"row-major".equals(order.asText(null))) {
                throw malformed(at + ".order", "is " + order + ", expected \"row-major\"");
            }
            JsonNode optimized = b.get("optimized");
            if (optimized != null && !optimized.isBoolean()) {
                throw malformed(at + ".optimized", "is " + kind(optimized) + ", expected true or false");
            }
            end += size;
            blocks.add(new GoldenCase.Block(name, shape, offset, optimized == null || optimized.booleanValue()));
        }
        if (end != dim) {
            throw malformed("blocks", "cover " + end + " parameters, expected problem.dim = " + dim);
        }
        if (blocks.stream().noneMatch(GoldenCase.Block::optimized)) {
            throw malformed("blocks", "are all frozen (\"optimized\": false): nothing to replay");
        }
        return blocks;
    }

    private GoldenCase.Step step(JsonNode node, int index, int dim, GradientEvaluation evaluation)
            throws MalformedCaseException {
        String at = "steps[" + index + "]";
        if (!node.isObject()) {
            throw malformed(at, "is " + kind(node) + ", expected an object");
        }
        int t = integer(node, "t", at + ".t");
        if (t != index + 1) {
            throw malformed(at + ".t", "is " + t + ", expected " + (index + 1) + " (steps run from t = 1 in order)");
        }
        if (evaluation == GradientEvaluation.CLOSURE) {
            return closureStep(node, at, t, dim);
        }
        JsonNode lrNode = node.get("lr");
        if (lrNode == null) {
            throw malformed(at + ".lr", "is missing");
        }
        double lr = number(lrNode, at + ".lr");
        JsonNode xEvalNode = node.get("x_eval");
        double[] xEval = null;
        if (xEvalNode != null && !xEvalNode.isNull()) {
            xEval = vector(xEvalNode, at + ".x_eval", dim);
        } else if (evaluation == GradientEvaluation.LOOKAHEAD) {
            throw malformed(at + ".x_eval", "is missing (gradient_evaluation is \"lookahead\")");
        }
        JsonNode lossNode = node.get("loss");
        Double loss = lossNode == null || lossNode.isNull() ? null : number(lossNode, at + ".loss");
        double[] grad = vector(require(node, "grad", at + ".grad"), at + ".grad", dim);
        double[] theta = vector(require(node, "theta", at + ".theta"), at + ".theta", dim);
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!STEP_FIELDS.contains(e.getKey())) {
                extras.put(e.getKey(), e.getValue());
            }
        }
        return new GoldenCase.Step(t, lr, xEval, loss, grad, theta, extras);
    }

    /**
     * A step of an L-BFGS case: its evaluations are checked (each x, loss, grad) and kept as an
     * extra; {@code grad} is the first evaluation's, the gradient at θ_{t−1}; there is no lr.
     */
    private GoldenCase.Step closureStep(JsonNode node, String at, int t, int dim) throws MalformedCaseException {
        JsonNode evals = require(node, "evaluations", at + ".evaluations");
        if (!evals.isArray() || evals.isEmpty()) {
            throw malformed(at + ".evaluations", "is " + kind(evals) + ", expected a non-empty array");
        }
        double[] grad = null;
        for (int k = 0; k < evals.size(); k++) {
            String e = at + ".evaluations[" + k + "]";
            JsonNode ev = evals.get(k);
            if (!ev.isObject()) {
                throw malformed(e, "is " + kind(ev) + ", expected an object");
            }
            vector(require(ev, "x", e + ".x"), e + ".x", dim);
            number(require(ev, "loss", e + ".loss"), e + ".loss");
            double[] g = vector(require(ev, "grad", e + ".grad"), e + ".grad", dim);
            if (k == 0) {
                grad = g;
            }
        }
        double[] theta = vector(require(node, "theta", at + ".theta"), at + ".theta", dim);
        Map<String, JsonNode> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("t") && !e.getKey().equals("theta")) {
                extras.put(e.getKey(), e.getValue());
            }
        }
        return new GoldenCase.Step(t, Double.NaN, null, null, grad, theta, extras);
    }

    private Tolerance tolerance(JsonNode node, String field) throws MalformedCaseException {
        double rtol = number(require(node, "rtol", field + ".rtol"), field + ".rtol");
        double atol = number(require(node, "atol", field + ".atol"), field + ".atol");
        try {
            return new Tolerance(rtol, atol);
        } catch (IllegalArgumentException e) {
            throw malformed(field, "is invalid: " + e.getMessage());
        }
    }

    // ---- typed field access; every failure names the field ----

    private JsonNode require(JsonNode parent, String name) throws MalformedCaseException {
        return require(parent, name, name);
    }

    private JsonNode require(JsonNode parent, String name, String field) throws MalformedCaseException {
        JsonNode n = parent.get(name);
        if (n == null) {
            throw malformed(field, "is missing");
        }
        return n;
    }

    private String text(JsonNode parent, String name) throws MalformedCaseException {
        return text(parent, name, name);
    }

    private String text(JsonNode parent, String name, String field) throws MalformedCaseException {
        JsonNode n = require(parent, name, field);
        if (!n.isTextual()) {
            throw malformed(field, "is " + kind(n) + ", expected a string");
        }
        return n.textValue();
    }

    private JsonNode object(JsonNode parent, String name) throws MalformedCaseException {
        return object(parent, name, name);
    }

    private JsonNode object(JsonNode parent, String name, String field) throws MalformedCaseException {
        JsonNode n = require(parent, name, field);
        if (!n.isObject()) {
            throw malformed(field, "is " + kind(n) + ", expected an object");
        }
        return n;
    }

    private int integer(JsonNode parent, String name, String field) throws MalformedCaseException {
        JsonNode n = require(parent, name, field);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw malformed(field, "is " + n + ", expected an integer");
        }
        return n.intValue();
    }

    private double[] vector(JsonNode node, String field, int dim) throws MalformedCaseException {
        return vector(node, source, field, dim);
    }

    /**
     * An array of {@code dim} numbers (each as {@link #number}).
     *
     * @throws MalformedCaseException naming {@code field} when it is missing (null), not an array, of
     *                                another length, or holds something else
     */
    static double[] vector(JsonNode node, String source, String field, int dim) throws MalformedCaseException {
        if (node == null) {
            throw new MalformedCaseException(source, field, "is missing");
        }
        if (!node.isArray()) {
            throw new MalformedCaseException(source, field, "is " + kind(node) + ", expected an array of " + dim
                    + " numbers");
        }
        if (node.size() != dim) {
            throw new MalformedCaseException(source, field, "has length " + node.size() + ", expected " + dim
                    + " (problem.dim)");
        }
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = number(node.get(i), source, field + "[" + i + "]");
        }
        return v;
    }

    private double number(JsonNode n, String field) throws MalformedCaseException {
        return number(n, source, field);
    }

    /**
     * A JSON number, or one of the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
     *
     * @throws MalformedCaseException for anything else
     */
    static double number(JsonNode n, String source, String field) throws MalformedCaseException {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            switch (n.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new MalformedCaseException(source, field, "is " + n
                + ", expected a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "a binary value";
            case MISSING -> "missing";
        };
    }

    private MalformedCaseException malformed(String field, String detail) {
        return new MalformedCaseException(source, field, detail);
    }
}
