package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The benchmark's data set: order executions in ten columns of mixed types, in flat files {@code
 * part-NNNNN.parquet}.
 *
 * <pre>
 * column     type          encoding the writer ends up with
 * id         BIGINT        plain (unique, ascending)
 * ts         TIMESTAMP(3)  plain (ascending)
 * symbol     STRING        dictionary (100 values)
 * exchange   STRING        dictionary (6 values)
 * side       STRING        dictionary (2 values)
 * order_ref  STRING        dictionary, then plain (unique, 16 characters)
 * price      DOUBLE        dictionary, then plain
 * qty        INT           dictionary (1000 values)
 * trader_id  INT           dictionary (10000 values)
 * fee        DOUBLE NULL   plain, 5% nulls
 * </pre>
 *
 * <p>{@code ts} is strictly ascending in the id, and so in the files and their row groups: a window
 * on it is one run of rows ({@link #middleWindow}).
 */
public final class ExecutionData implements TimeSortedDataSet {

    /** The order executions, for {@link DataSetGenerator}. */
    public static final ExecutionData SPEC = new ExecutionData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message execution {\n"
                            + "  required int64 id;\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required binary exchange (STRING);\n"
                            + "  required binary side (STRING);\n"
                            + "  required binary order_ref (STRING);\n"
                            + "  required double price;\n"
                            + "  required int32 qty;\n"
                            + "  required int32 trader_id;\n"
                            + "  optional double fee;\n"
                            + "}");

    /** 1: the data set as first written by the benchmark. */
    private static final int FORMAT_VERSION = 1;

    private static final String[] EXCHANGES = {"XNAS", "XNYS", "ARCX", "BATS", "EDGX", "IEXG"};
    private static final String[] SYMBOLS = symbols(100);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ExecutionData() {}

    @Override
    public String name() {
        return "executions";
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
    public String timeColumn() {
        return "ts";
    }

    @Override
    public long timeUnitsPerMilli() {
        return 1;
    }

    @Override
    public long timeMillis(long id) {
        return tsMillis(id);
    }

    @Override
    public String partitionDirectory(Settings settings, int file) {
        return "";
    }

    @Override
    public RowFiller rows(Settings settings, int file) {
        // One file is written by one thread: the order reference's characters can be reused.
        char[] ref = {'O', 'R', 'D', '-', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        return (id, row) -> fill(id, row, ref);
    }

    private static void fill(long id, Group row, char[] ref) {
        long h = DataSetGenerator.mix(id);
        int symbol = (int) (h % SYMBOLS.length);
        double price =
                Math.round((10 + symbol * 7.5) * (1 + ((h >>> 8) % 20_001 - 10_000) / 1e5) * 100)
                        / 100.0;
        int qty = (int) (1 + (h >>> 24) % 1000);
        long r = DataSetGenerator.mix(~id);
        for (int c = 4; c < 16; c++) {
            ref[c] = HEX[(int) (r & 15)];
            r >>>= 4;
        }
        row.append("id", id)
                .append("ts", tsMillis(id))
                .append("symbol", SYMBOLS[symbol])
                .append("exchange", EXCHANGES[(int) ((h >>> 34) % EXCHANGES.length)])
                .append("side", ((h >>> 40) & 1) == 0 ? "BUY" : "SELL")
                .append("order_ref", new String(ref))
                .append("price", price)
                .append("qty", qty)
                .append("trader_id", (int) ((h >>> 44) % 10_000));
        if ((h >>> 20) % 20 != 0) {
            row.append("fee", Math.round(price * qty * 0.35) / 1000.0);
        }
    }

    /**
     * The {@code ts} of a row, in UTC epoch millis: 7 ms apart plus 0 to 6 ms of jitter, so it is
     * strictly ascending in the id (and in the files and row groups, which hold ascending ids).
     */
    public static long tsMillis(long id) {
        return TimeSortedDataSet.steppedMillis(id, 7);
    }

    private static String[] symbols(int n) {
        String[] symbols = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            int v = i * 7919 + 13;
            for (int c = 0; c < 3 + i % 3; c++) {
                s.append((char) ('A' + v % 26));
                v /= 26;
                v += i;
            }
            symbols[i] = s.toString() + i;
        }
        return symbols;
    }
}
