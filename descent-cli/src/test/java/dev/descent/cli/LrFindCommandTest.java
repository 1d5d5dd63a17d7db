package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LrFindCommandTest {

    @TempDir
    static Path dir;

    static Path csv;

    @BeforeAll
    static void files() throws Exception {
        csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 400, 4, 1);
    }

    @Test
    void printsTheSuggestionsAndWritesTheCurveAsCsvAndPng() throws Exception {
        Path out = dir.resolve("curve");
        CliRun r = CliRun.of("lr-find", "--data", csv.toString(), "--model", "softmax", "--optimizer", "sgd(lr=0.1)",
                "--start", "1e-5", "--end", "100", "--steps", "60", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("minimum/10:").contains("(suggested)").contains("valley:").contains("steepest:");
        List<String> lines = Files.readAllLines(out.resolve("lr-find.csv"));
        assertThat(lines.get(0)).isEqualTo("step,lr,loss,smoothed");
        assertThat(lines.get(1)).startsWith("1,1.0E-5,");
        assertThat(lines.size()).isBetween(11, 61);
        byte[] png = Files.readAllBytes(out.resolve("lr-find.png"));
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    }

    @Test
    void aSweepThatStopsWhileTheLossStillFallsIsFlagged() throws Exception {
        CliRun r = CliRun.of("lr-find", "--data", csv.toString(), "--model", "softmax", "--steps", "20", "--start",
                "1e-6", "--end", "1e-5", "--out", dir.resolve("low").toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("descent lr-find: warning: the smoothed loss was still falling at the last rate"
                + " of the sweep (8.913e-06)").contains("a larger --end = 1.0E-5");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("still_falling").asBoolean()).isTrue();
        assertThat(j.get("warnings")).hasSize(1);
        assertThat(j.get("problems")).isEmpty();
    }

    @Test
    void jsonHasTheCurveAndEverySuggestion() throws Exception {
        CliRun r = CliRun.of("lr-find", "--data", csv.toString(), "--model", "softmax", "--steps", "40", "--start",
                "1e-4", "--end", "50", "--out", dir.resolve("j").toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("command").asText()).isEqualTo("lr-find");
        assertThat(j.get("status").asText()).isEqualTo("suggested");
        double suggestion = j.get("suggestion").asDouble();
        assertThat(j.get("suggestions").get("minimum_div_10").asDouble()).isEqualTo(suggestion);
        assertThat(suggestion).isBetween(1e-5, 5.0);
        assertThat(j.get("curve").get(0).get("lr").asDouble()).isEqualTo(1e-4);
        assertThat(j.get("files")).hasSize(2);
        assertThat(j.get("still_falling").asBoolean()).isFalse();
    }

    @Test
    void badRangesAndOptimizersWithoutARateExitTwoNamingTheValue() {
        String[][] cases = {
            {"--start", "1", "--end", "0.1"}, {"--start", "0"}, {"--end", "NaN"}, {"--steps", "3"},
            {"--mode", "cubic"}, {"--optimizer", "rprop"}};
        String[] expected = {"--start = 1.0 must be smaller than --end = 0.1", "--start = 0.0 must be a positive finite rate",
            "--end = NaN must be a positive finite rate", "--steps = 3 must be at least 10",
            "--mode: 'cubic' is not one of exp, linear", "rprop has no learning rate to sweep"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("lr-find", "--data", csv.toString(), "--model",
                    "softmax", "--out", dir.resolve("bad").toString()));
            args.addAll(List.of(cases[i]));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err()).contains(expected[i]);
        }
    }

    @Test
    void trainWithLrAutoSaysWhichRateItChoseAndTrains() {
        CliRun r = CliRun.of("train", "--data", csv.toString(), "--model", "softmax", "--optimizer", "sgd(lr=0.1)",
                "--lr", "auto", "--epochs", "2", "--no-progress");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).containsPattern("lr-find suggested lr = \\d\\.\\d{3}e[-+]\\d\\d \\(minimum/10, ");
        assertThat(r.out()).contains("accuracy");
        CliRun bad = CliRun.of("train", "--data", csv.toString(), "--model", "softmax", "--lr", "-1");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--lr = -1 must be a positive finite learning rate (or auto)");
    }
}
