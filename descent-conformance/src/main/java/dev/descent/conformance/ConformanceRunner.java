package dev.descent.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Replays every case file under a directory: all {@code *.json} files, recursively, except
 * {@code index.json}, in path order. A file that cannot be read or parsed is a FAIL naming the
 * problem, never a crash, and two files with the same {@code id} make the second a FAIL. The
 * tolerance of each case is the README's for its problem family, which a case file can tighten
 * but not loosen ({@link Replayer#tolerance}).
 *
 * <pre>{@code
 * ConformanceRunner.Report report = new ConformanceRunner(Replayer.recorded()).run(Path.of("conformance/torch"));
 * report.results().forEach(r -> System.out.println(r.line()));
 * System.out.println(report.summary());   // "50 passed, 0 failed, 0 unsupported"
 * }</pre>
 */
public final class ConformanceRunner {

    private final Replayer replayer;

    public ConformanceRunner(Replayer replayer) {
        if (replayer == null) {
            throw new IllegalArgumentException("replayer must not be null");
        }
        this.replayer = replayer;
    }

    /** A runner of recorded gradients. */
    public static ConformanceRunner recorded() {
        return new ConformanceRunner(Replayer.recorded());
    }

    /**
     * Replays every case file under {@code dir}.
     *
     * @throws IllegalArgumentException if {@code dir} is not a directory
     * @throws UncheckedIOException     if the directory cannot be listed
     */
    public Report run(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        List<CaseResult> results = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : caseFiles(dir)) {
            results.add(runFile(file, seen));
        }
        return new Report(results);
    }

    /** The case files under {@code dir}, sorted by path. */
    public static List<Path> caseFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().equals("index.json"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads and replays one file; malformed files become FAIL results. */
    public CaseResult runFile(Path file) {
        return runFile(file, new HashMap<>());
    }

    private CaseResult runFile(Path file, Map<String, Path> seen) {
        GoldenCase c;
        try {
            c = CaseReader.read(file);
        } catch (MalformedCaseException e) {
            String name = file.getFileName().toString();
            return CaseResult.fail(name.substring(0, name.length() - ".json".length()), e.getMessage());
        }
        Path first = seen.putIfAbsent(c.id(), file);
        if (first != null) {
            return CaseResult.fail(c.id(), file + ": id \"" + c.id() + "\" is also the id of " + first)
                    .withTolerance(Replayer.tolerance(c, replayer.mode()), null);
        }
        return replayer.replay(c);
    }

    /**
     * The results of a run, in path order.
     *
     * @param results one per case file
     */
    public record Report(List<CaseResult> results) {

        public Report {
            results = List.copyOf(results);
        }

        public long passed() {
            return count(CaseResult.Status.PASS);
        }

        public long failed() {
            return count(CaseResult.Status.FAIL);
        }

        public long unsupported() {
            return count(CaseResult.Status.UNSUPPORTED);
        }

        /** Every case passed (nothing failed and nothing is unsupported). */
        public boolean allPassed() {
            return passed() == results.size();
        }

        /** {@code N passed, N failed, N unsupported}. */
        public String summary() {
            return passed() + " passed, " + failed() + " failed, " + unsupported() + " unsupported";
        }

        private long count(CaseResult.Status status) {
            long n = 0;
            for (CaseResult r : results) {
                if (r.status() == status) {
                    n++;
                }
            }
            return n;
        }
    }
}
