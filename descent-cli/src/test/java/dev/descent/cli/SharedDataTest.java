package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every data set the project ships in {@code ../shared/data} (its README describes them) loads and
 * trains, or fits, from the command line: the IDX directories here, the influenza counts by
 * {@code fit sir}; scikit-learn's four CSV files are {@link DataOptionsTest}'s.
 */
class SharedDataTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"mnist, 0.88", "fashion-mnist, 0.75"})
    void idxDirectoriesTrainASoftmaxForAnEpoch(String set, double minAccuracy) throws IOException {
        Path dir = SharedData.require(set);
        JsonNode j = TrainCommandTest.json(TrainCommandTest.train("--data", dir.toString(), "--model", "softmax",
                "--epochs", "1", "--batch-size", "64", "--json"));
        JsonNode data = j.path("data");
        assertThat(data.path("format").asText()).isEqualTo("idx");
        assertThat(data.path("train").asInt()).isEqualTo(60_000);
        assertThat(data.path("test").asInt()).isEqualTo(10_000);
        assertThat(data.path("features").asInt()).isEqualTo(784);
        assertThat(data.path("classes").asInt()).isEqualTo(10);
        double accuracy = j.path("test").path("accuracy").asDouble();
        System.out.printf("%s: test accuracy %.4f after 1 epoch of softmax%n", set, accuracy);
        assertThat(accuracy).as("%s test accuracy (chance 0.1)", set).isGreaterThan(minAccuracy);
    }

    @Test
    void theInfluenzaCountsFitAnSirModel() throws IOException {
        Path csv = SharedData.require("influenza/influenza_england_1978_school.csv");
        CliRun r = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763", "--json");
        assertThat(r.exit()).as("exit; stderr:%n%s", r.err()).isZero();
        JsonNode j = FitCommandTest.json(r);
        assertThat(j.path("observations").asInt()).isEqualTo(14);
        JsonNode fit = j.path("fit");
        assertThat(fit.path("converged").asBoolean()).isTrue();
        // the file holds the built-in 1978 outbreak, so the fit is the built-in one: β ≈ 1.669, γ ≈ 0.443
        JsonNode builtIn = FitCommandTest.json(CliRun.of("fit", "sir", "--json")).path("fit");
        assertThat(fit.path("beta").asDouble()).isCloseTo(builtIn.path("beta").asDouble(), offset(1e-6))
                .isCloseTo(1.669, offset(0.01));
        assertThat(fit.path("gamma").asDouble()).isCloseTo(builtIn.path("gamma").asDouble(), offset(1e-6))
                .isCloseTo(0.443, offset(0.01));
        assertThat(j.path("levenberg_marquardt").path("beta").asDouble()).isCloseTo(fit.path("beta").asDouble(),
                offset(1e-4));
    }
}
