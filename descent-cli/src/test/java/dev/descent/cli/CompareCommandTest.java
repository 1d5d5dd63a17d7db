package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path tmp;

    @Test
    void twoSpecsOnRosenbrockGiveTwoPaths() throws IOException {
        Path r = tmp.resolve("r");
        CliRun run = CliRun.of("compare", "--problem", "rosenbrock", "--optimizers", "sgd(lr=1e-3); adam(lr=1e-2)",
                "--out", r.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String paths = Files.readString(r.resolve("data/paths-rosenbrock.csv"));
        assertThat(paths).startsWith("series,index,x,y\n").contains("\nsgd(lr=1e-3),0,-1.5,2.0\n")
                .contains("\nadam(lr=1e-2),0,-1.5,2.0\n");
        assertThat(r.resolve("figures/paths-rosenbrock.png")).isNotEmptyFile();
        assertThat(r.resolve("figures/loss-rosenbrock.svg")).isNotEmptyFile();
        String table = Files.readString(r.resolve("data/runs.csv"));
        assertThat(table.lines()).hasSize(3);
        JsonNode m = new ObjectMapper().readTree(r.resolve("manifest.json").toFile());
        assertThat(m.get("specs").toString()).isEqualTo("[\"sgd(lr=1e-3)\",\"adam(lr=1e-2)\"]");
        assertThat(m.get("runs").get(1).get("steps").asLong()).isPositive();
    }

    @Test
    void aDivergingSpecIsNamedAndTheReportStillWritten() throws IOException {
        Path r = tmp.resolve("r");
        CliRun run = CliRun.of("compare", "--problem", "quadratic", "--optimizers", "sgd(lr=0.5); lbfgs",
                "--steps", "500", "--out", r.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("sgd(lr=0.5) diverged at step");
        assertThat(Files.readString(r.resolve("index.html"))).contains("sgd(lr=0.5) diverged at step");
        assertThat(Files.readString(r.resolve("data/runs.csv"))).contains("\nquadratic,lbfgs,").contains("reached x*");
    }

    @Test
    void trainingOnDataGivesLossCurves() throws IOException {
        Path csv = TrainFiles.blobsCsv(tmp.resolve("blobs.csv"), 300, 3, 5);
        Path r = tmp.resolve("r2");
        CliRun run = CliRun.of("compare", "--data", csv.toString(), "--model", "softmax", "--optimizers",
                "sgd(lr=0.1); adam(lr=1e-2)", "--epochs", "5", "--out", r.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String curves = Files.readString(r.resolve("data/train-loss.csv"));
        assertThat(curves.lines().filter(l -> l.startsWith("sgd(lr=0.1),"))).hasSize(5);
        assertThat(curves.lines().filter(l -> l.startsWith("adam(lr=1e-2),"))).hasSize(5);
        // the loss falls for both
        for (String spec : new String[] {"sgd(lr=0.1)", "adam(lr=1e-2)"}) {
            double[] y = curves.lines().filter(l -> l.startsWith(spec + ","))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(',') + 1))).toArray();
            assertThat(y[4]).as(spec).isLessThan(y[0]);
        }
        assertThat(r.resolve("figures/batch-loss.png")).isNotEmptyFile();
    }

    @Test
    void badInputIsNamed() {
        CliRun p = CliRun.of("compare", "--problem", "rosenbrok", "--optimizers", "adam", "--out", tmp.resolve("x")
                .toString());
        assertThat(p.exit()).isEqualTo(2);
        assertThat(p.err()).contains("--problem: unknown problem 'rosenbrok'; known: rosenbrock, beale");
        CliRun o = CliRun.of("compare", "--problem", "beale", "--optimizers", "adam; adamm(lr=1)", "--out",
                tmp.resolve("x").toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("--optimizers: 'adamm(lr=1)'");
        CliRun none = CliRun.of("compare", "--optimizers", "adam");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give --problem NAME or --data FILE");
        CliRun noModel = CliRun.of("compare", "--data", "x.csv", "--optimizers", "adam");
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err()).contains("--data needs --model");
        // a learning rate of 0 is refused like -1 and NaN, naming the spec, the key and the value
        for (String lr : new String[] {"0", "-1", "NaN"}) {
            CliRun zero = CliRun.of("compare", "--problem", "beale", "--optimizers", "sgd(lr=0.01); adam(lr=" + lr + ")",
                    "--out", tmp.resolve("x").toString());
            assertThat(zero.exit()).as(lr).isEqualTo(2);
            assertThat(zero.err()).as(lr).startsWith("descent compare: --optimizers: 'adam(lr=" + lr
                    + ")': adam: learningRate = " + Double.parseDouble(lr) + " must be finite and > 0");
        }
        for (String[] bad : new String[][] {{"--steps", "0"}, {"--steps", "-5"}}) {
            CliRun r = CliRun.of("compare", "--problem", "beale", "--optimizers", "adam", bad[0], bad[1], "--out",
                    tmp.resolve("x").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains(bad[0] + " = " + bad[1] + " must be >= 1");
        }
        assertThat(Files.exists(tmp.resolve("x"))).isFalse();
    }
}
