package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionConflict;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.reader.MetadataColumn;
import io.laminardb.flink.parquet.reader.ReadSchema;
import io.laminardb.flink.parquet.reader.RecordConverter;
import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * Builds a {@link LaminarParquetSource}. Defaults are set here; {@link #build()} checks every
 * setting and reads the schema of the first file (in name order) unless one is given with {@link
 * #rowType(RowType)}.
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

    private final RecordConverter<T> converter;

    private String path;
    private SourceMode mode = ParquetSourceOptions.MODE.defaultValue();
    private Duration pollInterval = ParquetSourceOptions.POLL_INTERVAL.defaultValue();
    @Nullable private List<String> columns;
    private int batchSize = ParquetSourceOptions.BATCH_SIZE.defaultValue();
    private boolean hivePartitioning = ParquetSourceOptions.HIVE_PARTITIONING.defaultValue();
    @Nullable private Integer parallelism;
    @Nullable private String eventTimeColumn;
    private FileOrder fileOrder = ParquetSourceOptions.FILE_ORDER.defaultValue();
    private final Map<String, String> storageOptions = new LinkedHashMap<>();
    private long targetSplitBytes = ParquetSourceConfig.DEFAULT_TARGET_SPLIT_BYTES;
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
        this.path = checkNotNull(path, "path must not be null");
        return this;
    }

    /** The columns to read, in this order. Default: every column of the schema. */
    public LaminarParquetSourceBuilder<T> columns(String... columns) {
        return columns(Arrays.asList(columns));
    }

    /** The columns to read, in this order. Default: every column of the schema. */
    public LaminarParquetSourceBuilder<T> columns(List<String> columns) {
        this.columns = new ArrayList<>(checkNotNull(columns, "columns must not be null"));
        return this;
    }

    /** Maximum rows per decoded batch (default 8192). */
    public LaminarParquetSourceBuilder<T> batchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    /** The order files are read in (default {@link FileOrder#NAME}). */
    public LaminarParquetSourceBuilder<T> fileOrder(FileOrder fileOrder) {
        this.fileOrder = checkNotNull(fileOrder, "fileOrder must not be null");
        return this;
    }

    /** Bounded (default) or continuous. */
    public LaminarParquetSourceBuilder<T> mode(SourceMode mode) {
        this.mode = checkNotNull(mode, "mode must not be null");
        return this;
    }

    /** How often continuous mode looks for new files (default 10 s). */
    public LaminarParquetSourceBuilder<T> pollInterval(Duration pollInterval) {
        this.pollInterval = checkNotNull(pollInterval, "pollInterval must not be null");
        return this;
    }

    /** Whether {@code key=value} directories are Hive partitions (default true). */
    public LaminarParquetSourceBuilder<T> hivePartitioning(boolean hivePartitioning) {
        this.hivePartitioning = hivePartitioning;
        return this;
    }

    /** The number of parallel readers the source asks for (the SQL connector applies it). */
    public LaminarParquetSourceBuilder<T> parallelism(int parallelism) {
        this.parallelism = parallelism;
        return this;
    }

    /** The column holding each record's event time. */
    public LaminarParquetSourceBuilder<T> eventTimeColumn(String column) {
        this.eventTimeColumn = checkNotNull(column, "eventTimeColumn must not be null");
        return this;
    }

    /** A storage setting or credential (key without the {@code storage.} prefix). */
    public LaminarParquetSourceBuilder<T> storageOption(String key, String value) {
        storageOptions.put(checkNotNull(key), checkNotNull(value));
        return this;
    }

    /** Consecutive row groups smaller than this together are read as one split (default 32 MB). */
    public LaminarParquetSourceBuilder<T> targetSplitSize(MemorySize size) {
        this.targetSplitBytes = checkNotNull(size).getBytes();
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
        checkArgument(
                HivePartitions.isSupported(checkNotNull(type)),
                "Partition column '%s' cannot be of type %s",
                name,
                type.asSummaryString());
        partitionTypes.put(checkNotNull(name), type);
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
     * Sets everything from string options with the SQL connector's keys (see {@link
     * ParquetSourceOptions}); fails on an unknown key or a bad value, naming it.
     */
    public LaminarParquetSourceBuilder<T> options(Map<String, String> options) {
        ParquetSourceConfig config = ParquetSourceConfig.fromOptions(options);
        this.path = config.path();
        this.mode = config.mode();
        this.pollInterval = config.pollInterval();
        this.columns = config.columns();
        this.batchSize = config.batchSize();
        this.hivePartitioning = config.hivePartitioning();
        this.parallelism = config.parallelism();
        this.eventTimeColumn = config.eventTimeColumn();
        this.fileOrder = config.fileOrder();
        this.storageOptions.putAll(config.storageOptions());
        return this;
    }

    /** Checks the settings, resolves the schema and builds the source. */
    public LaminarParquetSource<T> build() {
        ParquetSourceConfig config =
                new ParquetSourceConfig(
                        path,
                        mode,
                        pollInterval,
                        columns,
                        batchSize,
                        hivePartitioning,
                        parallelism,
                        eventTimeColumn,
                        fileOrder,
                        storageOptions,
                        targetSplitBytes);
        if (config.mode() == SourceMode.CONTINUOUS) {
            throw new UnsupportedOperationException(
                    "mode 'continuous' is not supported yet; use mode 'bounded'");
        }
        FileDiscovery discovery = new FileDiscovery(config.path(), config.hivePartitioning());
        // With Hive partitioning the keys come from the directories, and an inferred type from
        // every value: list once and take the schema's file from that listing. With a declared
        // schema and every key's type known, the first file's directories are enough; a file
        // without a key fails when read, naming it. Without partitioning, stop at the first file.
        List<DiscoveredFile> files =
                config.hivePartitioning() ? partitionedFiles(config, discovery) : null;
        RowType fileSchema =
                rowType != null ? rowType : schemaOfFirstFile(config, discovery, files);
        List<RowType.RowField> partitionFields = new ArrayList<>();
        RowType dataSchema = withPartitions(config, discovery, files, fileSchema, partitionFields);
        if (filter != null) {
            filter.validate(dataSchema);
        }
        RowType projected = project(dataSchema, config.columns());
        checkEventTimeColumn(projected, config.eventTimeColumn());
        List<String> partitionNames = new ArrayList<>();
        partitionFields.forEach(f -> partitionNames.add(f.getName()));
        List<RowType.RowField> filterOnly = new ArrayList<>();
        if (filter != null) {
            for (String column : filter.referencedColumns()) {
                if (!projected.getFieldNames().contains(column)) {
                    filterOnly.add(dataSchema.getFields().get(dataSchema.getFieldIndex(column)));
                }
            }
        }
        ReadSchema readSchema =
                ReadSchema.of(projected, filterOnly, partitionNames, defaultPartitionName)
                        .withMetadata(metadataNames, metadataColumns);
        if (rowType != null) {
            checkFirstFile(discovery, files, readSchema.fileColumns());
        }
        PartitionPruner pruner =
                new PartitionPruner(
                        new RowType(partitionFields),
                        defaultPartitionName,
                        filter,
                        selectedPartitionKeys,
                        selectedPartitions);
        return new LaminarParquetSource<>(config, readSchema, filter, pruner, converter, limit);
    }

    /**
     * The file schema with the Hive partition columns appended (their types declared or inferred
     * from every partition directory), and those columns in {@code partitionFields}.
     */
    private RowType withPartitions(
            ParquetSourceConfig config,
            FileDiscovery discovery,
            @Nullable List<DiscoveredFile> files,
            RowType fileSchema,
            List<RowType.RowField> partitionFields) {
        if (!config.hivePartitioning()) {
            checkArgument(
                    partitionTypes.isEmpty(),
                    "Partition columns %s are declared, but hive.partitioning is off",
                    partitionTypes.keySet());
            return fileSchema;
        }
        List<String> keys = HivePartitions.commonKeys(files);
        for (String declared : partitionTypes.keySet()) {
            checkArgument(
                    keys.contains(declared),
                    "Partition column '%s' is declared, but the directories below %s have the"
                            + " keys %s",
                    declared,
                    discovery.root(),
                    keys);
        }
        List<RowType.RowField> dataFields = new ArrayList<>(fileSchema.getFields());
        for (String key : keys) {
            int inFile = indexOfIgnoreCase(fileSchema, key);
            LogicalType type = partitionTypes.get(key);
            if (inFile >= 0) {
                if (rowType != null) {
                    // The given schema names the partition column: it declares the type, unless
                    // partitionColumn(...) did.
                    if (type == null) {
                        type = fileSchema.getTypeAt(inFile);
                    }
                    dataFields.remove(fileSchema.getFields().get(inFile));
                } else if (partitionConflict == PartitionConflict.FILE_WINS) {
                    continue;
                } else {
                    throw new IllegalArgumentException(
                            "Partition column '"
                                    + key
                                    + "' (from the directories below "
                                    + discovery.root()
                                    + ") is also a column of the files. Rename one, turn"
                                    + " hive.partitioning off, or let the file's column win with"
                                    + " partitionConflict(PartitionConflict.FILE_WINS)");
                }
            }
            if (type == null) {
                if (inferPartitionTypes) {
                    List<String> values = new ArrayList<>();
                    for (DiscoveredFile file : files) {
                        values.add(
                                HivePartitions.value(
                                        file.partitionValues().get(key), defaultPartitionName));
                    }
                    type = HivePartitions.infer(values);
                } else {
                    type = VarCharType.STRING_TYPE;
                }
            }
            RowType.RowField field = new RowType.RowField(key, type.copy(true));
            partitionFields.add(field);
            dataFields.add(field);
        }
        return new RowType(fileSchema.isNullable(), dataFields);
    }

    private static int indexOfIgnoreCase(RowType type, String name) {
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (type.getFieldNames().get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * With a declared schema, checks the columns read against the first file's footer, so that a
     * type that cannot be read (or a NOT NULL column it lacks) fails now, naming the file, the
     * column and both types, not when a reader opens the file. Every file is checked again then. A
     * footer that cannot be read is left for the readers to report.
     */
    private static void checkFirstFile(
            FileDiscovery discovery, @Nullable List<DiscoveredFile> files, RowType columns) {
        if (columns.getFieldCount() == 0) {
            return;
        }
        ParquetMetadata footer;
        DiscoveredFile first = null;
        try {
            if (files != null) {
                first = files.stream().filter(f -> f.size() > 0).findFirst().orElse(null);
            } else {
                first = discovery.findFirstNonEmpty();
            }
            if (first == null) {
                return;
            }
            footer = ParquetFooters.read(first);
        } catch (IOException | RuntimeException e) {
            return;
        }
        MessageType schema = footer.getFileMetaData().getSchema();
        for (RowType.RowField field : columns.getFields()) {
            DeclaredColumns.resolve(first.path(), schema, field.getName(), field.getType());
        }
    }

    /** The files whose directories tell the partition keys and, when inferred, their types. */
    private List<DiscoveredFile> partitionedFiles(
            ParquetSourceConfig config, FileDiscovery discovery) {
        if (rowType != null) {
            DiscoveredFile first;
            try {
                first = discovery.findFirstNonEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot list the source path " + config.path() + ": " + e.getMessage(), e);
            }
            if (first == null) {
                return List.of();
            }
            boolean typesKnown = true;
            for (String key : first.partitionValues().keySet()) {
                typesKnown &=
                        !inferPartitionTypes
                                || partitionTypes.containsKey(key)
                                || indexOfIgnoreCase(rowType, key) >= 0;
            }
            if (typesKnown) {
                return List.of(first);
            }
        }
        return listAll(config, discovery);
    }

    private static List<DiscoveredFile> listAll(
            ParquetSourceConfig config, FileDiscovery discovery) {
        try {
            return discovery.discover(FileOrder.NAME);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot list the source path " + config.path() + ": " + e.getMessage(), e);
        }
    }

    private static RowType schemaOfFirstFile(
            ParquetSourceConfig config,
            FileDiscovery discovery,
            @Nullable List<DiscoveredFile> listed) {
        DiscoveredFile first = null;
        try {
            if (listed == null) {
                first = discovery.findFirstNonEmpty();
            } else {
                for (DiscoveredFile file : listed) {
                    if (file.size() > 0) {
                        first = file;
                        break;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot list the source path " + config.path() + ": " + e.getMessage(), e);
        }
        if (first == null) {
            throw new IllegalArgumentException(
                    "No Parquet file found at "
                            + config.path()
                            + " to take the schema from; give the schema with rowType(...)");
        }
        try {
            return ParquetSchemaConverter.toRowType(
                    ParquetFooters.read(first).getFileMetaData().getSchema());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read the schema of Parquet file " + first.path() + ": " + e, e);
        }
    }

    private static RowType project(RowType schema, @Nullable List<String> columns) {
        if (columns == null) {
            return schema;
        }
        List<RowType.RowField> fields = new ArrayList<>();
        for (String column : columns) {
            int index = schema.getFieldNames().indexOf(column);
            if (index < 0) {
                for (int i = 0; i < schema.getFieldCount(); i++) {
                    if (schema.getFieldNames().get(i).equalsIgnoreCase(column)) {
                        index = i;
                        break;
                    }
                }
            }
            checkArgument(
                    index >= 0,
                    "Unknown column '%s' in columns; the schema's columns are: %s",
                    column,
                    schema.getFieldNames());
            fields.add(schema.getFields().get(index));
        }
        return new RowType(schema.isNullable(), fields);
    }

    private static void checkEventTimeColumn(RowType rowType, @Nullable String column) {
        if (column == null) {
            return;
        }
        int index = rowType.getFieldNames().indexOf(column);
        checkArgument(
                index >= 0,
                "Unknown event.time.column '%s'; the columns read are: %s",
                column,
                rowType.getFieldNames());
        LogicalType type = rowType.getTypeAt(index);
        LogicalTypeRoot root = type.getTypeRoot();
        checkArgument(
                root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                        || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                        || root == LogicalTypeRoot.BIGINT,
                "event.time.column '%s' is %s; it must be TIMESTAMP, TIMESTAMP_LTZ or BIGINT",
                column,
                type.asSummaryString());
    }
}
