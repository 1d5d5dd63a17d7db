package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.descent.data.Dataset;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's checkpoints through real files: a run that ends abruptly resumes from the newest
 * file to the uninterrupted run's θ, bit for bit; damaged files and files for another model are
 * refused with the file and the problem named, and nothing in the directory changes.
 */
class TrainerCheckpointFilesTest {

    static final Dataset DATA = blobs(230, 5);
    static final TrainConfig CONFIG = TrainConfig.of(4, 20, 3).withValidationFraction(0.2).withRestoreBest(true)
            .withCheckpointEverySteps(4).withCheckpointEveryEpoch(true);

    @TempDir
    Path root;

    Path ckpts;
    TrainResult uninterrupted;

    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            x[2 * i] = 2 * Math.cos(2.1 * c) + rng.nextGaussian();
            x[2 * i + 1] = 2 * Math.sin(2.1 * c) + rng.nextGaussian();
            y[i] = c;
        }
        return Dataset.classification(x, 2, y, 3);
    }

    static Trainer trainer(int hidden) {
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 2, hidden, 3).withDropout(0.1),
                Loss.SOFTMAX_CROSS_ENTROPY);
        return Trainer.of(j, OptimizerSpec.build("adam(lr=0.02) | clip_global_norm(1.0)"), CONFIG);
    }

    /** Thrown by a listener to end a run abruptly, as a crash would (nothing after it runs). */
    static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Runs until the global step {@code crashAt}, then dies; returns the checkpoint directory. */
    Path crashedRun(int hidden, long crashAt) throws IOException {
        Path d = root.resolve("run-" + hidden + "-" + crashAt);
        CheckpointDirectory dir = CheckpointDirectory.open(d, 3);
        Trainer t = trainer(hidden).withCheckpoints(dir::save).withListener(new TrainingListener() {
            @Override
            public void onBatch(long step, double value, double lr) {
                if (step == crashAt) {
                    throw new Crash();
                }
            }
        });
        assertThatExceptionOfType(Crash.class).isThrownBy(() -> t.fit(t.objective().model().init(3), DATA));
        return d;
    }

    @BeforeEach
    void runOnce() throws IOException {
        Trainer t = trainer(8);
        uninterrupted = t.fit(t.objective().model().init(3), DATA);
        ckpts = crashedRun(8, 23); // 184 training rows, 10 batches per epoch: step 23 is mid epoch 3
    }

    static Map<String, byte[]> snapshot(Path d) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (var s = Files.list(d)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void assertUnchanged(Map<String, byte[]> before, Path d) throws IOException {
        Map<String, byte[]> after = snapshot(d);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        for (String k : before.keySet()) {
            assertThat(after.get(k)).as(k).isEqualTo(before.get(k));
        }
    }

    @Test
    void aCrashedRunResumesFromTheNewestFileToTheSameParameters() throws IOException {
        CheckpointDirectory dir = CheckpointDirectory.open(ckpts, 3);
        Trainer t = trainer(8).withCheckpoints(dir::save);
        assertThat(dir.latestFile().orElseThrow().getFileName().toString()).isEqualTo("ckpt-20.safetensors");
        Checkpoint c = dir.latest(t.layout(), t.stateTemplate(), CheckpointDirectory.OnCorrupt.REFUSE).orElseThrow()
                .checkpoint();
        assertThat(c.position().globalStep()).isEqualTo(20);
        TrainResult resumed = t.resume(c, DATA);
        assertThat(resumed.paramsSha256()).isEqualTo(uninterrupted.paramsSha256());
        assertThat(resumed.params()).isEqualTo(uninterrupted.params());
        assertThat(resumed.history().batchValues()).isEqualTo(uninterrupted.history().batchValues());
        assertThat(dir.latestFile().orElseThrow().getFileName().toString()).isEqualTo("ckpt-40.safetensors");
        // the final checkpoint records that the run ended; resuming it again trains nothing and agrees
        Checkpoint end = dir.latest(t.layout(), t.stateTemplate(), CheckpointDirectory.OnCorrupt.REFUSE).orElseThrow()
                .checkpoint();
        assertThat(end.metadata()).containsKey("train.stop");
        assertThat(t.resume(end, DATA).paramsSha256()).isEqualTo(uninterrupted.paramsSha256());
    }

    @Test
    void aFlippedByteIsRefusedNamingTheFileAndNothingChanges() throws IOException {
        Path newest = ckpts.resolve("ckpt-20.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 100] ^= 0x10;
        Files.write(newest, bytes);
        Map<String, byte[]> before = snapshot(ckpts);
        CheckpointDirectory dir = CheckpointDirectory.open(ckpts, 3);
        Trainer t = trainer(8);
        assertThatExceptionOfType(CheckpointException.class)
                .isThrownBy(() -> dir.latest(t.layout(), t.stateTemplate(), CheckpointDirectory.OnCorrupt.REFUSE))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM_MISMATCH))
                .withMessageStartingWith("checkpoint " + newest + ": the data does not match its checksum")
                .withMessageEndingWith("(the file is corrupted); the previous checkpoint is ckpt-16.safetensors (pass"
                        + " OnCorrupt.FALL_BACK to resume from the newest sound one)");
        assertUnchanged(before, ckpts);

        // falling back to the previous checkpoint still reproduces the run exactly
        CheckpointDirectory.Loaded older = dir.latest(t.layout(), t.stateTemplate(),
                CheckpointDirectory.OnCorrupt.FALL_BACK).orElseThrow();
        assertThat(older.file().getFileName().toString()).isEqualTo("ckpt-16.safetensors");
        assertThat(older.skipped()).hasSize(1);
        assertThat(t.resume(older.checkpoint(), DATA).params()).isEqualTo(uninterrupted.params());
    }

    @Test
    void aTruncatedFileIsRefusedAndNothingChanges() throws IOException {
        Path newest = ckpts.resolve("ckpt-20.safetensors");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Map<String, byte[]> before = snapshot(ckpts);
        Trainer t = trainer(8);
        assertThatExceptionOfType(CheckpointException.class)
                .isThrownBy(() -> CheckpointDirectory.open(ckpts, 3).latest(t.layout(), t.stateTemplate(),
                        CheckpointDirectory.OnCorrupt.REFUSE))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.TRUNCATED))
                .withMessageStartingWith("checkpoint " + newest + ": ");
        assertUnchanged(before, ckpts);
    }

    @Test
    void aCheckpointOfAnotherHiddenSizeIsRefusedAndNothingChanges() throws IOException {
        Map<String, byte[]> before = snapshot(ckpts);
        Trainer wide = trainer(16);
        assertThatExceptionOfType(CheckpointException.class)
                .isThrownBy(() -> CheckpointDirectory.open(ckpts, 3).latest(wide.layout(), wide.stateTemplate(),
                        CheckpointDirectory.OnCorrupt.FALL_BACK))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.LAYOUT_MISMATCH))
                .withMessage("checkpoint " + ckpts.resolve("ckpt-20.safetensors") + ": parameter layout does not match"
                        + " the model: block 'W1' has shape [2, 8] in the checkpoint, the model expects [2, 16]");
        assertUnchanged(before, ckpts);
        // the trainer checks too, when handed a checkpoint read without the model
        Checkpoint c = new SafetensorsCheckpoints().read(ckpts.resolve("ckpt-20.safetensors"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wide.resume(c, DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot resume from the checkpoint at step 20: parameter layout does not match the model:"
                        + " block 'W1' has shape [2, 8] in the checkpoint, the model expects [2, 16]");
        assertUnchanged(before, ckpts);
    }
}
