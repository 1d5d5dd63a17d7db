package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.ode.examples.InfluenzaEngland1978;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad data are refused up front with a message naming the row, the field and the value. */
class ObservationsTest {

    static final double[] T = {1, 2, 3, 4};
    static final double[] V = {3, 8, 26, 76};

    @Test
    void nonPositiveTimesAreRefused() {
        assertThatThrownBy(() -> Observations.of(new double[] {0, 1, 2, 3}, "in_bed", V))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1").hasMessageContaining("time = 0.0").hasMessageContaining("> 0");
        assertThatThrownBy(() -> Observations.of(new double[] {1, 2, -3, 4}, "in_bed", V))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3").hasMessageContaining("time = -3.0");
    }

    @Test
    void csvTimesOutOfOrderNameTheLineAndBothValues() {
        // a repeated day, a day going back, a date going back (which would otherwise become t = 0)
        assertThatThrownBy(() -> Observations.readCsv(new StringReader("day,in_bed\n1,3\n2,8\n2,26\n3,76\n"),
                List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 4, day: the times must increase down the file, but '2' follows '2' on line 3");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader("day,in_bed\n3,3\n\n1,8\n4,26\n"),
                List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 4, day: the times must increase down the file, but '1' follows '3' on line 2");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(
                "date,in_bed\n1978-01-23,3\n1978-01-22,8\n1978-01-24,26\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 3, date: the dates must increase down the file, but '1978-01-22' follows '1978-01-23' "
                        + "on line 2");
    }

    @Test
    void parseCsvKeepsTheLineOfEachRow() {
        Observations.Csv csv = Observations.parseCsv(new StringReader("day,in_bed\n\n1,3\n2,8\n\n\n5,26\n"),
                List.of("in_bed"));
        assertThat(csv.lines()).containsExactly(3, 4, 7);
        assertThat(csv.line(2)).isEqualTo(7);
        assertThat(csv.observations().times()).containsExactly(1, 2, 5);
        ObservationException e = new ObservationException(2, 5, "in_bed = 26.0 is too large");
        assertThat(e.getMessage()).isEqualTo("row 3 (t = 5.0): in_bed = 26.0 is too large");
        assertThat(csv.describe(e)).isEqualTo("line 7 (t = 5.0): in_bed = 26.0 is too large");
        // a negative count on line 6 of a file with a blank line: the line, not the row
        assertThatThrownBy(() -> Observations.readCsv(new StringReader("day,in_bed\n1,3\n\n2,8\n3,26\n4,-1\n"),
                List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 6 (t = 4.0): in_bed = -1.0 is negative (observations are counts, >= 0)");
    }

    @Test
    void timesMustIncrease() {
        assertThatThrownBy(() -> Observations.of(new double[] {1, 2, 2, 4}, "in_bed", V))
                .isInstanceOf(IllegalArgumentException.class)
                .isInstanceOf(ObservationException.class)
                .hasMessage("row 3: the times must increase, but time = 2.0 follows row 2's time = 2.0 (times must be "
                        + "strictly increasing)");
        assertThatThrownBy(() -> Observations.of(new double[] {1, Double.POSITIVE_INFINITY, 3, 4}, "in_bed", V))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 2");
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> Observations.of(T, "in_bed", new double[] {3, 8, -26, 76}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3").hasMessageContaining("in_bed = -26.0").hasMessageContaining("negative");
    }

    @Test
    void nanIsRefusedInValuesAndTimes() {
        assertThatThrownBy(() -> Observations.of(T, "in_bed", new double[] {3, Double.NaN, 26, 76}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 2").hasMessageContaining("in_bed").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Observations.of(new double[] {1, 2, Double.NaN, 4}, "in_bed", V))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3").hasMessageContaining("NaN");
        assertThatThrownBy(() -> Observations.of(T, "in_bed", new double[] {3, 8, 26, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 4").hasMessageContaining("in_bed = Infinity");
    }

    @Test
    void fewerThanThreeRowsAreRefused() {
        assertThatThrownBy(() -> Observations.of(new double[] {1, 2}, "in_bed", new double[] {3, 8}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 rows").hasMessageContaining("got 2");
        assertThat(Observations.of(new double[] {1, 2, 3}, "in_bed", new double[] {3, 8, 26}).rows()).isEqualTo(3);
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThatThrownBy(() -> Observations.of(T, "in_bed", new double[] {3, 8, 26}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column in_bed has 3 values but there are 4 times");
        Map<String, double[]> cols = new LinkedHashMap<>();
        cols.put("in_bed", V);
        cols.put("convalescent", new double[] {0, 0, 0, 0, 9});
        assertThatThrownBy(() -> Observations.of(T, cols))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column convalescent has 5 values but there are 4 times");
        assertThatThrownBy(() -> new Observations(T, List.of("a", "b"), new double[][] {{1, 2}, {1, 2}, {1}, {1, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 3 has 1 values but there are 2 columns");
        assertThatThrownBy(() -> new Observations(T, List.of("a"), new double[][] {{1}, {1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 times but 3 rows");
    }

    @Test
    void duplicateAndUnknownColumnsAreRefused() {
        assertThatThrownBy(() -> new Observations(T, List.of("a", "a"), new double[][] {{1, 2}, {1, 2}, {1, 2}, {1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate column 'a'");
        Observations o = Observations.of(T, "in_bed", V);
        assertThatThrownBy(() -> o.column("cases"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown column 'cases'")
                .hasMessageContaining("in_bed");
    }

    @Test
    void inputArraysAreCopied() {
        double[] t = T.clone();
        double[] v = V.clone();
        Observations o = Observations.of(t, "in_bed", v);
        t[0] = 99;
        v[0] = 99;
        assertThat(o.times()[0]).isEqualTo(1.0);
        assertThat(o.column("in_bed")[0]).isEqualTo(3.0);
    }

    @Test
    void theSharedCsvFileReadsAsTheBuiltInExample() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/data/influenza_england_1978_school.csv");
                Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            Observations o = Observations.readCsv(r, List.of("in_bed", "convalescent"));
            Observations builtIn = InfluenzaEngland1978.observations();
            assertThat(o.times()).containsExactly(builtIn.times());
            assertThat(o.times()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
            assertThat(o.column("in_bed")).containsExactly(InfluenzaEngland1978.inBed());
            assertThat(o.column("convalescent")).containsExactly(InfluenzaEngland1978.convalescent());
            assertThat(InfluenzaEngland1978.dates().get(5)).hasToString("1978-01-27");
            assertThat(builtIn.column("in_bed")[5]).isEqualTo(298.0);
        }
    }

    @Test
    void csvErrorsNameTheLineAndTheColumn() {
        String header = "date,in_bed\n";
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1978-01-22,3\n1978-01-23,x\n1978-01-24,5\n"),
                List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3, in_bed: 'x' is not a number");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1,3\n2,\n3,5\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3, in_bed: the value is missing");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1,3\n2,4\n3,-5\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 4 (t = 3.0): in_bed = -5.0");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1,3\n2,4\n3,5\n"), List.of("cases")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'cases' is not in the header");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1978-02-30,3\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2").hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1,3,4\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2 has 3 fields");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "0,3\n1,4\n2,5\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2: time = 0.0");
        assertThatThrownBy(() -> Observations.readCsv(new StringReader(header + "1,3\n2,4\n"), List.of("in_bed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 rows");
    }
}
