package dev.descent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.optim.stop.StopReason;
import java.util.List;

/**
 * The one style of every command's {@code --json} result: a single indented object on stdout
 * whose first keys are {@code command}, {@code version}, {@code status} (the verdict behind the exit
 * code) and {@code problems} (one sentence per failure, empty on success), then the command's own
 * fields. Keys are snake_case; a number that is not finite is {@code null}, as JSON has no NaN or
 * infinity; a stop reason is {@code {kind, criterion, detail}}.
 */
final class JsonResult {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ObjectNode root = MAPPER.createObjectNode();

    /**
     * @param command  the subcommand, e.g. {@code train}
     * @param status   the verdict, e.g. {@code converged}
     * @param problems one sentence per failed check
     */
    JsonResult(String command, String status, List<String> problems) {
        root.put("command", command);
        root.put("version", DescentCommand.VERSION);
        root.put("status", status);
        ArrayNode p = root.putArray("problems");
        problems.forEach(p::add);
    }

    /** The object to add the command's fields to. */
    ObjectNode root() {
        return root;
    }

    /** A new object, not attached anywhere. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code v}, or null when it is not finite. */
    static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Adds {@code v}, or null when it is not finite. */
    static void add(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    /** {@code {kind, criterion, detail}}. */
    static ObjectNode stop(StopReason r) {
        ObjectNode o = object();
        o.put("kind", r.kind());
        o.put("criterion", r.criterion());
        o.put("detail", r.detail());
        return o;
    }

    /** The indented text. */
    String text() {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON result", e);
        }
    }
}
