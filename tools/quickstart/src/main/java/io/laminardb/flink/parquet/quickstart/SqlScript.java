package io.laminardb.flink.parquet.quickstart;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements at the semicolons that end them: not at a semicolon inside a
 * string literal ({@code '...'}, with {@code ''} for a quote), a quoted identifier ({@code `...`}
 * or {@code "..."}), a line comment ({@code -- ...}) or a block comment. Statements that hold only
 * comments and blanks are dropped.
 */
final class SqlScript {

    /** A statement and the line of the script it starts on (1-based). */
    record Statement(String sql, int line) {}

    private SqlScript() {}

    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
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
                current.append(script, i, end);
                i = end - 1;
            } else if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException(
                            "Unterminated /* comment starting on line " + line);
                }
                String comment = script.substring(i, end + 2);
                current.append(comment);
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
                line += count(quoted, '\n');
                i = end;
            } else if (c == ';') {
                if (hasCode) {
                    statements.add(new Statement(current.toString().trim(), startLine));
                }
                current.setLength(0);
                hasCode = false;
            } else {
                if (!hasCode && !Character.isWhitespace(c)) {
                    hasCode = true;
                    startLine = line;
                }
                current.append(c);
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
