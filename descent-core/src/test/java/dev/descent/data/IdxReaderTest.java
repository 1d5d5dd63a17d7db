package dev.descent.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files written by the test itself (raw and gzipped, well-formed and malformed): round trips,
 * and one precise message per way a file can be wrong.
 */
class IdxReaderTest {

    @TempDir
    Path dir;

    // ---- writing tiny IDX files ----

    /** An IDX file: magic (0, 0, type, rank), big-endian dims, then the data bytes. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    static byte[] images(int count, int rows, int cols) {
        byte[] px = new byte[count * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37 + 255); // covers 0 … 255, high bit set included
        }
        return idx(0x08, new int[] {count, rows, cols}, px);
    }

    static byte[] labels(int... values) {
        byte[] y = new byte[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) values[i];
        }
        return idx(0x08, new int[] {values.length}, y);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static String problem(ThrowingRead read) {
        try {
            read.run();
        } catch (IdxFormatException e) {
            assertThat(e.getMessage()).isEqualTo(e.file() + ": " + e.problem());
            return e.problem();
        } catch (IOException e) {
            throw new AssertionError("expected an IdxFormatException, got " + e, e);
        }
        throw new AssertionError("the file was accepted");
    }

    @FunctionalInterface
    interface ThrowingRead {
        void run() throws IOException;
    }

    // ---- round trips ----

    @Test
    void rawAndGzippedFilesReadBackTheSameBytes() throws IOException {
        byte[] img = images(3, 2, 4);
        for (boolean gz : new boolean[] {false, true}) {
            Path p = write("imgs" + gz, gz ? gzip(img) : img); // gzip is detected by content, not by name
            IdxReader.Images im = IdxReader.readImages(p);
            assertThat(im.count()).isEqualTo(3);
            assertThat(im.rows()).isEqualTo(2);
            assertThat(im.cols()).isEqualTo(4);
            assertThat(im.pixels()).isEqualTo(Arrays.copyOfRange(img, 16, img.length));
            assertThat(im.pixel(0)).isEqualTo(255);
            assertThat(im.pixel(1)).isEqualTo(36);
            Path l = write("labels" + gz, gz ? gzip(labels(0, 9, 4)) : labels(0, 9, 4));
            assertThat(IdxReader.readLabels(l, 10)).containsExactly(0, 9, 4);
        }
    }

    @Test
    void aDatasetHasOneRowPerImageWithPixelsScaledToTheUnitInterval() throws IOException {
        byte[] px = {0, (byte) 255, (byte) 128, 1, 2, 3, 4, 5};
        Path images = write("i.gz", gzip(idx(0x08, new int[] {2, 2, 2}, px)));
        Path labels = write("l", labels(1, 0));
        Dataset d = IdxReader.read(images, labels, 2);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.featureCount()).isEqualTo(4);
        assertThat(d.row(0)).containsExactly(0, 1, 128 / 255.0, 1 / 255.0);
        assertThat(d.labels()).containsExactly(1, 0);
        assertThat(IdxReader.scalePixels(new byte[] {(byte) 255, 0})).containsExactly(1.0, 0.0);
    }

    @Test
    void mnistLoadsTheFourFilesByTheirUsualNames() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(images(5, 3, 3)));
        write("train-labels-idx1-ubyte", labels(0, 1, 2, 3, 9));
        write("t10k-images.idx3-ubyte", images(2, 3, 3)); // the dotted mirror name
        write("t10k-labels-idx1-ubyte.gz", gzip(labels(7, 8)));
        Mnist m = Mnist.load(dir);
        assertThat(m.train()).hasToString("Dataset[5 × 9, 10 classes]");
        assertThat(m.test().labels()).containsExactly(7, 8);
        assertThat(m.train().feature(0, 0)).isEqualTo(1.0);
        for (int i = 0; i < m.train().size(); i++) {
            for (int j = 0; j < 9; j++) {
                assertThat(m.train().feature(i, j)).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void mnistNamesTheMissingFile() throws IOException {
        write("train-images-idx3-ubyte.gz", gzip(images(5, 3, 3)));
        assertThatThrownBy(() -> Mnist.load(dir)).isInstanceOf(NoSuchFileException.class)
                .hasMessage(dir.resolve("train-labels-idx1-ubyte") + ": no such file; also tried "
                        + "train-labels-idx1-ubyte.gz, train-labels.idx1-ubyte and train-labels.idx1-ubyte.gz in " + dir);
    }

    // ---- malformed files ----

    @Test
    void badMagic() throws IOException {
        byte[] text = "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Path p = write("text", text);
        assertThat(problem(() -> IdxReader.readImages(p))).isEqualTo(
                "bad magic number 0x68656C6C (1751477356): expected 0x00000803 (2051) for an image file;"
                        + " IDX files start with two zero bytes");
    }

    @Test
    void unsupportedDataType() throws IOException {
        Path p = write("floats", idx(0x0D, new int[] {1, 1, 1}, new byte[4]));
        assertThat(problem(() -> IdxReader.readImages(p))).isEqualTo(
                "magic number 0x00000D03 declares data type 0x0D (float), but only unsigned bytes (0x08) are supported");
    }

    @Test
    void wrongRank() throws IOException {
        Path lab = write("labels", labels(1, 2));
        assertThat(problem(() -> IdxReader.readImages(lab))).isEqualTo(
                "wrong rank: magic number 0x00000801 (2049) declares 1 dimension(s), but an image file has 3"
                        + " (magic 0x00000803 = 2051); is this a label file?");
        Path img = write("images", images(1, 2, 2));
        assertThat(problem(() -> IdxReader.readLabels(img, 10))).isEqualTo(
                "wrong rank: magic number 0x00000803 (2051) declares 3 dimension(s), but a label file has 1"
                        + " (magic 0x00000801 = 2049); is this an image file?");
    }

    @Test
    void truncatedHeader() throws IOException {
        Path empty = write("empty", new byte[0]);
        assertThat(problem(() -> IdxReader.readLabels(empty, 10)))
                .isEqualTo("truncated header: the file has 0 byte(s), fewer than the 4 of an IDX magic number");
        Path shortDims = write("short", Arrays.copyOf(images(1, 2, 2), 10));
        assertThat(problem(() -> IdxReader.readImages(shortDims)))
                .isEqualTo("truncated header: it ends after 6 of the 12 bytes of the 3 dimension(s)");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = images(3, 28, 28);
        byte[] cut = Arrays.copyOf(full, 16 + 2000);
        String expected = "truncated: the header declares 3 images of 28 × 28 (2352 bytes) but only 2000 bytes follow";
        Path raw = write("raw", cut);
        assertThat(problem(() -> IdxReader.readImages(raw))).isEqualTo(expected);
        Path gz = write("gz", gzip(cut)); // a complete gzip stream of too little data
        assertThat(problem(() -> IdxReader.readImages(gz))).isEqualTo(expected);
        Path lab = write("lab", Arrays.copyOf(labels(1, 2, 3, 4), 8 + 3));
        assertThat(problem(() -> IdxReader.readLabels(lab, 10)))
                .isEqualTo("truncated: the header declares 4 labels (4 bytes) but only 3 bytes follow");
    }

    @Test
    void truncatedOrCorruptGzipStream() throws IOException {
        byte[] gz = gzip(images(3, 28, 28));
        Path cut = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThat(problem(() -> IdxReader.readImages(cut)))
                .startsWith("truncated gzip stream: the compressed data ends early (");
        byte[] bad = gz.clone();
        for (int i = 12; i < 40; i++) {
            bad[i] ^= (byte) 0x5A; // scramble the deflate blocks
        }
        Path corrupt = write("corrupt.gz", bad);
        assertThat(problem(() -> IdxReader.readImages(corrupt))).startsWith("corrupt gzip data (");
    }

    @Test
    void trailingBytes() throws IOException {
        byte[] full = labels(1, 2);
        Path p = write("long", Arrays.copyOf(full, full.length + 5));
        assertThat(problem(() -> IdxReader.readLabels(p, 10)))
                .isEqualTo("5 unexpected byte(s) after the 2 bytes of data that the header declares (2 labels)");
    }

    @Test
    void zeroDimension() throws IOException {
        Path p = write("zero", idx(0x08, new int[] {4, 0, 28}, new byte[0]));
        assertThat(problem(() -> IdxReader.readImages(p))).isEqualTo("dimension 1 (rows) is 0");
        Path huge = write("huge", idx(0x08, new int[] {-1, 28, 28}, new byte[0]));
        assertThat(problem(() -> IdxReader.readImages(huge))).isEqualTo(
                "the header declares dimensions 4294967295 × 28 × 28, more bytes of data than a Java array can hold");
    }

    @Test
    void labelOutOfTheDeclaredRange() throws IOException {
        Path p = write("labels", labels(3, 1, 12, 0));
        assertThat(problem(() -> IdxReader.readLabels(p, 10)))
                .isEqualTo("label 12 at index 2 is outside the declared range [0, 10)");
        assertThat(IdxReader.readLabels(p, 13)).containsExactly(3, 1, 12, 0);
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        Path images = write("train-images", images(3, 2, 2));
        Path labels = write("train-labels", labels(1, 2));
        IdxFormatException e = org.junit.jupiter.api.Assertions.assertThrows(IdxFormatException.class,
                () -> IdxReader.read(images, labels, 10));
        assertThat(e.file()).isEqualTo(labels);
        assertThat(e.getMessage()).isEqualTo(labels + ": holds 2 labels but " + images
                + " holds 3 images; the counts must match");
    }
    @Test
    void aHeaderClaimingMoreDataThanTheFileHoldsFailsBeforeReading() throws IOException {
        // 10⁹ labels declared, one byte present: refused from the file size, before any allocation
        byte[] claim = ByteBuffer.allocate(9).putInt(IdxReader.LABELS_MAGIC).putInt(1_000_000_000).put((byte) 3).array();
        Path raw = write("claim", claim);
        assertThat(problem(() -> IdxReader.readLabels(raw, 10)))
                .isEqualTo("truncated: the header declares 1000000000 labels (1000000000 bytes) but only 1 bytes follow");
        Path gz = write("claim.gz", gzip(claim));
        long size = Files.size(gz);
        assertThat(problem(() -> IdxReader.readLabels(gz, 10))).isEqualTo("truncated: the header declares 1000000000"
                + " labels (1000000000 bytes), more than a gzip file of " + size + " bytes can hold (at most "
                + (1032 * size + 1024) + " bytes decompressed)");
        // images: 100000 × 100 × 100 = 10⁹ pixels in a 16-byte file
        byte[] images = ByteBuffer.allocate(16).putInt(IdxReader.IMAGES_MAGIC).putInt(100_000).putInt(100).putInt(100)
                .array();
        Path im = write("images", images);
        assertThat(problem(() -> IdxReader.readImages(im))).isEqualTo("truncated: the header declares 100000 images of"
                + " 100 × 100 (1000000000 bytes) but only 0 bytes follow");
    }

    @Test
    void theInflationBoundHoldsForDeflatesBestRatio() throws IOException {
        // a megabyte of zeros compresses about 1000 : 1, the most deflate does; the bound must admit it
        byte[] zeros = new byte[1 << 20];
        long compressed = gzip(zeros).length;
        assertThat(IdxReader.maxInflatedSize(compressed)).isGreaterThanOrEqualTo(zeros.length);
        assertThat(IdxReader.maxInflatedSize(Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
        // and a valid gzipped file of repetitive pixels still reads
        byte[] file = idx(0x08, new int[] {1000, 28, 28}, new byte[1000 * 28 * 28]);
        Path p = write("blank.gz", gzip(file));
        assertThat(IdxReader.readImages(p).count()).isEqualTo(1000);
    }

    @Test
    void onlyRegularFilesAreOpened() throws IOException {
        Path zero = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThat(problem(() -> IdxReader.readImages(zero)))
                .isEqualTo("not a regular file (a device, FIFO or socket, which may never end)");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThat(problem(() -> IdxReader.readLabels(sub, 10))).isEqualTo("is a directory, not an IDX file");
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("missing"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void controlCharactersInTheFileNameAreEscapedInTheMessage() throws IOException {
        Path p = write("bad\u001b[2Jname", new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> IdxReader.readImages(p)).isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(dir.resolve("bad\\x1b[2Jname") + ": bad magic number");
    }
}
