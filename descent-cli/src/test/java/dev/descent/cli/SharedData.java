package dev.descent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The data sets the project ships in {@code ../shared/data}, beside the repository (in CI as here):
 * resolved from the repository root, the nearest directory above the working directory that holds
 * the parent {@code pom.xml} and {@code descent-core}. Tests that need them are skipped, with an
 * assumption naming the path, when they are absent.
 */
final class SharedData {

    private SharedData() {
    }

    /** {@code <repository>/../shared/data}, or null when the repository root is not found. */
    static Path dir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("descent-core"))) {
                return d.getParent() == null ? null : d.getParent().resolve("shared").resolve("data").normalize();
            }
        }
        return null;
    }

    /** {@code shared/data/<relative>}, or the test is skipped when it is absent. */
    static Path require(String relative) {
        Path root = dir();
        Path p = root == null ? null : root.resolve(relative);
        Assumptions.assumeTrue(p != null && Files.exists(p), () -> "shared data not found: " + (p == null
                ? "no repository root above " + Path.of("").toAbsolutePath() : p.toString()));
        return p;
    }
}
