package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceCommandTest {

    @TempDir
    Path tmp;

    /** The exit code and both streams of one run. */
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = DescentCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path sample(String family) throws URISyntaxException {
        return Path.of(ConformanceCommandTest.class.getResource("/conformance-sample/" + family).toURI());
    }

    @Test
    void allPassingDirectoryExitsZero() throws Exception {
        Run r = run("conformance", sample("book").toString());
        assertThat(r.out().lines()).containsExactly(
                "alg8.6-rmsprop-nesterov.rosenValley PASS max_abs=0.000e+00 max_rel=0.000e+00 rtol=1e-12 atol=1e-14",
                "1 passed, 0 failed, 0 unsupported");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
    }

    @Test
    void unsupportedCasesExitOne() throws Exception {
        // The sample's AdamW case carries torch's (unmodelled) foreach flag, so it stays unsupported.
        Run r = run("conformance", sample("torch").toString());
        assertThat(r.out().lines()).containsExactly(
                "adamw.default.replayA UNSUPPORTED max_abs=- max_rel=- rtol=1e-12 atol=1e-14  hyperparameters [foreach] not understood by "
                        + "the mapping for torch.optim.AdamW; refusing to ignore them",
                "sgd.momentum.rosenA PASS max_abs=0.000e+00 max_rel=0.000e+00 rtol=1e-12 atol=1e-14",
                "1 passed, 0 failed, 1 unsupported");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void failingCasesExitOne() throws Exception {
        String text = Files.readString(sample("torch").resolve("sgd.momentum.rosenA.json"));
        // The final theta's first entry, changed in its 12th significant digit.
        int at = text.lastIndexOf("\"theta\": [") + "\"theta\": [".length();
        int end = text.indexOf(',', at);
        double value = Double.parseDouble(text.substring(at, end));
        Files.writeString(tmp.resolve("sgd.momentum.rosenA.json"),
                text.substring(0, at) + (value * (1 + 1e-11)) + text.substring(end));
        Files.writeString(tmp.resolve("broken.json"), "{");

        Run r = run("conformance", tmp.toString());

        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out().lines().toList().get(0)).startsWith("broken FAIL max_abs=- max_rel=- rtol=- atol=-  ")
                .contains("broken.json: (document) is not valid JSON");
        assertThat(r.out().lines().toList().get(1)).startsWith("sgd.momentum.rosenA FAIL max_abs=")
                .contains("  step 40: theta[0] = ");
        assertThat(r.out().lines().toList().get(2)).isEqualTo("0 passed, 2 failed, 0 unsupported");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void aCaseCannotLoosenItsOwnTolerance() throws Exception {
        String text = Files.readString(sample("torch").resolve("sgd.momentum.rosenA.json"));
        // Ask for rtol = atol = 1e300 (both modes) and move the final θ[0] by 1.0.
        text = text.replaceAll("\"rtol\": [0-9.e+-]+", "\"rtol\": 1e300").replaceAll("\"atol\": [0-9.e+-]+",
                "\"atol\": 1e300");
        int at = text.lastIndexOf("\"theta\": [") + "\"theta\": [".length();
        int end = text.indexOf(',', at);
        double value = Double.parseDouble(text.substring(at, end));
        Files.writeString(tmp.resolve("loose.json"), text.substring(0, at) + (value + 1.0) + text.substring(end));

        Run r = run("conformance", tmp.toString());

        assertThat(r.out().lines().toList().get(0)).startsWith("sgd.momentum.rosenA FAIL max_abs=1.000e+00 ")
                .contains(" rtol=1e-12 atol=1e-14 (capped: the case asks rtol=1e+300 atol=1e+300)  step 40: theta[0] = ");
        assertThat(r.out().lines().toList().get(1)).isEqualTo("0 passed, 1 failed, 0 unsupported");
        assertThat(r.exit()).isEqualTo(1);
        Run closed = run("conformance", "--closed-loop", tmp.toString());
        assertThat(closed.out()).contains(" rtol=1e-10 atol=1e-12 (capped: the case asks rtol=1e+300 atol=1e+300)");
        assertThat(closed.exit()).isEqualTo(1);
    }

    @Test
    void closedLoopOption() throws Exception {
        Run r = run("conformance", "--closed-loop", sample("book").toString());
        assertThat(r.out()).endsWith("1 passed, 0 failed, 0 unsupported" + System.lineSeparator());
        assertThat(r.exit()).isZero();
    }

    @Test
    void missingDirectoryExitsTwoAndNamesIt() {
        Path missing = tmp.resolve("no-such-dir");
        Run r = run("conformance", missing.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(missing.toString()).contains("does not exist");
    }

    @Test
    void controlCharactersInTheDirectoryAreEscapedWhenEchoed() {
        Run r = run("conformance", tmp.resolve("a\u001b[2Jb").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent conformance: DIR " + tmp.resolve("a") + "\\x1b[2Jb does not exist"
                + System.lineSeparator());
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("case.json"), "{}");
        Run r = run("conformance", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file.toString()).contains("is not a directory");
    }

    @Test
    void aDirectoryWithoutCasesExitsTwo() throws IOException {
        Files.writeString(tmp.resolve("index.json"), "{}");
        Run r = run("conformance", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(tmp.toString()).contains("holds no case files");
    }

    @Test
    void missingDirArgumentIsAUsageError() {
        Run r = run("conformance");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'DIR'");
    }
}
