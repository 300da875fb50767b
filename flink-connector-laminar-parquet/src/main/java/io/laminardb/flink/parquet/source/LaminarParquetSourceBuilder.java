package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.arrow.ArrowOutput;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionConflict;
import io.laminardb.flink.parquet.partition.PartitionDeclarations;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.MetadataColumn;
import io.laminardb.flink.parquet.plan.ReadColumns;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.plan.ReadSchemaResolver;
import io.laminardb.flink.parquet.reader.RecordConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Builds a {@link LaminarParquetSource}. The options (path, columns, batch size, ...) go to a
 * {@link ParquetSourceConfig.Builder}, which holds their defaults and checks them; the schema is
 * resolved by {@link ReadSchemaResolver}. {@link #build()} checks every setting and reads the
 * schema of the first file (in name order) unless one is given with {@link #rowType(RowType)}.
 *
 * <pre>{@code
 * LaminarParquetSource<RowData> source =
 *     LaminarParquetSource.forRowData()
 *         .path("/data/trades/**&#47;*.parquet")
 *         .columns("ts", "symbol", "price")
 *         .batchSize(8192)
 *         .fileOrder(FileOrder.MODIFICATION_TIME)
 *         .build();
 * }</pre>
 *
 * @param <T> the type of the emitted records
 */
@PublicEvolving
public final class LaminarParquetSourceBuilder<T> {

    private RecordConverter<T> converter;

    /** The options (where, how and in which order files are read); checked by build(). */
    private ParquetSourceConfig.Builder config = ParquetSourceConfig.builder();

    @Nullable private RowType rowType;
    private final Map<String, LogicalType> partitionTypes = new LinkedHashMap<>();
    private boolean inferPartitionTypes = true;
    private String defaultPartitionName = HivePartitions.DEFAULT_PARTITION_NAME;
    private List<String> selectedPartitionKeys = List.of();
    @Nullable private Set<List<String>> selectedPartitions;
    private long limit = Long.MAX_VALUE;
    private PartitionConflict partitionConflict = PartitionConflict.FAIL;
    @Nullable private ParquetFilter filter;
    private final List<String> metadataNames = new ArrayList<>();
    private final List<MetadataColumn> metadataColumns = new ArrayList<>();

    LaminarParquetSourceBuilder(RecordConverter<T> converter) {
        this.converter = checkNotNull(converter);
    }

    /** A Parquet file, a directory (read recursively) or a glob, on any Flink file system. */
    public LaminarParquetSourceBuilder<T> path(String path) {
        config.path(path);
        return this;
    }

    /** The columns to read, in this order. Default: every column of the schema. */
    public LaminarParquetSourceBuilder<T> columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /** The columns to read, in this order. Default: every column of the schema. */
    public LaminarParquetSourceBuilder<T> columns(List<String> columns) {
        config.columns(checkNotNull(columns, "columns must not be null"));
        return this;
    }

    /**
     * The Arrow buffer memory each reader of a {@code forArrow()} source may hold at most (default
     * 256 MiB): the batch being decoded and the batches emitted and not yet closed. A batch that
     * does not fit fails the reader with an error naming this limit. Only for {@code forArrow()}.
     */
    @SuppressWarnings("unchecked")
    public LaminarParquetSourceBuilder<T> arrowMemoryLimit(MemorySize limit) {
        checkNotNull(limit, "arrowMemoryLimit must not be null");
        checkArgument(
                converter instanceof ArrowOutput,
                "arrowMemoryLimit applies to sources built with forArrow() only");
        this.converter = (RecordConverter<T>) new ArrowOutput(limit.getBytes());
        return this;
    }

    /** Maximum rows per decoded batch (default 8192). */
    public LaminarParquetSourceBuilder<T> batchSize(int batchSize) {
        config.batchSize(batchSize);
        return this;
    }

    /**
     * Column chunks of a row group that lie at most this far apart are fetched in one request, the
     * bytes between them included (zero: only chunks that touch; unset: 1 MiB on object stores and
     * other distributed file systems, 8 KiB on a local disk). See {@link
     * ParquetSourceOptions#READ_COALESCE_GAP}.
     */
    public LaminarParquetSourceBuilder<T> readCoalesceGap(MemorySize gap) {
        config.readCoalesceGap(gap);
        return this;
    }

    /**
     * The most bytes of the next row group's column chunks a reader fetches ahead while a row group
     * decodes (default 64 MiB; zero: no prefetch). A larger row group is fetched when it is read.
     * See {@link ParquetSourceOptions#READ_PREFETCH_MAX_BYTES}.
     */
    public LaminarParquetSourceBuilder<T> readPrefetchMaxBytes(MemorySize maxBytes) {
        config.readPrefetchMaxBytes(maxBytes);
        return this;
    }

    /** The order files are read in (default {@link FileOrder#NAME}). */
    public LaminarParquetSourceBuilder<T> fileOrder(FileOrder fileOrder) {
        config.fileOrder(fileOrder);
        return this;
    }

    /**
     * Bounded (default): read the files present when the job starts, then finish. Continuous: read
     * them, then list the path every {@link #pollInterval poll interval} and read the new files,
     * new partition directories included; the source is then unbounded. See docs/datastream.md for
     * which files count as new.
     */
    public LaminarParquetSourceBuilder<T> mode(SourceMode mode) {
        config.mode(mode);
        return this;
    }

    /** How often continuous mode lists the path for new files (default 10 s). */
    public LaminarParquetSourceBuilder<T> pollInterval(Duration pollInterval) {
        config.pollInterval(pollInterval);
        return this;
    }

    /**
     * Continuous mode: how far below the newest modification time read so far a new file's
     * modification time may lie and still be read (default: the larger of 10 minutes and three poll
     * intervals; longer than the poll interval). It must cover the delay of writers that rename
     * files into place, their clock skew and late listings; the enumerator's state holds the files
     * read within it.
     */
    public LaminarParquetSourceBuilder<T> settleWindow(Duration settleWindow) {
        config.settleWindow(checkNotNull(settleWindow, "settleWindow must not be null"));
        return this;
    }

    /**
     * Continuous mode: while more files than this wait to be planned plus splits to be assigned,
     * listings are skipped (default 10,000).
     */
    public LaminarParquetSourceBuilder<T> maxDiscoveryBacklog(int maxBacklog) {
        config.maxDiscoveryBacklog(maxBacklog);
        return this;
    }

    /** Continuous mode: after this many failed listings in a row the job fails (default 10). */
    public LaminarParquetSourceBuilder<T> maxListingFailures(int maxFailures) {
        config.maxListingFailures(maxFailures);
        return this;
    }

    /**
     * Continuous mode: how long a new file may keep changing, or lack a valid footer, before it is
     * corrupt (default 1 hour); until then it is retried at each poll.
     */
    public LaminarParquetSourceBuilder<T> inProgressTimeout(Duration timeout) {
        config.inProgressTimeout(timeout);
        return this;
    }

    /** What a corrupt file does: fail the job (default) or be skipped. */
    public LaminarParquetSourceBuilder<T> corruptFiles(CorruptFilePolicy policy) {
        config.corruptFiles(policy);
        return this;
    }

    /** Whether {@code key=value} directories are Hive partitions (default true). */
    public LaminarParquetSourceBuilder<T> hivePartitioning(boolean hivePartitioning) {
        config.hivePartitioning(hivePartitioning);
        return this;
    }

    /** The number of parallel readers the source asks for (the SQL connector applies it). */
    public LaminarParquetSourceBuilder<T> parallelism(int parallelism) {
        config.parallelism(parallelism);
        return this;
    }

    /** The column holding each record's event time. */
    public LaminarParquetSourceBuilder<T> eventTimeColumn(String column) {
        config.eventTimeColumn(checkNotNull(column, "eventTimeColumn must not be null"));
        return this;
    }

    /**
     * A storage setting or credential (key without the {@code storage.} prefix). It applies to this
     * source only, e.g. {@code s3.endpoint}, {@code s3.access-key}, {@code
     * azure.account.key.<account>.blob.core.windows.net}, {@code gs.project.id} (every key per
     * store in docs/cloud.md); a key the path's scheme does not take fails at {@link #build()}
     * naming it. Secret values are never printed.
     */
    public LaminarParquetSourceBuilder<T> storageOption(String key, String value) {
        config.storageOption(key, value);
        return this;
    }

    /** Consecutive row groups smaller than this together are read as one split (default 32 MB). */
    public LaminarParquetSourceBuilder<T> targetSplitSize(MemorySize size) {
        config.targetSplitBytes(checkNotNull(size, "targetSplitSize must not be null").getBytes());
        return this;
    }

    /**
     * Sets the options from string options with the SQL connector's keys (see {@link
     * ParquetSourceOptions}); options not given keep their values. Fails on an unknown key or a
     * value that does not parse, naming it; {@link #build()} checks the values as it checks those
     * of the setters.
     */
    public LaminarParquetSourceBuilder<T> options(Map<String, String> options) {
        config.options(options);
        return this;
    }

    /**
     * Sets every option from a config, replacing what was set before (the SQL connector passes the
     * table's options, parsed and checked once).
     */
    @Internal
    public LaminarParquetSourceBuilder<T> config(ParquetSourceConfig config) {
        this.config = checkNotNull(config, "config must not be null").toBuilder();
        return this;
    }

    /**
     * The schema of the files, instead of the first file's. Each file is mapped to it when read:
     * columns by name (else ignoring case); a nullable column a file lacks is NULL in that file's
     * rows, a NOT NULL one fails; a file column of a narrower type is widened exactly (wider
     * integers, FLOAT to DOUBLE, DECIMAL with no fewer integer and fraction digits, integers to
     * DECIMAL); a timestamp column may be declared with a lower precision than the file's (such as
     * TIMESTAMP(3) over MICROS, NANOS or INT96), and its values are truncated toward negative
     * infinity at that precision, like Flink's CAST; any other type fails naming the file, the
     * column and both types.
     */
    public LaminarParquetSourceBuilder<T> rowType(RowType rowType) {
        this.rowType = checkNotNull(rowType);
        return this;
    }

    /**
     * Reads only the files of these partitions: lists of unescaped values of {@code keys} (null for
     * the default partition). The SQL connector passes the partitions its planner kept.
     */
    @Internal
    public LaminarParquetSourceBuilder<T> selectPartitions(
            List<String> keys, Set<List<String>> partitions) {
        this.selectedPartitionKeys = List.copyOf(keys);
        this.selectedPartitions = new HashSet<>(partitions);
        return this;
    }

    /**
     * Each reader emits at most this many rows and then ends (the SQL connector's limit pushdown;
     * the planner still applies the query's limit over all readers).
     */
    @Internal
    public LaminarParquetSourceBuilder<T> limitPerReader(long limit) {
        checkArgument(limit >= 0, "limit must not be negative: %s", limit);
        this.limit = limit;
        return this;
    }

    /**
     * Reads only the rows for which the filter is TRUE (SQL semantics: comparisons with NULL are
     * not TRUE). Files are skipped by their partition values, row groups by statistics,
     * dictionaries and bloom filters, pages by the page index, and the remaining rows are checked
     * one by one, so exactly the matching rows are emitted. The filter may use columns that are not
     * projected. Checked at {@link #build()}: every column must exist and every value fit its
     * column's type.
     */
    public LaminarParquetSourceBuilder<T> filter(ParquetFilter filter) {
        this.filter = checkNotNull(filter, "filter must not be null");
        return this;
    }

    /**
     * Emits a metadata column (where the row comes from) after the data columns, named by its key
     * (e.g. {@code file.name}); several are emitted in the order they are added. See {@link
     * MetadataColumn}.
     */
    public LaminarParquetSourceBuilder<T> metadataColumn(MetadataColumn column) {
        return metadataColumn(checkNotNull(column, "column must not be null").key(), column);
    }

    /** Emits a metadata column, named {@code name}, after the data columns. */
    public LaminarParquetSourceBuilder<T> metadataColumn(String name, MetadataColumn column) {
        metadataNames.add(checkNotNull(name, "name must not be null"));
        metadataColumns.add(checkNotNull(column, "column must not be null"));
        return this;
    }

    /**
     * Declares the type of a Hive partition column (a {@code name=value} directory key) instead of
     * inferring it. Supported: STRING, BOOLEAN, TINYINT to BIGINT, FLOAT, DOUBLE, DECIMAL, DATE,
     * TIMESTAMP.
     */
    public LaminarParquetSourceBuilder<T> partitionColumn(String name, LogicalType type) {
        checkNotNull(name, "name must not be null");
        HivePartitions.checkSupported(name, checkNotNull(type, "type must not be null"));
        partitionTypes.put(name, type);
        return this;
    }

    /**
     * Whether to infer the types of undeclared partition columns from all their values (default
     * true); when false they are STRING.
     */
    public LaminarParquetSourceBuilder<T> inferPartitionTypes(boolean infer) {
        this.inferPartitionTypes = infer;
        return this;
    }

    /** The directory value that stands for NULL (default {@code __HIVE_DEFAULT_PARTITION__}). */
    public LaminarParquetSourceBuilder<T> defaultPartitionName(String name) {
        this.defaultPartitionName = checkNotNull(name);
        return this;
    }

    /** What to do when a partition key is also a column of the files (default: fail). */
    public LaminarParquetSourceBuilder<T> partitionConflict(PartitionConflict conflict) {
        this.partitionConflict = checkNotNull(conflict);
        return this;
    }

    /**
     * Checks the settings, resolves the schema (see {@link ReadSchemaResolver}) and builds the
     * source. Runs on the client.
     */
    public LaminarParquetSource<T> build() {
        ParquetSourceConfig config = this.config.build();
        PartitionDeclarations partitions =
                new PartitionDeclarations(
                        partitionTypes,
                        inferPartitionTypes,
                        defaultPartitionName,
                        partitionConflict);
        ReadSchemaResolver resolver =
                new ReadSchemaResolver(
                        config.path(),
                        config.hivePartitioning(),
                        rowType,
                        partitions,
                        config.storage());
        if (filter != null) {
            filter.validate(resolver.columns());
        }
        ReadColumns read =
                resolver.select(
                        config.columns(),
                        filter == null ? List.of() : filter.referencedColumns(),
                        config.eventTimeColumn());
        ReadSchema readSchema =
                ReadSchema.of(
                                read.producedType(),
                                read.filterOnlyFields(),
                                read.partitionNames(),
                                defaultPartitionName)
                        .withMetadata(metadataNames, metadataColumns);
        PartitionPruner pruner =
                new PartitionPruner(
                        read.partitionType(),
                        defaultPartitionName,
                        filter,
                        selectedPartitionKeys,
                        selectedPartitions);
        if (converter instanceof ArrowOutput) {
            ((ArrowOutput) converter)
                    .check(readSchema.producedType(), config.eventTimeColumn(), limit);
        }
        return new LaminarParquetSource<>(
                config, new ReadPlan(readSchema, filter, pruner), converter, limit);
    }
}
