package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * House rules that span modules, checked on the source trees of every module from the repository
 * root (the CLI's tests are the one place that sees them all). Module-local rules stay in each
 * module's {@code ArchitectureTest}.
 */
class ModuleLayeringTest {

    /** The repository root: surefire runs in descent-cli/. */
    static final Path ROOT = Path.of("..");

    /** The library: every module a Java user may depend on (not the CLI, not the benchmarks). */
    static final List<String> LIBRARY = List.of("descent-core", "descent-ode", "descent-io", "descent-conformance",
            "descent-report", "descent-blas");

    static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    static final Pattern PUBLIC_TOP_LEVEL_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*(?:class|interface|record|enum|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    /** A qualified name outside java.* used in code without an import, e.g. {@code org.hipparchus.linear.RealMatrix}. */
    static final Pattern QUALIFIED_FOREIGN = Pattern.compile("(?<![\\w.])(?:org|com|net|io|jakarta|javax|picocli)\\.[a-z]\\w*\\.");

    @Test
    void theLibraryNeverImportsTheCliOrTheBenchmarks() {
        List<String> violations = new ArrayList<>();
        for (String module : LIBRARY) {
            for (Path p : mainSources(module)) {
                for (String imp : imports(p)) {
                    if (imp.startsWith("dev.descent.cli.") || imp.startsWith("dev.descent.bench.")) {
                        violations.add(relative(p) + " imports " + imp);
                    }
                }
            }
        }
        assertThat(violations).as("library code importing the CLI or the benchmarks").isEmpty();
    }

    @Test
    void optimizerUpdateRulesNeverImportModelsTrainingOrAutodiff() {
        // optim is the bottom layer of training: nn, train and autodiff build on it, never the reverse
        List<Path> optim = sourcesUnder(ROOT.resolve("descent-core/src/main/java/dev/descent/optim"));
        assertThat(optim).hasSizeGreaterThan(50);
        List<String> violations = new ArrayList<>();
        for (Path p : optim) {
            for (String imp : imports(p)) {
                if (imp.startsWith("dev.descent.nn.") || imp.startsWith("dev.descent.train.")
                        || imp.startsWith("dev.descent.autodiff.")) {
                    violations.add(relative(p) + " imports " + imp);
                }
            }
            String code = code(p);
            for (String pkg : List.of("dev.descent.nn.", "dev.descent.train.", "dev.descent.autodiff.")) {
                if (code.contains(pkg)) {
                    violations.add(relative(p) + " names " + pkg + "* in code");
                }
            }
        }
        assertThat(violations).as("dev.descent.optim depending on nn, train or autodiff").isEmpty();
    }

    @Test
    void coreImportsNothingButJavaAndItself() {
        List<Path> core = mainSources("descent-core");
        assertThat(core).hasSizeGreaterThan(150);
        List<String> corePackages = topPackages("descent-core");
        assertThat(corePackages).contains("optim", "nn", "train", "util").doesNotContain("ode", "cli");
        List<String> violations = new ArrayList<>();
        for (Path p : core) {
            for (String imp : imports(p)) {
                boolean ownPackage = imp.startsWith("dev.descent.")
                        && corePackages.contains(imp.substring("dev.descent.".length()).split("\\.")[0]);
                if (!imp.startsWith("java.") && !ownPackage) {
                    violations.add(relative(p) + " imports " + imp);
                }
            }
            Matcher m = QUALIFIED_FOREIGN.matcher(code(p));
            while (m.find()) {
                violations.add(relative(p) + " names " + m.group() + "* in code");
            }
        }
        assertThat(violations).as("descent-core reaching outside java.* and its own packages").isEmpty();
    }

    @Test
    void publicTypesHaveUniqueSimpleNamesAcrossAllModules() {
        Map<String, List<String>> where = new TreeMap<>();
        int types = 0;
        for (String module : modules()) {
            for (Path p : mainSources(module)) {
                for (String name : publicTopLevelTypes(read(p))) {
                    where.computeIfAbsent(name, k -> new ArrayList<>()).add(relative(p));
                    types++;
                }
            }
        }
        assertThat(types).as("public types found").isGreaterThan(200);
        assertThat(where).containsKeys("Optimizer", "OdeFitResult", "FitCommand", "Checks", "Seeds");
        Map<String, List<String>> duplicates = new TreeMap<>();
        where.forEach((name, files) -> {
            if (files.size() > 1) {
                duplicates.put(name, files);
            }
        });
        assertThat(duplicates).as("public types sharing a simple name (rename one: an import must say which)").isEmpty();
    }

    @Test
    void everyPackageOfEveryModuleHasPackageInfo() {
        List<String> missing = new ArrayList<>();
        int packages = 0;
        for (String module : modules()) {
            Map<Path, Boolean> dirs = new TreeMap<>();
            for (Path p : mainSources(module)) {
                if (p.getFileName().toString().equals("module-info.java")) {
                    continue; // the module's root directory is no package
                }
                dirs.merge(p.getParent(), p.getFileName().toString().equals("package-info.java"), Boolean::logicalOr);
            }
            for (Map.Entry<Path, Boolean> d : dirs.entrySet()) {
                packages++;
                if (!d.getValue()) {
                    missing.add(relative(d.getKey()));
                }
            }
        }
        assertThat(packages).as("packages found").isGreaterThan(20);
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    @Test
    void theScannersSeeWhatTheRulesForbid() {
        // the rules above are only as good as their patterns: each must fire on a violating source
        String source = """
                package dev.descent.optim;

                import static org.example.Util.helper;
                import dev.descent.nn.Loss;
                import java.util.*;

                /** A type. */
                public sealed interface Step permits A {
                    org.hipparchus.linear.RealMatrix m = null; // "org.apache.x." in a string does not count
                }
                final class Hidden {
                }
                """;
        assertThat(importsOf(source)).containsExactly("org.example.Util.helper", "dev.descent.nn.Loss", "java.util");
        assertThat(publicTopLevelTypes(source)).containsExactly("Step");
        Matcher m = QUALIFIED_FOREIGN.matcher(codeOf(source));
        assertThat(m.find()).isTrue();
        assertThat(m.group()).isEqualTo("org.hipparchus.");
        assertThat(m.find()).isFalse();
    }

    // ---------------------------------------------------------------- scanning

    static List<String> modules() {
        try (Stream<Path> dirs = Files.list(ROOT)) {
            List<String> out = new ArrayList<>();
            dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).map(d -> d.getFileName().toString())
                    .sorted().forEach(out::add);
            assertThat(out).contains("descent-core", "descent-cli", "descent-ode");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> mainSources(String module) {
        return sourcesUnder(ROOT.resolve(module).resolve("src/main/java"));
    }

    static List<Path> sourcesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The packages directly below dev.descent in a module, e.g. {@code optim}, {@code nn}. */
    static List<String> topPackages(String module) {
        try (Stream<Path> dirs = Files.list(ROOT.resolve(module).resolve("src/main/java/dev/descent"))) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> imports(Path p) {
        return importsOf(read(p));
    }

    static List<String> importsOf(String source) {
        return firstGroups(IMPORT, source);
    }

    static List<String> publicTopLevelTypes(String source) {
        return firstGroups(PUBLIC_TOP_LEVEL_TYPE, source);
    }

    static List<String> firstGroups(Pattern p, String source) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(source);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The source without its import lines, comments, string and character literals. */
    static String code(Path p) {
        return codeOf(read(p));
    }

    static String codeOf(String source) {
        return stripCommentsAndStrings(IMPORT.matcher(source).replaceAll(""));
    }

    static String stripCommentsAndStrings(String s) {
        return s.replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("\"(?:[^\"\\\\\\n]|\\\\.)*\"", "\"\"")
                .replaceAll("'(?:[^'\\\\\\n]|\\\\.)+'", "' '")
                .replaceAll("//[^\\n]*", " ");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String relative(Path p) {
        return ROOT.relativize(p).toString();
    }
}
