package dev.descent.cli;

import picocli.CommandLine.Command;

/** {@code descent bench}: measurements of this machine, each a subcommand. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures descent on this machine. Speed is measured here (and in descent-bench's JMH"
                + " benchmarks), never in timed unit tests."},
        subcommands = {BenchStepCommand.class, BenchSparkCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
