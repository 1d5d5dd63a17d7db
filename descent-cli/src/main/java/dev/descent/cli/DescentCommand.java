package dev.descent.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code descent} command.
 *
 * <p>Exit codes: 0 success; 1 the command ran and found a failure (a conformance case failed, a
 * fit did not converge); 2 bad usage (unknown option, unknown optimizer, invalid value).
 */
@Command(name = "descent",
        mixinStandardHelpOptions = true,
        version = "descent " + DescentCommand.VERSION,
        description = "Gradient-based optimization: the textbook algorithms, torch-exact.",
        subcommands = {DemoCommand.class, CompareCommand.class, OptimizeCommand.class, TrainCommand.class, FitCommand.class,
            OptimizersCommand.class, ConformanceCommand.class,
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
        CommandLine cl = new CommandLine(new DescentCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("descent: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
