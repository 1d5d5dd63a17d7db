package dev.descent.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Small generated data files for the {@code train} command's tests. */
public final class TrainFiles {

    private TrainFiles() {
    }

    static final String[] NAMES = {"setosa", "versicolor", "virginica"};

    /**
     * A CSV file of three Gaussian blobs in {@code d} dimensions with a header {@code x1,…,xd,species}
     * and text class labels.
     */
    static Path blobsCsv(Path file, int n, int d, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder();
        for (int j = 1; j <= d; j++) {
            b.append('x').append(j).append(',');
        }
        b.append("species\n");
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            for (int j = 0; j < d; j++) {
                double center = j % 3 == c ? 2.0 : 0.0;
                b.append(String.format(Locale.ROOT, "%.6f,", center + rng.nextGaussian()));
            }
            b.append(NAMES[c]).append('\n');
        }
        Files.writeString(file, b);
        return file;
    }

    /** A CSV file {@code a,b,c,y} with y = 2a − b + 0.5c + 1 + noise. */
    static Path linearCsv(Path file, int n, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder("a,b,c,y\n");
        for (int i = 0; i < n; i++) {
            double x1 = rng.nextGaussian();
            double x2 = rng.nextGaussian();
            double x3 = rng.nextGaussian();
            double y = 2 * x1 - x2 + 0.5 * x3 + 1 + 0.01 * rng.nextGaussian();
            b.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f%n", x1, x2, x3, y));
        }
        Files.writeString(file, b);
        return file;
    }

    /**
     * An IDX directory in MNIST's layout: {@code train} and {@code test} images of 4 × 4 pixels,
     * where digit k lights up pixel k (and some noise), 10 classes.
     */
    static Path idxDir(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        writeIdx(dir, "train", train, rng);
        writeIdx(dir, "t10k", test, rng);
        return dir;
    }

    private static void writeIdx(Path dir, String prefix, int n, SplittableRandom rng) throws IOException {
        byte[] pixels = new byte[n * 16];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int y = rng.nextInt(10);
            labels[i] = (byte) y;
            for (int p = 0; p < 16; p++) {
                pixels[i * 16 + p] = (byte) rng.nextInt(60);
            }
            pixels[i * 16 + y] = (byte) (200 + rng.nextInt(56));
        }
        writeIdx(dir, prefix, pixels, labels, 4);
    }

    /** Writes {@code prefix-images-idx3-ubyte} (n square images of side × side bytes) and {@code prefix-labels-idx1-ubyte}. */
    public static void writeIdx(Path dir, String prefix, byte[] pixels, byte[] labels, int side) throws IOException {
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-images-idx3-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x00000803);
            out.writeInt(labels.length);
            out.writeInt(side);
            out.writeInt(side);
            out.write(pixels);
        }
        try (OutputStream f = Files.newOutputStream(dir.resolve(prefix + "-labels-idx1-ubyte"));
                DataOutputStream out = new DataOutputStream(f)) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            out.write(labels);
        }
    }
}
