package io.laminardb.flink.parquet.quickstart;

import io.laminardb.flink.parquet.source.FileOrder;
import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.CloseableIterator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The quickstart: writes (or reuses) a Hive-partitioned trade data set, then reads it with {@link
 * LaminarParquetSource} in a DataStream job on an embedded MiniCluster and prints per-symbol
 * trades, volume, VWAP and price range, the trading days (the {@code date} column comes from the
 * {@code date=YYYY-MM-DD} partition directories, not from the files), the rows read and the
 * throughput.
 *
 * <pre>{@code
 * tools/quickstart/run                       # 1,000,000 rows, parallelism 2
 * tools/quickstart/run --rows 5000000 -p 1   # more rows, one reader
 * tools/quickstart/run --help
 * }</pre>
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Reads a generated Parquet data set of trades with LaminarParquetSource on an"
                    + " embedded Flink MiniCluster and aggregates it per symbol."
        })
public final class ExampleJob implements Callable<Integer> {

    /**
     * Rows seen by the job's map operators. The job runs on an embedded MiniCluster in this JVM, so
     * the operators and the progress display share this counter; a job on a real cluster would
     * report progress through metrics instead.
     */
    static final LongAdder ROWS_READ = new LongAdder();

    /** When the first row reached a map operator ({@link System#nanoTime()}), 0 before. */
    static final AtomicLong FIRST_ROW_NANOS = new AtomicLong();

    /** When the last map operator saw the end of its input ({@link System#nanoTime()}). */
    static final AtomicLong LAST_ROW_NANOS = new AtomicLong();

    @Option(
            names = "--data",
            defaultValue = "tools/quickstart/data",
            description = "Directory of the data set (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(
            names = "--rows",
            defaultValue = "1000000",
            description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    private long rows;

    @Option(
            names = "--files",
            defaultValue = "8",
            description = "Files to generate (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(
            names = "--row-group-rows",
            defaultValue = "100000",
            description = "Rows per row group (default: ${DEFAULT-VALUE}).")
    private int rowGroupRows;

    @Option(
            names = "--regenerate",
            description = "Write the data set again even if it exists with these settings.")
    private boolean regenerate;

    @Option(
            names = {"-p", "--parallelism"},
            defaultValue = "2",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(
            names = "--batch-size",
            defaultValue = "8192",
            description = "Rows per decoded batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description =
                    "How to show progress: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE};"
                            + " auto draws a bar on a terminal and prints lines otherwise).")
    private Progress.Mode progress;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ExampleJob());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // The launcher passes --data; a --data given by the user comes later and wins.
        cli.setOverwrittenOptionsAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--parallelism must be at least 1");
        }
        TradeDataGenerator.Settings settings =
                new TradeDataGenerator.Settings(rows, files, rowGroupRows);

        System.out.println("== LaminarParquetSource quickstart ==");
        TradeDataGenerator.DataSet dataSet = prepare(settings);

        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRowData()
                        .path(dataSet.directory().toString())
                        .columns("date", "symbol", "price", "qty")
                        .batchSize(batchSize)
                        .fileOrder(FileOrder.NAME)
                        .build();
        RowType rowType = source.getRowType();
        System.out.printf(
                Locale.ROOT, "Reading columns %s with parallelism %d%n", rowType, parallelism);

