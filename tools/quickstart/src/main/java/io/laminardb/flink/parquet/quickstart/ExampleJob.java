package io.laminardb.flink.parquet.quickstart;

import io.laminardb.flink.parquet.datagen.DataSetGenerator;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.TradeData;

import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.LongStream;

/**
 * The quickstart: writes (or reuses) a Hive-partitioned trade data set and runs the one-minute OHLC
 * query ({@code ohlc.sql}) on it through Flink SQL ({@code 'connector' = 'parquet'}) on an embedded
 * MiniCluster, showing the rows read while it runs and printing the bars. With {@code --sql FILE}
 * it runs the statements of a SQL file instead and prints the results of its queries.
 *
 * <pre>{@code
 * tools/quickstart/run                        # 1,000,000 trades, parallelism 2
 * tools/quickstart/run --print-sql > my.sql   # the SQL it runs, to start your own file from
 * tools/quickstart/run --sql my.sql           # run a SQL file on the embedded cluster
 * tools/quickstart/run --help
 * }</pre>
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Writes a Hive-partitioned Parquet data set of trades and computes one-minute OHLC"
                    + " bars per symbol with Flink SQL ('connector' = 'parquet') on an embedded"
                    + " Flink MiniCluster. With --sql, runs the statements of a SQL file on the"
                    + " embedded cluster instead and prints the results of its queries."
        })
public final class ExampleJob implements Callable<Integer> {

    private static final String OHLC_RESOURCE = "ohlc.sql";

    /** This command, so that errors are reported through the command line that parsed it. */
    @Spec private CommandSpec spec;

    @Option(
            names = "--sql",
            paramLabel = "FILE",
            description =
                    "Run the statements of this SQL file (separated by ';') instead of the OHLC"
                            + " example, and print the results of its queries. The connector is"
                            + " on the class path: CREATE TABLE ... WITH ('connector' = 'parquet',"
                            + " 'path' = '...').")
    private Path sqlFile;

    @Option(
            names = "--print-sql",
            description =
                    "Print the SQL of the OHLC example (table definition and query) and exit.")
    private boolean printSql;

    @Option(
            names = "--data",
            defaultValue = "tools/quickstart/data",
            description = "Directory of the data set (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(
            names = "--rows",
            defaultValue = "1000000",
            description = "Trades to generate (default: ${DEFAULT-VALUE}).")
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
            description =
                    "Default parallelism of the jobs, and the example table's source parallelism"
                            + " (default: ${DEFAULT-VALUE}). A table of your own reads with its"
                            + " 'parallelism' option (default: the jobs' parallelism).")
    private int parallelism;

    @Option(
            names = "--batch",
            description =
                    "Run in batch runtime mode (default: streaming, the sources being bounded).")
    private boolean batch;

    @Option(
            names = "--batch-size",
            defaultValue = "8192",
            description =
                    "Rows per decoded batch of the example table (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(
            names = "--show",
            defaultValue = "20",
            paramLabel = "N",
            description = "Rows of each result to print (default: ${DEFAULT-VALUE}).")
    private int show;

    @Option(
            names = "--progress",
            defaultValue = "auto",
            description =
                    "How to show the rows read: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE};"
                            + " auto draws a bar on a terminal and prints lines otherwise).")
    private Progress.Mode progress;

    public static void main(String[] args) {
        System.exit(commandLine(new ExampleJob()).execute(args));
    }

    /** The command line of {@code job}, as {@link #main} parses it. */
    @VisibleForTesting
    static CommandLine commandLine(ExampleJob job) {
        CommandLine cli = new CommandLine(job);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // The launcher passes --data; a --data given by the user comes later and wins.
        cli.setOverwrittenOptionsAllowed(true);
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--parallelism must be at least 1");
        }
        if (show < 0) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--show must not be negative");
        }
        if (sqlFile != null) {
            return runScript();
        }
        Path directory = data.toAbsolutePath().normalize();
        if (printSql) {
            System.out.println(createTable(directory) + ";\n\n" + ohlcQuery() + ";");
            return 0;
        }
        return runOhlc();
    }

    // ---------------------------------------------------------------------------------------
    // The OHLC example
    // ---------------------------------------------------------------------------------------

    private int runOhlc() throws Exception {
        Settings settings = new Settings(rows, files, rowGroupRows);
        System.out.println(
                "== LaminarParquetSource quickstart: one-minute OHLC bars in Flink SQL ==");
        DataSet dataSet = prepare(data, settings, regenerate, progress);

        TableEnvironment tEnv = tableEnvironment();
        tEnv.executeSql(createTable(dataSet.directory()));
        System.out.printf(
                Locale.ROOT,
                "Running the OHLC query (%s) on an embedded Flink MiniCluster, %s mode,"
                        + " parallelism %d (--print-sql shows the SQL)%n",
                OHLC_RESOURCE,
                batch ? "batch" : "streaming",
                parallelism);

        long start = System.nanoTime();
        RowsReadReporter.reset();
        TableResult result = tEnv.executeSql(ohlcQuery());
        List<Row> bars = collect(result, "Reading", settings.rows());
        double seconds = (System.nanoTime() - start) / 1e9;
        long rowsRead = RowsReadReporter.rowsRead();

        bars.sort(
                Comparator.comparing((Row r) -> (LocalDateTime) r.getField("window_start"))
                        .thenComparing(r -> (String) r.getField("symbol")));
        System.out.println();
        ResultTable.print(
                System.out,
                result.getResolvedSchema().getColumnNames(),
                bars.subList(0, Math.min(show, bars.size())));
        System.out.printf(
                Locale.ROOT,
                "(%s of %,d bars, by window_start and symbol; --show N prints more)%n%n",
                bars.size() <= show ? "all" : "the first " + show,
                bars.size());

        Set<Object> symbols = new HashSet<>();
        Set<Object> minutes = new HashSet<>();
        long volume = 0;
        for (Row bar : bars) {
            symbols.add(bar.getField("symbol"));
            minutes.add(bar.getField("window_start"));
            volume += (Long) bar.getField("volume");
        }
        long expectedVolume = LongStream.range(0, settings.rows()).map(TradeData::qty).sum();
        System.out.printf(
                Locale.ROOT,
                "Bars:      %,d (%d symbols, %,d minutes with trades over %d trading days)%n"
                        + "Volume:    %,d, the sum of qty over all %,d trades%s%n"
                        + "Rows read: %,d of %,d in %d files (%,d bytes)%n"
                        + "Time:      %.1f s for the job (MiniCluster start-up, planning, reading,"
                        + " windows): %,.0f rows/s%n",
                bars.size(),
                symbols.size(),
                minutes.size(),
                TradeData.days(settings),
                volume,
                settings.rows(),
                volume == expectedVolume ? "" : " (expected " + expectedVolume + ")",
                rowsRead,
                settings.rows(),
                dataSet.files().size(),
                dataSet.bytes(),
                seconds,
                rowsRead / seconds);
        if (volume != expectedVolume || rowsRead != settings.rows()) {
            System.err.printf(
                    Locale.ROOT,
                    "ERROR: the bars account for %,d of volume and %,d rows were read; the data"
                            + " set has %,d of volume in %,d rows%n",
                    volume,
                    rowsRead,
                    expectedVolume,
                    settings.rows());
            return 1;
        }
        return 0;
    }

    /**
     * The example table. Files are read in name order ({@code file.order}), which for this data set
     * is time order, so the watermark (at most 5 s behind the newest trade a reader has seen) never
     * passes a trade still to come and no window misses a row.
     */
    private String createTable(Path directory) {
        return "CREATE TABLE trades (\n"
                + "  id BIGINT,\n"
                + "  ts TIMESTAMP(3),\n"
                + "  symbol STRING,\n"
                + "  price DECIMAL(10, 2),\n"
                + "  qty INT,\n"
                + "  side STRING,\n"
                + "  `date` DATE,                 -- from the date=YYYY-MM-DD directories\n"
                + "  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n"
                + ") PARTITIONED BY (`date`) WITH (\n"
                + "  'connector' = 'parquet',\n"
                + "  'path' = '"
                + directory.toUri()
                + "',\n"
                + "  'file.order' = 'name',\n"
                + "  'parallelism' = '"
                + parallelism
                + "',\n"
                + "  'batch.size' = '"
                + batchSize
                + "'\n"
                + ")";
    }

    /** The OHLC query over a table {@code trades}; also run by the e2e tests. */
    public static String ohlcQuery() throws IOException {
        try (InputStream in = ExampleJob.class.getResourceAsStream(OHLC_RESOURCE)) {
            if (in == null) {
                throw new IOException("Missing resource " + OHLC_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    /**
     * The trades in {@code data}: reused when they are there with these settings (unless {@code
     * regenerate}), otherwise written by the tools' data set generator, showing the rows written.
     */
    @VisibleForTesting
    static DataSet prepare(Path data, Settings settings, boolean regenerate, Progress.Mode progress)
            throws Exception {
        DataSet existing =
                regenerate ? null : DataSetGenerator.existing(data, TradeData.SPEC, settings);
        if (existing != null) {
            System.out.printf(
                    Locale.ROOT,
                    "Using the data set in %s (%,d trades, %d files, %,d bytes)%n",
                    existing.directory(),
                    settings.rows(),
                    existing.files().size(),
                    existing.bytes());
            return existing;
        }
        System.out.printf(
                Locale.ROOT,
                "Writing %,d trades in %d files (row groups of %,d rows) to %s%n",
                settings.rows(),
                settings.files(),
                settings.rowGroupRows(),
                data.toAbsolutePath().normalize());
        LongAdder written = new LongAdder();
        long start = System.nanoTime();
        DataSet dataSet;
        try (Progress shown = Progress.start("Writing", settings.rows(), written::sum, progress)) {
            dataSet = DataSetGenerator.generate(data, TradeData.SPEC, settings, true, written::add);
        }
        System.out.printf(
                Locale.ROOT,
                "Wrote %,d bytes in %.1f s%n",
                dataSet.bytes(),
                (System.nanoTime() - start) / 1e9);
        return dataSet;
    }

    // ---------------------------------------------------------------------------------------
    // --sql FILE
    // ---------------------------------------------------------------------------------------

    private int runScript() throws Exception {
        String script = Files.readString(sqlFile);
        List<SqlScript.Statement> statements;
        try {
            statements = SqlScript.split(script);
        } catch (IllegalArgumentException e) {
            System.err.println("ERROR: " + sqlFile + ": " + e.getMessage());
            return 1;
        }
        System.out.printf(
                Locale.ROOT,
                "Running %d statements of %s on an embedded Flink MiniCluster, %s mode,"
                        + " parallelism %d%n",
                statements.size(),
                sqlFile,
                batch ? "batch" : "streaming",
                parallelism);
        TableEnvironment tEnv = tableEnvironment();
        for (SqlScript.Statement statement : statements) {
            System.out.printf(
                    Locale.ROOT,
                    "%n-- %s:%d%n%s%n",
                    sqlFile,
                    statement.line(),
                    head(statement.sql()));
            try {
                runStatement(tEnv, statement.sql(), System.out);
            } catch (Exception e) {
                System.err.printf(
                        Locale.ROOT,
                        "ERROR in the statement on line %d of %s: %s%n",
                        statement.line(),
                        sqlFile,
                        rootMessage(e));
                return 1;
            }
        }
        return 0;
    }

    private void runStatement(TableEnvironment tEnv, String sql, PrintStream out) throws Exception {
        long start = System.nanoTime();
        RowsReadReporter.reset();
        TableResult result = tEnv.executeSql(sql);
        JobClient job = result.getJobClient().orElse(null);
        if (result.getResultKind() == ResultKind.SUCCESS) {
            out.println("[OK]");
            return;
        }
        if (job != null && !isQuery(sql)) {
            // INSERT INTO and the like: the job writes elsewhere; wait for it.
            try (Progress shown =
                    Progress.start("Reading", -1, RowsReadReporter::rowsRead, progress)) {
                result.await();
            }
            out.printf(
                    Locale.ROOT,
                    "[OK] job %s finished in %.1f s%n",
                    job.getJobID(),
                    (System.nanoTime() - start) / 1e9);
            return;
        }
        Changelog changelog = new Changelog();
        RowsReadReporter.reset();
        try (Progress shown = Progress.start("Reading", -1, RowsReadReporter::rowsRead, progress);
                CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(changelog::apply);
        }
        List<Row> rows = changelog.rows();
        ResultTable.print(
                out,
                result.getResolvedSchema().getColumnNames(),
                rows.subList(0, Math.min(show, rows.size())));
        out.printf(
                Locale.ROOT,
                "(%s of %,d rows%s%s)%n",
                rows.size() <= show ? "all" : "the first " + show,
                rows.size(),
                changelog.changes() == rows.size()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                ", the end state of a changelog of %,d changes",
                                changelog.changes()),
                job == null
                        ? ""
                        : String.format(
                                Locale.ROOT, "; %.1f s", (System.nanoTime() - start) / 1e9));
    }

    /**
     * Whether a statement is a query whose rows to print (rather than, say, an INSERT whose job to
     * wait for), from its first keyword: statements from {@link SqlScript} start with their code.
     */
    @VisibleForTesting
    static boolean isQuery(String sql) {
        String s = sql.stripLeading().toUpperCase(Locale.ROOT);
        return s.startsWith("SELECT")
                || s.startsWith("WITH")
                || s.startsWith("VALUES")
                || s.startsWith("(")
                || s.startsWith("TABLE");
    }

    /** The statement's first line that is not a comment, with "..." if more follow. */
    private static String head(String sql) {
        List<String> code =
                sql.lines().filter(l -> !l.isBlank() && !l.strip().startsWith("--")).toList();
        if (code.isEmpty()) {
            return sql.strip();
        }
        return code.size() > 1 ? code.get(0) + " ..." : code.get(0);
    }

    private static String rootMessage(Throwable e) {
        StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = e.getCause();
                cause != null && seen.add(cause);
                cause = cause.getCause()) {
            if (cause.getMessage() != null && !s.toString().contains(cause.getMessage())) {
                s.append("\n  caused by: ").append(cause.getMessage());
            }
        }
        return s.toString();
    }

    // ---------------------------------------------------------------------------------------
    // Shared
    // ---------------------------------------------------------------------------------------

    /**
     * A TableEnvironment whose jobs run on an embedded MiniCluster in this JVM (Flink's local
     * executor), with {@link RowsReadReporter} counting the rows the Parquet readers emit.
     */
    private TableEnvironment tableEnvironment() {
        Configuration conf = new Configuration();
        conf.set(
                ExecutionOptions.RUNTIME_MODE,
                batch ? RuntimeExecutionMode.BATCH : RuntimeExecutionMode.STREAMING);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.setString(
                "metrics.reporter.rows.factory.class", RowsReadReporter.Factory.class.getName());
        return TableEnvironment.create(
                EnvironmentSettings.newInstance().withConfiguration(conf).build());
    }

    /** Collects a query's rows while showing the rows read ({@code total} -1 when unknown). */
    private List<Row> collect(TableResult result, String task, long total) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (Progress shown = Progress.start(task, total, RowsReadReporter::rowsRead, progress);
                CloseableIterator<Row> it = result.collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }
}
