package dev.descent.cli;

import dev.descent.data.IdxFormatException;
import dev.descent.io.CsvDataException;
import dev.descent.io.InputFileException;
import dev.descent.text.Printable;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code descent} command.
 *
 * <p>Exit codes: 0 success; 1 the command ran and found a failure (a conformance case failed, a
 * fit did not converge); 2 bad usage (unknown option, unknown optimizer, invalid value).
 *
 * <p>A usage error prints {@code descent <command>: <message>} (with picocli's "Did you mean"
 * suggestions for a misspelt option) and one line pointing to the command's {@code --help}, not
 * the whole help. Control characters in messages are escaped ({@link Printable}).
 */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        version = "descent " + DescentCommand.VERSION,
        description = "Gradient-based optimization: the textbook algorithms, torch-exact.",
        subcommands = {DemoCommand.class, CompareCommand.class, OptimizeCommand.class, TrainCommand.class, FitCommand.class,
            OptimizersCommand.class, ConformanceCommand.class, TuneCommand.class, LrFindCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the command ran and found a failure", "2:bad usage or invalid input"})
public final class DescentCommand implements Runnable {

    /** descent's version, as reports and manifests state it. */
    public static final String VERSION = "0.1.0";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line on the standard streams and returns the exit code. */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line, writing to {@code out} and {@code err}, and returns the exit code (used by tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(DescentCommand::usageError);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> executionError(ex, cmd));
        return cl.execute(args);
    }

    /**
     * The command line as {@link #execute} parses it: enum options (e.g. {@code --activation tanh},
     * {@code --on-non-finite skip}) are converted by picocli, case-insensitively, so they are
     * written in lower case like every other option value.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new DescentCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /**
     * What a command threw, as a message and exit code 2 when it is bad input: an
     * {@code IllegalArgumentException} ({@code descent: <message>}), or an input file that
     * descent-io or descent-core refused ({@link InputFileException}, {@link CsvDataException},
     * {@link IdxFormatException}: {@code descent <command>: <message>}), so that a command reading
     * its file through {@link dev.descent.io.InputFiles} need not catch them itself. Anything else
     * is rethrown.
     */
    static int executionError(Exception ex, CommandLine cmd) throws Exception {
        if (ex instanceof IllegalArgumentException) {
            cmd.getErr().println("descent: " + printable(ex));
            cmd.getErr().flush();
            return 2;
        }
        if (ex instanceof InputFileException || ex instanceof CsvDataException || ex instanceof IdxFormatException) {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + Printable.escape(ex.getMessage()));
            cmd.getErr().flush();
            return 2;
        }
        throw ex;
    }

    /**
     * Prints a usage error as {@code descent train: <message>}, picocli's suggestions for a
     * misspelt option or subcommand, and {@code Try 'descent train --help' for more information.};
     * returns the command's exit code for invalid input (2).
     */
    static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        err.println(name + ": " + printable(ex));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * An exception's message with control characters escaped. The messages descent builds itself
     * (plain {@code ParameterException}s, spec errors) may span lines on purpose, as the spec
     * error's caret display does, and escape their input where they embed it: their lines are kept.
     * picocli's own messages are one line that quotes the argument as typed: all of it is escaped.
     */
    static String printable(Exception ex) {
        String m = String.valueOf(ex.getMessage());
        if (ex.getClass() != ParameterException.class && ex.getClass() != IllegalArgumentException.class
                && !(ex instanceof dev.descent.optim.spec.SpecException)) {
            return Printable.escape(m);
        }
        StringBuilder b = new StringBuilder();
        String[] lines = m.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            b.append(i == 0 ? "" : "\n").append(Printable.escape(lines[i]));
        }
        return b.toString();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand; one of: "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
