package dev.descent.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line's option values, as a careless user types them: {@code optimize} with any
 * problem, optimizer spec, start, tolerance and step budget ends with exit 0, 1 or 2 and a message,
 * never with an uncaught exception or a stack trace on stderr. The step budget is bounded (2 000) so
 * that each run is short; everything else is free text.
 */
class OptionsFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void optimizeOptions(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>(List.of("optimize", "--max-steps", Integer.toString(data.consumeInt(0, 2000))));
        String[] options = {"--problem", "--optimizer", "--start", "--tolerance", "--relative-change"};
        int n = data.consumeInt(0, options.length);
        for (int i = 0; i < n; i++) {
            args.add(data.pickValue(options));
            args.add(data.consumeString(200));
        }
        if (data.consumeBoolean()) {
            args.add(data.consumeRemainingAsString()); // a stray argument
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        if (r.exit() < 0 || r.exit() > 2) {
            throw new AssertionError("exit " + r.exit() + " for " + args + "\n" + r.err());
        }
        if (r.err().contains("\tat ") || r.err().contains("Exception in")) {
            throw new AssertionError("a stack trace for " + args + ":\n" + r.err());
        }
        if (r.exit() == 2 && r.err().isBlank()) {
            throw new AssertionError("exit 2 without a message for " + args);
        }
    }
}
