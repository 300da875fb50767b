package io.laminardb.flink.parquet.quickstart;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ResultTable}. */
class ResultTableTest {

    private static String print(List<String> columns, List<Row> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ResultTable.print(out, columns, rows);
        }
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void alignsTextLeftAndNumbersRight() {
        String table =
                print(
                        List.of("symbol", "n", "price"),
                        List.of(
                                Row.of("AAPL", 7L, new BigDecimal("190.25")),
                                Row.of("V", 1234L, new BigDecimal("9.50")),
                                Row.of("MSFT", null, null)));
        assertThat(table)
                .isEqualTo(
                        "symbol     n   price\n"
                                + "------  ----  ------\n"
                                + "AAPL       7  190.25\n"
                                + "V       1234    9.50\n"
                                + "MSFT    NULL    NULL\n");
    }

    @Test
    void columnIsAsWideAsItsHeaderOrWidestValue() {
        String table =
                print(
                        List.of("a_long_name", "b"),
                        List.of(Row.of("x", "a much longer value"), Row.of(null, "y")));
        assertThat(table)
                .isEqualTo(
                        "a_long_name  b\n"
                                + "-----------  -------------------\n"
                                + "x            a much longer value\n"
                                + "NULL         y\n");
    }

    @Test
    void noRowsPrintsTheHeader() {
        assertThat(print(List.of("a", "bb"), List.of())).isEqualTo("a  bb\n-  --\n");
    }

    @Test
    void changelogRowsGetAnOpColumn() {
        Row before = Row.ofKind(RowKind.UPDATE_BEFORE, "A", 1L);
        Row after = Row.ofKind(RowKind.UPDATE_AFTER, "A", 2L);
        Row deleted = Row.ofKind(RowKind.DELETE, "B", 10L);
        String table = print(List.of("k", "n"), List.of(Row.of("A", 1L), before, after, deleted));
        assertThat(table)
                .isEqualTo(
                        "op  k   n\n"
                                + "--  -  --\n"
                                + "+I  A   1\n"
                                + "-U  A   1\n"
                                + "+U  A   2\n"
                                + "-D  B  10\n");
    }

    @Test
    void insertsOnlyHaveNoOpColumn() {
        assertThat(print(List.of("k"), List.of(Row.of("A")))).isEqualTo("k\n-\nA\n");
    }

    @Test
    void formatsTimestampsDecimalsAndNull() {
        assertThat(ResultTable.format(null)).isEqualTo("NULL");
        assertThat(ResultTable.format(LocalDateTime.of(2024, 1, 2, 9, 30)))
                .isEqualTo("2024-01-02 09:30:00");
        assertThat(ResultTable.format(LocalDateTime.of(2024, 1, 2, 9, 30, 1, 5_000_000)))
                .isEqualTo("2024-01-02 09:30:01.005");
        assertThat(ResultTable.format(LocalDateTime.of(2024, 1, 2, 9, 30, 1, 123_456_000)))
                .isEqualTo("2024-01-02 09:30:01.123456");
        assertThat(ResultTable.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(ResultTable.format(LocalDate.of(2024, 1, 2))).isEqualTo("2024-01-02");
    }

    @Test
    void formatsBytesArraysRowsAndMaps() {
        assertThat(ResultTable.format(new byte[] {0, 10, (byte) 0xff})).isEqualTo("x'000aff'");
        assertThat(ResultTable.format(new Integer[] {1, null, 3})).isEqualTo("[1, NULL, 3]");
        assertThat(ResultTable.format(new int[] {4, 5})).isEqualTo("[4, 5]");
        assertThat(ResultTable.format(new String[][] {{"a"}, {}})).isEqualTo("[[a], []]");
        assertThat(ResultTable.format(Row.of(1, "b", null, new byte[] {1})))
                .isEqualTo("(1, b, NULL, x'01')");
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("k", 1);
        map.put("n", null);
        assertThat(ResultTable.format(map)).isEqualTo("{k=1, n=NULL}");
    }

    @Test
    void numericColumnWithArraysIsLeftAligned() {
        // Only columns of numbers are right-aligned; an ARRAY<INT> column reads as text.
        String table = print(List.of("xs", "n"), List.of(Row.of(new Integer[] {1, 2}, 3)));
        assertThat(table).isEqualTo("xs      n\n------  -\n[1, 2]  3\n");
    }
}
