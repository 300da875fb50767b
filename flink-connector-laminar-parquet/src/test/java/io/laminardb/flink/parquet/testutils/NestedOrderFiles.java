package io.laminardb.flink.parquet.testutils;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes test data sets of "orders" with nesting within nesting, with parquet-java: one row per id,
 * every value a function of the id, so a test can check each row's content ({@link #expected}, in
 * the text of {@link RenderedValues}), NULLs and empty arrays and maps at every level.
 *
 * <pre>
 * id     BIGINT NOT NULL
 * lines  ARRAY&lt;ROW&lt;sku BIGINT NOT NULL, tags ARRAY&lt;STRING&gt;&gt;&gt;
 * attrs  MAP&lt;STRING NOT NULL, ROW&lt;v BIGINT NOT NULL, ws ARRAY&lt;INT NOT NULL&gt;&gt;&gt;
 * </pre>
 */
public final class NestedOrderFiles {

    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message orders {\n"
                            + "  required int64 id;\n"
                            + "  optional group lines (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional group element {\n"
                            + "        required int64 sku;\n"
                            + "        optional group tags (LIST) {\n"
                            + "          repeated group list { optional binary element (STRING); }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group attrs (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional group value {\n"
                            + "        required int64 v;\n"
                            + "        optional group ws (LIST) {\n"
                            + "          repeated group list { required int32 element; }\n"
                            + "        }\n"
                            + "      }\n"
                            + "    }\n"
                            + "  }\n"
                            + "}");

    private NestedOrderFiles() {}

    /** Writes rows with ids {@code [firstId, firstId + rows)} to {@code file}. */
    public static void write(Path file, long firstId, long rows, int rowGroupRows)
            throws IOException {
        write(file, firstId, rows, rowGroupRows, 500, ParquetProperties.DEFAULT_PAGE_SIZE);
    }

    /**
     * As {@link #write(Path, long, long, int)}, with pages of at most {@code pageRows} rows and
     * about {@code pageBytes}: small pages end at other rows in each column (their values take
     * other room per row).
     */
    public static void write(
            Path file, long firstId, long rows, int rowGroupRows, int pageRows, int pageBytes)
            throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withRowGroupRowCountLimit(rowGroupRows)
                        .withPageRowCountLimit(Math.max(1, Math.min(rowGroupRows, pageRows)))
                        .withPageSize(pageBytes)
                        .build()) {
            for (long id = firstId; id < firstId + rows; id++) {
                Group row = groups.newGroup().append("id", id);
                if (id % 13 != 0) {
                    Group lines = row.addGroup("lines");
                    for (int i = 0; i < id % 4; i++) {
                        Group entry = lines.addGroup("list");
                        if ((id + i) % 7 == 0) {
                            continue; // a NULL line
                        }
                        Group line = entry.addGroup("element").append("sku", sku(id, i));
                        if ((id + i) % 5 != 0) {
                            Group tags = line.addGroup("tags");
                            for (int j = 0; j < (id + i) % 3; j++) {
                                Group tag = tags.addGroup("list");
                                String text = tag(id, i, j);
                                if (text != null) {
                                    tag.append("element", text);
                                }
                            }
                        }
                    }
                }
                if (id % 17 != 0) {
                    Group attrs = row.addGroup("attrs");
                    for (int i = 0; i < id % 3; i++) {
                        Group entry = attrs.addGroup("key_value").append("key", "k" + i);
                        if ((id + i) % 4 == 0) {
                            continue; // a NULL value
                        }
                        Group value = entry.addGroup("value").append("v", id + i);
                        if ((id + i) % 6 != 1) {
                            Group ws = value.addGroup("ws");
                            for (int j = 0; j < (id + i) % 3; j++) {
                                ws.addGroup("list").append("element", (int) (id % 100) + j);
                            }
                        }
                    }
                }
                writer.write(row);
            }
        }
    }

    private static long sku(long id, int line) {
        return id * 10 + line;
    }

    /** Tag {@code j} of line {@code i}, or null. */
    private static String tag(long id, int i, int j) {
        return (id + i + j) % 8 == 0 ? null : "t" + (id + i + j) % 9;
    }

    /** Row {@code id} as {@link RenderedValues} renders it with the row type of {@link #SCHEMA}. */
    public static String expected(long id) {
        StringBuilder text = new StringBuilder("(").append(id).append(',');
        if (id % 13 == 0) {
            text.append("null");
        } else {
            text.append('[');
            for (int i = 0; i < id % 4; i++) {
                if ((id + i) % 7 == 0) {
                    text.append("null,");
                    continue;
                }
                text.append('(').append(sku(id, i)).append(',');
                if ((id + i) % 5 == 0) {
                    text.append("null");
                } else {
                    text.append('[');
                    for (int j = 0; j < (id + i) % 3; j++) {
                        text.append(tag(id, i, j)).append(',');
                    }
                    text.append(']');
                }
                text.append(",),");
            }
            text.append(']');
        }
        text.append(',');
        if (id % 17 == 0) {
            text.append("null");
        } else {
            StringBuilder keys = new StringBuilder("[");
            StringBuilder values = new StringBuilder("[");
            for (int i = 0; i < id % 3; i++) {
                keys.append('k').append(i).append(',');
                if ((id + i) % 4 == 0) {
                    values.append("null,");
                    continue;
                }
                values.append('(').append(id + i).append(',');
                if ((id + i) % 6 == 1) {
                    values.append("null");
                } else {
                    values.append('[');
                    for (int j = 0; j < (id + i) % 3; j++) {
                        values.append((int) (id % 100) + j).append(',');
                    }
                    values.append(']');
                }
                values.append(",),");
            }
            text.append('{').append(keys).append("] -> ").append(values).append("]}");
        }
        return text.append(",)").toString();
    }
}
