package dev.descent.cli;

import dev.descent.data.Dataset;
import dev.descent.data.IdxFormatException;
import dev.descent.data.Mnist;
import dev.descent.data.Split;
import dev.descent.data.Standardizer;
import dev.descent.io.CsvDataException;
import dev.descent.io.CsvDatasets;
import dev.descent.io.CsvOptions;
import dev.descent.io.CsvTable;
import dev.descent.io.InputFileException;
import dev.descent.io.InputFiles;
import dev.descent.text.Printable;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The data options shared by the commands that train models ({@code train}, {@code compare}), as
 * a picocli mixin: {@code --data}, {@code --format}, {@code --no-header}, {@code --label},
 * {@code --label-column}, {@code --test}, {@code --validation} and {@code --standardize}.
 *
 * <pre>{@code
 * @Mixin DataOptions data;
 * ...
 * PreparedData d = data.prepare(spec, modelSpec, seed);   // loaded, split, standardized
 * }</pre>
 *
 * <h2>Sources</h2>
 * <ul>
 *   <li>A CSV file ({@code .csv}, or gzipped {@code .csv.gz}), read by descent-io's
 *       {@link CsvDatasets}. Its first row is read as {@code --format} says:
 *       <ul>
 *         <li>{@code header}: column names; the label is {@code --label NAME}, or
 *             {@code --label-column INDEX}, or the last column;</li>
 *         <li>{@code sklearn}: scikit-learn's bundled format, a first row
 *             {@code n_samples,n_features,class names…}, then rows of features and an integer class
 *             id, which is always the last column;</li>
 *         <li>{@code no-header} (or {@code --no-header}): the first row is data; the label is
 *             {@code --label-column INDEX} or the last column;</li>
 *         <li>{@code auto}, the default: {@code sklearn} if the file is recognized as below, else
 *             {@code header}.</li>
 *       </ul>
 *   </li>
 *   <li>An IDX directory in MNIST's layout ({@link Mnist#load}), which brings its own test set
 *       and labels, so the label and format options do not apply.</li>
 * </ul>
 *
 * <h2>Recognizing scikit-learn's format</h2>
 * {@code --format auto} reads a file as scikit-learn's when its first row's first two fields are
 * integers equal to the number of data rows and to (the number of columns − 1), and the row has
 * 2 + (number of classes) fields, the classes being the distinct values of the last column
 * ({@link CsvDatasets#sniff}). Any other first row is a header, even one of numbers: a file
 * without a header cannot be told from one whose column names are numbers, so such a file needs
 * {@code --no-header} (a warning on stderr says so when the header is all numbers).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>{@code --label-column} is 0-based; a negative index counts from the end, −1 being the last
 *       column. It may be given with a header too, as an alternative to {@code --label}; giving
 *       both is a usage error.</li>
 *   <li>{@code --test} is read in the training file's format, with its label column and, for
 *       classes, its class ids; its feature columns must be the training file's.</li>
 *   <li>The validation split is {@link Trainer#validationSplit}: seed {@code Seeds.derive(seed, Trainer.SPLIT_STREAM)},
 *       stratified for classes; {@code --standardize} uses the mean and deviation of the training
 *       part only (after the split), and applies them to validation and test sets.</li>
 *   <li>Bad option values and combinations are picocli {@link ParameterException}s (usage, exit
 *       2); a missing or malformed file is a {@link CommandFailure} with exit code 2 whose message
 *       names the file, and for CSV problems the line and column.</li>
 *   <li>Only regular files are opened ({@link InputFiles}): a device such as {@code /dev/zero}, a
 *       FIFO, a directory without IDX files, a CSV file larger than the heap, and binary data given
 *       as CSV (an IDX file, a NUL byte, invalid UTF-8) are refused at once with exit code 2,
 *       never read until memory runs out.</li>
 * </ul>
 */
final class DataOptions {

    /** A CSV value that is a decimal number, as descent-io reads them. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    /** The values of {@code --format}. */
    private enum Layout {
        AUTO, HEADER, SKLEARN, NO_HEADER
    }

    // not required by picocli, so that 'compare' can take --problem instead; check() requires it
    @Option(names = "--data", paramLabel = "PATH",
            description = "a CSV file (.csv or .csv.gz, its first row read as --format says) or an IDX directory"
                    + " (MNIST layout)")
    private Path path;

    /** True when {@code --data} was given. */
    boolean given() {
        return path != null;
    }

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "the CSV file's first row: header (column names), sklearn (scikit-learn's"
                    + " n_samples,n_features,class names…; the label is the last column, an integer class id),"
                    + " no-header (the first row is data) or auto: sklearn if the first row's first two fields are"
                    + " integers equal to the number of data rows and to (columns − 1) and the row has"
                    + " 2 + (number of classes) fields, else header (default: ${DEFAULT-VALUE})")
    private String format;

    @Option(names = "--no-header", description = "the first row is data, as --format no-header; the label is the last"
            + " column unless --label-column")
    private boolean noHeader;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "the label column by its header name (default: the last column)")
    private String label;

    @Option(names = "--label-column", paramLabel = "INDEX",
            description = "the label column by its 0-based index, negative counting from the end (-1 is the last);"
                    + " with a header (instead of --label) or --no-header")
    private Integer labelColumn;

    @Option(names = "--test", paramLabel = "CSV",
            description = "a CSV test set with the training file's columns, read in its format")
    private Path test;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "FRACTION",
            description = "hold out this share of the training set for validation, in [0, 1) (default: ${DEFAULT-VALUE})")
    private double validation;

    @Option(names = "--standardize", description = "standardize features with the training part's mean and deviation")
    private boolean standardize;

    /** {@code --data}. */
    Path path() {
        return path;
    }

    /** {@code --validation}: the share held out, in [0, 1). */
    double validation() {
        return validation;
    }

    /**
     * Sets {@code --validation} to {@code fraction} when the command line did not give it: for a
     * command that cannot run without a validation set ({@code tune}).
     */
    void defaultValidation(CommandSpec spec, double fraction) {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--validation")) {
            validation = fraction;
        }
    }

    /** {@code --standardize}. */
    boolean standardize() {
        return standardize;
    }

    /**
     * Checks the option values and combinations that need no file: {@code --validation} in
     * [0, 1), a known {@code --format}, and no contradicting label or format options. Called by
     * {@link #prepare} too; a command may call it earlier to report usage errors in its order.
     *
     * @throws ParameterException naming the option(s) and value
     */
    void check(CommandSpec spec) {
        if (path == null) {
            throw new picocli.CommandLine.MissingParameterException(spec.commandLine(), spec.findOption("--data"),
                    "Missing required option: '--data=PATH'");
        }
        if (!(validation >= 0 && validation < 1)) {
            throw usage(spec, "--validation = " + validation + " is outside [0, 1)");
        }
        Layout requested = requested(spec);
        if (noHeader && requested != Layout.AUTO && requested != Layout.NO_HEADER) {
            throw usage(spec, "--no-header contradicts --format " + format.strip());
        }
        if (label != null && labelColumn != null) {
            throw usage(spec, "--label " + label + " and --label-column " + labelColumn + " both choose the label"
                    + " column; give one of them");
        }
        Layout layout = layout(spec);
        if (label != null && layout == Layout.NO_HEADER) {
            throw usage(spec, "--label " + label + " names a header column, but " + (noHeader ? "--no-header"
                    : "--format no-header") + " reads a file without one; choose the label by --label-column INDEX");
        }
        if (layout == Layout.SKLEARN && (label != null || labelColumn != null)) {
            throw usage(spec, labelOption() + ": scikit-learn's format (--format sklearn) has the label in the last"
                    + " column");
        }
    }

    /**
     * Loads {@code --data} (and {@code --test}), splits off {@code --validation} and standardizes,
     * as the class comment says.
     *
     * @param spec  the command's spec, for usage errors and the warning on stderr
     * @param model the model to train: a regression model ({@code linear}) reads the label as numbers
     * @param seed  the run's seed, from which the validation split's seed is derived
     * @return the training, validation and test sets, with the format and class names
     * @throws ParameterException for bad option values or options that do not apply to the data
     * @throws CommandFailure     (exit code 2) for a missing, unreadable or malformed file
     */
    PreparedData prepare(CommandSpec spec, ModelSpec model, long seed) throws CommandFailure {
        check(spec);
        Dataset train;
        Dataset testSet = null;
        String source;
        CsvOptions.Format csvFormat = null;
        List<String> classes = List.of();
        List<String> featureNames = null; // the CSV header's, for --standardize's messages
        try {
            if (Files.isDirectory(path)) {
                checkIdxOptions(spec);
                requireIdxFiles();
                if (!model.isClassifier()) {
                    throw new CommandFailure(2, "--model linear needs a numeric label; " + path + " holds class labels");
                }
                Mnist mnist = Mnist.load(path);
                train = mnist.train();
                testSet = mnist.test();
                source = "idx";
            } else {
                // before anything opens it: /dev/zero never ends, a FIFO blocks
                InputFiles.requireRegularFile("--data", path);
                if (test != null) {
                    InputFiles.requireRegularFile("--test", test);
                }
                csvFormat = csvFormat(spec);
                CsvOptions options = csvOptions(spec, csvFormat);
                if (!model.isClassifier()) {
                    options = options.regression();
                }
                CsvTable table = CsvDatasets.read(path, options);
                featureNames = table.featureNames();
                train = dataset(table, path);
                classes = table.classes();
                if (test != null) {
                    testSet = testSet(table, options, model);
                }
                source = "csv";
            }
        } catch (NoSuchFileException e) {
            throw new CommandFailure(2, "no such file or directory: " + e.getFile()
                    + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
        } catch (InputFileException e) {
            throw new CommandFailure(2, e.getMessage() + hint(e));
        } catch (CsvDataException e) {
            throw new CommandFailure(2, e.getMessage() + (e.getCause() instanceof InputFileException f ? hint(f) : ""));
        } catch (IdxFormatException e) {
            throw new CommandFailure(2, e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(2, CommandFailure.describe(e));
        }
        Dataset validationSet = null;
        if (validation > 0) {
            Split split;
            try {
                split = Trainer.validationSplit(train, validation, seed);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(2, "--validation: " + e.getMessage());
            }
            train = split.train();
            validationSet = split.validation();
        }
        if (standardize) {
            Standardizer s;
            try {
                s = Standardizer.fit(train);
            } catch (IllegalArgumentException e) {
                throw standardizeFailure(e, "the training set", featureNames);
            }
            train = standardized(s, train, "the training set", featureNames);
            validationSet = validationSet == null ? null
                    : standardized(s, validationSet, "the validation set", featureNames);
            testSet = testSet == null ? null : standardized(s, testSet, "the --test set", featureNames);
        }
        return new PreparedData(train, validationSet, testSet, source, csvFormat, classes);
    }

    private static Dataset standardized(Standardizer s, Dataset d, String set, List<String> names)
            throws CommandFailure {
        try {
            return s.transform(d);
        } catch (IllegalArgumentException e) {
            throw standardizeFailure(e, set, names);
        }
    }

    /** "feature j: …" from the Standardizer, with the column's name and the set (exit 2). */
    private static CommandFailure standardizeFailure(IllegalArgumentException e, String set, List<String> names) {
        String m = e.getMessage();
        java.util.regex.Matcher f = java.util.regex.Pattern.compile("^feature (\\d+): ").matcher(m);
        if (f.find()) {
            int j = Integer.parseInt(f.group(1));
            String column = names != null && j < names.size() ? "column '" + names.get(j) + "' (feature " + j + ")"
                    : "feature " + j;
            m = column + " of " + set + ": " + m.substring(f.end());
        }
        return new CommandFailure(2, "--standardize: " + m);
    }

    /**
     * The options as a run's settings, for checkpoint compatibility: a run with other values reads
     * other data. {@code --test} is left out, as it does not change the trajectory.
     */
    Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--data", path.toAbsolutePath().normalize().toString());
        m.put("--format", format.strip().toLowerCase(Locale.ROOT));
        m.put("--no-header", Boolean.toString(noHeader));
        m.put("--label", label == null ? "(last column)" : label);
        m.put("--label-column", labelColumn == null ? "(unset)" : labelColumn.toString());
        m.put("--validation", Double.toString(validation));
        m.put("--standardize", Boolean.toString(standardize));
        return m;
    }

    /** A CSV format in the words of {@code --format}: {@code header}, {@code sklearn} or {@code no-header}. */
    static String formatName(CsvOptions.Format f) {
        return f.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---------------------------------------------------------------- files

    /** The four stems of an IDX directory, as {@link Mnist#find} looks for them. */
    private static final List<String> IDX_STEMS = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** A directory with none of the IDX files is not an IDX directory: say what one holds. */
    private void requireIdxFiles() throws CommandFailure {
        for (String stem : IDX_STEMS) {
            try {
                Mnist.find(path, stem);
                return; // some are there: Mnist.load names any that is missing
            } catch (NoSuchFileException e) {
                // try the next
            }
        }
        throw new CommandFailure(2, "--data " + path + ": a directory without IDX files; an IDX directory holds "
                + String.join("[.gz], ", IDX_STEMS) + "[.gz] (MNIST's layout), otherwise give a CSV file");
    }

    /** What to do about a file that is not text, after the message. */
    private String hint(InputFileException e) {
        String option = test != null && e.file() != null && e.file().equals(test) ? "--test" : "--data";
        return switch (e.kind()) {
            case IDX_DATA -> "; IDX data are read from a directory: give --data the directory that holds this file"
                    + " and the other three (" + String.join("[.gz], ", IDX_STEMS) + "[.gz])";
            case NOT_TEXT -> "; " + option + " takes a text CSV file (.csv, or gzipped .csv.gz)"
                    + (option.equals("--data") ? " or an IDX directory" : "");
            default -> "";
        };
    }

    // ---------------------------------------------------------------- formats and label columns

    /** A usage error; the message echoes option values, so control characters in them are escaped. */
    private static ParameterException usage(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), Printable.escape(message));
    }

    /** {@code --format} as given. */
    private Layout requested(CommandSpec spec) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Layout.AUTO;
            case "header" -> Layout.HEADER;
            case "sklearn" -> Layout.SKLEARN;
            case "no-header" -> Layout.NO_HEADER;
            default -> throw usage(spec, "--format: unknown format '" + format + "'; known: auto, header, sklearn,"
                    + " no-header");
        };
    }

    /** {@code --format} with {@code --no-header} folded in. */
    private Layout layout(CommandSpec spec) {
        return noHeader ? Layout.NO_HEADER : requested(spec);
    }

    /** The label option that was given, for messages. */
    private String labelOption() {
        return label != null ? "--label " + label : "--label-column " + labelColumn;
    }

    private void checkIdxOptions(CommandSpec spec) {
        if (test != null) {
            throw usage(spec, "--test is for CSV data; an IDX directory brings its own test set (t10k-…)");
        }
        if (label != null || labelColumn != null) {
            throw usage(spec, (label != null ? "--label" : "--label-column") + " is for CSV data; IDX files hold their"
                    + " labels");
        }
        if (noHeader || requested(spec) != Layout.AUTO) {
            throw usage(spec, (noHeader ? "--no-header" : "--format " + format.strip()) + " is for CSV data; " + path
                    + " is an IDX directory");
        }
    }

    /** The CSV format to read {@code --data} in: as given, or recognized by {@link CsvDatasets#sniff}. */
    private CsvOptions.Format csvFormat(CommandSpec spec) throws IOException {
        Layout layout = layout(spec);
        CsvOptions.Format f = switch (layout) {
            case AUTO -> CsvDatasets.sniff(path, ',');
            case HEADER -> CsvOptions.Format.HEADER;
            case SKLEARN -> CsvOptions.Format.SKLEARN;
            case NO_HEADER -> CsvOptions.Format.NO_HEADER;
        };
        if (f == CsvOptions.Format.SKLEARN && layout == Layout.AUTO && (label != null || labelColumn != null)) {
            throw usage(spec, labelOption() + ": " + path + " is in scikit-learn's format (its first row is"
                    + " n_samples,n_features,class names…), whose label is the last column; add --format header to"
                    + " read the first row as column names");
        }
        return f;
    }

    /** How to read {@code --data} (and {@code --test}) in format {@code f}, with the label column resolved. */
    private CsvOptions csvOptions(CommandSpec spec, CsvOptions.Format f) throws IOException, CommandFailure {
        switch (f) {
            case SKLEARN:
                return CsvOptions.sklearn();
            case NO_HEADER:
                if (labelColumn != null) {
                    index(labelColumn, CsvDatasets.header(path, ',').size());
                }
                return CsvOptions.noHeader(labelColumn == null ? -1 : labelColumn);
            case HEADER:
            default:
                if (label != null) {
                    return CsvOptions.header(label);
                }
                List<String> header = CsvDatasets.header(path, ',');
                warnIfNumeric(spec, header);
                return CsvOptions.header(header.get(index(labelColumn == null ? -1 : labelColumn, header.size())));
        }
    }

    /** Resolves a {@code --label-column} against {@code columns}: 0-based, negative from the end. */
    private int index(int column, int columns) throws CommandFailure {
        int k = column < 0 ? columns + column : column;
        if (k < 0 || k >= columns) {
            throw new CommandFailure(2, "--label-column " + column + " is outside [" + -columns + ", " + columns
                    + "): " + path + " has " + columns + (columns == 1 ? " column" : " columns"));
        }
        return k;
    }

    /** A header of numbers is more likely a data row: say so on stderr, as reading it as names loses that row. */
    private void warnIfNumeric(CommandSpec spec, List<String> header) {
        for (String name : header) {
            if (!NUMBER.matcher(name).matches()) {
                return;
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": the first row of " + Printable.escape(path.toString()) + " is all"
                + " numbers but is read as column names (it is not scikit-learn's n_samples,n_features,class names…"
                + " row); add --no-header if it is data");
        err.flush();
    }

    private Dataset testSet(CsvTable table, CsvOptions options, ModelSpec model) throws IOException, CommandFailure {
        boolean fixedClasses = model.isClassifier() && options.format() != CsvOptions.Format.SKLEARN;
        CsvTable t = CsvDatasets.read(test, fixedClasses ? options.withClasses(table.classes()) : options);
        if (!t.featureNames().equals(table.featureNames())) {
            throw new CommandFailure(2, "--test " + test + " has the feature columns " + t.featureNames()
                    + ", the training file has " + table.featureNames());
        }
        if (model.isClassifier() && !t.classes().equals(table.classes())) {
            // scikit-learn's format: each file's first row names the classes of its integer ids
            throw new CommandFailure(2, "--test " + test + " names the classes " + t.classes() + ", the training file "
                    + table.classes());
        }
        return dataset(t, test);
    }

    private static Dataset dataset(CsvTable t, Path file) throws CommandFailure {
        if (t.rows() == 0) {
            throw new CommandFailure(2, file + ": no data rows");
        }
        if (!t.isClassification()) {
            return Dataset.regression(t.features(), t.cols(), t.targets(), 1);
        }
        if (t.classes().size() < 2) {
            throw new CommandFailure(2, file + ": the label column '" + t.labelName() + "' has only one class "
                    + t.classes() + "; a classifier needs at least two");
        }
        return Dataset.classification(t.features(), t.cols(), t.labels(), t.classes().size());
    }
}
