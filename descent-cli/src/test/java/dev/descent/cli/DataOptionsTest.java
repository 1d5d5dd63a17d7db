package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.io.CsvOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

class DataOptionsTest {

    @TempDir
    Path dir;

    /** A command that holds only the mixin, to call {@link DataOptions#prepare} on parsed arguments. */
    @Command(name = "holder")
    static final class Holder {
        @Mixin
        DataOptions data;
    }

    /** The result of {@code prepare} on {@code args}, and what it printed on stderr. */
    record Prepared(PreparedData data, String err) {
    }

    static Prepared prepare(String model, String... args) throws CommandFailure {
        Holder h = new Holder();
        CommandLine cl = new CommandLine(h);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.parseArgs(args);
        PreparedData d = h.data.prepare(cl.getCommandSpec(), ModelSpec.parse(model), 0);
        return new Prepared(d, err.toString());
    }

    static PreparedData softmax(String... args) throws CommandFailure {
        return prepare("softmax", args).data();
    }

    static AbstractThrowableAssert<?, ? extends Throwable> usageError(String... args) {
        return assertThatThrownBy(() -> softmax(args)).isInstanceOf(ParameterException.class);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> inputError(String... args) {
        return assertThatThrownBy(() -> softmax(args)).isInstanceOf(CommandFailure.class)
                .satisfies(e -> assertThat(((CommandFailure) e).exitCode()).isEqualTo(2));
    }

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    Path gzip(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    /** scikit-learn's format: 5 rows, 2 features, 3 named classes. */
    static final String TINY_IRIS = """
            5,2,setosa,versicolor,virginica
            5.1,3.5,0
            7.0,3.2,1
            6.3,3.3,2
            4.9,3.0,0
            6.4,3.2,1
            """;

    // ---------------------------------------------------------------- scikit-learn's format

    @Test
    void sklearnFilesLoadWithoutOptionsWithTheirClassNames() throws CommandFailure, IOException {
        PreparedData d = softmax("--data", write("iris.csv", TINY_IRIS).toString());
        assertThat(d.format()).isEqualTo("csv");
        assertThat(d.csvFormat()).isEqualTo(CsvOptions.Format.SKLEARN);
        assertThat(d.csvFormatName()).isEqualTo("sklearn");
        assertThat(d.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.train().size()).isEqualTo(5);
        assertThat(d.train().featureCount()).isEqualTo(2);
        assertThat(d.train().classes()).isEqualTo(3);
        assertThat(d.validation()).isNull();
        assertThat(d.test()).isNull();

        // two classes, 3 features, gzipped, and a test file in the same format
        String cancer = "3,3,malignant,benign\n1,2,3,0\n4,5,6,1\n7,8,9,1\n";
        Path train = gzip("cancer.csv.gz", cancer);
        Path test = write("cancer-test.csv", "2,3,malignant,benign\n1,1,1,1\n2,2,2,0\n");
        PreparedData c = softmax("--data", train.toString(), "--test", test.toString());
        assertThat(c.csvFormat()).isEqualTo(CsvOptions.Format.SKLEARN);
        assertThat(c.classes()).containsExactly("malignant", "benign");
        assertThat(c.train().size()).isEqualTo(3);
        assertThat(c.train().featureCount()).isEqualTo(3);
        assertThat(c.test().size()).isEqualTo(2);

        // the JSON summary of train reports the format and the class names
        JsonNode j = TrainCommandTest.json(TrainCommandTest.train("--data", dir.resolve("iris.csv").toString(),
                "--model", "softmax", "--epochs", "1", "--json"));
        assertThat(j.path("data").path("csv_format").asText()).isEqualTo("sklearn");
        assertThat(j.path("data").path("class_names").toString()).isEqualTo("[\"setosa\",\"versicolor\",\"virginica\"]");
        assertThat(j.path("data").path("train").asInt()).isEqualTo(5);
        assertThat(j.path("data").path("features").asInt()).isEqualTo(2);
    }

    @Test
    void aTestFileInSklearnsFormatMustNameTheSameClasses() throws IOException {
        Path train = write("iris.csv", TINY_IRIS);
        Path test = write("other.csv", "2,2,a,b,c\n1,2,0\n3,4,2\n");
        inputError("--data", train.toString(), "--test", test.toString())
                .hasMessage("--test " + test + " names the classes [a, b, c], the training file [setosa, versicolor,"
                        + " virginica]");
    }

    @Test
    void aNumericFirstRowWhoseCountsDoNotMatchIsAHeader() throws CommandFailure, IOException {
        // 5,3,0,1 could be n_samples = 5, n_features = 3 and two classes, but there are 4 data rows
        Path f = write("counts.csv", "5,3,0,1\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n");
        Prepared p = prepare("softmax", "--data", f.toString());
        assertThat(p.data().csvFormat()).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(p.data().train().size()).isEqualTo(4);
        assertThat(p.data().train().featureCount()).isEqualTo(3);
        assertThat(p.data().classes()).containsExactly("0", "1");
        assertThat(p.err()).isEqualTo("holder: the first row of " + f + " is all numbers but is read as column names"
                + " (it is not scikit-learn's n_samples,n_features,class names… row); add --no-header if it is data"
                + System.lineSeparator());
        assertThat(softmax("--data", f.toString(), "--format", "header").csvFormat())
                .isEqualTo(CsvOptions.Format.HEADER);

        // forcing scikit-learn's format names the file and the line
        inputError("--data", f.toString(), "--format", "sklearn")
                .hasMessage(f + ": line 1: the first line says n_samples = 5, but there are 4 data rows");
        Path width = write("width.csv", "4,2,0,1\n1,2,3,0\n4,5,6,1\n7,8,9,0\n1,1,1,1\n");
        assertThat(softmax("--data", width.toString()).csvFormat()).isEqualTo(CsvOptions.Format.HEADER);
        inputError("--data", width.toString(), "--format", "SKLEARN")
                .hasMessage(width + ": line 2: 4 values, but the first line says n_features = 2, so rows need 3"
                        + " (features and the label)");
        CliRun r = TrainCommandTest.train("--data", width.toString(), "--model", "softmax", "--format", "sklearn");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent train: " + width + ": line 2: 4 values, but the first line says"
                + " n_features = 2, so rows need 3 (features and the label)" + System.lineSeparator());
    }

    // ---------------------------------------------------------------- no header, label columns

    @Test
    void noHeaderReadsTheFirstRowAsDataWithTheLabelLast() throws CommandFailure, IOException {
        Path f = write("plain.csv", "0.5,1.5,b\n2.5,3.5,a\n4.5,5.5,b\n");
        PreparedData d = softmax("--data", f.toString(), "--no-header");
        assertThat(d.csvFormat()).isEqualTo(CsvOptions.Format.NO_HEADER);
        assertThat(d.train().size()).isEqualTo(3);
        assertThat(d.train().featureCount()).isEqualTo(2);
        assertThat(d.classes()).containsExactly("a", "b");
        PreparedData same = softmax("--data", f.toString(), "--format", "no-header", "--label-column", "-1");
        assertThat(same.train().featureArray()).isEqualTo(d.train().featureArray());
        assertThat(same.train().labels()).isEqualTo(d.train().labels());
        // without --no-header the first row is a header: one row fewer, and a warning-free read (it has a letter)
        assertThat(softmax("--data", f.toString()).train().size()).isEqualTo(2);
    }

    @Test
    void labelColumnChoosesTheLabelByIndexWithOrWithoutAHeader() throws CommandFailure, IOException {
        Path plain = write("first.csv", "b,0.5,1.5\na,2.5,3.5\nb,4.5,5.5\nc,6.5,7.5\n");
        PreparedData first = softmax("--data", plain.toString(), "--no-header", "--label-column", "0");
        assertThat(first.classes()).containsExactly("a", "b", "c");
        assertThat(first.train().featureCount()).isEqualTo(2);
        assertThat(first.train().labels()).containsExactly(1, 0, 1, 2);
        assertThat(first.train().featureArray()).containsExactly(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5);
        PreparedData minus = softmax("--data", plain.toString(), "--no-header", "--label-column", "-3");
        assertThat(minus.train().labels()).isEqualTo(first.train().labels());

        Path header = write("header.csv", "species,x,y\nb,0.5,1.5\na,2.5,3.5\nb,4.5,5.5\n");
        PreparedData byIndex = softmax("--data", header.toString(), "--label-column", "0");
        PreparedData byName = softmax("--data", header.toString(), "--label", "species");
        assertThat(byIndex.csvFormat()).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(byIndex.classes()).containsExactly("a", "b");
        assertThat(byIndex.train().featureArray()).isEqualTo(byName.train().featureArray());
        assertThat(byIndex.train().labels()).isEqualTo(byName.train().labels());
        // -1 is the last column, so 'species' becomes a feature
        inputError("--data", header.toString(), "--label-column", "-1")
                .hasMessage(header + ": line 2, column 'species': 'b' is not a number");

        inputError("--data", plain.toString(), "--no-header", "--label-column", "3")
                .hasMessage("--label-column 3 is outside [-3, 3): " + plain + " has 3 columns");
        inputError("--data", header.toString(), "--label-column", "-4")
                .hasMessage("--label-column -4 is outside [-3, 3): " + header + " has 3 columns");
        CliRun r = TrainCommandTest.train("--data", header.toString(), "--model", "softmax", "--label-column", "7");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("descent train: --label-column 7 is outside [-3, 3): " + header + " has 3"
                + " columns" + System.lineSeparator());
    }

    @Test
    void aGzippedFileWithoutHeaderLoads() throws CommandFailure, IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(i % 4).append(',').append(i).append(',').append(i % 3).append('\n');
        }
        Path gz = gzip("pixels.csv.gz", b.toString());
        PreparedData d = softmax("--data", gz.toString(), "--no-header");
        assertThat(d.csvFormat()).isEqualTo(CsvOptions.Format.NO_HEADER);
        assertThat(d.train().size()).isEqualTo(12);
        assertThat(d.train().featureCount()).isEqualTo(2);
        assertThat(d.classes()).containsExactly("0", "1", "2");
        // auto reads the numeric first row as a header, warns, and here fails on its repeated names
        CliRun r = TrainCommandTest.train("--data", gz.toString(), "--model", "softmax");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("descent train: the first row of " + gz + " is all numbers but is read as column"
                + " names").contains("add --no-header if it is data")
                .contains("descent train: " + gz + ": line 1, column '0': the header names this column twice");
    }

    @Test
    void contradictingOptionsAreUsageErrorsNamingThem() throws IOException {
        Path header = write("header.csv", "species,x,y\nb,0.5,1.5\na,2.5,3.5\n");
        Path iris = write("iris.csv", TINY_IRIS);
        usageError("--data", header.toString(), "--label", "species", "--label-column", "0")
                .hasMessage("--label species and --label-column 0 both choose the label column; give one of them");
        usageError("--data", header.toString(), "--no-header", "--label", "species")
                .hasMessage("--label species names a header column, but --no-header reads a file without one; choose"
                        + " the label by --label-column INDEX");
        usageError("--data", header.toString(), "--no-header", "--format", "sklearn")
                .hasMessage("--no-header contradicts --format sklearn");
        usageError("--data", header.toString(), "--format", "tsv")
                .hasMessage("--format: unknown format 'tsv'; known: auto, header, sklearn, no-header");
        usageError("--data", iris.toString(), "--format", "sklearn", "--label-column", "0")
                .hasMessage("--label-column 0: scikit-learn's format (--format sklearn) has the label in the last"
                        + " column");
        usageError("--data", iris.toString(), "--label-column", "0")
                .hasMessage("--label-column 0: " + iris + " is in scikit-learn's format (its first row is"
                        + " n_samples,n_features,class names…), whose label is the last column; add --format header"
                        + " to read the first row as column names");
        usageError("--data", header.toString(), "--validation", "1")
                .hasMessage("--validation = 1.0 is outside [0, 1)");

        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 20, 10, 1);
        usageError("--data", idx.toString(), "--no-header")
                .hasMessage("--no-header is for CSV data; " + idx + " is an IDX directory");
        usageError("--data", idx.toString(), "--format", "sklearn")
                .hasMessage("--format sklearn is for CSV data; " + idx + " is an IDX directory");
        usageError("--data", idx.toString(), "--label-column", "0")
                .hasMessage("--label-column is for CSV data; IDX files hold their labels");

        CliRun r = TrainCommandTest.train("--data", header.toString(), "--model", "softmax", "--label", "species",
                "--label-column", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--label species and --label-column 0 both choose the label column")
                .endsWith("Try 'descent train --help' for more information." + System.lineSeparator())
                .doesNotContain("Usage:");
    }

    @Test
    void theValidationSplitIsStratifiedAndStandardizationUsesTheTrainingPart() throws CommandFailure, IOException {
        Path csv = TrainFiles.blobsCsv(dir.resolve("blobs.csv"), 200, 3, 1);
        PreparedData d = softmax("--data", csv.toString(), "--validation", "0.25", "--standardize");
        assertThat(d.train().size() + d.validation().size()).isEqualTo(200);
        assertThat(d.validation().size()).isBetween(48, 52);
        double[] x = d.train().featureArray();
        int n = d.train().size();
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += x[i * 3 + j];
            }
            assertThat(mean / n).as("training mean of feature %d", j).isCloseTo(0, offset(1e-12));
        }
        PreparedData again = softmax("--data", csv.toString(), "--validation", "0.25", "--standardize");
        assertThat(again.validation().featureArray()).isEqualTo(d.validation().featureArray());
    }

    @Test
    void settingsNameEveryDataOption() {
        Holder h = new Holder();
        new CommandLine(h).parseArgs("--data", "x.csv", "--no-header", "--label-column", "-2", "--validation", "0.1");
        assertThat(h.data.settings()).containsOnlyKeys("--data", "--format", "--no-header", "--label", "--label-column",
                "--validation", "--standardize");
        assertThat(h.data.settings()).containsEntry("--no-header", "true").containsEntry("--label-column", "-2")
                .containsEntry("--format", "auto").containsEntry("--validation", "0.1");
    }

    // ---------------------------------------------------------------- scikit-learn's real files

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "iris.csv,          150, 4,  3,  0.5",
        "wine_data.csv,     178, 13, 3,  0.5",
        "breast_cancer.csv, 569, 30, 2,  0.75",
        "digits.csv.gz,     1797, 64, 10, 0.5"})
    void trainsOnScikitLearnsBundledFiles(String file, int rows, int features, int classes, double minAccuracy)
            throws IOException {
        Path path = SharedData.require("sklearn/" + file); // see SharedDataTest for the other shipped sets
        List<String> args = new ArrayList<>(List.of("--data", path.toString(), "--model", "softmax",
                "--epochs", "2", "--standardize", "--json"));
        if (file.startsWith("digits")) {
            args.add("--no-header"); // digits.csv.gz has no first row at all (shared/data/README.md)
        }
        CliRun r = TrainCommandTest.train(args.toArray(String[]::new));
        JsonNode j = TrainCommandTest.json(r);
        assertThat(j.path("data").path("csv_format").asText()).isEqualTo(file.startsWith("digits") ? "no-header"
                : "sklearn");
        assertThat(j.path("data").path("train").asInt()).isEqualTo(rows);
        assertThat(j.path("data").path("features").asInt()).isEqualTo(features);
        assertThat(j.path("data").path("classes").asInt()).isEqualTo(classes);
        double accuracy = j.path("train").path("accuracy").asDouble();
        System.out.printf("%s: train accuracy %.4f after 2 epochs%n", file, accuracy);
        assertThat(accuracy).as("train accuracy on %s (chance 1/%d)", file, classes).isGreaterThan(minAccuracy);
        if (file.equals("breast_cancer.csv")) {
            assertThat(j.path("data").path("class_names").toString()).isEqualTo("[\"malignant\",\"benign\"]");
        }
        if (file.equals("iris.csv")) {
            assertThat(j.path("data").path("class_names").toString()).isEqualTo("[\"setosa\",\"versicolor\","
                    + "\"virginica\"]");
        }
    }

    @Test
    void idxDataHasNoCsvFormat() throws IOException {
        Path idx = TrainFiles.idxDir(dir.resolve("mnist"), 50, 10, 1);
        JsonNode j = new ObjectMapper().readTree(TrainCommandTest.train("--data", idx.toString(), "--model", "softmax",
                "--epochs", "1", "--json").out());
        assertThat(j.path("data").path("format").asText()).isEqualTo("idx");
        assertThat(j.path("data").path("csv_format").isNull()).isTrue();
    }
}
