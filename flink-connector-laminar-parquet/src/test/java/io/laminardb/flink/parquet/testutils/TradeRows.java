package io.laminardb.flink.parquet.testutils;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks rows read from {@link TradeFiles} data against the values their id determines. */
public final class TradeRows {

    private TradeRows() {}

    /** Asserts every column of the row type that a trade file has, by name. */
    public static void assertTrade(RowData row, RowType type) {
        int idPos = type.getFieldNames().indexOf("id");
        assertThat(idPos).as("id must be read to check a row").isGreaterThanOrEqualTo(0);
        long id = row.getLong(idPos);
        for (int i = 0; i < type.getFieldCount(); i++) {
            String name = type.getFieldNames().get(i);
            switch (name) {
                case "ts":
                    assertThat(row.getTimestamp(i, 3).getMillisecond())
                            .as("ts of id %s", id)
                            .isEqualTo(TradeFiles.ts(id));
                    break;
                case "symbol":
                    assertThat(row.getString(i).toString())
                            .as("symbol of id %s", id)
                            .isEqualTo(TradeFiles.symbol(id));
                    break;
                case "price":
                    assertThat(row.getDouble(i))
                            .as("price of id %s", id)
                            .isEqualTo(TradeFiles.price(id));
                    break;
                case "qty":
                    assertThat(row.getInt(i)).as("qty of id %s", id).isEqualTo(TradeFiles.qty(id));
                    break;
                case "note":
                    String note = TradeFiles.note(id);
                    if (note == null) {
                        assertThat(row.isNullAt(i)).as("note of id %s is null", id).isTrue();
                    } else {
                        assertThat(row.getString(i).toString())
                                .as("note of id %s", id)
                                .isEqualTo(note);
                    }
                    break;
                default:
                    break;
            }
        }
    }
}
