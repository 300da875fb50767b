package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.DeepData;
import io.laminardb.flink.parquet.datagen.ExecutionData;
import io.laminardb.flink.parquet.datagen.NestedData;
import io.laminardb.flink.parquet.datagen.TimeSortedDataSet;
import io.laminardb.flink.parquet.datagen.TypedData;
import io.laminardb.flink.parquet.datagen.WideData;

import java.util.List;
import java.util.Locale;

/**
 * The tables the throughput benchmark reads: the data set, the columns of its projection case, and
 * its default size and directory.
 */
enum BenchmarkTable {
    /** Order executions: ten narrow columns of mixed types ({@link ExecutionData}). */
    TRADE(
            "trade",
            ExecutionData.SPEC,
            List.of("symbol", "price"),
            new Settings(5_000_000, 8, 131_072),
            "tools/benchmark/data"),

    /**
     * Rows of about 1 KB: eight strings of about 120 bytes, four doubles, an id and a timestamp
     * ({@link WideData}); one file of 1M rows in row groups of 122,880 rows, as DuckDB writes it.
     */
    WIDE(
            "wide",
            WideData.SPEC,
            List.of("category", "price"),
            new Settings(1_000_000, 1, 122_880),
            "tools/benchmark/data-wide"),

    /**
     * The other common column types ({@link TypedData}): booleans, narrow integers, dates,
     * microsecond timestamps, decimals of all three physical types, NULLs scattered in four
     * columns.
     */
    TYPED(
            "typed",
            TypedData.SPEC,
            List.of("price", "qty"),
            new Settings(5_000_000, 4, 122_880),
            "tools/benchmark/data-typed"),

    /**
     * Nested columns ({@link NestedData}): a struct of two doubles, lists of strings and of
     * doubles, a map of strings to longs.
     */
    NESTED(
            "nested",
            NestedData.SPEC,
            List.of("point", "tags"),
            new Settings(2_000_000, 2, 122_880),
            "tools/benchmark/data-nested"),

    /**
     * Nesting within nesting ({@link DeepData}): a row of a row, an array of rows holding arrays,
     * an array of arrays, a map of rows holding arrays.
     */
    DEEP(
            "deep",
            DeepData.SPEC,
            List.of("customer", "sessions"),
            new Settings(2_000_000, 2, 122_880),
            "tools/benchmark/data-deep");

    final String label;
    final TimeSortedDataSet spec;

    /** The projection case's columns: one string and one double, or two of the other tables'. */
    final List<String> projection;

    /** Rows, files and rows per row group when the command line does not say. */
    final Settings defaults;

    /** The data set's directory when the command line does not say, relative to the project. */
    final String defaultDirectory;

    BenchmarkTable(
            String label,
            TimeSortedDataSet spec,
            List<String> projection,
            Settings defaults,
            String defaultDirectory) {
        this.label = label;
        this.spec = spec;
        this.projection = projection;
        this.defaults = defaults;
        this.defaultDirectory = defaultDirectory;
    }

    static BenchmarkTable of(String value) {
        for (BenchmarkTable table : values()) {
            if (table.label.equals(value.toLowerCase(Locale.ROOT))) {
                return table;
            }
        }
        throw new IllegalArgumentException(
                "unknown table '" + value + "'; use trade, wide, typed, nested or deep");
    }
}
