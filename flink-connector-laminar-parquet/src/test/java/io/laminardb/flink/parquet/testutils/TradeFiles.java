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
 * Writes test data sets of "trades" with parquet-java: one row per id, every value a function of
 * the id (so a test can check each row's content, not only counts), nulls in {@code note}.
 *
 * <pre>
 * id BIGINT (required), ts TIMESTAMP(3) = 2024-01-01 + id seconds, symbol STRING = SYMBOLS[id % 8],
 * price DOUBLE = 100 + (id % 1000) / 100.0, qty INT = 1 + id % 500, note STRING = null when id % 10 == 0
 * </pre>
 */
public final class TradeFiles {

    public static final String[] SYMBOLS = {
        "AAPL", "MSFT", "GOOG", "AMZN", "NVDA", "META", "TSLA", "IBM"
    };
    public static final long EPOCH_MILLIS_2024 = 1_704_067_200_000L;

    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message trade {\n"
                            + "  required int64 id;\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required double price;\n"
                            + "  required int32 qty;\n"
                            + "  optional binary note (STRING);\n"
                            + "}");

    private TradeFiles() {}

    public static long ts(long id) {
        return EPOCH_MILLIS_2024 + id * 1000L;
    }

    public static String symbol(long id) {
        return SYMBOLS[(int) (id % SYMBOLS.length)];
    }

    public static double price(long id) {
        return 100 + (id % 1000) / 100.0;
    }

    public static int qty(long id) {
        return (int) (1 + id % 500);
    }

    public static String note(long id) {
        return id % 10 == 0 ? null : "note-" + id;
    }

    /**
     * Writes the two-day Hive-partitioned data set the object store tests upload: {@code
     * day=2024-01-01/a.parquet} with ids {@code [0, rowsPerDay)} and {@code
     * day=2024-01-02/b.parquet} with the next {@code rowsPerDay}, in row groups of 250 rows, under
     * {@code root}.
     */
    public static void writeTwoDays(Path root, long rowsPerDay) throws IOException {
        write(root.resolve("day=2024-01-01/a.parquet"), 0, rowsPerDay, 250);
        write(root.resolve("day=2024-01-02/b.parquet"), rowsPerDay, rowsPerDay, 250);
    }

    /** Writes rows with ids {@code [firstId, firstId + rows)} to {@code file}. */
    public static void write(Path file, long firstId, long rows, int rowGroupRows)
            throws IOException {
        write(
                file,
                firstId,
                rows,
                rowGroupRows,
                CompressionCodecName.SNAPPY,
                true,
                ParquetProperties.WriterVersion.PARQUET_1_0);
    }

    public static void write(
            Path file,
            long firstId,
            long rows,
            int rowGroupRows,
            CompressionCodecName codec,
            boolean dictionary,
            ParquetProperties.WriterVersion version)
            throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(codec)
                        .withDictionaryEncoding(dictionary)
                        .withWriterVersion(version)
                        .withRowGroupRowCountLimit(rowGroupRows)
                        .withPageRowCountLimit(Math.max(1, Math.min(rowGroupRows, 1000)))
                        .build()) {
            for (long id = firstId; id < firstId + rows; id++) {
                Group g =
                        groups.newGroup()
                                .append("id", id)
                                .append("ts", ts(id))
                                .append("symbol", symbol(id))
                                .append("price", price(id))
                                .append("qty", qty(id));
                String note = note(id);
                if (note != null) {
                    g.append("note", note);
                }
                writer.write(g);
            }
        }
    }
}
