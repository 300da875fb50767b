package io.laminardb.flink.parquet.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a SQL script into statements at the semicolons that end them: not at a semicolon inside a
 * string literal ({@code '...'}, with {@code ''} for a quote), a quoted identifier ({@code `...`}
 * or {@code "..."}), a line comment ({@code -- ...}) or a block comment, nor inside an {@code
 * EXECUTE STATEMENT SET BEGIN ...; ...; END} block, which is one statement. A statement starts at
 * its first code: the comments and blanks before it are not part of it, so its text begins with its
 * keyword and its line 1 is the script line it starts on. Statements that hold only comments and
 * blanks are dropped.
 */
final class SqlScript {

    /** A statement and the line of the script it starts on (1-based). */
    record Statement(String sql, int line) {}

    /** The start of a statement set, whose inner statements end with semicolons too. */
    private static final Pattern STATEMENT_SET =
            Pattern.compile(
                    "\\s*EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN\\b",
                    Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private static final Pattern ENDS_WITH_END =
            Pattern.compile(".*\\bEND\\s*", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

    private SqlScript() {}

    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        // The statement's text, from its first code on.
        StringBuilder current = new StringBuilder();
        // Its code only: comments as a blank, quoted text as an empty quote (for keywords).
        StringBuilder code = new StringBuilder();
        boolean hasCode = false;
        int line = 1;
        int startLine = 1;
        int n = script.length();
        for (int i = 0; i < n; i++) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                if (hasCode) {
                    current.append(script, i, end);
                    code.append(' ');
                }
                i = end - 1;
            } else if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "Unterminated /* comment starting on line " + line);
                }
                String comment = script.substring(i, end + 2);
                if (hasCode) {
                    current.append(comment);
                    code.append(' ');
                }
                line += count(comment, '\n');
                i = end + 1;
            } else if (c == '\'' || c == '`' || c == '"') {
                if (!hasCode) {
                    hasCode = true;
                    startLine = line;
                }
                int end = i + 1;
                while (true) {
                    if (end >= n) {
                        throw new IllegalArgumentException(
                                "Unterminated " + c + " quote starting on line " + line);
                    }
                    if (script.charAt(end) == c) {
                        // A doubled quote stands for the quote itself.
                        if (end + 1 < n && script.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    end++;
                }
                String quoted = script.substring(i, end + 1);
                current.append(quoted);
                code.append(c).append(c);
                line += count(quoted, '\n');
                i = end;
            } else if (c == ';' && !insideStatementSet(code)) {
                if (hasCode) {
                    statements.add(new Statement(current.toString().trim(), startLine));
                }
                current.setLength(0);
                code.setLength(0);
                hasCode = false;
            } else {
                if (!hasCode && !Character.isWhitespace(c)) {
                    hasCode = true;
                    startLine = line;
                }
                if (hasCode) {
                    current.append(c);
                    code.append(c);
                }
                if (c == '\n') {
                    line++;
                }
            }
        }
        if (hasCode) {
            statements.add(new Statement(current.toString().trim(), startLine));
        }
        return statements;
    }

    /** Whether a semicolon after this code ends a statement of a statement set, not the set. */
    private static boolean insideStatementSet(CharSequence code) {
        return STATEMENT_SET.matcher(code).lookingAt() && !ENDS_WITH_END.matcher(code).matches();
    }

    private static int count(String s, char c) {
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
