package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.benchmark.ThroughputBenchmark.Case;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * What DuckDB reads of the benchmark's data set, the reference the performance issue sets for bytes
 * ("projection bytes read within 5% of DuckDB's"): DuckDB (its JDBC driver, in this JVM, one
 * thread) runs the full scan and the projection of {@link ThroughputBenchmark} as aggregates over
 * every value read, and the bytes this process reads meanwhile with read()/pread() ({@code rchar},
 * as {@link ThroughputBenchmark}'s "bytes read (measured)" column) are its bytes read. The least of
 * the repeats is reported; a first query loads the driver (its native library is read out of the
 * jar) and is not counted.
 */
@Command(
        name = "duckdb-bytes-read",
        mixinStandardHelpOptions = true,
        description =
                "Measures the bytes DuckDB reads of the benchmark's data set for the full scan and"
                        + " the projection, to compare with the bytes-read column of"
                        + " tools/benchmark/run.")
public final class DuckDbBytesRead implements Callable<Integer> {

    @Option(
            names = "--table",
            defaultValue = "wide",
            description = "The table: wide or trade (default: ${DEFAULT-VALUE}).")
    private BenchmarkTable table;

    @Mixin private DataSetOptions dataSetOptions = new DataSetOptions();

    @Option(
            names = "--cases",
            split = ",",
            defaultValue = "full,projection",
            description = "Cases: full, projection (default: ${DEFAULT-VALUE}).")
    private List<Case> cases;

    @Option(
            names = "--repeats",
            defaultValue = "3",
            description = "Runs of each case (default: ${DEFAULT-VALUE}).")
    private int repeats;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new DuckDbBytesRead());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.registerConverter(Case.class, ThroughputBenchmark::benchCase);
        cli.registerConverter(BenchmarkTable.class, ThroughputBenchmark::table);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (ThroughputBenchmark.readChars() < 0) {
            System.err.println("No /proc/self/io here: bytes read cannot be measured");
            return 1;
        }
        Settings settings = dataSetOptions.settings(table);
        DataSet dataSet =
                ThroughputBenchmark.prepare(dataSetOptions.directory(table), table, settings);
        String files =
                dataSet.files().stream()
                        .map(f -> "'" + f.toAbsolutePath().toString().replace("'", "''") + "'")
                        .collect(Collectors.joining(", ", "[", "]"));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("SELECT 1");
            for (Case c : cases) {
                String query = query(c, files);
                long least = Long.MAX_VALUE;
                String result = null;
                for (int i = 0; i < repeats; i++) {
                    long before = ThroughputBenchmark.readChars();
                    result = run(statement, query);
                    least = Math.min(least, ThroughputBenchmark.readChars() - before);
                }
                System.out.printf(
                        Locale.ROOT,
                        "%-40s DuckDB read %,d bytes (least of %d; data set %,d bytes) -> %s%n",
                        c.label(table),
                        least,
                        repeats,
                        dataSet.bytes(),
                        result);
            }
        }
        return 0;
    }

    /** An aggregate over every value the case reads, so DuckDB cannot answer from statistics. */
    private String query(Case c, String files) {
        String values;
        switch (c) {
            case FULL:
                values = "sum(hash(COLUMNS(*)))";
                break;
            case PROJECTION:
                values =
                        table.projection.stream()
                                .map(column -> "sum(hash(\"" + column + "\"))")
                                .collect(Collectors.joining(", "));
                break;
            default:
                throw new CommandLine.ParameterException(
                        new CommandLine(this), "DuckDB bytes: only the full and projection cases");
        }
        return "SELECT count(*), " + values + " FROM read_parquet(" + files + ")";
    }

    private static String run(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1) + " rows";
        }
    }
}
