package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.benchmark.ThroughputBenchmark.Case;
import io.laminardb.flink.parquet.benchmark.ThroughputBenchmark.TsWindow;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.TimeSortedDataSet;
import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.testutils.CountingBlobStore;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Read throughput from an S3 server on loopback: {@link LaminarParquetSource} against Flink's own
 * {@code FileSource} with {@link ParquetColumnarRowInputFormat}, both reading the same bucket
 * through the same file system (Flink's S3 plugin, flink-s3-fs-hadoop, loaded from {@code
 * FLINK_PLUGINS_DIR} and configured once for the process, as a cluster configures it), on embedded
 * MiniClusters, interleaved. The server is S3Proxy in this JVM over jclouds' in-memory store, on
 * 127.0.0.1; {@link CountingBlobStore} counts at the server what each job asked of it (GETs, HEADs,
 * listings, body bytes sent), the same way for both sources, whatever the reader does.
 *
 * <p>The cases are those of {@link ThroughputBenchmark}: a full scan, a projection of two columns,
 * and a filter on {@code ts} that keeps a 5% window (pushed down by ours; a chained filter operator
 * for Flink's). Both feed the same {@link RowToucher}; row counts and checksums are compared.
 */
@Command(
        name = "s3-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Compares the read throughput of LaminarParquetSource with Flink's FileSource from"
                        + " an S3 server on loopback (S3Proxy, in memory), through Flink's S3"
                        + " plugin, and counts the requests and bytes each asks of the server."
                        + " Unless --rows and --data say otherwise: at most 500,000 rows (the"
                        + " server holds them in memory), written to tools/benchmark/data-s3-<table>.")
public final class S3Benchmark implements Callable<Integer> {

    private static final String BUCKET = "bench";
    private static final String PREFIX = "data/";
    private static final String ACCESS_KEY = "bench-access";
    private static final String SECRET_KEY = "bench-secret";

    /** Which source a run reads with. */
    enum Reader {
        LAMINAR("laminar"),
        FLINK("flink-filesource");

        final String label;

        Reader(String label) {
            this.label = label;
        }
    }

    /** The most rows by default: S3Proxy holds the data set in this JVM's heap. */
    private static final long DEFAULT_MAX_ROWS = 500_000;

    @Option(
            names = "--table",
            defaultValue = "wide",
            description =
                    "The table: wide (rows of about 1 KB) or trade (order executions) (default:"
                            + " ${DEFAULT-VALUE}).")
    private BenchmarkTable table;

    @Mixin private DataSetOptions dataSetOptions = new DataSetOptions();

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Measured runs of each configuration (default: ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(
            names = "--warmups",
            defaultValue = "1",
            description = "Warm-up runs of each configuration (default: ${DEFAULT-VALUE}).")
    private int warmups;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Parallelism of both sources (default: ${DEFAULT-VALUE}).")
    private int parallelism;

    @Option(
            names = "--cases",
            split = ",",
            defaultValue = "full,projection,filtered",
            description =
                    "Cases to measure: full, projection, filtered (default: ${DEFAULT-VALUE}).")
    private List<Case> cases;

    @Option(
            names = "--batch-size",
            defaultValue = "2048",
            description = "Rows per decoded batch, for both sources (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--fadvise",
            description =
                    "S3A's seek policy for both sources (s3.experimental.input.fadvise: normal,"
                            + " random, sequential; default: S3A's own, normal).")
    private String fadvise;

    @Option(names = "--out", description = "Also write the results as Markdown to this file.")
    private java.nio.file.Path out;

    /** The time window of the filtered case. */
    private TimeSortedDataSet.TimeWindow window;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new S3Benchmark());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Case.class, ThroughputBenchmark::benchCase);
        cli.registerConverter(BenchmarkTable.class, ThroughputBenchmark::table);
        System.exit(cli.execute(args));
    }

    /** One case and source, and its measured runs. */
    private static final class Config {
        final Case benchCase;
        final Reader reader;
        final List<Double> seconds = new ArrayList<>();
        final List<Double> readSeconds = new ArrayList<>();
        CountingBlobStore.Counts requests;
        long rows = -1;
        Long checksum;
        String problem;

        Config(Case benchCase, Reader reader) {
            this.benchCase = benchCase;
            this.reader = reader;
        }

        String name(BenchmarkTable table) {
            return benchCase.label(table) + ", " + reader.label;
        }
    }

    /** What one job run measured. */
    private record Run(
            double seconds,
            double readSeconds,
            long rows,
            long checksum,
            CountingBlobStore.Counts requests) {}

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || warmups < 0 || parallelism < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--repeats and --parallelism must be at least 1, --warmups at least 0");
        }
        // The server holds the data set in this JVM's heap: at most 500,000 rows unless given,
        // and its own directory, uploaded at every start.
        Settings settings = dataSetOptions.settings(table, DEFAULT_MAX_ROWS);
        DataSet dataSet =
                ThroughputBenchmark.prepare(
                        dataSetOptions.directory(
                                java.nio.file.Path.of("tools/benchmark/data-s3-" + table.label)),
                        table,
                        settings);
        window = table.spec.middleWindow(settings, ThroughputBenchmark.WINDOW_FRACTION);
        int rowGroups = rowGroups(dataSet);

        BlobStoreContext context =
                ContextBuilder.newBuilder("transient")
                        .credentials("identity", "credential")
                        .build(BlobStoreContext.class);
        BlobStore memory = context.getBlobStore();
        CountingBlobStore counting = new CountingBlobStore(memory);
        S3Proxy server =
                S3Proxy.builder()
                        .blobStore(counting.counted())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
        server.start();
        try {
            awaitStarted(server);
            memory.createContainerInLocation(null, BUCKET);
            for (java.nio.file.Path file : dataSet.files()) {
                byte[] bytes = Files.readAllBytes(file);
                memory.putBlob(
                        BUCKET,
                        memory.blobBuilder(PREFIX + file.getFileName())
                                .payload(bytes)
                                .contentLength(bytes.length)
                                .build());
            }
            initializeS3(server.getPort(), fadvise);
            return measure(dataSet, rowGroups, counting, server.getPort());
        } finally {
            server.stop();
            context.close();
        }
    }

    private static void awaitStarted(S3Proxy server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"STARTED".equals(server.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + server.getState());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Flink's file systems with the S3 plugin of {@code FLINK_PLUGINS_DIR} and this server as the
     * process's S3 configuration: what both sources read through.
     */
    private static void initializeS3(int port, String fadvise) {
        String pluginsDir = System.getenv("FLINK_PLUGINS_DIR");
        if (pluginsDir == null || !Files.isDirectory(Paths.get(pluginsDir, "s3-fs-hadoop"))) {
            throw new IllegalStateException(
                    "FLINK_PLUGINS_DIR="
                            + pluginsDir
                            + " has no s3-fs-hadoop/ plugin: run tools/benchmark/run-s3, which"
                            + " builds tools/benchmark/target/plugins/");
        }
        Configuration conf = new Configuration();
        conf.setString("s3.endpoint", "http://127.0.0.1:" + port);
        conf.setString("s3.path.style.access", "true");
        conf.setString("s3.access-key", ACCESS_KEY);
        conf.setString("s3.secret-key", SECRET_KEY);
        if (fadvise != null) {
            conf.setString("s3.experimental.input.fadvise", fadvise);
        }
        FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
    }

    private int measure(DataSet dataSet, int rowGroups, CountingBlobStore counting, int port)
            throws Exception {
        String root = "s3://" + BUCKET + "/" + PREFIX;
        System.out.printf(
                Locale.ROOT,
                "Serving %d files, %,d bytes, %d row groups at %s (S3Proxy on 127.0.0.1:%d)%n",
                dataSet.files().size(),
                dataSet.bytes(),
                rowGroups,
                root,
                port);
        List<Config> configs = new ArrayList<>();
        for (Case c : cases) {
            for (Reader r : Reader.values()) {
                configs.add(new Config(c, r));
            }
        }
        String loadBefore = loadAverage();
        int total = configs.size() * (warmups + repeats);
        int done = 0;
        for (int round = 0; round < warmups + repeats; round++) {
            boolean warmup = round < warmups;
            for (Config config : configs) {
                done++;
                Run run = runOnce(root, config, counting);
                System.out.printf(
                        Locale.ROOT,
                        "[%3d/%d] %-7s %-48s %6.2f s %,10.0f rows/s (reading %5.2f s) %,6d GETs"
                                + " %,8.1f MB sent%n",
                        done,
                        total,
                        warmup ? "warm-up" : "run " + (round - warmups + 1),
                        config.name(table),
                        run.seconds,
                        run.rows / run.seconds,
                        run.readSeconds,
                        run.requests.gets(),
                        run.requests.bodyBytes() / 1e6);
                check(
                        config,
                        run,
                        config.benchCase == Case.FILTERED
                                ? window.rows()
                                : dataSet.settings().rows());
                if (!warmup) {
                    config.seconds.add(run.seconds);
                    config.readSeconds.add(run.readSeconds);
                }
            }
        }
        String loadAfter = loadAverage();
        for (Case c : cases) {
            Config ours = find(configs, c, Reader.LAMINAR);
            Config flinks = find(configs, c, Reader.FLINK);
            if (ours.checksum != null
                    && flinks.checksum != null
                    && !ours.checksum.equals(flinks.checksum)
                    && ours.problem == null) {
                ours.problem = "the values read differ from Flink's FileSource (checksum)";
            }
        }
        String results = results(configs, dataSet, rowGroups);
        String machine =
                String.format(
                        Locale.ROOT,
                        "%d cores, load average %s before and %s after (1/5/15 min), parallelism"
                                + " %d, %s",
                        Runtime.getRuntime().availableProcessors(),
                        loadBefore,
                        loadAfter,
                        parallelism,
                        ZonedDateTime.now().withNano(0));
        System.out.println(results);
        System.out.println(machine);
        if (out != null) {
            Files.writeString(
                    out,
                    "# LaminarParquetSource vs Flink FileSource over S3 (S3Proxy on loopback)\n\n"
                            + machine
                            + "\n\n"
                            + results
                            + "\n");
            System.out.println("Wrote " + out.toAbsolutePath().normalize());
        }
        boolean failed = false;
        for (Config c : configs) {
            if (c.problem != null) {
                System.err.println("PROBLEM: " + c.name(table) + ": " + c.problem);
                failed = true;
            }
        }
        return failed ? 2 : 0;
    }

    private static Config find(List<Config> configs, Case c, Reader r) {
        return configs.stream()
                .filter(x -> x.benchCase == c && x.reader == r)
                .findFirst()
                .orElseThrow();
    }

    private Run runOnce(String root, Config config, CountingBlobStore counting) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.getConfig().enableObjectReuse();
        // built before counting: our builder reads one listing and one footer on the client
        LaminarParquetSource<RowData> laminar = laminarSource(root, config.benchCase);
        RowType rowType = laminar.getRowType();
        DataStream<RowData> rowsRead;
        if (config.reader == Reader.LAMINAR) {
            rowsRead = env.fromSource(laminar, WatermarkStrategy.noWatermarks(), "laminar-parquet");
        } else {
            ParquetColumnarRowInputFormat<FileSourceSplit> format =
                    new ParquetColumnarRowInputFormat<>(
                            new org.apache.hadoop.conf.Configuration(),
                            rowType,
                            InternalTypeInfo.of(rowType),
                            batchSize,
                            false,
                            true);
            rowsRead =
                    env.fromSource(
                            FileSource.forBulkFileFormat(format, new Path(root)).build(),
                            WatermarkStrategy.noWatermarks(),
                            "flink-parquet");
            if (config.benchCase == Case.FILTERED) {
                int ts = rowType.getFieldIndex(table.spec.timeColumn());
                rowsRead =
                        rowsRead.filter(
                                        new TsWindow(
                                                ts,
                                                ((TimestampType) rowType.getTypeAt(ts))
                                                        .getPrecision(),
                                                window.loMillis(),
                                                window.hiMillis()))
                                .name("ts-window");
            }
        }
        rowsRead.flatMap(new RowToucher(rowType, RowToucher.Strings.HASH))
                .name("touch-every-field")
                .returns(Types.LONG)
                .sinkTo(new DiscardingSink<>())
                .name("discard");

        RowToucher.resetTimers();
        CountingBlobStore.Counts before = counting.counts();
        JobExecutionResult result = env.execute("s3 benchmark: " + config.name(table));
        CountingBlobStore.Counts requests = counting.counts().minus(before);
        Long rowCount = result.getAccumulatorResult(RowToucher.ROWS);
        Long checksum = result.getAccumulatorResult(RowToucher.CHECKSUM);
        return new Run(
                result.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9,
                (RowToucher.LAST_ROW_NANOS.get() - RowToucher.FIRST_ROW_NANOS.get()) / 1e9,
                rowCount == null ? 0 : rowCount,
                checksum == null ? 0 : checksum,
                requests);
    }

    private LaminarParquetSource<RowData> laminarSource(String root, Case c) {
        LaminarParquetSourceBuilder<RowData> builder =
                LaminarParquetSource.forRowData()
                        .path(root)
                        .batchSize(batchSize)
                        .fileOrder(FileOrder.NAME);
        if (c == Case.PROJECTION) {
            builder.columns(table.projection.toArray(new String[0]));
        }
        if (c == Case.FILTERED) {
            builder.filter(
                    ParquetFilter.between(
                            table.spec.timeColumn(),
                            FilterValue.timestamp(ThroughputBenchmark.utc(window.loMillis())),
                            FilterValue.timestamp(ThroughputBenchmark.utc(window.hiMillis()))));
        }
        return builder.build();
    }

    private static void check(Config config, Run run, long expectedRows) {
        if (run.rows != expectedRows && config.problem == null) {
            config.problem =
                    String.format(
                            Locale.ROOT, "read %,d rows, expected %,d", run.rows, expectedRows);
        }
        if (config.checksum == null) {
            config.checksum = run.checksum;
        } else if (config.checksum != run.checksum && config.problem == null) {
            config.problem = "the checksum of the values changed between runs";
        }
        if (config.requests != null && !config.requests.equals(run.requests)) {
            System.out.printf(
                    Locale.ROOT,
                    "  (requests differ from the run before: %s, before %s)%n",
                    run.requests,
                    config.requests);
        }
        config.requests = run.requests;
        config.rows = run.rows;
    }

    /** The row groups of the data set's files, from their footers. */
    private static int rowGroups(DataSet dataSet) throws java.io.IOException {
        int n = 0;
        for (java.nio.file.Path file : dataSet.files()) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                n += reader.getRowGroups().size();
            }
        }
        return n;
    }

    private String results(List<Config> configs, DataSet dataSet, int rowGroups) {
        int fileCount = dataSet.files().size();
        StringBuilder md = new StringBuilder();
        md.append(
                String.format(
                        Locale.ROOT,
                        "The %s table: %,d rows in %d files (%,d bytes, %d row groups), median of"
                                + " %d runs"
                                + " (min-max); requests and bytes counted at the server, for the"
                                + " last run.%n%n",
                        table.label,
                        dataSet.settings().rows(),
                        fileCount,
                        dataSet.bytes(),
                        rowGroups,
                        repeats));
        md.append(
                "| case | source | rows/s (job) | rows/s (first to last row) | ours vs Flink |"
                        + " GETs | GETs per file | GETs per row group | HEAD + LIST |"
                        + " MB sent | sent / file bytes |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Case c : cases) {
            Config flinks = find(configs, c, Reader.FLINK);
            for (Reader r : Reader.values()) {
                Config config = find(configs, c, r);
                CountingBlobStore.Counts q = config.requests;
                String ratio =
                        r == Reader.LAMINAR
                                ? String.format(
                                        Locale.ROOT,
                                        "%.2fx",
                                        ThroughputBenchmark.medianOf(flinks.seconds)
                                                / ThroughputBenchmark.medianOf(config.seconds))
                                : "";
                md.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %s | %s | %s | %,d | %.1f | %.1f | %,d | %,.1f |"
                                        + " %.2f |%n",
                                c.label(table),
                                r.label,
                                rate(config.rows, config.seconds),
                                rate(config.rows, config.readSeconds),
                                ratio,
                                q.gets(),
                                (double) q.gets() / fileCount,
                                (double) q.gets() / rowGroups,
                                q.heads() + q.lists(),
                                q.bodyBytes() / 1e6,
                                (double) q.bodyBytes() / dataSet.bytes()));
            }
        }
        return md.toString();
    }

    /** Median rows/s with the range, e.g. {@code 412,000 (398,000-420,000)}. */
    private static String rate(long rows, List<Double> seconds) {
        double median = ThroughputBenchmark.medianOf(seconds);
        double slowest = seconds.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double fastest = seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        return String.format(
                Locale.ROOT, "%,.0f (%,.0f-%,.0f)", rows / median, rows / slowest, rows / fastest);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Paths.get("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
