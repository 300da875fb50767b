package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.util.Set;

/**
 * The benchmark's table of nested columns, as Spark, Iceberg and Arrow write them: a struct, lists
 * of strings and of doubles (3-level LISTs) and a map, in flat files {@code part-NNNNN.parquet}.
 *
 * <pre>
 * column    type                        values
 * id        BIGINT                      unique, ascending
 * ts        TIMESTAMP(6)                ascending, whole milliseconds
 * point     ROW(x DOUBLE, y DOUBLE)     5% NULL
 * tags      ARRAY(STRING)               0 to 4 of 50 tags (dictionary), 10% NULL, some NULL tags
 * readings  ARRAY(DOUBLE NOT NULL)      0 to 8 values
 * attrs     MAP(STRING, BIGINT)         0 to 3 entries of 8 keys, some NULL values
 * </pre>
 */
public final class NestedData implements TimeSortedDataSet {

    /** The nested table, for {@link DataSetGenerator}. */
    public static final NestedData SPEC = new NestedData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message nested {\n"
                            + "  required int64 id;\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional group point {\n"
                            + "    required double x;\n"
                            + "    required double y;\n"
                            + "  }\n"
                            + "  optional group tags (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional binary element (STRING);\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group readings (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      required double element;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group attrs (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional int64 value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    /** 1: the data set as first written by the benchmark. */
    private static final int FORMAT_VERSION = 1;

    private static final String[] TAGS = tags(50);
    private static final String[] KEYS = {
        "clicks", "views", "carts", "orders", "returns", "reviews", "shares", "likes"
    };

    private NestedData() {}

    @Override
    public String name() {
        return "nested";
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
        return Set.of("ts", "point.x", "point.y", "readings.list.element");
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
            row.addGroup("point")
                    .append("x", (h >>> 11) / (double) (1L << 53) * 360 - 180)
                    .append("y", (h2 >>> 11) / (double) (1L << 53) * 180 - 90);
        }
        if ((h >>> 8) % 10 != 0) {
            Group tags = row.addGroup("tags");
            int count = (int) ((h >>> 12) % 5);
            for (int i = 0; i < count; i++) {
                Group element = tags.addGroup("list");
                long pick = (h >>> (16 + 6 * i)) & 63;
                if (pick < TAGS.length) {
                    element.append("element", TAGS[(int) pick]);
                } // else a NULL tag
            }
        }
        Group readings = row.addGroup("readings");
        int count = (int) ((h2 >>> 4) % 9);
        for (int i = 0; i < count; i++) {
            readings.addGroup("list")
                    .append("element", DataSetGenerator.mix(h2 + i) % 100_000 / 100.0);
        }
        Group attrs = row.addGroup("attrs");
        int entries = (int) ((h2 >>> 8) % 4);
        for (int i = 0; i < entries; i++) {
            Group entry = attrs.addGroup("key_value");
            entry.append("key", KEYS[(int) ((h2 >>> 12) + i) & 7]); // distinct in a map
            if (((h2 >>> (30 + i)) & 7) != 0) {
                entry.append("value", (h2 >>> (24 + i)) % 1_000_000);
            }
        }
    }

    private static String[] tags(int n) {
        String[] tags = new String[n];
        for (int i = 0; i < n; i++) {
            tags[i] = "tag-" + Integer.toString(i * 7919 + 1000, 36);
        }
        return tags;
    }
}