        int symbolIndex = rowType.getFieldIndex("symbol");
        int priceIndex = rowType.getFieldIndex("price");
        int qtyIndex = rowType.getFieldIndex("qty");
        // "date" is not in the files: it is the Hive partition column from the date=...
        // directories.
        int dateIndex = rowType.getFieldIndex("date");

        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);

        ROWS_READ.reset();
        FIRST_ROW_NANOS.set(0);
        LAST_ROW_NANOS.set(0);
        List<SymbolStats> result = new ArrayList<>();
        long start = System.nanoTime();
        try (Progress shown = Progress.start("Reading", settings.rows(), ROWS_READ::sum, progress);
                CloseableIterator<SymbolStats> it =
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "trades")
                                .map(new ToStats(symbolIndex, priceIndex, qtyIndex, dateIndex))
                                .name("to-stats")
                                .keyBy(s -> s.symbol)
                                .reduce(SymbolStats::merge)
                                .name("per-symbol")
                                .executeAndCollect("laminar-parquet-quickstart")) {
            it.forEachRemaining(result::add);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        result.sort(Comparator.comparing(s -> s.symbol));
        printTable(result);
        long rowsRead = result.stream().mapToLong(s -> s.trades).sum();
        int firstDay = result.stream().mapToInt(s -> s.firstDay).min().orElse(0);
        int lastDay = result.stream().mapToInt(s -> s.lastDay).max().orElse(0);
        System.out.printf(
                Locale.ROOT,
                "%nTrading days (from the date= partitions): %s to %s%n",
                LocalDate.ofEpochDay(firstDay),
                LocalDate.ofEpochDay(lastDay));
        System.out.printf(
                Locale.ROOT,
                "Rows read: %,d of %,d in %d files (%,d bytes)%n",
                rowsRead,
                settings.rows(),
                dataSet.files().size(),
                dataSet.bytes());
        double readSeconds = (LAST_ROW_NANOS.get() - FIRST_ROW_NANOS.get()) / 1e9;
        System.out.printf(
                Locale.ROOT,
                "Reading:   %.2f s from the first row to the last: %,.0f rows/s%n"
                        + "Job:       %.2f s in all (MiniCluster start-up, planning, reading,"
                        + " aggregation): %,.0f rows/s%n",
                readSeconds,
                rowsRead / readSeconds,
                seconds,
                rowsRead / seconds);
        if (rowsRead != settings.rows()) {
            System.err.printf(
                    Locale.ROOT,
                    "ERROR: read %,d rows, but the data set has %,d%n",
                    rowsRead,
                    settings.rows());
            return 1;
        }
        return 0;
    }

    private TradeDataGenerator.DataSet prepare(TradeDataGenerator.Settings settings)
            throws Exception {
        TradeDataGenerator.DataSet existing =
                regenerate
                        ? null
                        : TradeDataGenerator.existing(data.toAbsolutePath().normalize(), settings);
        if (existing != null) {
            System.out.printf(
                    Locale.ROOT,
                    "Using the data set in %s (%,d rows, %d files, %,d bytes)%n",
                    existing.directory(),
                    settings.rows(),
                    existing.files().size(),
                    existing.bytes());
            return existing;
        }
        System.out.printf(
                Locale.ROOT,
                "Writing %,d rows in %d files (row groups of %,d rows) to %s%n",
                settings.rows(),
                settings.files(),
                settings.rowGroupRows(),
                data.toAbsolutePath().normalize());
        LongAdder written = new LongAdder();
        long start = System.nanoTime();
        TradeDataGenerator.DataSet dataSet;
        try (Progress shown = Progress.start("Writing", settings.rows(), written::sum, progress)) {
            dataSet = TradeDataGenerator.generate(data, settings, true, written::add);
        }
        System.out.printf(
                Locale.ROOT,
                "Wrote %,d bytes in %.1f s%n",
                dataSet.bytes(),
                (System.nanoTime() - start) / 1e9);
        return dataSet;
    }

    private static void printTable(List<SymbolStats> stats) {
        System.out.println();
        String format = "%-6s %12s %14s %12s %10s %10s%n";
        System.out.printf(Locale.ROOT, format, "symbol", "trades", "volume", "vwap", "min", "max");
        System.out.printf(
                Locale.ROOT,
                format,
                "------",
                "------------",
                "--------------",
                "------------",
                "----------",
                "----------");
        for (SymbolStats s : stats) {
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %,12d %,14d %12.4f %10.2f %10.2f%n",
                    s.symbol,
                    s.trades,
                    s.volume,
                    s.vwap(),
                    s.minPrice,
                    s.maxPrice);
        }
    }

    /** One trade's totals from a row, counting rows and timing the reading for the display. */
    private static final class ToStats extends RichMapFunction<RowData, SymbolStats> {
        private static final long serialVersionUID = 1L;

        private final int symbol;
        private final int price;
        private final int qty;
        private final int date;
        private transient boolean seenRow;

        ToStats(int symbol, int price, int qty, int date) {
            this.symbol = symbol;
            this.price = price;
            this.qty = qty;
            this.date = date;
        }

        @Override
        public void open(OpenContext openContext) {
            seenRow = false;
        }

        @Override
        public SymbolStats map(RowData row) {
            if (!seenRow) {
                seenRow = true;
                long now = System.nanoTime();
                FIRST_ROW_NANOS.accumulateAndGet(now, (a, b) -> a == 0 ? b : Math.min(a, b));
            }
            ROWS_READ.increment();
            return SymbolStats.of(
                    row.getString(symbol).toString(),
                    row.getDouble(price),
                    row.getInt(qty),
                    row.getInt(date));
        }

        @Override
        public void close() {
            long now = System.nanoTime();
            LAST_ROW_NANOS.accumulateAndGet(now, Math::max);
        }
    }
}
