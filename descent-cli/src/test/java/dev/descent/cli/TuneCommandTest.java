package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TuneCommandTest {

    @TempDir
    static Path dir;

    static Path csv;
    static Path testCsv;

    @BeforeAll
    static void files() throws Exception {
        csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 300, 4, 1);
        testCsv = TrainFiles.blobsCsv(dir.resolve("blobs-test.csv"), 150, 4, 2);
    }

    private static CliRun tune(String space, String... more) {
        List<String> args = new ArrayList<>(List.of("tune", "--data", csv.toString(), "--test", testCsv.toString(),
                "--model", "softmax", "--space", space, "--budget", "3"));
        args.addAll(List.of(more));
        for (String[] d : new String[][] {{"--trials", "9"}, {"--threads", "2"}}) {
            if (!args.contains(d[0])) {
                args.addAll(List.of(d));
            }
        }
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void printsTheRankedTableTheBestSpecAndItsTestScore() {
        CliRun r = tune("choice(sgd(lr=loguniform(1e-3, 1)), adam(lr=loguniform(1e-4, 1e-1)))");
        assertThat(r.exit()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("rank  trial  val_accuracy  epochs  status     spec");
        // 9 trials at 1 epoch, the best 3 at 3 epochs
        assertThat(lines).hasSizeGreaterThan(12);
        long completed = 0;
        long pruned = 0;
        for (int i = 1; i <= 9; i++) {
            assertThat(lines[i]).matches(String.format("%4d", i) + "  +\\d  [01]\\.\\d{4} +[13]  (completed|pruned) .*");
            completed += lines[i].contains(" completed ") ? 1 : 0;
            pruned += lines[i].contains(" pruned ") ? 1 : 0;
        }
        assertThat(completed).isEqualTo(3);
        assertThat(pruned).isEqualTo(6);
        String bestSpec = lines[1].replaceAll(".*(completed)  ", "");
        assertThat(lines[10]).isEqualTo("best: " + bestSpec);
        assertThat(lines[11]).matches("  trial \\d, seed -?\\d+, 3 epochs: val_accuracy [01]\\.\\d{4} on 30 validation rows");
        assertThat(lines[12]).matches("  test: loss \\d\\.\\d{4}, accuracy [01]\\.\\d{4} on 150 rows");
        assertThat(r.err()).contains("descent tune: 9 trials, successive halving (eta = 3), budgets [1, 3] epochs,"
                + " val_accuracy on 30 validation rows, 2 threads");
        // the same command prints the same table (but the elapsed time), whatever the thread count
        CliRun again = tune("choice(sgd(lr=loguniform(1e-3, 1)), adam(lr=loguniform(1e-4, 1e-1)))", "--threads", "1");
        assertThat(again.out().replaceAll("elapsed: .*", "")).isEqualTo(r.out().replaceAll("elapsed: .*", ""));
    }

    @Test
    void jsonHasTheTrialsTheBestAndTheTestScore() throws Exception {
        CliRun r = tune("sgd(lr=loguniform(1e-3, 1))", "--method", "random", "--metric", "loss", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("command").asText()).isEqualTo("tune");
        assertThat(j.get("status").asText()).isEqualTo("tuned");
        assertThat(j.get("problems")).isEmpty();
        assertThat(j.get("method").asText()).isEqualTo("random");
        assertThat(j.get("metric").asText()).isEqualTo("val_loss");
        assertThat(j.get("budgets").toString()).isEqualTo("[3]");
        JsonNode trials = j.get("trials");
        assertThat(trials).hasSize(9);
        double previous = 0;
        for (JsonNode t : trials) {
            assertThat(t.get("status").asText()).isEqualTo("completed");
            assertThat(t.get("epochs").asInt()).isEqualTo(3);
            assertThat(t.get("score").asDouble()).isGreaterThanOrEqualTo(previous); // lower loss ranks first
            previous = t.get("score").asDouble();
        }
        assertThat(j.get("best").get("spec").asText()).isEqualTo(trials.get(0).get("spec").asText());
        assertThat(j.get("validation").get("loss").asDouble()).isEqualTo(trials.get(0).get("score").asDouble());
        assertThat(j.get("test").get("n").asInt()).isEqualTo(150);
        assertThat(j.get("threads").asInt()).isEqualTo(2);
    }

    @Test
    void noTrialFinishedIsExitOneWithTheTableStillPrinted() {
        // least squares with a step of 1e300: θ overflows at the second step
        String lin = linear();
        CliRun r = CliRun.of("tune", "--data", lin, "--test", lin, "--model", "linear", "--space", "sgd(lr=choice(1e300))",
                "--trials", "9", "--budget", "3", "--threads", "2", "--batch-size", "8");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).startsWith("rank  trial  val_loss      epochs  status     spec\n");
        assertThat(r.out()).contains("   1      0  -                  ").contains("diverged   sgd(lr=1e300)");
        assertThat(r.out()).doesNotContain("best:");
        assertThat(r.err()).contains("descent tune: no trial finished: 9 diverged of 9; trial 0: ");
    }

    private static String linear() {
        try {
            return TrainFiles.linearCsv(dir.resolve("lin.csv"), 200, 3).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badSpacesAreUsageErrorsNamingTheValueAndPosition() {
        CliRun r = tune("adam(lr=loguniform(0, 1))");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent tune: --space: loguniform: low = 0 must be > 0 (the log of the range is"
                + " sampled) at position 19");
        assertThat(r.out()).isEmpty();

        r = tune("adam(foo=uniform(0, 1))");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent tune: --space: adam: unknown parameter 'foo'");

        r = tune("adam(lr=choice())");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent tune: --space: choice() is empty: give at least one value at position 8");

        r = tune("adam(lr=normal(0, 1))");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent tune: --space: unknown distribution 'normal'; known: loguniform,"
                + " uniform, intuniform, randint, choice at position 8");
    }

    @Test
    void budgetsInStepsPrintStepsPerTrial() throws Exception {
        // 270 training rows (300 less the validation tenth) in minibatches of 32: 9 steps per epoch
        CliRun r = CliRun.of("tune", "--data", csv.toString(), "--model", "softmax", "--space",
                "sgd(lr=loguniform(1e-2, 1))", "--trials", "9", "--threads", "2", "--budget-unit", "steps",
                "--min-budget", "4", "--budget", "36", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("budgets [4, 12, 36] steps").contains("rung 1 (4 steps) trial 0:");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("budget_unit").asText()).isEqualTo("steps");
        assertThat(j.get("best").get("steps").asLong()).isEqualTo(36);
        assertThat(j.get("best").get("epochs").asInt()).isEqualTo(4); // 36 steps = 4 epochs of 9
        int[] bySteps = new int[37];
        for (JsonNode t : j.get("trials")) {
            bySteps[t.get("steps").asInt()]++;
        }
        assertThat(bySteps[4]).isEqualTo(6);
        assertThat(bySteps[12]).isEqualTo(2);
        assertThat(bySteps[36]).isEqualTo(1);
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        assertThat(tune("sgd", "--eta", "1").err()).startsWith("descent tune: --eta = 1 must be >= 2");
        assertThat(tune("sgd", "--min-budget", "5").err())
                .startsWith("descent tune: --min-budget = 5 is outside [1, --budget = 3]");
        assertThat(tune("sgd", "--method", "grid").err())
                .startsWith("descent tune: --method: 'grid' is not one of halving, random");
        assertThat(tune("sgd", "--metric", "f1").err()).startsWith("descent tune: --metric: 'f1' is not one of accuracy, loss");
        assertThat(tune("sgd", "--validation", "0").err())
                .startsWith("descent tune: --validation 0: tune scores every trial on a validation split");
        assertThat(tune("sgd", "--budget-unit", "hours").err())
                .startsWith("descent tune: --budget-unit: 'hours' is neither epochs nor steps");
        CliRun r = tune("sgd", "--trials", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("descent tune: --trials = 0 must be >= 1");
    }
}
