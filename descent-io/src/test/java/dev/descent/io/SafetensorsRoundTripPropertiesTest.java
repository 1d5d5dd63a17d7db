package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.StateDict;
import dev.descent.train.Checkpoint;
import dev.descent.train.TrainingPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random layouts and random nested state trees survive a safetensors round trip bit for bit. */
class SafetensorsRoundTripPropertiesTest {

    final SafetensorsCheckpoints codec = new SafetensorsCheckpoints();

    static double randomBits(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Double.longBitsToDouble(r.nextLong()); // any bit pattern, NaN payloads included
            case 1 -> -0.0;
            case 2 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NaN;
            default -> r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
        };
    }

    static double[] randomArray(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = randomBits(r);
        }
        return a;
    }

    static ParamLayout randomLayout(SplittableRandom r) {
        ParamLayout.Builder b = ParamLayout.builder();
        int blocks = r.nextInt(1, 5);
        for (int i = 0; i < blocks; i++) {
            int[] shape = new int[r.nextInt(0, 4)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = r.nextInt(1, 5);
            }
            b.add((r.nextBoolean() ? "W" : "layer.bias_") + i, shape);
        }
        return b.build();
    }

    static StateDict randomState(SplittableRandom r, ParamLayout layout, int depth) {
        String name = "opt" + r.nextInt(100);
        Map<String, double[]> buffers = new LinkedHashMap<>();
        int nb = r.nextInt(0, 4);
        for (int i = 0; i < nb; i++) {
            int len = r.nextInt(4) == 0 ? r.nextInt(0, 3) : layout.size(); // history-like or per-parameter
            buffers.put(name + ".buf" + i, randomArray(r, len));
        }
        Map<String, StateDict> children = new LinkedHashMap<>();
        if (depth < 3) {
            int nc = r.nextInt(0, 3);
            for (int i = 0; i < nc; i++) {
                ParamLayout sub = r.nextBoolean() ? layout : randomLayout(r);
                children.put("child" + i, randomState(r, sub, depth + 1));
            }
        }
        return new StateDict(name, layout, r.nextLong(0, 1L << 53), buffers, children);
    }

    static Checkpoint randomCheckpoint(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        ParamLayout layout = randomLayout(r);
        Map<String, String> meta = new LinkedHashMap<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            meta.put("key" + i, "value ✓ " + r.nextLong());
        }
        long step = r.nextLong(0, 1L << 40);
        return Checkpoint.of(layout, randomArray(r, layout.size()), randomState(r, layout, 0),
                new TrainingPosition(r.nextLong(0, 1000), step / 2, step, r.nextLong()), meta);
    }

    @Property(tries = 60)
    void roundTripIsBitForBit(@ForAll long seed) throws IOException {
        Checkpoint c = randomCheckpoint(seed);
        Path f = Files.createTempFile("roundtrip", ".safetensors");
        try {
            codec.write(f, c);
            Checkpoint back = codec.read(f);
            SafetensorsCheckpointsTest.assertSameBits(back, c);
            assertThat(back.position()).isEqualTo(c.position());
            assertThat(back.metadata()).containsExactlyEntriesOf(c.metadata());
            Checkpoint checked = codec.read(f, c.layout(), c.optimizer());
            assertThat(checked).isEqualTo(c);
            // the independent reader agrees on every parameter bit
            RawSafetensors.File raw = RawSafetensors.read(f);
            double[] params = c.params();
            for (var b : c.layout().blocks()) {
                double[] got = raw.tensors().get("param/" + b.name()).doubles();
                SafetensorsCheckpointsTest.assertBitsEqual(got,
                        java.util.Arrays.copyOfRange(params, b.offset(), b.end()));
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
