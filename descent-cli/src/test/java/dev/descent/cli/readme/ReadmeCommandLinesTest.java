package dev.descent.cli.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.cli.DescentCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * README.md's command lines against the CLI itself, so that renaming a subcommand or an option, or
 * changing what a shown command prints, fails the build until the README follows.
 *
 * <ul>
 *   <li>Every {@code bin/descent …} line in a shell or plain code block parses: picocli's
 *       {@code parseArgs} accepts it (nothing runs).</li>
 *   <li>Every inline {@code `bin/descent …`} (the command table, the prose) names a subcommand
 *       that exists, and every {@code --option} in it exists for that subcommand.</li>
 *   <li>Every {@code --option} in another inline span (the prose's {@code `--resume`}) exists
 *       for some subcommand.</li>
 *   <li>Every subcommand appears in the command table.</li>
 *   <li>A plain code block whose first line is {@code $ bin/descent …} is a transcript: the rest of
 *       the block is exactly what the command writes (standard output, then standard error), run
 *       in-process.</li>
 * </ul>
 */
class ReadmeCommandLinesTest {

    private static final String PROMPT = "$ ";
    private static final String LAUNCHER = "bin/descent";
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

    /** A command line found in a code block, with where it is. */
    record Line(String where, List<String> args) {
    }

    static List<Line> codeBlockCommands() {
        List<Line> out = new ArrayList<>();
        for (Readme.Block b : Readme.load().blocks()) {
            if (!(b.lang().isEmpty() || b.lang().equals("sh"))) {
                continue;
            }
            for (String l : ShellLine.logicalLines(b.text())) {
                String cmd = l.startsWith(PROMPT) ? l.substring(PROMPT.length()) : l;
                if (cmd.startsWith(LAUNCHER + " ")) {
                    List<String> words = ShellLine.words(cmd);
                    out.add(new Line(b.where() + ": " + l, words.subList(1, words.size())));
                }
            }
        }
        return out;
    }

    @Test
    void theReadmeShowsCommandLines() {
        // a parser that silently found nothing would pass every check below
        assertThat(codeBlockCommands()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(transcripts()).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> everyCommandLineInACodeBlockParses() {
        return codeBlockCommands().stream().map(line -> DynamicTest.dynamicTest(line.where(), () -> {
            CommandLine cl = DescentCommand.commandLine();
            try {
                CommandLine.ParseResult parsed = cl.parseArgs(line.args().toArray(String[]::new));
                assertThat(parsed.hasSubcommand()).as("%s names a subcommand", line.where()).isTrue();
            } catch (CommandLine.ParameterException e) {
                throw new AssertionError(line.where() + " does not parse: " + e.getMessage(), e);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyInlineCommandUsesItsSubcommandsOptions() {
        CommandSpec top = new CommandLine(new DescentCommand()).getCommandSpec();
        List<DynamicTest> tests = new ArrayList<>();
        for (Readme.Span s : Readme.load().spans()) {
            if (!s.text().startsWith(LAUNCHER + " ") && !s.text().equals(LAUNCHER)) {
                continue;
            }
            // a table cell escapes '|' as '\|'; only the part before a following command ('&&') is descent's
            String usage = s.text().replace("\\|", "|").split("&&")[0];
            tests.add(DynamicTest.dynamicTest("README.md:" + s.line() + ": " + s.text(), () -> {
                String[] words = usage.strip().split("\\s+");
                CommandSpec spec = top;
                if (words.length > 1 && !words[1].startsWith("-")) {
                    CommandLine sub = top.subcommands().get(words[1]);
                    assertThat(sub).as("README.md:%d: subcommand '%s' of %s", s.line(), words[1], top.subcommands().keySet())
                            .isNotNull();
                    spec = sub.getCommandSpec();
                    // a nested subcommand (bench step): its options are the ones that count
                    if (words.length > 2 && spec.subcommands().containsKey(words[2])) {
                        spec = spec.subcommands().get(words[2]).getCommandSpec();
                    }
                }
                Matcher m = OPTION.matcher(usage);
                while (m.find()) {
                    assertThat(spec.findOption(m.group()))
                            .as("README.md:%d: option %s of 'descent %s'", s.line(), m.group(), spec.name()).isNotNull();
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(8);
        return tests.stream();
    }

    @Test
    void everyOptionNamedInProseBelongsToSomeSubcommand() {
        CommandSpec top = new CommandLine(new DescentCommand()).getCommandSpec();
        List<String> unknown = new ArrayList<>();
        int seen = 0;
        for (Readme.Span s : Readme.load().spans()) {
            if (s.text().startsWith("bin/")) {
                continue; // descent's own lines are checked against their subcommand above; bin/setup-native is not descent
            }
            Matcher m = OPTION.matcher(s.text());
            while (m.find()) {
                seen++;
                String name = m.group();
                boolean known = top.findOption(name) != null
                        || top.subcommands().values().stream().anyMatch(c -> c.getCommandSpec().findOption(name) != null
                                || c.getSubcommands().values().stream().anyMatch(n -> n.getCommandSpec().findOption(name) != null));
                if (!known) {
                    unknown.add("README.md:" + s.line() + ": " + name);
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
        assertThat(unknown).as("options in the prose that no subcommand has").isEmpty();
    }

    @Test
    void theCommandTableListsEverySubcommand() {
        CommandSpec top = new CommandLine(new DescentCommand()).getCommandSpec();
        List<String> named = Readme.load().spans().stream()
                .map(Readme.Span::text)
                .filter(t -> t.startsWith(LAUNCHER + " "))
                .map(t -> t.split("\\s+")[1])
                .toList();
        assertThat(named).containsAll(top.subcommands().keySet());
    }

    /** A shown run: the command and what the README says it writes. */
    record Transcript(String where, List<String> args, String shown) {
    }

    static List<Transcript> transcripts() {
        List<Transcript> out = new ArrayList<>();
        for (Readme.Block b : Readme.load().blocks()) {
            if (b.lang().isEmpty() && b.text().startsWith(PROMPT + LAUNCHER + " ")) {
                int eol = b.text().indexOf('\n');
                List<String> words = ShellLine.words(b.text().substring(PROMPT.length(), eol));
                out.add(new Transcript(b.where(), words.subList(1, words.size()), b.text().substring(eol + 1)));
            }
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyTranscriptShowsWhatTheCommandWrites() {
        return transcripts().stream().map(t -> DynamicTest.dynamicTest(t.where(), () -> {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            DescentCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), t.args().toArray(String[]::new));
            assertThat(out + err.toString()).as("what '%s' writes", String.join(" ", t.args())).isEqualTo(t.shown());
        }));
    }
}
