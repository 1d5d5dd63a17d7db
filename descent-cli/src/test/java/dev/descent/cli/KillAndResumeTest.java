package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: a child JVM runs {@code descent train} with checkpoints every few steps and is
 * killed with SIGKILL ({@link Process#destroyForcibly()}) as soon as one checkpoint exists; the
 * same command with {@code --resume} must then end with exactly the parameters of a run that was
 * never interrupted (compared by SHA-256 of θ).
 */
class KillAndResumeTest {

    @TempDir
    Path dir;

    static final int EPOCHS = 3;
    static final int BATCHES_PER_EPOCH = 63; // ⌈4000 / 64⌉

    List<String> args(Path csv, Path ckpt) {
        List<String> a = new ArrayList<>(List.of("train", "--data", csv.toString(), "--model", "mlp:128,128",
                "--optimizer", "adam(lr=1e-3)", "--epochs", Integer.toString(EPOCHS), "--batch-size", "64",
                "--seed", "7", "--dropout", "0.1", "--standardize", "--json"));
        if (ckpt != null) {
            a.addAll(List.of("--checkpoint-dir", ckpt.toString(), "--checkpoint-every", "5"));
        }
        return a;
    }

    static String sha(CliRun r) throws IOException {
        assertThat(r.exit()).as("exit; stderr:%n%s", r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("steps").asInt()).isEqualTo(EPOCHS * BATCHES_PER_EPOCH);
        return j.path("params_sha256").asText();
    }

    @Test
    void aRunKilledMidTrainingResumesToTheUninterruptedParameters() throws Exception {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 4000, 50, 11);
        Path ckpt = dir.resolve("ckpt");
        Path log = dir.resolve("child.log");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), DescentCommand.class.getName()));
        command.addAll(args(csv, ckpt));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long latestStep;
        try {
            Path latest = ckpt.resolve("latest");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(latest)) {
                if (!child.isAlive()) {
                    fail("the child ended (exit " + child.exitValue() + ") before its first checkpoint:%n%s",
                            Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    fail("no checkpoint after 60 s:%n%s", Files.readString(log));
                }
                Thread.sleep(5);
            }
            assertThat(child.isAlive()).as("the child is still training when it is killed").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks in the child
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("killed, not finished").isNotZero();
        Matcher m = Pattern.compile("ckpt-(\\d+)\\.safetensors").matcher(Files.readString(ckpt.resolve("latest")));
        assertThat(m.find()).isTrue();
        latestStep = Long.parseLong(m.group(1));
        assertThat(latestStep).isBetween(5L, (long) EPOCHS * BATCHES_PER_EPOCH - 1);

        CliRun resumed = CliRun.of(withResume(args(csv, ckpt)));
        JsonNode j = new ObjectMapper().readTree(resumed.out());
        assertThat(j.path("resumed_from").path("global_step").asLong()).as(resumed.err())
                .isGreaterThanOrEqualTo(latestStep);
        String uninterrupted = sha(CliRun.of(args(csv, null).toArray(String[]::new)));
        assertThat(sha(resumed)).isEqualTo(uninterrupted);
    }

    static String[] withResume(List<String> a) {
        List<String> out = new ArrayList<>(a);
        out.add("--resume");
        return out.toArray(String[]::new);
    }
}
