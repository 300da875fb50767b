package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.source.ParquetSourceOptions;
import io.laminardb.flink.parquet.source.SourceMode;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;

import java.time.Duration;

/**
 * The options of the SQL connector ({@code WITH ('connector' = 'parquet', ...)}). They are the
 * {@link ParquetSourceOptions} of the DataStream API, under the same keys.
 *
 * <p>Keys starting with {@code storage.} (per-source storage settings and credentials) are accepted
 * and kept with the source's configuration, their values masked wherever they look like secrets
 * (messages, logs, {@code EXPLAIN}), but they are <b>not applied yet</b>: files are opened through
 * Flink's {@code FileSystem} as configured for the cluster, so configure the file system in Flink's
 * configuration ({@code s3.endpoint}, {@code s3.access-key}, ...).
 */
@PublicEvolving
public final class ParquetConnectorOptions {

    private ParquetConnectorOptions() {}

    /**
     * Prefix of per-source storage settings, e.g. {@code storage.s3.endpoint}: accepted, not
     * applied yet.
     */
    public static final String STORAGE_PREFIX = ParquetSourceOptions.STORAGE_PREFIX;

    public static final ConfigOption<String> PATH = ParquetSourceOptions.PATH;
    public static final ConfigOption<SourceMode> MODE = ParquetSourceOptions.MODE;
    public static final ConfigOption<Duration> POLL_INTERVAL = ParquetSourceOptions.POLL_INTERVAL;
    public static final ConfigOption<String> COLUMNS = ParquetSourceOptions.COLUMNS;
    public static final ConfigOption<Integer> BATCH_SIZE = ParquetSourceOptions.BATCH_SIZE;
    public static final ConfigOption<Boolean> HIVE_PARTITIONING =
            ParquetSourceOptions.HIVE_PARTITIONING;

    /** {@code parallelism}, with Flink's standard {@code scan.parallelism} as a fallback key. */
    public static final ConfigOption<Integer> PARALLELISM = ParquetSourceOptions.PARALLELISM;

    public static final ConfigOption<String> EVENT_TIME_COLUMN =
            ParquetSourceOptions.EVENT_TIME_COLUMN;
    public static final ConfigOption<FileOrder> FILE_ORDER = ParquetSourceOptions.FILE_ORDER;
}
