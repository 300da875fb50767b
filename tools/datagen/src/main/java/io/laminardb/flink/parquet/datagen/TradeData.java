package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The quickstart's data set: trades in Hive partitions by trading day, {@code
 * date=YYYY-MM-DD/part-NNNNN.parquet}.
 *
 * <pre>
 * id BIGINT, ts TIMESTAMP(3) (trading hours of the file's date), symbol STRING,
 * price DECIMAL(10, 2), qty INT, side STRING ('BUY' or 'SELL')
 * </pre>
 *
 * <p>Ids and timestamps rise together: consecutive files share a day and split its session into
 * consecutive slices, and rows within a file are in time order. So a reader that takes files in
 * name order sees event time only advance, which is what a streaming job's watermark needs (a row
 * older than the watermark would be dropped by a window).
 */
public final class TradeData implements DataSetSpec {

    /** The trades, for {@link DataSetGenerator}. */
    public static final TradeData SPEC = new TradeData();

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message trade {\n"
                            + "  required int64 id;\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required int64 price (DECIMAL(10,2));\n"
                            + "  required int32 qty;\n"
                            + "  required binary side (STRING);\n"
                            + "}");

    static final String[] SYMBOLS = {
        "AAPL", "AMZN", "AVGO", "COST", "GOOG", "IBM", "INTC", "JPM", "META", "MSFT", "NFLX",
        "NVDA", "ORCL", "TSLA", "V", "XOM"
    };
    private static final double[] BASE_PRICES = {
        190.0, 150.0, 1100.0, 620.0, 140.0, 160.0, 45.0, 170.0, 350.0, 370.0, 480.0, 490.0, 105.0,
        240.0, 260.0, 100.0
    };

    /** Trading days, one partition each, starting here (weekends are skipped). */
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 2);

    static final int MAX_DAYS = 5;

    /**
     * 3: files of one day cover consecutive slices of the session (before: each the whole day);
     * price is a DECIMAL(10, 2) that drifts over the session (before: a DOUBLE, noise only).
     */
    private static final int FORMAT_VERSION = 3;

    private static final long OPEN_MILLIS_OF_DAY = (9 * 60 + 30) * 60_000L;
    private static final long SESSION_MILLIS = 390 * 60_000L;

    private TradeData() {}

    @Override
    public String name() {
        return "trades";
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
    public String partitionDirectory(Settings settings, int file) {
        return "date=" + date(settings, file);
    }

    @Override
    public RowFiller rows(Settings settings, int file) {
        long first = settings.firstId(file);
        long count = settings.firstId(file + 1) - first;
        long sliceStart = sliceStartMillis(settings, file);
        long sliceMillis = sliceEndMillis(settings, file) - sliceStart;
        long sliceStartEpoch =
                date(settings, file).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
                        + OPEN_MILLIS_OF_DAY
                        + sliceStart;
        return (id, row) -> {
            long h = DataSetGenerator.mix(id);
            int s = (int) ((h >>> 1) % SYMBOLS.length);
            long offset = (id - first) * sliceMillis / count;
            row.append("id", id)
                    .append("ts", sliceStartEpoch + offset)
                    .append("symbol", SYMBOLS[s])
                    .append("price", priceCents(s, h, sliceStart + offset))
                    .append("qty", qty(id))
                    .append("side", ((h >>> 7) & 1) == 0 ? "BUY" : "SELL");
        };
    }

    /** The number of trading days (partitions). */
    public static int days(Settings settings) {
        return Math.min(settings.files(), MAX_DAYS);
    }

    /** The quantity of trade {@code id}. */
    public static int qty(long id) {
        return (int) (1 + (DataSetGenerator.mix(id) >>> 40) % 100) * 10;
    }

    /** The trading day of file {@code i}: consecutive files share a day, in order. */
    static int dayIndex(Settings settings, int file) {
        return (int) ((long) file * days(settings) / settings.files());
    }

    /** The first file of day {@code d} ({@code files} for {@code d == days()}). */
    static int firstFileOfDay(Settings settings, int day) {
        int days = days(settings);
        return (int) (((long) day * settings.files() + days - 1) / days);
    }

    /** The partition date of file {@code i}. */
    static LocalDate date(Settings settings, int file) {
        return tradingDay(dayIndex(settings, file));
    }

    /**
     * The part of the trading session that file {@code i} covers, in milliseconds from the open:
     * the files of a day split the session into consecutive slices, so files in name order are in
     * time order and never overlap.
     */
    static long sliceStartMillis(Settings settings, int file) {
        int day = dayIndex(settings, file);
        int first = firstFileOfDay(settings, day);
        int count = firstFileOfDay(settings, day + 1) - first;
        return SESSION_MILLIS * (file - first) / count;
    }

    static long sliceEndMillis(Settings settings, int file) {
        int day = dayIndex(settings, file);
        int first = firstFileOfDay(settings, day);
        int count = firstFileOfDay(settings, day + 1) - first;
        return SESSION_MILLIS * (file - first + 1) / count;
    }

    /**
     * A price in cents (a DECIMAL(10, 2) unscaled): the symbol's base price, drifting by up to +-4%
     * over the session, plus up to +-0.2% of noise per trade.
     */
    private static long priceCents(int symbol, long h, long millisIntoSession) {
        double base = BASE_PRICES[symbol];
        double drift = 0.04 * Math.sin(2 * Math.PI * millisIntoSession / SESSION_MILLIS + symbol);
        double noise = (((h >>> 16) % 2_001) - 1_000) / 500_000.0;
        return Math.round(base * (1 + drift + noise) * 100);
    }

    /** The {@code index}-th trading day from {@link #FIRST_DAY}, weekends skipped. */
    static LocalDate tradingDay(int index) {
        LocalDate day = FIRST_DAY;
        int seen = 0;
        while (true) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY
                    && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                if (seen++ == index) {
                    return day;
                }
            }
            day = day.plusDays(1);
        }
    }
}
