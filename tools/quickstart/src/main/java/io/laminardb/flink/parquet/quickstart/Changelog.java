package io.laminardb.flink.parquet.quickstart;

import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end state of a query's result: inserts and {@code +U} add a row, {@code -U} and {@code -D}
 * take one away (a streaming aggregate updates its rows as input arrives), in the order the rows
 * were first added. A row taken away and added again counts as new: an updated aggregate moves to
 * the end. The rows of the end state are inserts ({@code +I}).
 */
final class Changelog {
    private final Map<Row, Integer> counts = new LinkedHashMap<>();
    private long changes;

    /** Applies one row of the changelog; a {@code -U} or {@code -D} of no row changes nothing. */
    void apply(Row row) {
        changes++;
        RowKind kind = row.getKind();
        Row key = Row.copy(row);
        key.setKind(RowKind.INSERT);
        if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
            counts.merge(key, 1, Integer::sum);
        } else {
            counts.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1);
        }
    }

    /** The rows applied so far, of every kind. */
    long changes() {
        return changes;
    }

    /** The rows of the end state, each as often as it is there. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        counts.forEach(
                (row, n) -> {
                    for (int i = 0; i < n; i++) {
                        rows.add(row);
                    }
                });
        return rows;
    }
}
