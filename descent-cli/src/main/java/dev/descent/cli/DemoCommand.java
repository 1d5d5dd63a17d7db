package dev.descent.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder for the demo. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the textbook algorithms side by side.")
public final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return 0;
    }
}
