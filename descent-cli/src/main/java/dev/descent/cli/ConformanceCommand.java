package dev.descent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Placeholder: replays optim-golden/1 cases (filled in by the conformance work). */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Replay reference trajectories (optim-golden/1 JSON) found under DIR.")
public final class ConformanceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "a directory searched recursively for case files")
    Path dir;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet");
    }
}
