package dev.descent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report was made from, written as {@code manifest.json}: descent's version, the
 * command, the seeds, every run (problem, optimizer spec, steps, stop reason, time), and every
 * figure and table with its files, so that any figure can be redrawn elsewhere from its CSV.
 * Keys keep their insertion order, so the same runs give the same file apart from the timings.
 */
public final class RunManifest {

    /** The file name inside a report directory; its presence marks a directory as a report. */
    public static final String FILE = "manifest.json";

    /** The manifest's own format version. */
    public static final int FORMAT = 1;

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Map<String, Object>> runs = new ArrayList<>();
    private final List<Map<String, Object>> files = new ArrayList<>();

    /**
     * @param version the descent version
     * @param command the command that made the report, e.g. {@code "demo --quick"}
     */
    public RunManifest(String version, String command) {
        root.put("format", FORMAT);
        root.put("generator", "descent");
        root.put("descent_version", version);
        root.put("command", command);
    }

    /** Sets a top-level entry (seeds, settings, problems). */
    public synchronized RunManifest put(String key, Object value) {
        if (key.equals("runs") || key.equals("files")) {
            throw new IllegalArgumentException("manifest key '" + key + "' is reserved");
        }
        root.put(key, value);
        return this;
    }

    /** Records one run: an ordered map of its facts (section, problem, spec, steps, stop, seconds, …). */
    public synchronized void run(Map<String, Object> facts) {
        runs.add(new LinkedHashMap<>(facts));
    }

    /** Records one written figure or table. */
    synchronized void file(Map<String, Object> facts) {
        files.add(new LinkedHashMap<>(facts));
    }

    /** The runs recorded so far. */
    public synchronized List<Map<String, Object>> runs() {
        return List.copyOf(runs);
    }

    synchronized void write(Path file) throws IOException {
        Map<String, Object> all = new LinkedHashMap<>(root);
        all.put("runs", runs);
        all.put("files", files);
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(all);
        java.nio.file.Files.write(file, bytes);
    }
}
