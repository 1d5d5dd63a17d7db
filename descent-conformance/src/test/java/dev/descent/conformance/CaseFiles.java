package dev.descent.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Editable copies of bundled cases, for tests that need a broken or perturbed file. */
final class CaseFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CaseFiles() {
    }

    /** The bundled case {@code family/id.json} as an editable tree. */
    static ObjectNode load(String family, String id) {
        try {
            return (ObjectNode) JSON.readTree(BundledCases.root().resolve(family).resolve(id + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code tree} to {@code dir/name} (Jackson writes doubles in round-trip form). */
    static Path write(Path dir, String name, ObjectNode tree) {
        try {
            Path file = dir.resolve(name);
            JSON.writeValue(file.toFile(), tree);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes raw text to {@code dir/name}. */
    static Path writeText(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and replays a file with recorded gradients. */
    static CaseResult replay(Path file) {
        return ConformanceRunner.recorded().runFile(file);
    }
}
