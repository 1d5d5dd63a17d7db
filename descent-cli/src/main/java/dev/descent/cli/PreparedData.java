package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.io.CsvOptions;
import java.util.List;

/**
 * What a command trains and tests on, as {@link DataOptions#prepare} made it: split and, with
 * {@code --standardize}, standardized with the training part's statistics.
 *
 * @param train      the training part (all of {@code --data} without {@code --validation})
 * @param validation the held-out part, or null without {@code --validation}
 * @param test       the {@code --test} file or the IDX directory's {@code t10k} set, or null
 * @param format     {@code "csv"} or {@code "idx"}
 * @param csvFormat  how the CSV file was read ({@code HEADER}, {@code SKLEARN} or {@code NO_HEADER}),
 *                   or null for an IDX directory
 * @param classes    the class names by id (from the CSV file's labels or scikit-learn's first row);
 *                   empty for regression and for IDX data
 */
record PreparedData(Dataset train, Dataset validation, Dataset test, String format, CsvOptions.Format csvFormat,
        List<String> classes) {

    PreparedData {
        classes = List.copyOf(classes);
    }

    /** The CSV layout in the words of {@code --format} ({@code header}, {@code sklearn}, {@code no-header}), or null. */
    String csvFormatName() {
        return csvFormat == null ? null : DataOptions.formatName(csvFormat);
    }
}
