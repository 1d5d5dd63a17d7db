package dev.descent.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MNIST-style IDX files of unsigned bytes, raw or gzipped, and checks everything the format
 * promises.
 *
 * <pre>
 *   magic   4 bytes: 0x00, 0x00, type, rank        type 0x08 = unsigned byte
 *           images: 0x00000803 (2051, rank 3)      labels: 0x00000801 (2049, rank 1)
 *   dims    rank × 4-byte big-endian unsigned integers (count, then rows and columns for images)
 *   data    Π dims unsigned bytes, row-major, and nothing after them
 * </pre>
 *
 * A file is gzipped when it starts with the gzip header bytes 0x1f 0x8b, whatever its name, and is
 * then decompressed while reading. Each way a file can be wrong gives an {@link IdxFormatException}
 * whose message names the file and the problem:
 * <ul>
 *   <li>bad magic: the first two bytes are not zero (not an IDX file);</li>
 *   <li>unsupported data type: not 0x08 (signed bytes, shorts, ints, floats and doubles are
 *       valid IDX but not MNIST-style);</li>
 *   <li>wrong rank: for example a label file (rank 1) given where images (rank 3) are expected;</li>
 *   <li>a dimension of 0, or more data than a Java array holds;</li>
 *   <li>more data declared than the file can hold: checked against the file's size (or, gzipped,
 *       the most its size can decompress to) before any of it is read, so a damaged header that
 *       claims 10⁹ items fails at once instead of allocating;</li>
 *   <li>a path that is not a regular file (a directory, device or FIFO: /dev/zero never ends);</li>
 *   <li>truncated header or data: fewer bytes than the magic and dimensions say, and trailing
 *       bytes after the declared data;</li>
 *   <li>corrupt or truncated gzip data;</li>
 *   <li>a label outside the declared range {@code [0, classes)};</li>
 *   <li>image and label counts that differ ({@link #read}).</li>
 * </ul>
 */
public final class IdxReader {

    /** The magic number of an image file: unsigned bytes, rank 3. */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** The magic number of a label file: unsigned bytes, rank 1. */
    public static final int LABELS_MAGIC = 0x00000801;

    /** The IDX data type code of unsigned bytes. */
    public static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /**
     * The images of an IDX image file.
     *
     * @param count  number of images
     * @param rows   pixel rows per image
     * @param cols   pixel columns per image
     * @param pixels count × rows × cols unsigned bytes (0 to 255), row-major; not copied
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {

        public Images {
            if ((long) count * rows * cols != pixels.length) {
                throw new IllegalArgumentException(count + " images of " + rows + " × " + cols + " need "
                        + (long) count * rows * cols + " pixels, got " + pixels.length);
            }
        }

        /** Pixels per image. */
        public int pixelsPerImage() {
            return rows * cols;
        }

        /** Pixel {@code i} (row-major over all images) as an unsigned value 0 to 255. */
        public int pixel(int i) {
            return pixels[i] & 0xff;
        }

        /** Every pixel scaled to [0, 1] by {@link #scalePixels}: a fresh array, count × rows·cols. */
        public double[] scaled() {
            return scalePixels(pixels);
        }
    }

    /** Unsigned bytes to [0, 1]: {@code (b & 0xff) / 255.0}, so 0 → 0.0 and 255 → 1.0 exactly. */
    public static double[] scalePixels(byte[] pixels) {
        double[] x = new double[pixels.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (pixels[i] & 0xff) / 255.0;
        }
        return x;
    }

    /** Reads an image file (magic 2051). */
    public static Images readImages(Path file) throws IOException {
        Idx idx = read(file, 3, IMAGES_MAGIC, "an image file", "images");
        return new Images(idx.dims[0], idx.dims[1], idx.dims[2], idx.data);
    }

    /**
     * Reads a label file (magic 2049) whose labels must lie in {@code [0, classes)}.
     *
     * @param classes the declared number of classes (10 for MNIST), 1 to 256
     */
    public static int[] readLabels(Path file, int classes) throws IOException {
        if (classes < 1 || classes > 256) {
            throw new IllegalArgumentException("classes = " + classes + " is outside [1, 256] (labels are unsigned bytes)");
        }
        Idx idx = read(file, 1, LABELS_MAGIC, "a label file", "labels");
        int[] labels = new int[idx.data.length];
        for (int i = 0; i < labels.length; i++) {
            int y = idx.data[i] & 0xff;
            if (y >= classes) {
                throw new IdxFormatException(file, "label " + y + " at index " + i + " is outside the declared range [0, "
                        + classes + ")");
            }
            labels[i] = y;
        }
        return labels;
    }

    /**
     * Reads matching image and label files into a classification dataset, one row per image with
     * its pixels scaled to [0, 1] ({@link #scalePixels}).
     *
     * @param classes the declared number of classes
     * @throws IdxFormatException for any malformed file, or when the counts differ
     */
    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + " must be >= 2");
        }
        Images im = readImages(images);
        int[] y = readLabels(labels, classes);
        if (y.length != im.count()) {
            throw new IdxFormatException(labels, "holds " + y.length + " labels but " + images + " holds "
                    + im.count() + " images; the counts must match");
        }
        return Dataset.ownClassification(im.scaled(), im.pixelsPerImage(), y, classes);
    }

    // ---- the format ----

    private record Idx(int[] dims, byte[] data) {
    }

    private static Idx read(Path file, int rank, int magic, String kind, String unit) throws IOException {
        Opened opened = open(file);
        try (InputStream in = opened.in()) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw new IdxFormatException(file, "truncated header: the file has " + head.length
                        + " byte(s), fewer than the 4 of an IDX magic number");
            }
            int found = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            if (head[0] != 0 || head[1] != 0) {
                throw new IdxFormatException(file, String.format("bad magic number 0x%08X (%d): expected 0x%08X (%d) for %s;"
                        + " IDX files start with two zero bytes", found, found, magic, magic, kind));
            }
            int type = head[2] & 0xff;
            if (type != UNSIGNED_BYTE) {
                throw new IdxFormatException(file, String.format("magic number 0x%08X declares data type 0x%02X (%s), but"
                        + " only unsigned bytes (0x08) are supported", found, type, typeName(type)));
            }
            int foundRank = head[3] & 0xff;
            if (foundRank != rank) {
                throw new IdxFormatException(file, String.format("wrong rank: magic number 0x%08X (%d) declares %d"
                        + " dimension(s), but %s has %d (magic 0x%08X = %d)%s", found, found, foundRank, kind, rank, magic,
                        magic, hint(foundRank)));
            }
            byte[] dimBytes = in.readNBytes(4 * rank);
            if (dimBytes.length < 4 * rank) {
                throw new IdxFormatException(file, "truncated header: it ends after " + dimBytes.length + " of the "
                        + 4 * rank + " bytes of the " + rank + " dimension(s)");
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int k = 0; k < rank; k++) {
                long d = ((dimBytes[4 * k] & 0xffL) << 24) | ((dimBytes[4 * k + 1] & 0xff) << 16)
                        | ((dimBytes[4 * k + 2] & 0xff) << 8) | (dimBytes[4 * k + 3] & 0xff);
                if (d == 0) {
                    throw new IdxFormatException(file, "dimension " + k + " " + dimName(rank, k) + " is 0");
                }
                total *= d;
                if (total > Integer.MAX_VALUE - 8) {
                    throw new IdxFormatException(file, "the header declares dimensions " + describe(dimBytes, rank)
                            + ", more bytes of data than a Java array can hold");
                }
                dims[k] = (int) d;
            }
            String declared = declared(dims, unit);
            // check the claim against the file before reading (and allocating) that much
            long header = 4 + 4L * rank;
            if (!opened.gzip() && opened.size() - header < total) {
                throw new IdxFormatException(file, "truncated: the header declares " + declared + " (" + total
                        + " bytes) but only " + (opened.size() - header) + " bytes follow");
            }
            if (opened.gzip() && header + total > maxInflatedSize(opened.size())) {
                throw new IdxFormatException(file, "truncated: the header declares " + declared + " (" + total
                        + " bytes), more than a gzip file of " + opened.size() + " bytes can hold (at most "
                        + maxInflatedSize(opened.size()) + " bytes decompressed)");
            }
            byte[] data = in.readNBytes((int) total);
            if (data.length < total) {
                throw new IdxFormatException(file, "truncated: the header declares " + declared + " (" + total
                        + " bytes) but only " + data.length + " bytes follow");
            }
            long extra = 0;
            byte[] skip = new byte[8192];
            for (int r; (r = in.read(skip)) > 0; ) {
                extra += r;
            }
            if (extra > 0) {
                throw new IdxFormatException(file, extra + " unexpected byte(s) after the " + total + " bytes of data"
                        + " that the header declares (" + declared + ")");
            }
            return new Idx(dims, data);
        } catch (EOFException e) {
            throw new IdxFormatException(file, "truncated gzip stream: the compressed data ends early ("
                    + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The most bytes a gzip file of {@code size} bytes can decompress to: deflate's best ratio is
     * 1032 : 1 (a 258-byte match in about 2 bits), with slack for small files.
     */
    static long maxInflatedSize(long size) {
        return size > Long.MAX_VALUE / 1032 ? Long.MAX_VALUE : 1032 * size + 1024;
    }

    /** An open IDX file: its bytes (decompressed if need be), whether it is gzip, and its size on disk. */
    private record Opened(InputStream in, boolean gzip, long size) {
    }

    /**
     * The file's bytes, decompressed when it starts with the gzip header 0x1f 0x8b. Only a regular
     * file is opened: a device, FIFO or socket may never end (/dev/zero) or block (a FIFO).
     */
    private static Opened open(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) { // a missing file: NoSuchFileException below
            throw new IdxFormatException(file, Files.isDirectory(file) ? "is a directory, not an IDX file"
                    : "not a regular file (a device, FIFO or socket, which may never end)");
        }
        long size = Files.size(file);
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            if (!gzip) {
                return new Opened(raw, false, size);
            }
            try {
                return new Opened(new GZIPInputStream(raw, 1 << 16), true, size);
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                throw new IdxFormatException(file, "corrupt or truncated gzip header: " + (e.getMessage() == null
                        ? "it ends inside the header" : e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static String declared(int[] dims, String unit) {
        if (dims.length == 3) {
            return dims[0] + " " + unit + " of " + dims[1] + " × " + dims[2];
        }
        if (dims.length == 1) {
            return dims[0] + " " + unit;
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < dims.length; k++) {
            sb.append(k == 0 ? "" : " × ").append(dims[k]);
        }
        return sb.toString();
    }

    private static String describe(byte[] dimBytes, int rank) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < rank; k++) {
            long d = ((dimBytes[4 * k] & 0xffL) << 24) | ((dimBytes[4 * k + 1] & 0xff) << 16)
                    | ((dimBytes[4 * k + 2] & 0xff) << 8) | (dimBytes[4 * k + 3] & 0xff);
            sb.append(k == 0 ? "" : " × ").append(d);
        }
        return sb.toString();
    }

    private static String dimName(int rank, int k) {
        if (k == 0) {
            return "(count)";
        }
        return rank == 3 ? (k == 1 ? "(rows)" : "(columns)") : "";
    }

    private static String hint(int foundRank) {
        return switch (foundRank) {
            case 1 -> "; is this a label file?";
            case 3 -> "; is this an image file?";
            default -> "";
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }
}
