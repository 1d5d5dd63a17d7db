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
        assertThat(fit.get("r0").asDouble()).isCloseTo(fit.get("beta").asDouble() / fit.get("gamma").asDouble(),
                within(1e-12));
        assertThat(fit.get("sse").asDouble()).isCloseTo(4121.94148, within(1e-4));
        assertThat(fit.get("standard_errors").get("beta").asDouble()).isBetween(0.02, 0.03);
        assertThat(fit.get("fitted_values")).hasSize(14);
        assertThat(j.get("status").asText()).isEqualTo("converged");
        assertThat(j.get("problems")).isEmpty();
        // the JsonResult head, as train's
        assertThat(j.fieldNames()).toIterable().startsWith("command", "version", "status", "problems", "model");
        assertThat(j.get("command").asText()).isEqualTo("fit");
        assertThat(j.get("version").asText()).isEqualTo(DescentCommand.VERSION);
        assertThat(fit.get("stop").get("kind").asText()).isEqualTo("converged");
        assertThat(fit.get("stop").get("criterion").asText()).isNotEmpty();
        assertThat(fit.get("i0").asDouble()).isEqualTo(1.0);
        assertThat(j.get("agreement").get("agrees").asBoolean()).isTrue();
        JsonNode id = fit.get("identifiability");
        assertThat(id.get("identifiable").asBoolean()).isTrue();
        assertThat(id.get("condition_number").asDouble()).isCloseTo(6.46, within(0.01));
        assertThat(id.get("max_condition_number").asDouble()).isEqualTo(1e8);
        assertThat(id.get("degrees_of_freedom").asInt()).isEqualTo(12);
    }

    @Test
    void theBuiltInTextReportIsUnchangedInItsNumbers() {
        CliRun r = CliRun.of("fit", "sir");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("beta             1.6692261 ± 0.0257")
                .contains("gamma            0.44345019 ± 0.0156")
                .contains("R0 = beta/gamma  3.7641795")
                .contains("cond(JᵀJ)        6.46e+00")
                .contains("status: converged");
    }

    Path csv(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void countsAboveThePopulationAreRefusedBeforeFitting() throws IOException {
        Path over = csv("over.csv", "day,in_bed\n1,3\n2,8\n3,26\n4,5000\n5,225\n6,298\n");
        CliRun r = CliRun.of("fit", "sir", "--data", over.toString(), "--population", "763");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("descent fit: --data " + over + ": line 5 (t = 4.0): in_bed = 5000.0 exceeds the "
                + "population N = 763.0 of SIR: it is observed as I, which can never be larger; check the data or "
                + "--population" + System.lineSeparator());
        // a population below the built-in data's peak (298 on day 6)
        CliRun small = CliRun.of("fit", "sir", "--population", "100");
        assertThat(small.exit()).isEqualTo(2);
        assertThat(small.err()).contains("descent fit: --population = 100 is too small for the built-in data: day 6, "
                + "1978-01-27 (t = 6.0): in_bed = 298.0 exceeds the population N = 100.0 of SIR")
                .contains("(6 rows exceed it; this is the largest)");
        // N = the peak is possible
        assertThat(CliRun.of("fit", "sir", "--population", "298", "--json").err()).doesNotContain("exceeds");
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aDeviceOrABinaryFileIsRefusedBeforeReading() throws IOException {
        CliRun zero = CliRun.of("fit", "sir", "--data", "/dev/zero", "--population", "763");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("descent fit: --data /dev/zero: a character device, not a regular file "
                + "(reading one may never end)" + System.lineSeparator());
        Path binary = csv("binary.csv", "day,in_bed\n1,3\u0000\n");
        CliRun bin = CliRun.of("fit", "sir", "--data", binary.toString(), "--population", "763");
        assertThat(bin.exit()).isEqualTo(2);
        assertThat(bin.err()).startsWith("descent fit: --data " + binary + ": not a text file (NUL byte at offset 14)");
    }

    @Test
    void anAbsurdPopulationIsReportedAsNotIdentifiable() throws IOException {
        CliRun r = CliRun.of("fit", "sir", "--population", "1e12");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).doesNotContain("NaN").contains("(no valid SE)").contains("cond(JᵀJ)        inf")
                .contains("status: not identifiable");
        assertThat(r.err()).contains("descent fit: the parameters are not identifiable from these data: JᵀJ is singular: "
                + "some combination of [beta, gamma] does not change the predictions")
                .contains("their losses agree, so the data leave the parameters free");
        JsonNode j = json(CliRun.of("fit", "sir", "--population", "1e12", "--json"));
        assertThat(j.get("status").asText()).isEqualTo("not_identifiable");
        assertThat(j.get("problems")).hasSize(2);
        JsonNode fit = j.get("fit");
        assertThat(fit.get("converged").asBoolean()).isTrue(); // the optimizer met its tolerance, and that is not enough
        assertThat(fit.get("standard_errors").get("beta").isNull()).isTrue();
        assertThat(fit.get("identifiability").get("condition_number").isNull()).isTrue();
        assertThat(fit.get("identifiability").get("finite_standard_errors").asBoolean()).isFalse();
        assertThat(j.get("agreement").get("agrees").asBoolean()).isFalse();
    }

    @Test
    void allZeroCountsAndTooFewPointsAreNotIdentifiable() throws IOException {
        Path zeros = csv("zeros.csv", "day,in_bed\n1,0\n2,0\n3,0\n4,0\n5,0\n");
        CliRun z = CliRun.of("fit", "sir", "--data", zeros.toString(), "--population", "763", "--json");
        assertThat(z.exit()).isEqualTo(1);
        assertThat(json(z).get("status").asText()).isEqualTo("not_identifiable");
        assertThat(z.err()).contains("JᵀJ is singular");
        // three counts, three parameters (β, γ, I₀): nothing left to estimate the noise
        Path three = csv("three.csv", "day,in_bed\n1,3\n2,8\n3,26\n");
        CliRun t = CliRun.of("fit", "sir", "--data", three.toString(), "--population", "763", "--fit-initial");
        assertThat(t.exit()).isEqualTo(1);
        assertThat(t.err()).contains("n = 3 observed points for k = 3 free parameters leave no degrees of freedom");
        assertThat(t.out()).doesNotContain("±");
        // a single observation is refused
        Path one = csv("one.csv", "day,in_bed\n1,3\n");
        CliRun o = CliRun.of("fit", "sir", "--data", one.toString(), "--population", "763");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--data " + one + ": at least 3 rows of observations are needed, got 1");
    }

    @Test
    void timesOutOfOrderNameTheLinesAndTheValues() throws IOException {
        Path repeated = csv("repeated.csv", "day,in_bed\n1,3\n2,8\n2,26\n3,76\n");
        CliRun r = CliRun.of("fit", "sir", "--data", repeated.toString(), "--population", "763");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent fit: --data " + repeated + ": line 4, day: the times must increase "
                + "down the file, but '2' follows '2' on line 3" + System.lineSeparator());
        Path back = csv("back.csv", "day,in_bed\n3,3\n1,8\n2,26\n4,76\n");
        assertThat(CliRun.of("fit", "sir", "--data", back.toString(), "--population", "763").err())
                .contains("line 3, day: the times must increase down the file, but '1' follows '3' on line 2");
        Path dates = csv("dates.csv", "date,in_bed\n1978-01-23,3\n1978-01-22,8\n1978-01-24,26\n");
        CliRun d = CliRun.of("fit", "sir", "--data", dates.toString(), "--population", "763");
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("line 3, date: the dates must increase down the file, but '1978-01-22' follows "
                + "'1978-01-23' on line 2").doesNotContain("time = 0.0");
    }

    @Test
    void missingAndNanCellsNameTheLine() throws IOException {
        Path blank = csv("blank.csv", "day,in_bed\n1,3\n2,\n3,26\n");
        CliRun b = CliRun.of("fit", "sir", "--data", blank.toString(), "--population", "763");
        assertThat(b.exit()).isEqualTo(2);
        assertThat(b.err()).contains("--data " + blank + ": line 3, in_bed: the value is missing");
        Path nan = csv("nan.csv", "day,in_bed\n1,3\n2,NaN\n3,26\n");
        CliRun n = CliRun.of("fit", "sir", "--data", nan.toString(), "--population", "763");
        assertThat(n.exit()).isEqualTo(2);
        assertThat(n.err()).contains("--data " + nan + ": line 3 (t = 2.0): in_bed is NaN");
    }

    @Test
    void everyNumericOptionIsCheckedByName() throws IOException {
        String[][] cases = {
            {"--evaluations", "0", "--evaluations = 0 must be >= 1"},
            {"--evaluations", "-3", "--evaluations = -3 must be >= 1"},
            {"--max-steps", "0", "--max-steps = 0 must be >= 1"},
            {"--tolerance", "0", "--tolerance = 0.0 must be finite and > 0"},
            {"--tolerance", "NaN", "--tolerance = NaN must be finite and > 0"},
            {"--tolerance", "Infinity", "--tolerance = Infinity must be finite and > 0"},
            {"--beta", "0", "--beta = 0.0 must be finite and > 0"},
            {"--beta", "-1", "--beta = -1.0 must be finite and > 0"},
            {"--gamma", "NaN", "--gamma = NaN must be finite and > 0"},
            {"--population", "NaN", "--population = NaN must be finite and > 0"},
            {"--population", "Infinity", "--population = Infinity must be finite and > 0"},
            {"--population", "0", "--population = 0.0 must be finite and > 0"},
            {"--initial-infected", "0", "--initial-infected = 0.0 must be finite and > 0"},
            {"--initial-infected", "800", "--initial-infected = 800 must be < --population = 763"},
            {"--seed", "x", "Invalid value for option '--seed': 'x' is not a long"},
            {"--max-steps", "1.5", "Invalid value for option '--max-steps': '1.5' is not a long"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("fit", "sir", c[0], c[1]);
            assertThat(r.exit()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", c)).isEqualTo("descent fit: " + c[2]
                    + (c[2].startsWith("--initial-infected = 800") ? " (I₀ is part of the population: S₀ = N − I₀)" : "")
                    + System.lineSeparator() + "Try 'descent fit --help' for more information." + System.lineSeparator());
        }
        // any long is a seed, negative ones included
        CliRun seeded = CliRun.of("fit", "sir", "--seed", "-7", "--start", "swarm", "--evaluations", "1000", "--json");
        assertThat(seeded.exit()).as(seeded.err()).isZero();
        agreesWithTheBaseline(new ObjectMapper().readTree(seeded.out()));
        // I₀ must be below N with --fit-initial too, and against the given --population
        assertThat(CliRun.of("fit", "sir", "--fit-initial", "--population", "500", "--initial-infected", "500").err())
                .startsWith("descent fit: --initial-infected = 500 must be < --population = 500");
    }

    @Test
    void fittingTheInitialStateToo() throws IOException {
        CliRun r = CliRun.of("fit", "sir", "--fit-initial", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = json(r);
        agreesWithTheBaseline(j);
        assertThat(j.get("fit").get("i0").asDouble()).isBetween(0.4, 0.7);
        assertThat(j.get("fit").get("sse").asDouble()).isLessThan(4121.9);
    }

    @Test
    void aGlobalStartRescuesAFitThatStallsOnAPlateau() throws IOException {
        // From β = 0.1, γ = 5 there is no outbreak (R₀ = 0.02): I(t) ≈ 0, a flat plateau where L-BFGS stops.
        CliRun local = CliRun.of("fit", "sir", "--beta", "0.1", "--gamma", "5", "--json");
        assertThat(local.exit()).isEqualTo(1);
        JsonNode stuck = json(local).get("fit");
        assertThat(stuck.get("sse").asDouble()).isGreaterThan(1e5);
        // γ → 0 on the plateau: JᵀJ in ln γ is ~0, and the baseline disagrees
        assertThat(json(local).get("status").asText()).isEqualTo("not_identifiable");
        assertThat(json(local).get("agreement").get("lower_loss").asText()).isEqualTo("baseline");
        assertThat(stuck.get("identifiability").get("condition_number").asDouble()).isGreaterThan(1e40);
        CliRun text = CliRun.of("fit", "sir", "--beta", "0.1", "--gamma", "5");
        assertThat(text.exit()).isEqualTo(1);
        assertThat(text.out()).contains("The baseline found a lower loss").contains("--start anneal")
                .contains("status: not identifiable").doesNotContain("status: converged");
        assertThat(text.err()).contains("descent fit: the parameters are not identifiable from these data: JᵀJ is "
                + "ill-conditioned").contains("descent fit: the fit and its Levenberg–Marquardt baseline disagree")
                .contains("the baseline's loss is lower");
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
