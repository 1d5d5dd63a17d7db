package dev.descent.cli.readme;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a shell command line as sh would pass them: single and double quotes, backslash
 * escapes, and a line ending in {@code \} continuing on the next. Parsing stops at an unquoted
 * {@code #} that starts a word (a comment) and at an unquoted {@code &&}, {@code ||}, {@code ;} or
 * {@code |} (the next command). Variables, globs and braces are taken literally.
 */
final class ShellLine {

    private ShellLine() {
    }

    /** The logical lines of a shell block: continuation lines joined, blank lines dropped. */
    static List<String> logicalLines(String block) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : block.split("\n", -1)) {
            if (l.endsWith("\\")) {
                cur.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            cur.append(l);
            if (!cur.toString().isBlank()) {
                out.add(cur.toString().strip());
            }
            cur.setLength(0);
        }
        return out;
    }

    /** The words of the first command on {@code line}. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated ' in: " + line);
                }
                w.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int k = i + 1;
                for (; k < line.length() && line.charAt(k) != '"'; k++) {
                    char d = line.charAt(k);
                    if (d == '\\' && k + 1 < line.length() && "\"\\$`".indexOf(line.charAt(k + 1)) >= 0) {
                        d = line.charAt(++k);
                    }
                    w.append(d);
                }
                if (k >= line.length()) {
                    throw new IllegalArgumentException("unterminated \" in: " + line);
                }
                i = k;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (!inWord && c == '#') {
                break;
            } else if (c == ';' || c == '|' || c == '&') {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
