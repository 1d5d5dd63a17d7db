package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.CsvOptions.ClassOrder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetsTest {

    @TempDir
    Path dir;

    static CsvTable read(String text, CsvOptions options) throws IOException {
        return CsvDatasets.read(new StringReader(text), "t.csv", options);
    }

    static AbstractThrowableAssert<?, ? extends Throwable> refused(String text, CsvOptions options) {
        return assertThatThrownBy(() -> read(text, options)).isInstanceOf(CsvDataException.class);
    }

    static final String FLOWERS = """
            sepal_length,species,sepal_width
            5.1,setosa,3.5
            7.0,versicolor,3.2
            6.3,virginica,3.3
            4.9,setosa,3.0
            """;

    // ---------------------------------------------------------------- happy paths

    @Test
    void readsFeaturesRowMajorAndSortedClassIds() throws IOException {
        CsvTable t = read(FLOWERS, CsvOptions.header("species"));
        assertThat(t.featureNames()).containsExactly("sepal_length", "sepal_width");
        assertThat(t.rows()).isEqualTo(4);
        assertThat(t.cols()).isEqualTo(2);
        assertThat(t.features()).containsExactly(5.1, 3.5, 7.0, 3.2, 6.3, 3.3, 4.9, 3.0);
        assertThat(t.feature(2, 1)).isEqualTo(3.3);
        assertThat(t.labelName()).isEqualTo("species");
        assertThat(t.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.labels()).containsExactly(0, 1, 2, 0);
        assertThat(t.isClassification()).isTrue();
        assertThat(t.targets()).isNull();
        assertThat(t.toString()).isEqualTo("CsvTable[t.csv: 4 rows × 2 features [sepal_length, sepal_width], label"
                + " 'species' 3 classes [setosa, versicolor, virginica]]");
    }

    @Test
    void classIdsCanFollowFirstAppearanceOrAGivenList() throws IOException {
        String text = "x,y\n1,b\n2,a\n3,c\n4,a\n";
        CsvTable seen = read(text, CsvOptions.header("y").withClassOrder(ClassOrder.FIRST_SEEN));
        assertThat(seen.classes()).containsExactly("b", "a", "c");
        assertThat(seen.labels()).containsExactly(0, 1, 2, 1);
        CsvTable given = read(text, CsvOptions.header("y").withClasses(List.of("c", "b", "a", "unused")));
        assertThat(given.classes()).containsExactly("c", "b", "a", "unused");
        assertThat(given.labels()).containsExactly(1, 2, 0, 2);
    }

    @Test
    void numericLabelsSortNumerically() throws IOException {
        CsvTable t = read("x,digit\n0,10\n0,2\n0,-1\n0,2.5\n", CsvOptions.header("digit"));
        assertThat(t.classes()).containsExactly("-1", "2", "2.5", "10");
        assertThat(t.labels()).containsExactly(3, 1, 0, 2);
    }

    @Test
    void readsRegressionTargets() throws IOException {
        CsvTable t = read("a,price,b\n1,10.5,2\n3,-1e3,4\n", CsvOptions.header("price").regression());
        assertThat(t.isClassification()).isFalse();
        assertThat(t.targets()).containsExactly(10.5, -1000.0);
        assertThat(t.labels()).isNull();
        assertThat(t.classes()).isEmpty();
        assertThat(t.features()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void toleratesQuotesSpacesCrlfBomAndBlankLines() throws IOException {
        String text = "\uFEFF\"a\",\"label, with comma\",c\r\n 1 ,\"x, y\", .5\r\n\r\n+2,\"multi\nline\",3e0\r\n\r\n";
        CsvTable t = read(text, CsvOptions.header("label, with comma"));
        assertThat(t.featureNames()).containsExactly("a", "c");
        assertThat(t.features()).containsExactly(1, 0.5, 2, 3);
        assertThat(t.classes()).containsExactly("multi\nline", "x, y");
        assertThat(t.labels()).containsExactly(1, 0);
    }

    @Test
    void readsOtherDelimiters() throws IOException {
        CsvTable t = read("a;b;y\n1;2;u\n", CsvOptions.header("y").withDelimiter(';'));
        assertThat(t.features()).containsExactly(1, 2);
    }

    @Test
    void readsSklearnsBundledFormat() throws IOException {
        CsvTable t = read("3,2,setosa,versicolor,virginica\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n", CsvOptions.sklearn());
        assertThat(t.featureNames()).containsExactly("x0", "x1");
        assertThat(t.labelName()).isEqualTo("target");
        assertThat(t.classes()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.labels()).containsExactly(0, 1, 2);
        assertThat(t.features()).containsExactly(5.1, 3.5, 7.0, 3.2, 6.3, 3.3);

        CsvTable unnamed = read("2,1\n0.5,3\n1.5,0\n", CsvOptions.sklearn());
        assertThat(unnamed.classes()).containsExactly("0", "1", "2", "3");
        assertThat(unnamed.labels()).containsExactly(3, 0);

        CsvTable regression = read("2,1\n0.5,151.0\n1.5,75\n", CsvOptions.sklearn().regression());
        assertThat(regression.targets()).containsExactly(151.0, 75.0);
    }

    @Test
    void readsFilesWithoutHeader() throws IOException {
        CsvTable t = read("\n0,1,7\n2,3,1\n", CsvOptions.noHeader());
        assertThat(t.featureNames()).containsExactly("x0", "x1");
        assertThat(t.labelName()).isEqualTo("label");
        assertThat(t.classes()).containsExactly("1", "7");
        assertThat(t.labels()).containsExactly(1, 0);
    }

    @Test
    void readsFilesWithoutHeaderWithTheLabelAtAnyIndex() throws IOException {
        String text = "7,0.5,1.5\n1,2.5,3.5\n7,4.5,5.5\n";
        CsvTable first = read(text, CsvOptions.noHeader(0));
        assertThat(first.featureNames()).containsExactly("x0", "x1");
        assertThat(first.labelName()).isEqualTo("label");
        assertThat(first.features()).containsExactly(0.5, 1.5, 2.5, 3.5, 4.5, 5.5);
        assertThat(first.classes()).containsExactly("1", "7");
        assertThat(first.labels()).containsExactly(1, 0, 1);
        assertThat(read(text, CsvOptions.noHeader(-3))).isEqualTo(first);
        CsvTable middle = read(text, CsvOptions.noHeader(1));
        assertThat(middle.features()).containsExactly(7, 1.5, 1, 3.5, 7, 5.5);
        assertThat(middle.classes()).containsExactly("0.5", "2.5", "4.5");
        assertThat(read(text, CsvOptions.noHeader(-1))).isEqualTo(read(text, CsvOptions.noHeader()));
        refused(text, CsvOptions.noHeader(3)).hasMessage("t.csv: line 1: label index 3 is outside [-3, 3) for rows of"
                + " 3 values");
        refused(text, CsvOptions.noHeader(-4)).hasMessage("t.csv: line 1: label index -4 is outside [-3, 3) for rows"
                + " of 3 values");
    }

    static CsvOptions.Format sniff(String text) throws IOException {
        return CsvDatasets.sniff(new StringReader(text), ',');
    }

    @Test
    void sniffRecognizesSklearnsFirstRowByItsCounts() throws IOException {
        String iris = "3,2,setosa,versicolor,virginica\n5.1,3.5,0\n7.0,3.2,1\n\n6.3,3.3,2\n";
        assertThat(sniff(iris)).isEqualTo(CsvOptions.Format.SKLEARN);
        assertThat(sniff("\uFEFF" + iris)).isEqualTo(CsvOptions.Format.SKLEARN);
        assertThat(sniff("03, 2 ,a,b\n1,2,0\n3,4,1\n5,6,1\n")).isEqualTo(CsvOptions.Format.SKLEARN);
        // each count off by one, and a class name too many or too few: a header
        assertThat(sniff("4,2,a,b,c\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("3,3,a,b,c\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("3,2,a,b,c,d\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("3,2,a,b\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        // not integers, no class names, no data, an ordinary header, an empty or malformed file
        assertThat(sniff("3,2.0,a,b,c\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("-3,2,a,b,c\n5.1,3.5,0\n7.0,3.2,1\n6.3,3.3,2\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("2,1\n0.5,3\n1.5,0\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("0,2,a\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff(FLOWERS)).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("2,1,a\n1,\"open\n")).isEqualTo(CsvOptions.Format.HEADER);
        assertThat(sniff("99999999999999999999,1,a\n1,0\n")).isEqualTo(CsvOptions.Format.HEADER);
    }

    @Test
    void sniffReadsGzippedFiles() throws IOException {
        Path gz = dir.resolve("tiny.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("2,1,a,b\n0.5,0\n1.5,1\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(CsvDatasets.sniff(gz, ',')).isEqualTo(CsvOptions.Format.SKLEARN);
        Files.writeString(dir.resolve("bad.csv.gz"), "not gzip");
        assertThatThrownBy(() -> CsvDatasets.sniff(dir.resolve("bad.csv.gz"), ','))
                .isInstanceOf(CsvDataException.class).hasMessageStartingWith(dir.resolve("bad.csv.gz") + ": not a gzip file");
    }

    @Test
    void readsFilesAndGzippedFiles() throws IOException {
        Path plain = dir.resolve("flowers.csv");
        Files.writeString(plain, FLOWERS);
        Path gz = dir.resolve("flowers.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(FLOWERS.getBytes(StandardCharsets.UTF_8));
        }
        CsvTable a = CsvDatasets.read(plain, "species");
        CsvTable b = CsvDatasets.read(gz, CsvOptions.header("species"));
        assertThat(a.source()).isEqualTo(plain.toString());
        assertThat(b.features()).isEqualTo(a.features());
        assertThat(b.labels()).isEqualTo(a.labels());
        Files.writeString(dir.resolve("bad.csv.gz"), "not gzip");
        assertThatThrownBy(() -> CsvDatasets.read(dir.resolve("bad.csv.gz"), "species"))
                .isInstanceOf(CsvDataException.class).hasMessageStartingWith(dir.resolve("bad.csv.gz") + ": not a gzip file");
    }

    @Property(tries = 30)
    void writtenNumbersReadBackExactly(@ForAll long seed) throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int rows = r.nextInt(1, 20);
        int cols = r.nextInt(1, 6);
        StringBuilder text = new StringBuilder("y");
        for (int j = 0; j < cols; j++) {
            text.append(",f").append(j);
        }
        double[] expected = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            text.append("\nclass").append(r.nextInt(3));
            for (int j = 0; j < cols; j++) {
                double v = r.nextGaussian() * Math.pow(10, r.nextInt(-200, 200));
                expected[i * cols + j] = v;
                text.append(',').append(v);
            }
        }
        CsvTable t = read(text.toString(), CsvOptions.header("y"));
        assertThat(t.features()).containsExactly(expected);
        assertThat(t.rows()).isEqualTo(rows);
    }

    // ---------------------------------------------------------------- errors: file level

    @Test
    void refusesAnEmptyFile() {
        refused("", CsvOptions.header("y")).hasMessage("t.csv: the file is empty");
        refused("", CsvOptions.sklearn()).hasMessage("t.csv: the file is empty");
        refused("\n\n", CsvOptions.noHeader()).hasMessage("t.csv: the file is empty");
    }

    @Test
    void refusesAHeaderWithoutData() {
        refused("a,y\n", CsvOptions.header("y")).hasMessage("t.csv: no data rows after the header");
        refused("a,y\n\n\n", CsvOptions.header("y")).hasMessage("t.csv: no data rows after the header");
        refused("0,2,a,b\n", CsvOptions.sklearn()).hasMessage("t.csv: no data rows after the first line");
    }

    @Test
    void refusesAMissingLabelColumn() {
        refused(FLOWERS, CsvOptions.header("Species"))
                .hasMessage("t.csv: line 1: no column 'Species' in the header; the columns are [sepal_length, species,"
                        + " sepal_width]");
    }

    @Test
    void refusesBadHeaders() {
        refused("a,b,a\n1,2,3\n", CsvOptions.header("b"))
                .hasMessage("t.csv: line 1, column 'a': the header names this column twice (columns 1 and 3)");
        refused("a,,y\n1,2,3\n", CsvOptions.header("y")).hasMessage("t.csv: line 1: column 2 has an empty name");
        refused("y\nu\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 1: the header has only the label column 'y'; at least one feature column is"
                        + " needed");
    }

    // ---------------------------------------------------------------- errors: values, with line and column

    @Test
    void refusesAMissingValueNamingLineAndColumn() {
        refused("a,b,y\n1,2,u\n3,,v\n", CsvOptions.header("y")).hasMessage("t.csv: line 3, column 'b': missing value")
                .satisfies(e -> {
                    CsvDataException c = (CsvDataException) e;
                    assertThat(c.line()).isEqualTo(3);
                    assertThat(c.column()).isEqualTo("b");
                    assertThat(c.source()).isEqualTo("t.csv");
                });
        refused("a,b,y\n1,2,u\n3, \t ,v\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 3, column 'b': missing value");
        refused("a,y\n1,u\n2,  \n", CsvOptions.header("y")).hasMessage("t.csv: line 3, column 'y': missing label");
        refused("a,y\n1,\n", CsvOptions.header("y").regression())
                .hasMessage("t.csv: line 2, column 'y': missing target");
    }

    @Test
    void refusesNonNumericValues() {
        refused("a,b,y\n1,2,u\n3,abc,v\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 3, column 'b': 'abc' is not a number");
        refused("a,y\n0x10,u\n", CsvOptions.header("y")).hasMessage("t.csv: line 2, column 'a': '0x10' is not a number");
        refused("a,y\n1d,u\n", CsvOptions.header("y")).hasMessage("t.csv: line 2, column 'a': '1d' is not a number");
        refused("a,y\n1,2,\n", CsvOptions.header("y")).hasMessageContaining("line 2: 3 values");
        refused("a,y\nNaN,u\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 2, column 'a': 'NaN' is not a finite number");
        refused("a,y\n-inf,u\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 2, column 'a': '-inf' is not a finite number");
        refused("a,y\n1e999,u\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 2, column 'a': '1e999' is not a finite number (too large)");
        refused("a,y\n1,ten\n", CsvOptions.header("y").regression())
                .hasMessage("t.csv: line 2, column 'y': 'ten' is not a number");
    }

    @Test
    void refusesRaggedRows() {
        refused("a,b,y\n1,2,u\n3,4\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 3: 2 values, but the header has 3 columns");
        refused("a,b,y\n1,2,u,9\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 2: 4 values, but the header has 3 columns");
        refused("1,2,3\n4,5\n", CsvOptions.noHeader()).hasMessage("t.csv: line 2: 2 values, but line 1 has 3 columns");
        refused("7\n", CsvOptions.noHeader())
                .hasMessage("t.csv: line 1: 1 value; at least one feature and the label are needed");
    }

    @Test
    void lineNumbersArePhysicalLinesCountingBlankLinesAndQuotedLineBreaks() {
        String text = "a,y\r\n1,\"two\nlines\"\r\n\r\n2,x\n3,\"also\ntwo\"\n4,x\n5,\n";
        refused(text, CsvOptions.header("y")).hasMessage("t.csv: line 9, column 'y': missing label");
        refused("a,b,y\n1,\"2\n3\",u\n4,5,v\n6,x,w\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 2, column 'b': '2\\n3' is not a number"); // the line break shown escaped
        refused("a,b,y\n1,\"2\n3\",u\n4,5,v\n6,x,w\n".replace("\"2\n3\"", "2"), CsvOptions.header("y"))
                .hasMessage("t.csv: line 4, column 'b': 'x' is not a number");
        // a quoted value spanning lines 2-4 (it strips to the number 2), so the bad row is on line 6
        refused("a,b,y\n1,\" 2\n\n\",u\n4,5,v\n6,x,w\n", CsvOptions.header("y"))
                .hasMessage("t.csv: line 6, column 'b': 'x' is not a number");
    }

    @Test
    void refusesALabelOutsideTheGivenClasses() {
        refused("a,y\n1,cat\n2,emu\n", CsvOptions.header("y").withClasses(List.of("cat", "dog")))
                .hasMessage("t.csv: line 3, column 'y': label 'emu' is not one of the classes [cat, dog]");
    }

    @Test
    void refusesMalformedQuoting() {
        refused("a,y\n1,\"open\n2,u\n", CsvOptions.header("y")).hasMessageStartingWith("t.csv: line 2: malformed CSV: ");
    }

    @Test
    void refusesBadSklearnFiles() {
        refused("150,four,a,b\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 1: the first line must be 'n_samples,n_features[,class names…]'; n_features"
                        + " (value 2) = 'four' is not a non-negative integer");
        refused("150\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 1: the first line must be 'n_samples,n_features[,class names…]', got 1 value");
        refused("3,1,a,b\n1,0\n2,1\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 1: the first line says n_samples = 3, but there are 2 data rows");
        refused("0,0,5,13,9,1\n0,0,0,12,13,5\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 1: n_features = 0: at least one feature is needed (a file without the"
                        + " 'n_samples,n_features,…' line is read with CsvOptions.noHeader())");
        refused("2,1,a,b\n1,0\n2,2\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 3, column 'target': label '2' is not a class id in [0, 2) for the classes"
                        + " [a, b]");
        refused("2,1\n1,0\n2,x\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 3, column 'target': label 'x' is not a class id (a non-negative integer)");
        refused("2,2,a,b\n1,2,0\n3,1\n", CsvOptions.sklearn())
                .hasMessage("t.csv: line 3: 2 values, but the first line says n_features = 2, so rows need 3"
                        + " (features and the label)");
        refused("2,2,a,b\n1,?,0\n", CsvOptions.sklearn()).hasMessage("t.csv: line 2, column 'x1': '?' is not a number");
    }

    @Test
    void validatesOptions() {
        assertThatThrownBy(() -> CsvOptions.header(" ")).hasMessage("labelColumn =   must name a column of the header");
        assertThatThrownBy(() -> CsvOptions.sklearn().withClasses(List.of("a")))
                .hasMessage("classes cannot be given in the SKLEARN format: its first row names them");
        assertThatThrownBy(() -> CsvOptions.header("y").withClasses(List.of("a", "a")))
                .hasMessage("classes has 'a' twice");
        assertThatThrownBy(() -> CsvOptions.header("y").withClasses(List.of("a")).regression().withClasses(List.of("b")))
                .hasMessage("classes cannot be given for a regression target");
        assertThatThrownBy(() -> new CsvOptions(CsvOptions.Format.NO_HEADER, "y", -1, CsvOptions.Target.CLASSES,
                ClassOrder.SORTED, null, ',')).hasMessage("labelColumn = 'y' cannot be chosen in the NO_HEADER format:"
                        + " it has no column names (choose the label by labelIndex)");
        assertThatThrownBy(() -> new CsvOptions(CsvOptions.Format.HEADER, "y", 0, CsvOptions.Target.CLASSES,
                ClassOrder.SORTED, null, ',')).hasMessage("labelIndex = 0 can only be chosen in the NO_HEADER format;"
                        + " HEADER chooses the label column by name");
        assertThatThrownBy(() -> new CsvOptions(CsvOptions.Format.SKLEARN, null, -2, CsvOptions.Target.CLASSES,
                ClassOrder.SORTED, null, ',')).hasMessage("labelIndex = -2 can only be chosen in the NO_HEADER format;"
                        + " SKLEARN's label is the last column");
        assertThatThrownBy(() -> CsvOptions.header("y").withDelimiter('"'))
                .hasMessage("delimiter = 34 cannot be a quote or line break");
    }
}
