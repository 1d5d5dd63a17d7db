package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {

    @TempDir
    Path tmp;

    static JsonNode json(CliRun r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    static void agreesWithTheBaseline(JsonNode j) {
        JsonNode fit = j.get("fit");
        JsonNode lm = j.get("levenberg_marquardt");
        assertThat(fit.get("converged").asBoolean()).isTrue();
        assertThat(Math.abs(fit.get("loss").asDouble() - lm.get("loss").asDouble()) / lm.get("loss").asDouble())
                .isLessThan(1e-6);
        for (String p : new String[] {"beta", "gamma", "I0"}) {
            double a = fit.get("parameters").get(p).asDouble();
            double b = lm.get("parameters").get(p).asDouble();
            assertThat(Math.abs(a - b) / b).as(p).isLessThan(1e-5);
        }
    }

    @Test
    void theBuiltInOutbreakMatchesLevenbergMarquardt() throws IOException {
        CliRun r = CliRun.of("fit", "sir", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = json(r);
        agreesWithTheBaseline(j);
        JsonNode fit = j.get("fit");
        // the literature range for this data, least squares on I with I₀ = 1
        assertThat(fit.get("beta").asDouble()).isBetween(1.66, 1.69);
        assertThat(fit.get("gamma").asDouble()).isBetween(0.44, 0.45);
        assertThat(fit.get("R0").asDouble()).isCloseTo(fit.get("beta").asDouble() / fit.get("gamma").asDouble(),
                within(1e-12));
        assertThat(fit.get("sse").asDouble()).isCloseTo(4121.94148, within(1e-4));
        assertThat(fit.get("standard_errors").get("beta").asDouble()).isBetween(0.02, 0.03);
        assertThat(fit.get("fitted_values")).hasSize(14);
    }

    @Test
    void fittingTheInitialStateToo() throws IOException {
        CliRun r = CliRun.of("fit", "sir", "--fit-initial", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = json(r);
        agreesWithTheBaseline(j);
        assertThat(j.get("fit").get("I0").asDouble()).isBetween(0.4, 0.7);
        assertThat(j.get("fit").get("sse").asDouble()).isLessThan(4121.9);
    }

    @Test
    void aGlobalStartRescuesAFitThatStallsOnAPlateau() throws IOException {
        // From β = 0.1, γ = 5 there is no outbreak (R₀ = 0.02): I(t) ≈ 0, a flat plateau where L-BFGS stops.
        CliRun local = CliRun.of("fit", "sir", "--beta", "0.1", "--gamma", "5", "--json");
        JsonNode stuck = json(local).get("fit");
        assertThat(stuck.get("sse").asDouble()).isGreaterThan(1e5);
        assertThat(CliRun.of("fit", "sir", "--beta", "0.1", "--gamma", "5").out())
                .contains("The baseline found a lower loss").contains("--start anneal");
        for (String method : new String[] {"anneal", "swarm"}) {
            CliRun g = CliRun.of("fit", "sir", "--beta", "0.1", "--gamma", "5", "--start", method, "--json");
            assertThat(g.exit()).as(method + ": " + g.err()).isZero();
            agreesWithTheBaseline(json(g));
        }
    }

    @Test
    void aFitThatDoesNotConvergeSaysSoAndExitsOne() {
        CliRun r = CliRun.of("fit", "sir", "--max-steps", "2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("the fit did not converge: max-iterations");
    }

    @Test
    void malformedDataNamesTheLine() throws IOException {
        Path csv = tmp.resolve("flu.csv");
        Files.writeString(csv, "date,in_bed\n1978-01-22,3\n1978-01-23,x\n1978-01-24,26\n");
        CliRun bad = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("line 3, in_bed: 'x' is not a number");

        Files.writeString(csv, "date,cases\n1978-01-22,3\n1978-01-23,8\n1978-01-24,26\n");
        CliRun missing = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("column 'in_bed' is not in the header");

        Files.writeString(csv, "date,in_bed\n1978-01-22,3\n1978-01-23,-8\n1978-01-24,26\n");
        CliRun negative = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("line 3 (t = 2.0): in_bed = -8.0 is negative");

        Files.writeString(csv, "date,in_bed\n1978-01-22,3\n1978-01-23,8\n");
        CliRun short_ = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763");
        assertThat(short_.exit()).isEqualTo(2);
        assertThat(short_.err()).contains("at least 3 rows of observations are needed, got 2");

        CliRun noN = CliRun.of("fit", "sir", "--data", csv.toString());
        assertThat(noN.exit()).isEqualTo(2);
        assertThat(noN.err()).contains("--population is needed with --data");
        assertThat(CliRun.of("fit", "seir").err()).contains("unknown model 'seir'");
        assertThat(CliRun.of("fit", "sir", "--start", "grid").err()).contains("--start: unknown method 'grid'");
    }

    @Test
    void aCsvFileLikeTheSharedOneFitsTheSame() throws IOException {
        Path csv = tmp.resolve("flu.csv");
        StringBuilder b = new StringBuilder("date,in_bed,convalescent\n");
        int[] inBed = {3, 8, 26, 76, 225, 298, 258, 233, 189, 128, 68, 29, 14, 4};
        for (int i = 0; i < inBed.length; i++) {
            b.append(java.time.LocalDate.of(1978, 1, 22).plusDays(i)).append(',').append(inBed[i]).append(",0\n");
        }
        Files.writeString(csv, b.toString());
        CliRun r = CliRun.of("fit", "sir", "--data", csv.toString(), "--population", "763", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(json(r).get("fit").get("sse").asDouble()).isCloseTo(4121.94148, within(1e-4));
    }
}
