package io.laminardb.flink.parquet.quickstart;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.io.PrintStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Prints query results as a plain text table: a header, one line per row, numbers right-aligned.
 * When some rows are not inserts (a streaming query's updates), an {@code op} column shows each
 * row's kind ({@code +I}, {@code -U}, {@code +U}, {@code -D}) as Flink's own printing does.
 */
final class ResultTable {

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private ResultTable() {}

    static void print(PrintStream out, List<String> columns, List<Row> rows) {
        boolean changelog = rows.stream().anyMatch(r -> r.getKind() != RowKind.INSERT);
        List<String> header = new ArrayList<>();
        if (changelog) {
            header.add("op");
        }
        header.addAll(columns);
        List<String[]> cells = new ArrayList<>();
        boolean[] numeric = new boolean[header.size()];
        for (Row row : rows) {
            String[] line = new String[header.size()];
            int c = 0;
            if (changelog) {
                line[c++] = row.getKind().shortString();
            }
            for (int i = 0; i < row.getArity(); i++, c++) {
                Object value = row.getField(i);
                line[c] = format(value);
                numeric[c] |= value instanceof Number;
            }
            cells.add(line);
        }
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (String[] line : cells) {
                widths[c] = Math.max(widths[c], line[c].length());
            }
        }
        StringBuilder rule = new StringBuilder();
        StringBuilder head = new StringBuilder();
        for (int c = 0; c < widths.length; c++) {
            String sep = c == 0 ? "" : "  ";
            rule.append(sep).append("-".repeat(widths[c]));
            head.append(sep).append(pad(header.get(c), widths[c], numeric[c]));
        }
        out.println(head.toString().stripTrailing());
        out.println(rule);
        for (String[] line : cells) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                s.append(c == 0 ? "" : "  ").append(pad(line[c], widths[c], numeric[c]));
            }
            out.println(s.toString().stripTrailing());
        }
    }

    /**
     * A value as a cell: {@code NULL}, timestamps with a blank between date and time, decimals
     * without exponent, {@code BYTES} as a hex literal ({@code x'0aff'}), {@code ARRAY}s as {@code
     * [a, b]}, {@code ROW}s as {@code (a, b)} and {@code MAP}s as {@code {k=v}}, their elements
     * formatted the same way.
     */
    static String format(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof LocalDateTime t) {
            if (t.getNano() == 0) {
                return SECONDS.format(t);
            }
            return t.getNano() % 1_000_000 == 0 ? MILLIS.format(t) : t.toString().replace('T', ' ');
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return "x'" + HexFormat.of().formatHex(bytes) + "'";
        }
        if (value.getClass().isArray()) {
            StringJoiner s = new StringJoiner(", ", "[", "]");
            for (int i = 0; i < Array.getLength(value); i++) {
                s.add(format(Array.get(value, i)));
            }
            return s.toString();
        }
        if (value instanceof Row row) {
            StringJoiner s = new StringJoiner(", ", "(", ")");
            for (int i = 0; i < row.getArity(); i++) {
                s.add(format(row.getField(i)));
            }
            return s.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringJoiner s = new StringJoiner(", ", "{", "}");
            map.forEach((k, v) -> s.add(format(k) + "=" + format(v)));
            return s.toString();
        }
        return value.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
