package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input the CLI must not trust: paths that never end or block, files that are not what the
 * options say, control characters that would drive the terminal if echoed, and usage errors.
 * Each gives one clear message and exit code 2, and none hangs (hence the timeouts).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UntrustedInputTest {

    static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    static CliRun train(String... args) {
        return TrainCommandTest.train(args);
    }

    static void assertInputError(CliRun r, String err) {
        assertThat(r.exit()).as("exit; stderr:%n%s", r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(err + NL);
    }

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

    // ---------------------------------------------------------------- inputs that never end

    @Test
    @Timeout(20)
    void devicesAndFifosAreRefusedByTrainAndCompare() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        assertInputError(train("--data", "/dev/zero", "--model", "softmax"),
                "descent train: --data /dev/zero: a character device, not a regular file (reading one may never end)");
        assertInputError(train("--data", "/dev/urandom", "--model", "softmax"),
                "descent train: --data /dev/urandom: a character device, not a regular file (reading one may never"
                        + " end)");
        assertInputError(CliRun.of("compare", "--data", "/dev/zero", "--model", "softmax", "--optimizers",
                "sgd(lr=0.1); adam", "--out",
                dir.resolve("out").toString()), "descent compare: --data /dev/zero: a character device, not a regular"
                        + " file (reading one may never end)");
        Path fifo = fifo("data.csv");
        assertInputError(train("--data", fifo.toString(), "--model", "softmax"), "descent train: --data " + fifo
                + ": a FIFO (named pipe), not a regular file (opening one blocks until another program writes to it)");
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 2, 1);
        assertInputError(train("--data", csv.toString(), "--model", "softmax", "--test", "/dev/zero"),
                "descent train: --test /dev/zero: a character device, not a regular file (reading one may never end)");
    }

    @Test
    void aDirectoryWithoutIdxFilesSaysWhatOneHolds() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertInputError(train("--data", empty.toString(), "--model", "softmax"), "descent train: --data " + empty
                + ": a directory without IDX files; an IDX directory holds train-images-idx3-ubyte[.gz],"
                + " train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] (MNIST's"
                + " layout), otherwise give a CSV file");
    }

    @Test
    void aCsvFileLargerThanTheHeapIsRefusedBeforeReading() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        Path huge = dir.resolve("huge.csv");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(heap + 1); // sparse: no disk used, and nothing of it is read
        }
        CliRun r = train("--data", huge.toString(), "--model", "softmax");
        assertInputError(r, "descent train: " + huge + ": the file has " + (heap + 1) + " bytes ("
                + r.err().replaceAll("(?s).*?bytes \\(([^)]*)\\).*", "$1") + "), more than " + heap + " bytes ("
                + r.err().replaceAll("(?s).*?more than \\d+ bytes \\(([^)]*)\\).*", "$1") + "), the Java heap's"
                + " maximum size (raise it with -Xmx, e.g. JAVA_TOOL_OPTIONS=-Xmx8g)");
        assertThat(r.err()).matches("(?s).*\\(\\d+\\.\\d [KMGT]iB\\).*");
    }

    @Test
    void anIdxHeaderClaimingABillionItemsIsCheckedAgainstTheFileSize() throws IOException {
        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 20, 10, 1);
        Path labels = idx.resolve("train-labels-idx1-ubyte");
        byte[] claim = ByteBuffer.allocate(8 + 20).putInt(0x00000801).putInt(1_000_000_000).array();
        Files.write(labels, claim);
        assertInputError(train("--data", idx.toString(), "--model", "softmax"), "descent train: " + labels
                + ": truncated: the header declares 1000000000 labels (1000000000 bytes) but only 20 bytes follow");
    }

    // ---------------------------------------------------------------- binary files given as CSV

    @Test
    void anIdxFileGivenAsCsvSaysThatIdxDataAreADirectory() throws IOException {
        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 20, 10, 1);
        Path images = idx.resolve("train-images-idx3-ubyte");
        assertInputError(train("--data", images.toString(), "--model", "softmax"), "descent train: " + images
                + ": not a text file: it starts with the IDX magic number 0x00000803 (2051), MNIST-style images; IDX"
                + " data are read from a directory: give --data the directory that holds this file and the other"
                + " three (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz],"
                + " t10k-labels-idx1-ubyte[.gz])");
    }

    @Test
    void binaryAndNonUtf8FilesAreNamedNotText() throws IOException {
        byte[] bin = new byte[64];
        System.arraycopy("sepal_length,sepal".getBytes(StandardCharsets.US_ASCII), 0, bin, 0, 17);
        Path nul = Files.write(dir.resolve("data.csv"), bin);
        assertInputError(train("--data", nul.toString(), "--model", "softmax"), "descent train: " + nul
                + ": not a text file (NUL byte at offset 17); --data takes a text CSV file (.csv, or gzipped .csv.gz)"
                + " or an IDX directory");
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 2, 1);
        assertInputError(train("--data", csv.toString(), "--model", "softmax", "--test", nul.toString()),
                "descent train: " + nul + ": not a text file (NUL byte at offset 17); --test takes a text CSV file"
                        + " (.csv, or gzipped .csv.gz)");
        Path latin = Files.write(dir.resolve("latin.csv"), "x,y\n1,caf\u00e9\n2,th\u00e9\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertInputError(train("--data", latin.toString(), "--model", "softmax"), "descent train: " + latin
                + ": line 2: not UTF-8 text: byte e9 at offset 9 is not valid UTF-8; save the file as UTF-8 (e.g."
                + " iconv -f latin1 -t utf-8)");
        Path gz = Files.write(dir.resolve("gz.csv"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});
        assertInputError(train("--data", gz.toString(), "--model", "softmax"), "descent train: " + gz
                + ": not a text file: it starts with the gzip magic bytes 1f 8b; a gzipped file's name must end in"
                + " .gz; --data takes a text CSV file (.csv, or gzipped .csv.gz) or an IDX directory");
    }

    // ---------------------------------------------------------------- control characters are escaped

    @Test
    void controlCharactersInCellsHeadersAndFileNamesAreEscaped() throws IOException {
        Path cell = Files.writeString(dir.resolve("cell.csv"), "a,b\u001b[1m,y\n1,2,u\n3,\u001b[2J\u001b[H,v\n");
        CliRun r = train("--data", cell.toString(), "--model", "softmax");
        assertInputError(r, "descent train: " + cell + ": line 3, column 'b\\x1b[1m': '\\x1b[2J\\x1b[H' is not a"
                + " number");
        assertThat(r.err()).doesNotContain("\u001b");

        Path named = dir.resolve("two\nlines\u0007.csv");
        CliRun missing = train("--data", named.toString(), "--model", "softmax");
        assertInputError(missing, "descent train: no such file or directory: " + dir + "/two\\nlines\\x07.csv");
        Files.writeString(named, "a,y\n1,u\nx,v\n");
        assertInputError(train("--data", named.toString(), "--model", "softmax"), "descent train: " + dir
                + "/two\\nlines\\x07.csv: line 3, column 'a': 'x' is not a number");

        // an option value echoed in a usage error
        CliRun label = train("--data", cell.toString(), "--model", "softmax", "--label", "y\u001b]0;pwned\u0007",
                "--label-column", "0");
        assertThat(label.exit()).isEqualTo(2);
        assertThat(label.err()).isEqualTo("descent train: --label y\\x1b]0;pwned\\x07 and --label-column 0 both choose"
                + " the label column; give one of them" + NL + "Try 'descent train --help' for more information." + NL);
        CliRun unknown = train("--data", cell.toString(), "--model", "softmax", "--\u001b[31mred");
        assertThat(unknown.err()).startsWith("descent train: Unknown option: '--\\x1b[31mred'").doesNotContain("\u001b");
    }

    @Test
    void aSpecWithControlCharactersIsEscapedWithTheCaretUnderTheOffendingCharacter() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 2, 1);
        CliRun r = train("--data", csv.toString(), "--model", "softmax", "--optimizer", "adam(lr=\u001b[2J)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent train: --optimizer: expected a value but found '\\x1b' at position 8" + NL
                + "  adam(lr=\\x1b[2J)" + NL
                + "          ^" + NL
                + "Try 'descent train --help' for more information." + NL);
    }

    // ---------------------------------------------------------------- usage errors: one line to --help

    @Test
    void usageErrorsPrintTheMessageAndAPointerToHelpNotTheUsage() throws IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 30, 2, 1);
        CliRun missing = train("--data", csv.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("descent train: Missing required option: '--model=MODEL'" + NL
                + "Try 'descent train --help' for more information." + NL);
        assertThat(missing.out()).isEmpty();

        // the spec error keeps its caret display
        CliRun spec = train("--data", csv.toString(), "--model", "softmax", "--optimizer", "adam(lr=1");
        assertThat(spec.err()).isEqualTo("descent train: --optimizer: expected ',' or ')' but found the end at position"
                + " 9" + NL + "  adam(lr=1" + NL + "           ^" + NL + "Try 'descent train --help' for more information."
                + NL);

        // a misspelt option keeps picocli's suggestion
        CliRun typo = train("--data", csv.toString(), "--model", "softmax", "--epoch", "3");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).startsWith("descent train: Unknown options: '--epoch', '3'" + NL)
                .contains("--epochs").endsWith("Try 'descent train --help' for more information." + NL)
                .doesNotContain("Usage:");

        CliRun none = CliRun.of();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).isEqualTo("descent: missing subcommand; one of: demo, compare, optimize, train, fit,"
                + " optimizers, conformance, tune, lr-find, bench, help" + NL + "Try 'descent --help' for more information." + NL);

        // every command: the message, then one line to its --help (two lines in all)
        for (String command : new String[] {"demo", "compare", "optimize", "train", "fit", "optimizers",
            "conformance"}) {
            CliRun r = CliRun.of(command, "--no-such-option");
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err().split("\\R")).as(command + ": " + r.err()).hasSize(2);
            assertThat(r.err()).as(command).startsWith("descent " + command + ": ")
                    .endsWith("Try 'descent " + command + " --help' for more information." + NL);
        }
        // help itself still prints the usage, on stdout, with exit code 0
        CliRun help = train("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: descent train");
    }
    @Test
    void inputFileErrorsThrownByACommandAreReportedWithExitCode2() throws Exception {
        // a command that reads its file through InputFiles and lets the exception out (as fit may)
        picocli.CommandLine cmd = new picocli.CommandLine(new DescentCommand()).getSubcommands().get("fit");
        java.io.StringWriter err = new java.io.StringWriter();
        cmd.setErr(new java.io.PrintWriter(err, true));
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        try {
            dev.descent.io.InputFiles.requireRegularFile("--data", Path.of("/dev/zero"));
            throw new AssertionError("/dev/zero was accepted");
        } catch (dev.descent.io.InputFileException e) {
            assertThat(DescentCommand.executionError(e, cmd)).isEqualTo(2);
        }
        assertThat(err.toString()).isEqualTo("descent fit: --data /dev/zero: a character device, not a regular file"
                + " (reading one may never end)" + NL);
        IllegalStateException other = new IllegalStateException("a bug");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DescentCommand.executionError(other, cmd))
                .isSameAs(other);
    }
}
