package dev.descent.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The minibatch run options that {@code train} and {@code compare} share: epochs, batch size, seed. */
final class MinibatchOptions {

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
            description = "passes over the training set (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "M",
            description = "rows per minibatch (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "the run's seed: θ₀, the minibatch order, dropout masks and the validation split"
                    + " (default: ${DEFAULT-VALUE})")
    long seed;

    /** Refuses an epoch count or batch size below 1, naming the option and the value. */
    void check(CommandSpec spec) {
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs = " + epochs + " must be >= 1");
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size = " + batchSize + " must be >= 1");
        }
    }
}
