package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.arrow.ArrowBatch;
import io.laminardb.flink.parquet.datagen.DataSetGenerator;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.TimeSortedDataSet;
import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * End-to-end read throughput of {@link LaminarParquetSource} against Flink's own {@code FileSource}
 * with {@link ParquetColumnarRowInputFormat}, on an embedded MiniCluster.
 *
 * <p>The table is {@code --table trade} (order executions, {@link
 * io.laminardb.flink.parquet.datagen.ExecutionData}), {@code --table wide} (rows of about 1 KB,
 * {@link io.laminardb.flink.parquet.datagen.WideData}) or {@code --table typed} (the other common
 * column types, {@link io.laminardb.flink.parquet.datagen.TypedData}); each names its two
 * projection columns ({@link BenchmarkTable}).
 *
 * <p>For each case (full scan, 2-column projection, a filter on a 5% window of {@code ts}) and
 * parallelism, both sources feed the same chained downstream ({@link RowToucher}, which reads every
 * field of every row, then a discarding sink), with the same batch size and object-reuse setting.
 * Every configuration runs once to warm up, then {@code --repeats} times, round-robin so that drift
 * in the machine's speed hits all alike; the median run time counts. A run's time is the job's net
 * run time as Flink measures it (scheduling, split planning and reading; not the MiniCluster's
 * start-up). Row counts and a checksum over all values are compared between the two sources.
 *
 * <p>With {@code --api sql} each case also runs as the same SQL query ({@code SELECT * FROM t},
 * {@code SELECT symbol, price FROM t} on the trade table, {@code SELECT * FROM t WHERE ts BETWEEN
 * lo AND hi}) over a table with {@code 'connector' = 'parquet'} (ours) and one with {@code
 * 'connector' = 'filesystem', 'format' = 'parquet'} (Flink's), turned into a {@code
 * DataStream<RowData>} ({@code toDataStream} with the internal data type, so no conversion per row)
 * and fed to the same {@link RowToucher}. Checksums are compared across both APIs.
 *
 * <p>In the filtered case ours pushes the filter into the source ({@link ParquetFilter#between}),
 * while Flink's {@code FileSource} cannot: it reads everything and a chained {@code filter}
 * operator drops the rows outside the window before the same {@link RowToucher}.
 *
 * <pre>{@code
 * tools/benchmark/run                                  # 5,000,000 rows, 3 repeats
 * tools/benchmark/run --rows 1000000 --repeats 5 --out results/bench.md
 * }</pre>
 */
@Command(
        name = "throughput-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Compares the read throughput of LaminarParquetSource with Flink's FileSource +"
                        + " ParquetColumnarRowInputFormat on an embedded MiniCluster.")
public final class ThroughputBenchmark implements Callable<Integer> {

    /** Which source a run reads with. */
    enum Reader {
        LAMINAR("laminar"),
        LAMINAR_ARROW("laminar-arrow"),
        FLINK("flink-filesource");

        /** Whether it is one of ours (pushes filters down, compared with Flink's). */
        boolean ours() {
            return this != FLINK;
        }

        final String label;

        Reader(String label) {
            this.label = label;
        }
    }

    /** Through which API a run reads. */
    enum Api {
        DATASTREAM("DataStream"),
        SQL("SQL");

        final String label;

        Api(String label) {
            this.label = label;
        }
    }

    /** What a run reads. */
    enum Case {
        FULL("full scan"),
        PROJECTION("projection"),
        FILTERED("filtered (ts in a 5% window)");

        final String label;

        Case(String label) {
            this.label = label;
        }

        /** The label with what this case reads of {@code table}. */
        String label(BenchmarkTable table) {
            return this == PROJECTION
                    ? label + " (" + String.join(", ", table.projection) + ")"
                    : label;
        }
    }

    @Option(
            names = "--table",
            defaultValue = "trade",
            description =
                    "The table to read: trade (order executions, 10 narrow columns), wide (rows"
                            + " of about 1 KB: eight ~120-byte strings, four doubles, an id, a"
                            + " timestamp), typed (booleans, narrow integers, dates, decimals,"
                            + " scattered NULLs), nested (a struct, lists, a map) or deep (rows of"
                            + " rows, arrays of rows of arrays, arrays of arrays, maps of rows) (default:"
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
            split = ",",
            defaultValue = "1,2",
            description = "Parallelisms to measure (default: ${DEFAULT-VALUE}).")
    private List<Integer> parallelisms;

    @Option(
            names = "--cases",
            split = ",",
            defaultValue = "full,projection,filtered",
            description =
                    "Cases to measure: full, projection, filtered (default: ${DEFAULT-VALUE}).")
    private List<Case> cases;

    @Option(
            names = "--readers",
            split = ",",
            defaultValue = "laminar,flink",
            description =
                    "Sources to measure: laminar (RowData), arrow (forArrow(): Arrow batches),"
                            + " flink (default: ${DEFAULT-VALUE}).")
    private List<Reader> readers;

    @Option(
            names = "--api",
            split = ",",
            defaultValue = "datastream,sql",
            description =
                    "APIs to measure: datastream (fromSource), sql (the same query over a"
                            + " 'parquet' table and a 'filesystem' table with 'format' ="
                            + " 'parquet'; laminar-arrow has no SQL path) (default:"
                            + " ${DEFAULT-VALUE}).")
    private List<Api> apis;

    @Option(
            names = "--batch-size",
            defaultValue = "2048",
            description = "Rows per decoded batch, for both sources (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--object-reuse",
            defaultValue = "true",
            arity = "1",
            description = "Flink's object reuse, for both jobs (default: ${DEFAULT-VALUE}).")
    private boolean objectReuse;

    @Option(
            names = "--consumer",
            defaultValue = "hash",
            description =
                    "What the downstream does with each row, for both sources: hash (every value,"
                            + " strings hashed over all their bytes) or fields (every field read"
                            + " with its typed getter, strings by their length and first byte:"
                            + " what the sources cost without the hashing) (default:"
                            + " ${DEFAULT-VALUE}).")
    private RowToucher.Strings consumer;

    @Option(
            names = "--cluster",
            defaultValue = "per-job",
            description =
                    "Where the jobs run: per-job (a new MiniCluster for every job, whose start-up"
                            + " code the JIT then compiles while the job reads) or shared (one"
                            + " MiniCluster for the whole run, as on a session cluster) (default:"
                            + " ${DEFAULT-VALUE}).")
    private JobCluster.Mode clusterMode;

    /** The run's jobs' cluster ({@link JobCluster}); made in {@link #call}. */
    private JobCluster jobs;

    @Option(
            names = "--explain",
            description = "Print the plan of each SQL query (once per configuration).")
    private boolean explain;

    @Option(names = "--out", description = "Also write the results as Markdown to this file.")
    private java.nio.file.Path out;

    private String loadAverage = "unknown";

    /** The fraction of the time range the filtered case keeps. */
    static final double WINDOW_FRACTION = 0.05;

    /** The time window of the filtered case. */
    private TimeSortedDataSet.TimeWindow window;

    /** What the filtered case has to read, from the footers; null without that case. */
    private FilterFootprint footprint;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ThroughputBenchmark());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Reader.class, ThroughputBenchmark::reader);
        cli.registerConverter(Case.class, ThroughputBenchmark::benchCase);
        cli.registerConverter(Api.class, ThroughputBenchmark::api);
        cli.registerConverter(BenchmarkTable.class, ThroughputBenchmark::table);
        cli.registerConverter(JobCluster.Mode.class, ThroughputBenchmark::clusterMode);
        System.exit(cli.execute(args));
    }

    private static Reader reader(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "laminar":
            case "ours":
                return Reader.LAMINAR;
            case "arrow":
            case "laminar-arrow":
                return Reader.LAMINAR_ARROW;
            case "flink":
            case "filesource":
            case "flink-filesource":
                return Reader.FLINK;
            default:
                throw new CommandLine.TypeConversionException(
                        "unknown reader '" + value + "'; use laminar, arrow or flink");
        }
    }

    private static JobCluster.Mode clusterMode(String value) {
        try {
            return JobCluster.Mode.of(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static BenchmarkTable table(String value) {
        try {
            return BenchmarkTable.of(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    private static Api api(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "datastream":
            case "ds":
                return Api.DATASTREAM;
            case "sql":
            case "table":
                return Api.SQL;
            default:
                throw new CommandLine.TypeConversionException(
                        "unknown API '" + value + "'; use datastream or sql");
        }
    }

    static Case benchCase(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "full":
                return Case.FULL;
            case "projection":
            case "proj":
                return Case.PROJECTION;
            case "filtered":
            case "filter":
                return Case.FILTERED;
            default:
                throw new CommandLine.TypeConversionException(
                        "unknown case '" + value + "'; use full, projection or filtered");
        }
    }

    /** One configuration and its measured runs. */
    private static final class Config {
        final Case benchCase;
        final String caseLabel;
        final int parallelism;
        final Api api;
        final Reader reader;
        final List<Double> seconds = new ArrayList<>();
        final List<Double> readSeconds = new ArrayList<>();
        final List<Double> cpuSeconds = new ArrayList<>();
        final List<Double> bytesRead = new ArrayList<>();
        long rows = -1;
        boolean explained;
        Long checksum;
        String problem;

        Config(Case benchCase, String caseLabel, int parallelism, Api api, Reader reader) {
            this.benchCase = benchCase;
            this.caseLabel = caseLabel;
            this.parallelism = parallelism;
            this.api = api;
            this.reader = reader;
        }

        String name() {
            return caseLabel + ", p=" + parallelism + ", " + api.label + ", " + reader.label;
        }

        /** The same case, parallelism and API. */
        boolean sameRead(Config other) {
            return benchCase == other.benchCase
                    && parallelism == other.parallelism
                    && api == other.api;
        }

        double median() {
            return medianOf(seconds);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (repeats < 1 || warmups < 0 || batchSize < 1) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--repeats must be at least 1, --warmups at least 0, --batch-size at least 1");
        }
        try (JobCluster cluster =
                new JobCluster(
                        clusterMode, parallelisms.stream().max(Integer::compare).orElse(1))) {
            jobs = cluster;
            return measure();
        } finally {
            jobs = null;
        }
    }

    private int measure() throws Exception {
        Settings settings = dataSetOptions.settings(table);
        DataSet dataSet = prepare(dataSetOptions.directory(table), table, settings);

        window = table.spec.middleWindow(settings, WINDOW_FRACTION);
        fullRowType = laminarSource(dataSet, Case.FULL).getRowType();
        if (cases.contains(Case.FILTERED)) {
            long units = table.spec.timeUnitsPerMilli();
            footprint =
                    FilterFootprint.of(
                            dataSet.files(),
                            table.spec.timeColumn(),
                            window.loMillis() * units,
                            // The last stored value of the window's last millisecond.
                            window.hiMillis() * units + units - 1);
            System.out.printf(
                    Locale.ROOT,
                    "Filtered case: ts BETWEEN %s AND %s: %,d rows (%.2f%%); row groups whose ts"
                            + " statistics overlap: %d of %d, %,d bytes (%.2f%% of the files),"
                            + " %,d rows; pages the ts column index keeps: %,d bytes (%.2f%%),"
                            + " %,d rows%n",
                    utc(window.loMillis()),
                    utc(window.hiMillis()),
                    window.rows(),
                    100.0 * window.rows() / settings.rows(),
                    footprint.rowGroupsKept(),
                    footprint.rowGroups(),
                    footprint.rowGroupBytes(),
                    100.0 * footprint.rowGroupBytes() / footprint.filesBytes(),
                    footprint.rowsInKeptRowGroups(),
                    footprint.pageBytes(),
                    100.0 * footprint.pageBytes() / footprint.filesBytes(),
                    footprint.rowsInKeptPages());
        }

        Map<Case, RowType> rowTypes = new LinkedHashMap<>();
        for (Case c : cases) {
            rowTypes.put(c, laminarSource(dataSet, c).getRowType());
            System.out.printf(Locale.ROOT, "%-28s %s%n", c.label(table) + ":", rowTypes.get(c));
        }

        loadAverage = loadAverage();
        List<Config> configs = new ArrayList<>();
        for (Case c : cases) {
            for (int p : parallelisms) {
                for (Api a : apis) {
                    for (Reader r : readers) {
                        if (a == Api.SQL && r == Reader.LAMINAR_ARROW) {
                            continue; // no SQL path
                        }
                        configs.add(new Config(c, c.label(table), p, a, r));
                    }
                }
            }
        }
        for (int p : parallelisms) {
            idleJobs.put(p, idleJob(p));
        }
        System.out.printf(
                Locale.ROOT,
                "An empty job per parallelism (on a %s MiniCluster; its read() bytes, on a new"
                        + " cluster mostly the RPC jar, are subtracted from every run's): %s%n",
                jobs.mode().label(),
                idleJobs);
        int total = configs.size() * (warmups + repeats);
        int done = 0;
        long benchStart = System.nanoTime();
        for (int round = 0; round < warmups + repeats; round++) {
            boolean warmup = round < warmups;
            for (Config config : configs) {
                done++;
                Run run = runOnce(dataSet, config, rowTypes.get(config.benchCase));
                System.out.printf(
                        Locale.ROOT,
                        "[%3d/%d] %-7s %-66s %6.2f s %,12.0f rows/s  (reading %5.2f s,"
                                + " CPU %5.2f s, read %,.1f MB)%n",
                        done,
                        total,
                        warmup ? "warm-up" : "run " + (round - warmups + 1),
                        config.name(),
                        run.seconds,
                        run.rows / run.seconds,
                        run.readSeconds,
                        run.cpuSeconds,
                        bytesRead(run, config) / 1e6);
                check(
                        config,
                        run,
                        config.benchCase == Case.FILTERED ? window.rows() : settings.rows());
                if (!warmup) {
                    config.seconds.add(run.seconds);
                    config.readSeconds.add(run.readSeconds);
                    config.cpuSeconds.add(run.cpuSeconds);
                    config.bytesRead.add((double) bytesRead(run, config));
                }
            }
        }
        System.out.printf(
                Locale.ROOT, "Measured in %.0f s%n%n", (System.nanoTime() - benchStart) / 1e9);

        compareChecksums(configs);
        String table = table(configs, dataSet);
        System.out.println(table);
        if (out != null) {
            writeMarkdown(table, dataSet);
            System.out.println("Wrote " + out.toAbsolutePath().normalize());
        }
        boolean failed = false;
        for (Config c : configs) {
            if (c.problem != null) {
                System.err.println("PROBLEM: " + c.name() + ": " + c.problem);
                failed = true;
            }
        }
        return failed ? 2 : 0;
    }

    /**
     * The table's data set in {@code data}: reused when it is there with these settings, otherwise
     * written by the tools' data set generator.
     */
    static DataSet prepare(java.nio.file.Path data, BenchmarkTable table, Settings settings)
            throws IOException {
        System.out.printf(
                Locale.ROOT,
                "Preparing the %s table: %,d rows in %d files (row groups of %,d rows) in %s%n",
                table.label,
                settings.rows(),
                settings.files(),
                settings.rowGroupRows(),
                data.toAbsolutePath().normalize());
        long start = System.nanoTime();
        DataSet dataSet = DataSetGenerator.generate(data, table.spec, settings, false, n -> {});
        System.out.printf(
                Locale.ROOT,
                "%s %,d bytes in %.1f s%n",
                dataSet.reused() ? "Reused" : "Wrote",
                dataSet.bytes(),
                (System.nanoTime() - start) / 1e9);
        return dataSet;
    }

    /** Per parallelism: what an empty job reads and takes. */
    private final Map<Integer, IdleJob> idleJobs = new LinkedHashMap<>();

    /**
     * A job that reads no file, of some parallelism, on the run's kind of cluster: what it reads
     * with read() (on a new MiniCluster mostly Flink unpacking its RPC jar; -1 where unknown) and
     * its net run time (scheduling, deploying and finishing the tasks: no source can take less),
     * the least of three runs each.
     */
    private record IdleJob(long readBytes, double seconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d bytes, %.3f s", readBytes, seconds);
        }
    }

    /** What a run read with read(), less what an empty job reads; -1 where unknown. */
    private long bytesRead(Run run, Config config) {
        IdleJob idle = idleJobs.get(config.parallelism);
        return run.bytesRead < 0 || idle == null || idle.readBytes < 0
                ? -1
                : run.bytesRead - idle.readBytes;
    }

    /** An empty job of this parallelism, run three times: see {@link IdleJob}. */
    private IdleJob idleJob(int parallelism) throws Exception {
        long least = Long.MAX_VALUE;
        double fastest = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            Configuration conf = new Configuration();
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
            StreamExecutionEnvironment env = jobs.environment(parallelism, conf);
            env.fromSequence(0, parallelism - 1).sinkTo(new DiscardingSink<>()).name("discard");
            long before = readChars();
            JobExecutionResult result = env.execute("benchmark: empty job");
            long after = readChars();
            least = before < 0 || after < 0 ? -1 : Math.min(least, after - before);
            fastest = Math.min(fastest, result.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9);
        }
        return new IdleJob(least, fastest);
    }

    /** What one job run measured. */
    private record Run(
            double seconds,
            double readSeconds,
            double cpuSeconds,
            long rows,
            long checksum,
            long bytesRead) {}

    private Run runOnce(DataSet dataSet, Config config, RowType rowType) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        StreamExecutionEnvironment env = jobs.environment(config.parallelism, conf);
        if (objectReuse) {
            env.getConfig().enableObjectReuse();
        } else {
            env.getConfig().disableObjectReuse();
        }
        if (config.api == Api.SQL) {
            sqlRows(env, dataSet, config)
                    .flatMap(new RowToucher(rowType, consumer))
                    .name("touch-every-field")
                    .returns(Types.LONG)
                    .sinkTo(new DiscardingSink<>())
                    .name("discard");
            return execute(env, config);
        }
        if (config.reader == Reader.LAMINAR_ARROW) {
            env.fromSource(
                            arrowSource(dataSet, config.benchCase),
                            WatermarkStrategy.noWatermarks(),
                            "laminar-parquet-arrow")
                    .flatMap(new ArrowToucher())
                    .name("touch-every-value")
                    .returns(Types.LONG)
                    .sinkTo(new DiscardingSink<>())
                    .name("discard");
            return execute(env, config);
        }
        DataStream<RowData> rowsRead;
        if (config.reader == Reader.LAMINAR) {
            rowsRead =
                    env.fromSource(
                            laminarSource(dataSet, config.benchCase),
                            WatermarkStrategy.noWatermarks(),
                            "laminar-parquet");
        } else {
            ParquetColumnarRowInputFormat<FileSourceSplit> format =
                    new ParquetColumnarRowInputFormat<>(
                            new org.apache.hadoop.conf.Configuration(),
                            rowType,
                            InternalTypeInfo.of(rowType),
                            batchSize,
                            false,
                            true);
            FileSource<RowData> source =
                    FileSource.forBulkFileFormat(
                                    format, new Path(dataSet.directory().toUri().toString()))
                            .build();
            rowsRead = env.fromSource(source, WatermarkStrategy.noWatermarks(), "flink-parquet");
            if (config.benchCase == Case.FILTERED) {
                // FileSource cannot push the filter down: the same query is a filter operator,
                // chained to the source, in front of the same RowToucher.
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
        rowsRead.flatMap(new RowToucher(rowType, consumer))
                .name("touch-every-field")
                .returns(Types.LONG)
                .sinkTo(new DiscardingSink<>())
                .name("discard");
        return execute(env, config);
    }

    /** The full data set's columns, as our source reads them (the SQL tables declare these). */
    private RowType fullRowType;

    /**
     * The SQL path: the case's query over a table of ours or of Flink's filesystem connector, as a
     * stream of the planner's internal rows (no conversion per row), to feed the same {@link
     * RowToucher} as the DataStream path.
     */
    private DataStream<RowData> sqlRows(
            StreamExecutionEnvironment env, DataSet dataSet, Config config) {
        StreamTableEnvironment tEnv =
                StreamTableEnvironment.create(
                        env, EnvironmentSettings.newInstance().inBatchMode().build());
        String columns =
                fullRowType.getFields().stream()
                        .map(f -> "`" + f.getName() + "` " + sqlType(f.getType()))
                        .collect(Collectors.joining(", "));
        String with;
        if (config.reader == Reader.LAMINAR) {
            with =
                    String.format(
                            Locale.ROOT,
                            "'connector' = 'parquet', 'path' = '%s', 'batch.size' = '%d',"
                                    + " 'parallelism' = '%d', 'file.order' = 'name'",
                            dataSet.directory(),
                            batchSize,
                            config.parallelism);
        } else {
            with =
                    String.format(
                            Locale.ROOT,
                            "'connector' = 'filesystem', 'path' = '%s', 'format' = 'parquet',"
                                    + " 'parquet.batch-size' = '%d'",
                            dataSet.directory().toUri(),
                            batchSize);
        }
        tEnv.executeSql("CREATE TABLE t (" + columns + ") WITH (" + with + ")");
        Table result = tEnv.sqlQuery(sqlQuery(config.benchCase));
        if (explain && !config.explained) {
            config.explained = true;
            System.out.println("Plan of " + config.name() + ":\n" + result.explain());
        }
        return tEnv.toDataStream(
                result,
                result.getResolvedSchema().toPhysicalRowDataType().bridgedTo(RowData.class));
    }

    /** The case's query over table {@code t}. */
    String sqlQuery(Case c) {
        switch (c) {
            case FULL:
                return "SELECT * FROM t";
            case PROJECTION:
                return "SELECT " + String.join(", ", table.projection) + " FROM t";
            case FILTERED:
                return "SELECT * FROM t WHERE "
                        + table.spec.timeColumn()
                        + " BETWEEN TIMESTAMP '"
                        + SQL_TIMESTAMP.format(utc(window.loMillis()))
                        + "' AND TIMESTAMP '"
                        + SQL_TIMESTAMP.format(utc(window.hiMillis()))
                        + "'";
            default:
                throw new IllegalArgumentException(c.toString());
        }
    }

    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    /** A column's type in DDL, nullability included. */
    private static String sqlType(LogicalType type) {
        return type.asSerializableString();
    }

    private static Run execute(StreamExecutionEnvironment env, Config config) throws Exception {
        RowToucher.resetTimers();
        long rcharBefore = readChars();
        JobExecutionResult result = env.execute("benchmark: " + config.name());
        long rcharAfter = readChars();
        double seconds = result.getNetRuntime(TimeUnit.NANOSECONDS) / 1e9;
        double readSeconds =
                (RowToucher.LAST_ROW_NANOS.get() - RowToucher.FIRST_ROW_NANOS.get()) / 1e9;
        long cpuFirst = RowToucher.FIRST_ROW_CPU_NANOS.get();
        long cpuLast = RowToucher.LAST_ROW_CPU_NANOS.get();
        double cpuSeconds = cpuFirst < 0 || cpuLast < 0 ? Double.NaN : (cpuLast - cpuFirst) / 1e9;
        Long rowCount = result.getAccumulatorResult(RowToucher.ROWS);
        Long checksum = result.getAccumulatorResult(RowToucher.CHECKSUM);
        return new Run(
                seconds,
                readSeconds,
                cpuSeconds,
                rowCount == null ? 0 : rowCount,
                checksum == null ? 0 : checksum,
                rcharBefore < 0 || rcharAfter < 0 ? -1 : rcharAfter - rcharBefore);
    }

    private LaminarParquetSource<RowData> laminarSource(DataSet dataSet, Case c) {
        return configure(LaminarParquetSource.forRowData(), dataSet, c);
    }

    private LaminarParquetSource<ArrowBatch> arrowSource(DataSet dataSet, Case c) {
        return configure(LaminarParquetSource.forArrow(), dataSet, c);
    }

    private <T> LaminarParquetSource<T> configure(
            LaminarParquetSourceBuilder<T> builder, DataSet dataSet, Case c) {
        builder.path(dataSet.directory().toString()).batchSize(batchSize).fileOrder(FileOrder.NAME);
        if (c == Case.PROJECTION) {
            builder.columns(table.projection.toArray(new String[0]));
        }
        if (c == Case.FILTERED) {
            builder.filter(
                    ParquetFilter.between(
                            table.spec.timeColumn(),
                            FilterValue.timestamp(utc(window.loMillis())),
                            FilterValue.timestamp(utc(window.hiMillis()))));
        }
        return builder.build();
    }

    /** UTC epoch millis as the wall-clock value of a TIMESTAMP column. */
    static LocalDateTime utc(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }

    /** Flink's side of the filtered case: keeps the rows whose ts lies in [lo, hi] (millis). */
    static final class TsWindow implements FilterFunction<RowData> {
        private static final long serialVersionUID = 1L;

        private final int pos;
        private final int precision;
        private final long lo;
        private final long hi;

        TsWindow(int pos, int precision, long lo, long hi) {
            this.pos = pos;
            this.precision = precision;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        public boolean filter(RowData row) {
            // The data set's ts has whole milliseconds, so comparing millis is exact.
            long millis = row.getTimestamp(pos, precision).getMillisecond();
            return millis >= lo && millis <= hi;
        }
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
        config.rows = run.rows;
    }

    private static void compareChecksums(List<Config> configs) {
        for (Config a : configs) {
            for (Config b : configs) {
                if (a.benchCase == b.benchCase
                        && a.reader.ours()
                        && b.reader == Reader.FLINK
                        && a.checksum != null
                        && b.checksum != null
                        && !a.checksum.equals(b.checksum)
                        && a.problem == null) {
                    a.problem =
                            "the values read differ from Flink's FileSource (checksum "
                                    + Long.toHexString(a.checksum)
                                    + " vs "
                                    + Long.toHexString(b.checksum)
                                    + ")";
                }
            }
        }
    }

    private String table(List<Config> configs, DataSet dataSet) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| case | parallelism | API | source | rows | seconds (median) | rows/s | MB/s |"
                        + " ours/theirs | CPU s while reading |\n");
        sb.append("|---|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Config c : configs) {
            double s = c.median();
            String ratio = "";
            if (c.reader.ours()) {
                for (Config o : configs) {
                    if (o.reader == Reader.FLINK && o.sameRead(c)) {
                        // Throughput ratio: above 1 means ours is faster.
                        ratio = String.format(Locale.ROOT, "%.2f", o.median() / s);
                    }
                }
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %s | %s | %,d | %.2f | %,.0f | %.1f | %s | %.2f |%n",
                            c.caseLabel,
                            c.parallelism,
                            c.api.label,
                            c.reader.label + (c.problem != null ? " (PROBLEM)" : ""),
                            c.rows,
                            s,
                            c.rows / s,
                            dataSet.bytes() / s / 1e6,
                            ratio,
                            medianOf(c.cpuSeconds)));
        }
        if (apis.contains(Api.SQL) && apis.contains(Api.DATASTREAM)) {
            sb.append('\n').append(sqlTable(configs));
        }
        if (footprint != null) {
            sb.append('\n').append(filteredTable(configs));
        }
        return sb.toString();
    }

    /**
     * Each source's SQL run time against its DataStream run time for the same read (1.00: SQL costs
     * nothing extra; 1.20: SQL takes 20% longer).
     */
    private static String sqlTable(List<Config> configs) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| case | parallelism | source | DataStream s | SQL s | SQL s / DataStream s"
                        + " | SQL CPU s / DataStream CPU s |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|\n");
        for (Config sql : configs) {
            if (sql.api != Api.SQL) {
                continue;
            }
            for (Config ds : configs) {
                if (ds.api == Api.DATASTREAM
                        && ds.reader == sql.reader
                        && ds.benchCase == sql.benchCase
                        && ds.parallelism == sql.parallelism) {
                    sb.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f |%n",
                                    sql.caseLabel,
                                    sql.parallelism,
                                    sql.reader.label,
                                    ds.median(),
                                    sql.median(),
                                    sql.median() / ds.median(),
                                    medianOf(sql.cpuSeconds) / medianOf(ds.cpuSeconds)));
                }
            }
        }
        return sb.toString();
    }

    /**
     * The filtered case on its own: ours against Flink's, ours against our full scan, the bytes
     * each has to read (from the footers and page indexes) and the bytes each did read.
     */
    private String filteredTable(List<Config> configs) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Filtered case: ts BETWEEN %s AND %s (%.0f%% of the time range, in the"
                                + " middle): %,d rows. Row groups whose ts statistics overlap the"
                                + " window: %d of %d (%,d rows); pages the ts column index keeps"
                                + " in them: %,d rows.%n%n",
                        utc(window.loMillis()),
                        utc(window.hiMillis()),
                        WINDOW_FRACTION * 100,
                        window.rows(),
                        footprint.rowGroupsKept(),
                        footprint.rowGroups(),
                        footprint.rowsInKeptRowGroups(),
                        footprint.rowsInKeptPages()));
        sb.append(
                "| parallelism | API | source | rows | seconds (median) | ours/theirs | at most"
                        + " (theirs / empty job) | our full scan / our filtered scan | bytes to"
                        + " read (footers) | bytes read (measured) |\n");
        sb.append("|---:|---|---|---:|---:|---:|---:|---:|---|---:|\n");
        long files = footprint.filesBytes();
        for (Config c : configs) {
            if (c.benchCase != Case.FILTERED) {
                continue;
            }
            double s = c.median();
            String ratio = "";
            String ceiling = "";
            String speedup = "";
            String toRead;
            if (c.reader.ours()) {
                IdleJob idle = idleJobs.get(c.parallelism);
                for (Config o : configs) {
                    if (o.parallelism != c.parallelism || o.api != c.api) {
                        continue;
                    }
                    if (o.reader == Reader.FLINK && o.benchCase == Case.FILTERED) {
                        ratio = String.format(Locale.ROOT, "%.2f", o.median() / s);
                        if (idle != null) {
                            ceiling = String.format(Locale.ROOT, "%.1f", o.median() / idle.seconds);
                        }
                    }
                    if (o.reader == c.reader && o.benchCase == Case.FULL) {
                        speedup = String.format(Locale.ROOT, "%.1fx", o.median() / s);
                    }
                }
                toRead =
                        String.format(
                                Locale.ROOT,
                                "row groups kept by statistics: %,d (%.1f%%); pages kept by the"
                                        + " page index: %,d (%.1f%%)",
                                footprint.rowGroupBytes(),
                                100.0 * footprint.rowGroupBytes() / files,
                                footprint.pageBytes(),
                                100.0 * footprint.pageBytes() / files);
            } else {
                toRead = String.format(Locale.ROOT, "the whole files: %,d (100%%)", files);
            }
            double measured = medianOf(c.bytesRead);
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %s | %s | %,d | %.2f | %s | %s | %s | %s | %s |%n",
                            c.parallelism,
                            c.api.label,
                            c.reader.label + (c.problem != null ? " (PROBLEM)" : ""),
                            c.rows,
                            s,
                            ratio,
                            ceiling,
                            speedup,
                            toRead,
                            measured < 0 || Double.isNaN(measured)
                                    ? "unknown"
                                    : String.format(
                                            Locale.ROOT,
                                            "%,.0f (%.1f%%)",
                                            measured,
                                            100.0 * measured / files)));
        }
        return sb.toString();
    }

    private void writeMarkdown(String table, DataSet dataSet) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# LaminarParquetSource vs Flink FileSource: read throughput\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "- run: %s%n- machine: %d cores (availableProcessors), Java %s (%s), max"
                                + " heap %,d MB%n- data set: the %s table, %,d rows, %d files,"
                                + " %,d bytes, row groups of %,d rows, snappy, %d columns%n-"
                                + " settings:"
                                + " batch size %d, object reuse %s, consumer %s, cluster %s,"
                                + " warm-up runs"
                                + " %d, measured"
                                + " runs %d (median)%n- load average before the runs: %s%n%n",
                        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"),
                        System.getProperty("java.vm.name"),
                        Runtime.getRuntime().maxMemory() / (1024 * 1024),
                        this.table.label,
                        dataSet.settings().rows(),
                        dataSet.files().size(),
                        dataSet.bytes(),
                        dataSet.settings().rowGroupRows(),
                        this.table.spec.schema().getFieldCount(),
                        batchSize,
                        objectReuse,
                        consumer,
                        jobs.mode().label(),
                        warmups,
                        repeats,
                        loadAverage));
        md.append(table);
        md.append(
                "\nseconds: Flink's net run time of the job (median). MB/s: bytes of the data"
                        + " set's files per second (the whole files, also for the projection)."
                        + " ours/theirs: throughput of LaminarParquetSource divided by that of"
                        + " FileSource + ParquetColumnarRowInputFormat (above 1: ours is"
                        + " faster). CPU s while reading: CPU time of the whole JVM from the"
                        + " first row to the end of the last reader's input (median).\n");
        if (footprint != null) {
            md.append(
                    "\nFiltered case: ours pushes `ts BETWEEN lo AND hi` into"
                            + " LaminarParquetSource; Flink's FileSource reads every row and a"
                            + " chained filter operator drops those outside the window. Both"
                            + " feed the same RowToucher; rows and checksums are compared. bytes"
                            + " to read: from the footers and page indexes (parquet-java), the"
                            + " compressed column chunks of the row groups whose ts statistics"
                            + " overlap the window, and within them the dictionary and data"
                            + " pages that overlap the rows the ts column index keeps. bytes"
                            + " read (measured): rchar of /proc/self/io over the job, less what"
                            + " an empty job reads (median); it includes footers and page"
                            + " indexes. at most: Flink's time over the net run time of an empty"
                            + " job of the same parallelism (the fastest of three: scheduling,"
                            + " deploying and finishing the tasks), the ratio a source that"
                            + " took no time at all would show.\n");
        }
        java.nio.file.Path target = out.toAbsolutePath().normalize();
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, md.toString());
    }

    /**
     * Bytes this process has read with read() and pread() so far ({@code rchar} of /proc/self/io,
     * Linux; page-cache hits included, mmap not), or -1 where that is unknown.
     */
    static long readChars() {
        try {
            for (String line : Files.readAllLines(java.nio.file.Path.of("/proc/self/io"))) {
                if (line.startsWith("rchar:")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable
        }
        return -1;
    }

    /** The 1/5/15-minute load averages from /proc/loadavg (Linux), or "unknown". */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
