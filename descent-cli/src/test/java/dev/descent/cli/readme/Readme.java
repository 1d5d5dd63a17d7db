package dev.descent.cli.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's README.md, read as the tests need it: its fenced code blocks (with the text that
 * follows each) and the inline code spans of its prose and tables.
 */
record Readme(Path file, List<String> lines) {

    /** A fenced code block: its info string ({@code java}, {@code sh} or empty), first content line (1-based) and text. */
    record Block(String lang, int line, String section, String text) {

        String where() {
            return "README.md:" + line + " (" + section + ")";
        }
    }

    /** An inline code span outside the code blocks, with the line it starts on. */
    record Span(int line, String text) {
    }

    private static final Pattern SPAN = Pattern.compile("`([^`]+)`");

    /** The README of the repository this test runs in: the nearest directory up from the working directory with README.md and pom.xml. */
    static Readme load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no directory with README.md and pom.xml above " + Path.of("").toAbsolutePath());
        }
        try {
            Path f = dir.resolve("README.md");
            return new Readme(f, Files.readAllLines(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return file.getParent();
    }

    List<Block> blocks() {
        List<Block> out = new ArrayList<>();
        String section = "top";
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("#")) {
                section = l.replaceFirst("^#+\\s*", "");
            } else if (l.startsWith("```")) {
                String lang = l.substring(3).strip();
                StringBuilder text = new StringBuilder();
                int start = i + 2;
                for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                out.add(new Block(lang, start, section, text.toString()));
            }
        }
        return out;
    }

    /**
     * What the README says {@code block} prints: the first paragraph after it, if that starts with
     * "This prints `…`" (one line of output, a line break in the span counting as a space, as
     * Markdown renders it) or "This prints:" followed by a fenced block (its lines, exactly).
     */
    Optional<String> printedAfter(Block block) {
        int i = block.line() - 1;
        while (!lines.get(i).startsWith("```")) {
            i++;
        }
        i++;
        while (i < lines.size() && lines.get(i).isBlank()) {
            i++;
        }
        if (i >= lines.size()) {
            return Optional.empty();
        }
        String first = lines.get(i);
        if (first.startsWith("This prints:")) {
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            if (open >= lines.size() || !lines.get(open).startsWith("```")) {
                throw new IllegalStateException("README.md:" + (i + 1) + ": 'This prints:' is not followed by a code block");
            }
            StringBuilder text = new StringBuilder();
            for (int k = open + 1; k < lines.size() && !lines.get(k).startsWith("```"); k++) {
                text.append(lines.get(k)).append('\n');
            }
            return Optional.of(text.toString());
        }
        if (first.startsWith("This prints `")) {
            StringBuilder para = new StringBuilder();
            for (int k = i; k < lines.size() && !lines.get(k).isBlank(); k++) {
                para.append(lines.get(k)).append(' ');
            }
            int from = "This prints `".length();
            int to = para.indexOf("`", from);
            if (to < 0) {
                throw new IllegalStateException("README.md:" + (i + 1) + ": unterminated `…` after 'This prints'");
            }
            return Optional.of(para.substring(from, to) + "\n");
        }
        return Optional.empty();
    }

    /** The inline code spans outside fenced blocks (a span may not cross a line, as in every table row). */
    List<Span> spans() {
        List<Span> out = new ArrayList<>();
        boolean inBlock = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                Matcher m = SPAN.matcher(l);
                while (m.find()) {
                    out.add(new Span(i + 1, m.group(1)));
                }
            }
        }
        return out;
    }
}
