package dev.descent.cli.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles as printed and prints what the README says.
 *
 * <p>The convention for a block: its {@code import} lines, then statements, which are the body of
 * {@code public static void main(String[] args) throws Exception} (so a reader pastes the imports at
 * the top of a file and the rest into a main method, or everything into jshell). The test wraps each
 * block that way, compiles it with {@link JavaCompiler} against this module's test class path (which
 * holds every module), and runs it in its own JVM whose working directory stands for the
 * repository root, with small generated stand-ins for {@code ../shared/data/mnist} and
 * {@code ../shared/data/sklearn/iris.csv} beside it ({@link SharedData}); files an example writes
 * ({@code run/…}) land in that temporary directory.
 *
 * <p>When the paragraph after a block starts with "This prints `…`" (or "This prints:" and a fenced
 * block), the example's standard output must be exactly that; otherwise it must print nothing.
 */
class ReadmeJavaExamplesTest {

    @TempDir
    static Path tmp;

    static Path repo;
    static String classPath;

    @BeforeAll
    static void layOut() throws IOException {
        StandInData.write(tmp);
        repo = Files.createDirectories(tmp.resolve("descent"));
        classPath = testClassPath();
    }

    /** Surefire may run tests from a manifest-only jar; it names the real class path in this property. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    static List<Readme.Block> javaBlocks() {
        return Readme.load().blocks().stream().filter(b -> b.lang().equals("java")).toList();
    }

    @Test
    void theReadmeHasItsJavaExamples() {
        // the sections whose examples the old hand-copied tests pinned; a lost block must not pass silently
        assertThat(javaBlocks()).extracting(Readme.Block::section).contains("Minimize a function in Java",
                "Global search: annealing, swarms, multistart", "Fit an ODE model (`descent-ode`)",
                "Checkpoints and CSV data", "Training a model");
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesRunsAndPrintsWhatTheReadmeSays() {
        Readme readme = Readme.load();
        List<Readme.Block> blocks = javaBlocks();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Readme.Block b = blocks.get(i);
            String name = "ReadmeExample" + (i + 1);
            Optional<String> printed = readme.printedAfter(b);
            tests.add(DynamicTest.dynamicTest(b.where(), () -> {
                Path classes = compile(name, b);
                Run run = run(name, classes);
                assertThat(run.exit()).as("%s exited with %d; stderr:%n%s", b.where(), run.exit(), run.err()).isZero();
                assertThat(run.out()).as("what %s prints", b.where()).isEqualTo(printed.orElse(""));
            }));
        }
        return tests.stream();
    }

    /** The block as a class: its imports, then its statements in main. Lines keep their README numbers in errors. */
    static String source(String className, Readme.Block b) {
        List<String> lines = List.of(b.text().split("\n", -1));
        int body = 0;
        while (body < lines.size() && (lines.get(body).startsWith("import ") || lines.get(body).isBlank())) {
            body++;
        }
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < body; k++) {
            s.append(lines.get(k)).append('\n');
        }
        s.append("public class ").append(className).append(" { public static void main(String[] args) throws Exception {\n");
        for (int k = body; k < lines.size(); k++) {
            s.append(lines.get(k)).append('\n');
        }
        return s.append("}}\n").toString();
    }

    private static Path compile(String className, Readme.Block b) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path out = Files.createDirectories(tmp.resolve("classes-" + className));
        Path file = src.resolve(className + ".java");
        Files.writeString(file, source(className, b));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(new StringWriter(), fm, diagnostics,
                    List.of("-classpath", classPath, "-d", out.toString(), "-encoding", "UTF-8", "-proc:none"), null,
                    fm.getJavaFileObjects(file.toFile())).call();
            // a class line n of the wrapped source is README line (block start + n − 1), minus the one main line
            String errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                    .map(d -> "README.md:" + readmeLine(b, d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n"));
            assertThat(ok).as("%s does not compile as printed:%n%s", b.where(), errors).isTrue();
        }
        return out;
    }

    private static long readmeLine(Readme.Block b, long sourceLine) {
        long imports = b.text().lines().takeWhile(l -> l.startsWith("import ") || l.isBlank()).count();
        return b.line() + sourceLine - 1 - (sourceLine > imports ? 1 : 0);
    }

    record Run(int exit, String out, String err) {
    }

    private static Run run(String className, Path classes) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = tmp.resolve(className + ".out");
        Path err = tmp.resolve(className + ".err");
        Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", classes + File.pathSeparator + classPath, className)
                .directory(repo.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(className + " did not finish in 5 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
