package dev.descent.io.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.io.CsvDataException;
import dev.descent.io.CsvDatasets;
import dev.descent.io.CsvOptions;
import dev.descent.io.CsvTable;
import java.io.IOException;
import java.io.StringReader;

/**
 * CSV datasets: any text, read with a header and a label column or without a header, gives a table or
 * a {@link CsvDataException} naming the line; never another exception.
 */
class CsvFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void dataset(FuzzedDataProvider data) throws IOException {
        int mode = data.consumeInt(0, 2);
        char delimiter = data.pickValue(new Character[] {',', ';', '\t'});
        String text = data.consumeRemainingAsString();
        CsvOptions options = switch (mode) {
            case 0 -> CsvOptions.header("y");
            case 1 -> CsvOptions.sklearn();
            default -> CsvOptions.noHeader();
        };
        try {
            CsvTable t = CsvDatasets.read(new StringReader(text), "fuzz.csv", options.withDelimiter(delimiter));
            if (t == null || t.rows() < 1 || t.features().length != (long) t.rows() * t.cols()) {
                throw new AssertionError("an empty table from text of " + text.length() + " characters");
            }
        } catch (CsvDataException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("CsvDataException without a message", e);
            }
        }
    }
}
