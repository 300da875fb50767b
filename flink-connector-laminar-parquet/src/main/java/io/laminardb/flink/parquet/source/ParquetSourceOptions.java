package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileOrder;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

import java.time.Duration;

/**
 * The source's options, as typed {@link ConfigOption}s, declared once for the DataStream API
 * ({@link LaminarParquetSourceBuilder#options}) and SQL ({@code WITH ('connector' = 'parquet',
 * ...)}): the SQL factory's required and optional options and the parsing of string options both
 * come from {@link ParquetSourceConfig} ({@link ParquetSourceConfig#requiredOptions()}, {@link
 * ParquetSourceConfig#optionalOptions()}). Every key starting with {@value #STORAGE_PREFIX} is a
 * per-source storage setting.
 */
@PublicEvolving
public final class ParquetSourceOptions {

    private ParquetSourceOptions() {}

    /**
     * Prefix of per-source storage settings and credentials, e.g. {@code storage.s3.endpoint}. Such
     * keys apply to this source only (its own file system, see docs/cloud.md); a key the path's
     * scheme does not take fails naming it, and secret values are never printed.
     */
    public static final String STORAGE_PREFIX = "storage.";

    public static final ConfigOption<String> PATH =
            ConfigOptions.key("path")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A Parquet file, a directory (read recursively) or a glob (*, **, ?,"
                                    + " {a,b}), with any scheme Flink's FileSystem has: file://,"
                                    + " s3://, abfs://, gs://, hdfs://.");

    public static final ConfigOption<SourceMode> MODE =
            ConfigOptions.key("mode")
                    .enumType(SourceMode.class)
                    .defaultValue(SourceMode.BOUNDED)
                    .withDescription(
                            "bounded: read the files present when the job starts, then finish."
                                    + " continuous: read them, then keep listing the path every"
                                    + " poll.interval and read the new files (an unbounded"
                                    + " source).");

    public static final ConfigOption<Duration> POLL_INTERVAL =
            ConfigOptions.key("poll.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("How often continuous mode lists the path for new files.");

    public static final ConfigOption<Duration> DISCOVERY_SETTLE_WINDOW =
            ConfigOptions.key("discovery.settle-window")
                    .durationType()
                    .noDefaultValue()
                    .withDescription(
                            "Continuous mode: how far below the newest modification time read so"
                                    + " far a file's modification time may lie and still be read"
                                    + " (files renamed into place late, clock skew between"
                                    + " writers, late listings). The enumerator's state holds"
                                    + " the files read within this window, nothing older. Must"
                                    + " be longer than poll.interval; unset, the larger of 10"
                                    + " minutes and three poll intervals.");

    public static final ConfigOption<Integer> DISCOVERY_MAX_BACKLOG =
            ConfigOptions.key("discovery.max-backlog")
                    .intType()
                    .defaultValue(10_000)
                    .withDescription(
                            "Continuous mode: while more files than this wait to be planned"
                                    + " plus splits to be assigned, the enumerator skips its"
                                    + " listings (throttling), so its memory stays bounded.");

    public static final ConfigOption<Integer> DISCOVERY_MAX_FAILURES =
            ConfigOptions.key("discovery.max-failures")
                    .intType()
                    .defaultValue(10)
                    .withDescription(
                            "Continuous mode: after this many failed listings in a row the job"
                                    + " fails with the last cause; failed listings are retried"
                                    + " with a backoff of up to 16 poll intervals.");

    public static final ConfigOption<Duration> DISCOVERY_IN_PROGRESS_TIMEOUT =
            ConfigOptions.key("discovery.in-progress-timeout")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "Continuous mode: a new file whose size or modification time keeps"
                                    + " changing, or that has no valid Parquet footer yet, is"
                                    + " retried on later polls; after this long it is corrupt"
                                    + " (see corrupt-files).");

    public static final ConfigOption<CorruptFilePolicy> CORRUPT_FILES =
            ConfigOptions.key("corrupt-files")
                    .enumType(CorruptFilePolicy.class)
                    .defaultValue(CorruptFilePolicy.FAIL)
                    .withDescription(
                            "What a file whose footer cannot be read, or whose partition"
                                    + " directories do not match the partition columns, does:"
                                    + " fail (the job fails naming the file) or skip (the file"
                                    + " is left out with a warning and counted in the"
                                    + " corruptFilesSkipped metric). Bounded and continuous"
                                    + " mode alike.");

    public static final ConfigOption<String> COLUMNS =
            ConfigOptions.key("columns")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Comma-separated columns to read, in this order; default all columns"
                                    + " of the schema.");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch.size")
                    .intType()
                    .defaultValue(8192)
                    .withDescription("Maximum rows decoded per batch.");

    public static final ConfigOption<MemorySize> READ_COALESCE_GAP =
            ConfigOptions.key("read.coalesce-gap")
                    .memoryType()
                    .noDefaultValue()
                    .withDescription(
                            "Column chunks of a row group that are read and lie at most this many"
                                    + " bytes apart are fetched in one request, the bytes between"
                                    + " them included (0: only chunks that touch). Larger saves"
                                    + " requests on object stores, smaller saves bytes. Unset:"
                                    + " 1 MiB on object stores and other distributed file"
                                    + " systems, 8 KiB on a local disk.");

    public static final ConfigOption<MemorySize> READ_PREFETCH_MAX_BYTES =
            ConfigOptions.key("read.prefetch.max-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.ofMebiBytes(64))
                    .withDescription(
                            "While a row group decodes, each reader fetches the column chunks of"
                                    + " the split's next row group if they take at most this many"
                                    + " bytes (heap memory per reader); a larger row group is"
                                    + " fetched when it is read. 0 turns prefetching off; at"
                                    + " most 1 gb.");

    public static final ConfigOption<Boolean> HIVE_PARTITIONING =
            ConfigOptions.key("hive.partitioning")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription(
                            "Treat key=value directories below the path as Hive partitions.");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withFallbackKeys("scan.parallelism")
                    .withDescription(
                            "Number of parallel readers of a SQL table; unset, the job's default"
                                    + " parallelism, as with Flink's own sources (a DataStream"
                                    + " job sets its source's parallelism itself).");

    public static final ConfigOption<String> EVENT_TIME_COLUMN =
            ConfigOptions.key("event.time.column")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "A TIMESTAMP, TIMESTAMP_LTZ or BIGINT (epoch milliseconds) column that"
                                    + " holds the records' event time.");

    public static final ConfigOption<FileOrder> FILE_ORDER =
            ConfigOptions.key("file.order")
                    .enumType(FileOrder.class)
                    .defaultValue(FileOrder.NAME)
                    .withDescription("Order of files: name, modification_time or unordered.");
}
