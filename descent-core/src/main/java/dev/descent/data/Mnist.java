package dev.descent.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * MNIST (or Fashion-MNIST, or any set in the same four-file layout) as two classification datasets
 * of 10 classes, one row per image, pixels scaled to [0, 1].
 *
 * <pre>{@code
 * Mnist mnist = Mnist.load(Path.of("data/mnist"));
 * mnist.train();   // Dataset[60000 × 784, 10 classes]
 * mnist.test();    // Dataset[10000 × 784, 10 classes]
 * }</pre>
 *
 * <h2>Files</h2>
 * In {@code dir}, for each stem {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, the first that exists of: the
 * stem, the stem plus {@code .gz}, and the same two with the last {@code -} before {@code idx}
 * written as {@code .} (as some mirrors name them, e.g. {@code train-images.idx3-ubyte}). Gzip is
 * detected from the content either way ({@link IdxReader}). A missing file is a
 * {@link NoSuchFileException} listing the names tried.
 *
 * <h2>Memory</h2>
 * 8 bytes per pixel: about 376 MB for the training set and 63 MB for the test set (the bytes read
 * from the files are dropped once scaled). Features stay doubles, the library's one number type.
 *
 * <p>MNIST: Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database of handwritten digits";
 * Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning applied to document
 * recognition", Proc. IEEE 86(11), 1998.
 *
 * @param train the 60 000 training images (for MNIST)
 * @param test  the 10 000 test images (for MNIST)
 */
public record Mnist(Dataset train, Dataset test) {

    /** The number of classes (digits 0 to 9). */
    public static final int CLASSES = 10;

    /** Loads the four files from {@code dir} (see the class comment). */
    public static Mnist load(Path dir) throws IOException {
        Path trainImages = find(dir, "train-images-idx3-ubyte");
        Path trainLabels = find(dir, "train-labels-idx1-ubyte");
        Path testImages = find(dir, "t10k-images-idx3-ubyte");
        Path testLabels = find(dir, "t10k-labels-idx1-ubyte");
        Dataset train = IdxReader.read(trainImages, trainLabels, CLASSES);
        Dataset test = IdxReader.read(testImages, testLabels, CLASSES);
        if (train.featureCount() != test.featureCount()) {
            throw new IdxFormatException(testImages, "has " + test.featureCount() + " pixels per image but "
                    + trainImages + " has " + train.featureCount());
        }
        return new Mnist(train, test);
    }

    /** The file for {@code stem} in {@code dir} (see the class comment). */
    public static Path find(Path dir, String stem) throws NoSuchFileException {
        int dash = stem.lastIndexOf("-idx");
        String dotted = dash < 0 ? stem : stem.substring(0, dash) + "." + stem.substring(dash + 1);
        String[] names = {stem, stem + ".gz", dotted, dotted + ".gz"};
        for (String name : names) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(dir.resolve(stem).toString(), null,
                "no such file; also tried " + names[1] + ", " + names[2] + " and " + names[3] + " in " + dir);
    }
}
