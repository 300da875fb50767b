package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import picocli.CommandLine.Option;

import javax.annotation.Nullable;

import java.nio.file.Path;

/**
 * The command line options that say where a harness's data set lies and how it is shaped, shared by
 * the harnesses as a picocli mixin; what is not given comes from the table ({@link
 * BenchmarkTable#defaults}, {@link BenchmarkTable#defaultDirectory}).
 */
final class DataSetOptions {

    @Option(
            names = "--data",
            description =
                    "Directory of the data set, written once and reused while its shape matches"
                            + " (default: the table's: tools/benchmark/data for trade,"
                            + " tools/benchmark/data-wide for wide, tools/benchmark/data-typed for"
                            + " typed, tools/benchmark/data-nested for nested, tools/benchmark/data-deep"
                            + " for deep).")
    @Nullable
    private Path data;

    @Option(
            names = "--rows",
            description =
                    "Rows in the data set (default: 5000000 for trade and typed, 1000000 for wide,"
                            + " 2000000 for nested and deep).")
    @Nullable
    private Long rows;

    @Option(
            names = "--files",
            description = "Files in the data set (default: 8 for trade, 1 for wide).")
    @Nullable
    private Integer files;

    @Option(
            names = "--row-group-rows",
            description = "Rows per row group (default: 131072 for trade, 122880 for wide).")
    @Nullable
    private Integer rowGroupRows;

    /** The data set's shape: what the command line says, else the table's defaults. */
    Settings settings(BenchmarkTable table) {
        return settings(table, Long.MAX_VALUE);
    }

    /** As {@link #settings(BenchmarkTable)}, with at most {@code maxDefaultRows} unless given. */
    Settings settings(BenchmarkTable table, long maxDefaultRows) {
        return new Settings(
                rows != null ? rows : Math.min(maxDefaultRows, table.defaults.rows()),
                files != null ? files : table.defaults.files(),
                rowGroupRows != null ? rowGroupRows : table.defaults.rowGroupRows());
    }

    /** The data set's directory: what the command line says, else the table's. */
    Path directory(BenchmarkTable table) {
        return directory(Path.of(table.defaultDirectory));
    }

    /** The data set's directory: what the command line says, else {@code fallback}. */
    Path directory(Path fallback) {
        return data != null ? data : fallback;
    }
}
