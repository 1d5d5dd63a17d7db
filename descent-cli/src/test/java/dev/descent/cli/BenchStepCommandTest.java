package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The command's output and refusals; its numbers are measured by running it, not here. */
class BenchStepCommandTest {

    @Test
    void jsonCarriesTheMeasurementAndRatiosFromTheCountedBytes() throws Exception {
        CliRun r = CliRun.of("bench", "step", "--optimizer", "adam", "--params", "100000", "--threads", "2",
                "--repetitions", "3", "--warmup", "1", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("command").asText()).isEqualTo("bench step");
        assertThat(j.get("threads").asInt()).isEqualTo(2);
        assertThat(j.get("bytes_per_param").asInt()).isEqualTo(64); // θ r/w, g twice, m and v r/w
        assertThat(j.get("update_bytes_per_param").asInt()).isEqualTo(56);
        assertThat(j.get("step_samples_seconds")).hasSize(3);
        double pps = j.get("params_per_second").asDouble();
        double bw = j.get("bandwidth_gb_s").asDouble();
        assertThat(j.get("ratio").asDouble()).isCloseTo(64 * pps / (bw * 1e9), org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(j.get("step_seconds").asDouble() * pps).isCloseTo(100000, org.assertj.core.data.Offset.offset(1e-3));
    }

    @Test
    void refusesBadValuesByName() {
        assertThat(CliRun.of("bench", "step", "--params", "0").err()).contains("--params = 0 must be >= 1");
        assertThat(CliRun.of("bench", "step", "--threads", "0").err()).contains("--threads = 0 is outside [1, 256]");
        CliRun muon = CliRun.of("bench", "step", "--optimizer", "muon", "--params", "1000");
        assertThat(muon.exit()).isEqualTo(2);
        assertThat(muon.err()).contains("--optimizer muon");
    }
}
