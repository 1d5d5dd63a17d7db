package dev.descent.io;

import dev.descent.io.InputFileException.Kind;
import dev.descent.util.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens input files defensively, so that a wrong path fails at once with a message instead of
 * hanging, exhausting memory or reading garbage.
 *
 * <pre>{@code
 * InputFiles.requireRegularFile("--data", path);          // not /dev/zero, a FIFO or a directory
 * try (Reader r = InputFiles.newTextReader(path)) { … }    // bounded, UTF-8 text, .gz gunzipped
 * }</pre>
 *
 * <h2>What is refused</h2>
 * Each is an {@link InputFileException} with its {@link InputFileException.Kind}:
 * <ul>
 *   <li>{@code NOT_A_FILE}: a directory, character or block device ({@code /dev/zero},
 *       {@code /dev/urandom}), FIFO or socket. Only regular files are opened: a device may never
 *       end and opening a FIFO blocks until another program writes to it. Symbolic links are
 *       followed.</li>
 *   <li>{@code TOO_LARGE}: more bytes than the limit, on disk or as decompressed from a
 *       {@code .gz} file (counted while reading, so a gzip bomb or a growing file stops there). The
 *       default limit is the Java heap's maximum size ({@link Runtime#maxMemory()}): a text file
 *       larger than the heap cannot be held as data.</li>
 *   <li>{@code NOT_TEXT}: a NUL byte anywhere (text files have none), or gzip data (magic
 *       {@code 1f 8b}) in a file whose name does not end in {@code .gz};</li>
 *   <li>{@code IDX_DATA}: an IDX file (MNIST-style, magic {@code 00 00 08..0e rank}), given
 *       where text was expected;</li>
 *   <li>{@code NOT_GZIP}: a {@code .gz} file that is not gzip data, or damaged;</li>
 *   <li>{@code NOT_UTF8}: a byte sequence that is not UTF-8, with its offset and line.</li>
 * </ul>
 * Offsets are 0-based bytes of the (decompressed) text, lines 1-based. The first 64 KiB are
 * checked when the file is opened; the rest as it is read, the reader then throwing the
 * exception from {@code read} (a CSV parser may wrap it in an
 * {@link java.io.UncheckedIOException}).
 */
public final class InputFiles {

    /** Bytes checked when the file is opened, and the read buffer's size. */
    static final int BLOCK = 1 << 16;

    private InputFiles() {
    }

    /** The default limit of {@link #newTextReader(Path)}: the Java heap's maximum size. */
    public static long defaultMaxBytes() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Checks that {@code path} is a regular file (following links), before anything opens it.
     *
     * @throws NoSuchFileException  if nothing is there
     * @throws InputFileException   ({@code NOT_A_FILE}) for a directory, device, FIFO or socket
     */
    public static void requireRegularFile(Path path) throws IOException {
        requireRegularFile(null, path);
    }

