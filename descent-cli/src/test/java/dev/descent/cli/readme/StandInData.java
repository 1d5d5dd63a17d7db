package dev.descent.cli.readme;

import dev.descent.cli.TrainFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Small stand-ins for the data sets the README's examples read from {@code ../shared/data}, laid
 * out as they are there, so that the examples run as printed without the real files: MNIST's four
 * IDX files (28 × 28 images, few of them) and scikit-learn's iris CSV (150 rows, 4 features,
 * 3 classes, in its header format).
 */
final class StandInData {

    private StandInData() {
    }

    /** Writes {@code shared/data/mnist} and {@code shared/data/sklearn/iris.csv} under {@code parent}. */
    static void write(Path parent) throws IOException {
        Path data = parent.resolve("shared/data");
        mnist(Files.createDirectories(data.resolve("mnist")), 600, 200, 1);
        iris(Files.createDirectories(data.resolve("sklearn")).resolve("iris.csv"), 2);
    }

    /** Digit k brightens row block k of the image, with noise: learnable, unlike noise alone. */
    static void mnist(Path dir, int train, int test, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        idx(dir, "train", train, rng);
        idx(dir, "t10k", test, rng);
    }

    private static void idx(Path dir, String prefix, int n, SplittableRandom rng) throws IOException {
        int side = 28;
        byte[] pixels = new byte[n * side * side];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int y = rng.nextInt(10);
            labels[i] = (byte) y;
            for (int p = 0; p < side * side; p++) {
                boolean lit = (p / side) / 3 == y && rng.nextInt(4) > 0;
                pixels[i * side * side + p] = (byte) (lit ? 150 + rng.nextInt(106) : rng.nextInt(40));
            }
        }
        TrainFiles.writeIdx(dir, prefix, pixels, labels, side);
    }

    /** 50 rows per class around iris's class means, in scikit-learn's format (a first row "150,4,names…", labels 0–2). */
    static void iris(Path file, long seed) throws IOException {
        double[][] means = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder b = new StringBuilder("150,4,setosa,versicolor,virginica\n");
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 50; i++) {
                for (double m : means[c]) {
                    b.append(String.format(Locale.ROOT, "%.1f,", Math.max(0.1, m + 0.3 * rng.nextGaussian())));
                }
                b.append(c).append('\n');
            }
        }
        Files.writeString(file, b);
    }
}
