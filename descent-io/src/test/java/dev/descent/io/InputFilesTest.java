package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.InputFileException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path dir;

    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    Path gzip(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(bytes);
        }
        return p;
    }

    static String readAll(Path p, long max) throws IOException {
        StringWriter w = new StringWriter();
        try (Reader r = InputFiles.newTextReader(p, max)) {
            r.transferTo(w);
        }
        return w.toString();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> refused(Path p, Kind kind) {
        return refused(p, Long.MAX_VALUE, kind);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> refused(Path p, long max, Kind kind) {
        return assertThatThrownBy(() -> readAll(p, max)).isInstanceOf(InputFileException.class)
                .satisfies(e -> assertThat(((InputFileException) e).kind()).isEqualTo(kind));
    }

    /** A FIFO made by mkfifo, or the test is skipped where there is none. */
    Path fifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        try {
            Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        } catch (IOException e) {
            Assumptions.abort("no mkfifo: " + e.getMessage());
        }
        return p;
    }

    // ---------------------------------------------------------------- not a regular file

    @Test
    @Timeout(10)
    void devicesFifosAndDirectoriesAreRefusedBeforeOpening() throws Exception {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero here");
        assertThatThrownBy(() -> InputFiles.requireRegularFile("--data", zero)).isInstanceOf(InputFileException.class)
                .hasMessage("--data /dev/zero: a character device, not a regular file (reading one may never end)");
        refused(zero, Kind.NOT_A_FILE).hasMessage("/dev/zero: a character device, not a regular file (reading one may"
                + " never end)");
        refused(Path.of("/dev/urandom"), Kind.NOT_A_FILE);
        // opening a FIFO would block until a writer comes: the timeout fails the test if it does
        Path fifo = fifo("pipe.csv");
        refused(fifo, Kind.NOT_A_FILE).hasMessage(fifo + ": a FIFO (named pipe), not a regular file (opening one blocks"
                + " until another program writes to it)");
        refused(dir, Kind.NOT_A_FILE).hasMessage(dir + ": a directory, not a regular file");
        // a link is followed, to what it points at
        Path link = Files.createSymbolicLink(dir.resolve("zero.csv"), zero);
        refused(link, Kind.NOT_A_FILE).hasMessageContaining("a character device");
        assertThatThrownBy(() -> InputFiles.requireRegularFile(dir.resolve("nope.csv")))
                .isInstanceOf(NoSuchFileException.class);
        InputFiles.requireRegularFile("--data", write("ok.csv", new byte[0])); // no exception
    }

    // ---------------------------------------------------------------- size

    @Test
    void aFileLargerThanTheLimitIsRefusedBeforeReadingAndAGzipBombWhileReading() throws IOException {
        Path big = write("big.csv", "a,b\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8)); // 12 bytes
        assertThat(readAll(big, 12)).isEqualTo("a,b\n1,2\n3,4\n");
        refused(big, 11, Kind.TOO_LARGE).hasMessage(big + ": the file has 12 bytes, more than 11 bytes, the limit");
        // 1 MiB of text in a gzip file of about 1 KiB: stopped once the limit is passed
        byte[] lines = "0,0,0\n".repeat(200_000).getBytes(StandardCharsets.UTF_8);
        Path bomb = gzip("bomb.csv.gz", lines);
        assertThat(Files.size(bomb)).isLessThan(10_000);
        refused(bomb, 100_000, Kind.TOO_LARGE).hasMessage(bomb + ": decompressed, the file has more than 100000"
                + " bytes (100000 bytes, the limit)");
        assertThat(readAll(bomb, lines.length)).hasSize(lines.length);
        // the default limit is the heap
        assertThat(InputFiles.defaultMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(InputFiles.size(5_000_000_000L)).isEqualTo("5000000000 bytes (4.7 GiB)");
    }

    // ---------------------------------------------------------------- binary data

    @Test
    void binaryDataIsRecognizedByItsFirstBytes() throws IOException {
        byte[] text = "x,y\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[40];
        System.arraycopy("sepal_length,sepal_wid".getBytes(StandardCharsets.UTF_8), 0, withNul, 0, 17);
        Path nul = write("nul.csv", withNul);
        refused(nul, Kind.NOT_TEXT).hasMessage(nul + ": not a text file (NUL byte at offset 17)");

        byte[] labels = ByteBuffer.allocate(11).putInt(0x00000801).putInt(3).put(new byte[] {1, 2, 3}).array();
        Path idx = write("train-labels-idx1-ubyte", labels);
        refused(idx, Kind.IDX_DATA).hasMessage(idx + ": not a text file: it starts with the IDX magic number 0x00000801"
                + " (2049), MNIST-style labels");
        Path idxGz = gzip("t10k-images-idx3-ubyte.gz", ByteBuffer.allocate(16).putInt(0x00000803).putInt(0)
                .putInt(28).putInt(28).array());
        refused(idxGz, Kind.IDX_DATA).hasMessageContaining("0x00000803 (2051), MNIST-style images");

        Path gzNoSuffix = dir.resolve("data.csv");
        Files.move(gzip("tmp.gz", text), gzNoSuffix);
        refused(gzNoSuffix, Kind.NOT_TEXT).hasMessage(gzNoSuffix + ": not a text file: it starts with the gzip magic"
                + " bytes 1f 8b; a gzipped file's name must end in .gz");
        Path notGz = write("plain.csv.gz", text);
        refused(notGz, Kind.NOT_GZIP).hasMessageStartingWith(notGz + ": not a gzip file, although its name ends in .gz");

        // a NUL past the first block, inside gzip: the offset is of the decompressed text
        byte[] late = ("1,2\n".repeat(30_000) + "3,\u0000\n").getBytes(StandardCharsets.UTF_8);
        Path lateGz = gzip("late.csv.gz", late);
        refused(lateGz, Kind.NOT_TEXT).hasMessage(lateGz + ": not a text file (NUL byte at offset 120002 of the"
                + " decompressed data)");
    }

    @Test
    void invalidUtf8IsReportedWithItsOffsetAndLine() throws IOException {
        Path latin = write("latin.csv", "name,y\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(latin, Kind.NOT_UTF8).hasMessage(latin + ": line 2: not UTF-8 text: byte e9 at offset 10 is not valid"
                + " UTF-8; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")
                .satisfies(e -> assertThat(((InputFileException) e).line()).isEqualTo(2));
        // far past the first block, on line 50001
        byte[] head = "1,2\n".repeat(50_000).getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[head.length + 4];
        System.arraycopy(head, 0, bad, 0, head.length);
        bad[head.length] = '3';
        bad[head.length + 1] = ',';
        bad[head.length + 2] = (byte) 0xff;
        bad[head.length + 3] = '\n';
        Path late = write("late.csv", bad);
        refused(late, Kind.NOT_UTF8).hasMessageStartingWith(late + ": line 50001: not UTF-8 text: byte ff at offset "
                + (head.length + 2) + " is not valid UTF-8");
        // a multi-byte sequence cut off by the end of the file
        Path cut = write("cut.csv", new byte[] {'a', ',', (byte) 0xe2, (byte) 0x82});
        refused(cut, Kind.NOT_UTF8).hasMessageContaining("at offset 2");
    }

    @Test
    void textIsReadWhole() throws IOException {
        // multi-byte characters across every block boundary, a BOM kept for the CSV reader to drop
        StringBuilder b = new StringBuilder("\ufeff");
        while (b.length() < 3 * InputFiles.BLOCK) {
            b.append("é,∇θ,\ud83d\ude00,").append(b.length()).append('\n');
        }
        String text = b.toString();
        Path p = write("utf8.csv", text.getBytes(StandardCharsets.UTF_8));
        assertThat(readAll(p, Long.MAX_VALUE)).isEqualTo(text);
        Path gz = gzip("utf8.csv.gz", text.getBytes(StandardCharsets.UTF_8));
        assertThat(readAll(gz, Long.MAX_VALUE)).isEqualTo(text);
        assertThat(readAll(write("empty.csv", new byte[0]), 0)).isEmpty();
        // one character at a time, as some readers ask
        try (Reader r = InputFiles.newTextReader(p)) {
            StringBuilder one = new StringBuilder();
            for (int c; (c = r.read()) >= 0; ) {
                one.append((char) c);
            }
            assertThat(one.toString()).isEqualTo(text);
        }
    }

    // ---------------------------------------------------------------- through CsvDatasets

    @Test
    void csvDatasetsRefusesBinaryFilesAsCsvDataExceptionsWithTheCause() throws IOException {
        byte[] labels = ByteBuffer.allocate(11).putInt(0x00000801).putInt(3).put(new byte[] {1, 2, 3}).array();
        Path idx = write("labels.csv", labels);
        for (ThrowingCall call : new ThrowingCall[] {
            () -> CsvDatasets.read(idx, CsvOptions.sklearn()),
            () -> CsvDatasets.sniff(idx, ','),
            () -> CsvDatasets.header(idx, ',')}) {
            assertThatThrownBy(call::run).isInstanceOf(CsvDataException.class)
                    .hasMessage(idx + ": not a text file: it starts with the IDX magic number 0x00000801 (2049),"
                            + " MNIST-style labels")
                    .cause().isInstanceOf(InputFileException.class);
        }
        // invalid UTF-8 after the first block, met by the CSV parser: still named with its line
        byte[] head = "a,b\n".concat("1,x\n".repeat(20_000)).getBytes(StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(head, head.length + 4);
        bad[head.length] = '2';
        bad[head.length + 1] = ',';
        bad[head.length + 2] = (byte) 0xc3;
        bad[head.length + 3] = '\n';
        Path late = write("late.csv", bad);
        assertThatThrownBy(() -> CsvDatasets.read(late, CsvOptions.header("b"))).isInstanceOf(CsvDataException.class)
                .hasMessageStartingWith(late + ": line 20002: not UTF-8 text: byte c3 at offset " + (head.length + 2));
    }

    @Test
    void controlCharactersInCellsAndNamesAreEscapedInCsvMessages() throws IOException {
        Path p = write("esc.csv", "a,b\u001b]0;x\u0007,y\n1,\u001b[2J,c\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CsvDatasets.read(p, CsvOptions.header("y"))).isInstanceOf(CsvDataException.class)
                .hasMessage(p + ": line 2, column 'b\\x1b]0;x\\x07': '\\x1b[2J' is not a number")
                .satisfies(e -> assertThat(((CsvDataException) e).column()).isEqualTo("b\u001b]0;x\u0007"));
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws IOException;
    }
}
