package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.conformance.CaseResult.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformanceRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void bookSummary() {
        ConformanceRunner.Report report = ConformanceRunner.recorded().run(BundledCases.book());
        assertThat(report.summary()).isEqualTo("21 passed, 0 failed, 0 unsupported");
        assertThat(report.allPassed()).isTrue();
        assertThat(report.results()).extracting(CaseResult::id).isSorted().doesNotContain("index");
    }

    @Test
    void torchSummary() {
        ConformanceRunner.Report report = ConformanceRunner.recorded().run(BundledCases.torch());
        assertThat(report.summary()).isEqualTo("50 passed, 0 failed, 0 unsupported");
        assertThat(report.allPassed()).isTrue();
    }

    @Test
    void walksRecursivelyInPathOrder() {
        ConformanceRunner.Report report = ConformanceRunner.recorded().run(BundledCases.root());
        // adafactor/, book/ (21), lbfgs/, lrfree/ (21), muon/, optax/ (11 + 23), polyak/ (10), torch/ (50),
        // each in path order
        int l = GoldenCasesTest.LBFGS_CASES;
        int a = GoldenCasesTest.ADAFACTOR_CASES;
        int m = GoldenCasesTest.MUON_CASES;
        assertThat(report.results()).hasSize(136 + l + a + m);
        assertThat(report.results().get(0).id()).isEqualTo("adafactor.default.quadA");
        assertThat(report.results().get(a).id()).isEqualTo("alg8.1-sgd.lineardecay.softmaxA");
        assertThat(report.results().get(a + 21).id()).isEqualTo("lbfgs.no_line_search.quadA");
        assertThat(report.results().get(a + 21 + l).id()).isEqualTo("dadapt_adam.default.rosenA");
        assertThat(report.results().get(a + 42 + l).id()).isEqualTo("muon.kellerjordan.run.softmaxA");
        assertThat(report.results().get(a + 42 + l + m).id()).isEqualTo("adabelief.default.quadA");
        assertThat(report.results().get(a + 76 + l + m).id()).isEqualTo("polyak.capped.rosenA");
        assertThat(report.results().get(a + 86 + l + m).id()).isEqualTo("adadelta.default.replayA");
        // the parameter-free cases pass once their optimizer exists, and are unsupported until then
        assertThat(report.results().stream().filter(r -> r.status() == CaseResult.Status.FAIL)).isEmpty();
        assertThat(report.results().stream().filter(r -> r.status() == CaseResult.Status.PASS).count())
                .isGreaterThanOrEqualTo(71 + l + a + m);
    }

    @Test
    void countsMixedResultsAndNeverCrashes() throws Exception {
        Files.copy(BundledCases.torch().resolve("sgd.plain.replayA.json"), tmp.resolve("sgd.plain.replayA.json"));
        ObjectNode unknown = CaseFiles.load("torch", "rprop.default.replayA");
        ((ObjectNode) unknown.get("hyperparameters")).put("foreach", false); // never mapped: stays unsupported
        CaseFiles.write(tmp, "rprop.default.replayA.json", unknown);
        CaseFiles.writeText(tmp, "broken.json", "{\"format\": ");
        Files.createDirectory(tmp.resolve("nested"));
        ObjectNode tree = CaseFiles.load("torch", "sgd.plain.quadA");
        tree.remove("steps");
        CaseFiles.write(tmp.resolve("nested"), "nosteps.json", tree);
        CaseFiles.writeText(tmp, "index.json", "not even JSON, but skipped");
        CaseFiles.writeText(tmp, "notes.txt", "not a case");

        ConformanceRunner.Report report = ConformanceRunner.recorded().run(tmp);

        assertThat(report.summary()).isEqualTo("1 passed, 2 failed, 1 unsupported");
        assertThat(report.results()).extracting(CaseResult::id)
                .containsExactly("broken", "nosteps", "rprop.default.replayA", "sgd.plain.replayA");
        assertThat(report.results().get(0).line())
                .startsWith("broken FAIL max_abs=- max_rel=- rtol=- atol=-  " + tmp.resolve("broken.json") + ": (document) is not valid JSON");
        assertThat(report.results().get(1).reason()).isEqualTo(tmp.resolve("nested/nosteps.json") + ": steps is missing");
    }

    @Test
    void aDuplicateIdFails() throws Exception {
        Path src = BundledCases.torch().resolve("sgd.plain.replayA.json");
        Files.copy(src, tmp.resolve("a.json"));
        Files.copy(src, tmp.resolve("b.json"));
        ConformanceRunner.Report report = ConformanceRunner.recorded().run(tmp);
        assertThat(report.results()).extracting(CaseResult::status).containsExactly(Status.PASS, Status.FAIL);
        assertThat(report.results().get(1).reason()).contains("is also the id of " + tmp.resolve("a.json"));
    }

    @Test
    void anEmptyDirectoryHasNothingToReport() {
        assertThat(ConformanceRunner.recorded().run(tmp).summary()).isEqualTo("0 passed, 0 failed, 0 unsupported");
    }

    @Test
    void refusesAFile() {
        Path file = CaseFiles.writeText(tmp, "x.json", "{}");
        assertThatThrownBy(() -> ConformanceRunner.recorded().run(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(file + " is not a directory");
    }
}
