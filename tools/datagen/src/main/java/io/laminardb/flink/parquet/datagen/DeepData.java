package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.util.Set;

/**
 * The benchmark's table of nesting within nesting, as event and order data exported from JSON or
 * document stores holds it: a row of a row and an array of rows that hold arrays, an array of
 * arrays, a map of rows, in flat files {@code part-NNNNN.parquet}.
 *
 * <pre>
 * column    type                                                        values
 * id        BIGINT                                                      unique, ascending
 * ts        TIMESTAMP(6)                                                ascending, whole ms
 * customer  ROW(id BIGINT, address ROW(city STRING, zip INT))           5% NULL, 10% NULL address
 * lines     ARRAY(ROW(sku BIGINT, qty INT, discounts ARRAY(DOUBLE)))    0 to 4 lines, 0 to 2 each
 * matrix    ARRAY(ARRAY(DOUBLE))                                        0 to 3 arrays of 0 to 4
 * sessions  MAP(STRING, ROW(clicks BIGINT, pages ARRAY(STRING)))        0 to 2 entries, 0 to 3 pages
 * </pre>
 */
public final class DeepData implements TimeSortedDataSet {

    /** The table, for {@link DataSetGenerator}. */
    public static final DeepData SPEC = new DeepData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message deep {\n"
                            + "  required int64 id;\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional group customer {\n"
                            + "    required int64 id;\n"
                            + "    optional group address {\n"
                            + "      optional binary city (STRING);\n"
                            + "      optional int32 zip;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group lines (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element {\n"
                            + "        required int64 sku;\n"
                            + "        required int32 qty;\n"
                            + "        optional group discounts (LIST) {\n"
                            + "          repeated group list { required double element; }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group matrix (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element (LIST) {\n"
                            + "        repeated group list { required double element; }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group sessions (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional group value {\n"
                            + "        required int64 clicks;\n"
                            + "        optional group pages (LIST) {\n"
                            + "          repeated group list { optional binary element (STRING); }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    /** 1: the data set as first written by the benchmark. */
    private static final int FORMAT_VERSION = 1;

    private static final String[] CITIES = {
        "Lisbon", "Porto", "Zürich", "Kraków", "Osaka", "Lyon", "Denver", "Tartu"
    };
    private static final String[] CHANNELS = {"web", "ios", "android", "kiosk"};
    private static final String[] PAGES = {
        "/", "/search", "/cart", "/checkout", "/item", "/help", "/account", "/orders"
    };

    private DeepData() {}

    @Override
    public String name() {
        return "deep";
    }

    @Override
    public int formatVersion() {
        return FORMAT_VERSION;
    }

    @Override
    public MessageType schema() {
        return SCHEMA;
    }

    @Override
    public Set<String> columnsWithoutDictionary() {
        return Set.of(
                "ts",
                "lines.list.element.discounts.list.element",
                "matrix.list.element.list.element");
    }

    @Override
    public String timeColumn() {
        return "ts";
    }

    @Override
    public long timeUnitsPerMilli() {
        return 1_000;
    }

    @Override
    public long timeMillis(long id) {
        return TimeSortedDataSet.steppedMillis(id, 5);
    }

    @Override
    public String partitionDirectory(Settings settings, int file) {
        return "";
    }

    @Override
    public RowFiller rows(Settings settings, int file) {
        return this::fill;
    }

    private void fill(long id, Group row) {
        long h = DataSetGenerator.mix(id);
        long h2 = DataSetGenerator.mix(~id);
        row.append("id", id).append("ts", timeMillis(id) * 1_000);
        if (h % 20 != 0) {
            Group customer = row.addGroup("customer").append("id", (h >>> 20) % 100_000);
            if ((h >>> 8) % 10 != 0) {
                customer.addGroup("address")
                        .append("city", CITIES[(int) ((h >>> 12) & 7)])
                        .append("zip", (int) ((h >>> 16) % 90_000) + 10_000);
            }
        }
        Group lines = row.addGroup("lines");
        int lineCount = (int) ((h2 >>> 4) % 5);
        for (int i = 0; i < lineCount; i++) {
            long l = DataSetGenerator.mix(h2 + i);
            Group line =
                    lines.addGroup("list")
                            .addGroup("element")
                            .append("sku", l % 1_000_000)
                            .append("qty", (int) ((l >>> 20) % 9) + 1);
            Group discounts = line.addGroup("discounts");
            for (int d = (int) ((l >>> 30) % 3); d > 0; d--) {
                discounts.addGroup("list").append("element", ((l >>> (34 + d)) % 50) / 100.0);
            }
        }
        if ((h2 >>> 8) % 4 != 0) {
            Group matrix = row.addGroup("matrix");
            for (int i = (int) ((h2 >>> 12) % 4); i > 0; i--) {
                Group inner = matrix.addGroup("list").addGroup("element");
                for (int j = (int) ((h2 >>> (16 + i)) % 5); j > 0; j--) {
                    inner.addGroup("list")
                            .append(
                                    "element",
                                    DataSetGenerator.mix(h2 + 31 * i + j) % 10_000 / 100.0);
                }
            }
        }
        Group sessions = row.addGroup("sessions");
        int entries = (int) ((h >>> 40) % 3);
        for (int i = 0; i < entries; i++) {
            Group entry =
                    sessions.addGroup("key_value")
                            .append("key", CHANNELS[(int) ((h >>> 44) + i) & 3]); // distinct
            if (((h >>> (48 + i)) & 7) != 0) {
                Group value = entry.addGroup("value").append("clicks", (h >>> (20 + i)) % 500);
                Group pages = value.addGroup("pages");
                for (int p = (int) ((h >>> (52 + i)) % 4); p > 0; p--) {
                    Group page = pages.addGroup("list");
                    long pick = (h >>> (4 * p)) & 15;
                    if (pick < PAGES.length) {
                        page.append("element", PAGES[(int) pick]);
                    } // else a NULL page
                }
            }
        }
    }
}