    /**
     * {@link #requireRegularFile(Path)} for a file given by a command-line option, which the
     * message names: {@code --data /dev/zero: a character device, not a regular file (reading one
     * may never end)}.
     *
     * @param option the option, e.g. {@code --data}, or null
     */
    public static void requireRegularFile(String option, Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return;
        }
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        String type = fileType(path);
        String why = type.equals("a directory") ? ""
                : type.startsWith("a FIFO") ? " (opening one blocks until another program writes to it)"
                : " (reading one may never end)";
        throw new InputFileException(option, path, Kind.NOT_A_FILE, 0, type + ", not a regular file" + why);
    }

    /**
     * What kind of file {@code path} is, in words: {@code a regular file}, {@code a directory},
     * {@code a character device}, {@code a block device}, {@code a FIFO (named pipe)},
     * {@code a socket}, or {@code a special file} where the system does not say.
     */
    static String fileType(Path path) {
        if (Files.isRegularFile(path)) {
            return "a regular file";
        }
        if (Files.isDirectory(path)) {
            return "a directory";
        }
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode");
            return switch (mode & 0170000) {
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0010000 -> "a FIFO (named pipe)";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file"; // no unix attribute view on this system
        }
    }

    /**
     * A UTF-8 reader of a text file of at most {@link #defaultMaxBytes()} bytes, gunzipping one
     * whose name ends in {@code .gz}; see the class comment for what it refuses.
     */
    public static Reader newTextReader(Path path) throws IOException {
        return newTextReader(path, defaultMaxBytes(), "the Java heap's maximum size (raise it with -Xmx, e.g."
                + " JAVA_TOOL_OPTIONS=-Xmx8g)");
    }

    /**
     * {@link #newTextReader(Path)} with another limit.
     *
     * @param maxBytes the most bytes to read, on disk or decompressed, ≥ 0
     */
    public static Reader newTextReader(Path path, long maxBytes) throws IOException {
        return newTextReader(path, maxBytes, "the limit");
    }

    private static Reader newTextReader(Path path, long maxBytes, String limitName) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes = " + maxBytes + " must be >= 0");
        }
        requireRegularFile(path);
        long size = Files.size(path);
        String limit = size(maxBytes) + ", " + limitName;
        if (size > maxBytes) {
            throw new InputFileException(path, Kind.TOO_LARGE, 0, "the file has " + size(size) + ", more than "
                    + limit);
        }
        boolean gz = path.getFileName().toString().endsWith(".gz");
        InputStream in = Files.newInputStream(path);
        try {
            if (gz) {
                try {
                    in = new GZIPInputStream(in, BLOCK);
                } catch (ZipException | java.io.EOFException e) {
                    throw new InputFileException(path, Kind.NOT_GZIP, 0, "not a gzip file, although its name ends in"
                            + " .gz (" + e.getMessage() + ")");
                }
            }
            return new TextReader(in, path, gz, maxBytes, limit);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** A byte count in words: {@code 123 bytes}, {@code 5000000000 bytes (4.7 GiB)}. */
    static String size(long bytes) {
        return bytes < 1L << 20 ? Sizes.bytes(bytes) : bytes + " bytes (" + Sizes.bytes(bytes) + ")";
    }

    /**
     * Decodes UTF-8 strictly while counting bytes and lines, so that a NUL byte, an invalid
     * sequence or a byte past the limit is reported with its offset and line.
     */
    private static final class TextReader extends Reader {
        private final InputStream in;
        private final Path path;
        private final boolean gz;
        private final long maxBytes;
        private final String limit;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        /** Undecoded bytes, in read mode. */
        private final ByteBuffer bytes = ByteBuffer.allocate(BLOCK);
        /** Decoded characters not yet returned, in read mode. */
        private final CharBuffer chars = CharBuffer.allocate(BLOCK);
        /** Bytes read from {@code in} so far, and line feeds among them. */
        private long read;
        private long lineFeeds;
        private boolean eof;
        private boolean flushed;

        TextReader(InputStream in, Path path, boolean gz, long maxBytes, String limit) throws IOException {
            this.in = in;
            this.path = path;
            this.gz = gz;
            this.maxBytes = maxBytes;
            this.limit = limit;
            bytes.flip();
            chars.flip();
            refill();
            // decode the first block now, so a file that is not UTF-8 fails when it is opened
            decode();
        }

        /** Recognizes binary formats by their first bytes, before reading them as text. */
        private void checkStart() throws InputFileException {
            int n = bytes.remaining();
            byte[] b = new byte[Math.min(n, 4)];
            bytes.get(bytes.position(), b);
            if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                throw new InputFileException(path, Kind.NOT_TEXT, 0, "not a text file: it starts with the gzip magic"
                        + " bytes 1f 8b" + (gz ? " inside the gzip data (gzipped twice?)"
                                : "; a gzipped file's name must end in .gz"));
            }
            if (b.length == 4 && b[0] == 0 && b[1] == 0 && b[2] >= 0x08 && b[2] <= 0x0e && b[3] >= 1 && b[3] <= 4) {
                int magic = ((b[2] & 0xff) << 8) | (b[3] & 0xff);
                throw new InputFileException(path, Kind.IDX_DATA, 0, String.format(Locale.ROOT, "not a text file: it"
                        + " starts with the IDX magic number 0x%08X (%d)%s", magic, magic,
                        magic == 0x0803 ? ", MNIST-style images" : magic == 0x0801 ? ", MNIST-style labels" : ""));
            }
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (flushed) {
                    return -1;
                }
                decode();
            }
            int k = Math.min(len, chars.remaining());
            chars.get(cbuf, off, k);
            return k;
        }

        /** Decodes what is buffered into {@link #chars} (emptied by the caller), reading more bytes if need be. */
        private void decode() throws IOException {
            chars.compact();
            try {
                while (chars.position() == 0) {
                    CoderResult r = decoder.decode(bytes, chars, eof);
                    if (r.isError()) {
                        throw notUtf8(bytes.position(), r.length());
                    }
                    if (chars.position() > 0 || r.isOverflow()) {
                        break;
                    }
                    if (eof) {
                        decoder.flush(chars);
                        flushed = true;
                        break;
                    }
                    refill();
                }
            } finally {
                chars.flip();
            }
        }

        /** Reads more bytes after the undecoded ones, checking them for NUL and the limit. */
        private void refill() throws IOException {
            bytes.compact();
            int start = bytes.position();
            int n = 0;
            try {
                n = in.readNBytes(bytes.array(), start, bytes.remaining());
            } catch (ZipException | java.io.EOFException e) {
                throw new InputFileException(path, Kind.NOT_GZIP, 0, "damaged gzip data after " + read
                        + " decompressed bytes (" + e.getMessage() + ")");
            }
            bytes.position(start + n).flip();
            if (n < BLOCK - start) {
                eof = true;
            }
            if (read == 0) {
                checkStart(); // before the NUL scan: an IDX file starts with two
            }
            byte[] a = bytes.array();
            for (int i = start; i < start + n; i++) {
                if (a[i] == 0) {
                    long at = read + (i - start);
                    throw new InputFileException(path, Kind.NOT_TEXT, 0, "not a text file (NUL byte at"
                            + " offset " + at + offsetOf() + ")");
                }
                if (a[i] == '\n') {
                    lineFeeds++;
                }
            }
            read += n;
            if (read > maxBytes) {
                throw new InputFileException(path, Kind.TOO_LARGE, 0, (gz ? "decompressed, the file has more than "
                        : "the file has more than ") + size(maxBytes) + " (" + limit + ")");
            }
        }

        private String offsetOf() {
            return gz ? " of the decompressed data" : "";
        }

        private InputFileException notUtf8(int index, int length) {
            long at = read - (bytes.limit() - index);
            // line feeds among the bytes not yet decoded, from index on, are already counted
            long line = lineFeeds + 1;
            byte[] a = bytes.array();
            for (int j = index; j < bytes.limit(); j++) {
                if (a[j] == '\n') {
                    line--;
                }
            }
            StringBuilder seq = new StringBuilder();
            for (int j = index; j < Math.min(bytes.limit(), index + Math.max(1, length)); j++) {
                seq.append(seq.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", a[j] & 0xff));
            }
            return new InputFileException(path, Kind.NOT_UTF8, line, "not UTF-8 text: byte" + (length > 1 ? "s " : " ")
                    + seq + " at offset " + at + offsetOf() + " " + (length > 1 ? "are" : "is") + " not valid UTF-8;"
                    + " save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
