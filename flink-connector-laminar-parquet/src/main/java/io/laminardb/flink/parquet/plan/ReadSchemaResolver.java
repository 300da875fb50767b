package io.laminardb.flink.parquet.plan;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.partition.PartitionConflict;
import io.laminardb.flink.parquet.partition.PartitionDeclarations;
import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.EventTimeColumn;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Resolves what a source reads, when it is built (on the client): the schema of the files (the
 * declared one, else the first non-empty file's), the Hive partition columns (keys from the
 * directories, types declared, named by the declared schema, or inferred from every value), the
 * projection, the columns only a filter needs, and, with a declared schema, whether the first
 * file's columns can be read as declared. Lists the path at most once, and only as far as needed:
 * without partitions, or with a declared schema that types every key, the first file is enough.
 *
 * <p>Two steps, so that a filter can be checked against the columns in between:
 *
 * <pre>{@code
 * ReadSchemaResolver resolver = new ReadSchemaResolver(path, true, declared, partitions);
 * filter.validate(resolver.columns());
 * ReadColumns read = resolver.select(columns, filter.referencedColumns(), eventTimeColumn);
 * }</pre>
 */
@Internal
public final class ReadSchemaResolver {

    private final String path;
    private final FileDiscovery discovery;
    private final boolean hivePartitioning;
    @Nullable private final RowType declared;
    private final PartitionDeclarations partitions;

    /** With Hive partitioning: the files whose directories tell the keys (and inferred types). */
    @Nullable private List<DiscoveredFile> files;

    /** The file columns and partition columns, once resolved. */
    @Nullable private RowType columns;

    private final List<RowType.RowField> partitionFields = new ArrayList<>();

    /**
     * @param path the source's path (a file, a directory or a glob)
     * @param hivePartitioning whether {@code key=value} directories are partitions
     * @param declared the schema of the files as declared, or null to take the first file's
     * @param partitions what is declared about the partition columns
     * @throws IllegalArgumentException when partitions are declared but hive partitioning is off
     */
    public ReadSchemaResolver(
            String path,
            boolean hivePartitioning,
            @Nullable RowType declared,
            PartitionDeclarations partitions) {
        this(path, hivePartitioning, declared, partitions, StorageSettings.CLUSTER);
    }

    /** As above, listing and reading through the file system of the source's storage settings. */
    public ReadSchemaResolver(
            String path,
            boolean hivePartitioning,
            @Nullable RowType declared,
            PartitionDeclarations partitions,
            StorageSettings storage) {
        this.path = checkNotNull(path, "path must not be null");
        this.hivePartitioning = hivePartitioning;
        this.declared = declared;
        this.partitions = checkNotNull(partitions, "partitions must not be null");
        partitions.checkPartitioning(hivePartitioning);
        this.discovery = new FileDiscovery(path, hivePartitioning, storage);
    }

    /**
     * Every column a source may read: the file columns, then the Hive partition columns (a
     * partition key that the declared schema names is moved to the partition columns; one that the
     * files have fails, unless the file's column wins). Lists the path the first time.
     */
    public RowType columns() {
        if (columns == null) {
            columns = resolveColumns();
        }
        return columns;
    }

    /**
     * The columns read, for the projection {@code projection} (null for all; names matched exactly,
     * else ignoring case), the columns only {@code filterColumns} need (which must be among {@link
     * #columns()}: validate the filter first) and the event-time column. With a declared schema,
     * checks the file columns read against the first file's footer.
     *
     * @throws IllegalArgumentException for an unknown column or a bad event-time column
     * @throws UnsupportedSchemaException when the first file's columns cannot be read as declared
     */
    public ReadColumns select(
            @Nullable List<String> projection,
            Collection<String> filterColumns,
            @Nullable String eventTimeColumn) {
        RowType all = columns();
        RowType produced = project(all, projection);
        EventTimeColumn.check(produced, eventTimeColumn);
        List<RowType.RowField> filterOnly = new ArrayList<>();
        for (String column : filterColumns) {
            if (!produced.getFieldNames().contains(column)) {
                int index = all.getFieldIndex(column);
                checkArgument(
                        index >= 0,
                        "Unknown column '%s' in the filter; the columns are: %s",
                        column,
                        all.getFieldNames());
                filterOnly.add(all.getFields().get(index));
            }
        }
        ReadColumns read = new ReadColumns(produced, filterOnly, partitionFields);
        if (declared != null) {
            checkFirstFile(read.fileColumns());
        }
        return read;
    }

    private RowType resolveColumns() {
        // With Hive partitioning the keys come from the directories, and an inferred type from
        // every value: list once and take the schema's file from that listing. With a declared
        // schema and every key's type known, the first file's directories are enough; a file
        // without a key fails when read, naming it. Without partitioning, stop at the first file.
        if (hivePartitioning) {
            files = partitionedFiles();
        }
        RowType fileSchema = declared != null ? declared : schemaOfFirstFile();
        if (!hivePartitioning) {
            return fileSchema;
        }
        // No file yet (a continuous read may start on an empty directory): the declared
        // partition columns are the keys.
        List<String> keys =
                files.isEmpty()
                        ? new ArrayList<>(partitions.types().keySet())
                        : HivePartitions.commonKeys(files);
        for (String key : partitions.types().keySet()) {
            checkArgument(
                    keys.contains(key),
                    "Partition column '%s' is declared, but the directories below %s have the"
                            + " keys %s",
                    key,
                    discovery.root(),
                    keys);
        }
        List<RowType.RowField> fields = new ArrayList<>(fileSchema.getFields());
        for (String key : keys) {
            int inFile = indexOfIgnoreCase(fileSchema, key);
            LogicalType type = partitions.typeOf(key);
            if (inFile >= 0) {
                if (declared != null) {
                    // The declared schema names the partition column: it declares the type,
                    // unless the partition declarations do.
                    if (type == null) {
                        type = fileSchema.getTypeAt(inFile);
                    }
                    fields.remove(fileSchema.getFields().get(inFile));
                } else if (partitions.conflict() == PartitionConflict.FILE_WINS) {
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
                type = partitions.inferTypes() ? inferType(key) : VarCharType.STRING_TYPE;
            }
            RowType.RowField field = new RowType.RowField(key, type.copy(true));
            partitionFields.add(field);
            fields.add(field);
        }
        return new RowType(fileSchema.isNullable(), fields);
    }

    /** The narrowest type of every value of a partition key. */
    private LogicalType inferType(String key) {
        List<String> values = new ArrayList<>();
        for (DiscoveredFile file : files) {
            values.add(
                    HivePartitions.value(
                            file.partitionValues().get(key), partitions.defaultPartitionName()));
        }
        return HivePartitions.infer(values);
    }

    /** The files whose directories tell the partition keys and, when inferred, their types. */
    private List<DiscoveredFile> partitionedFiles() {
        if (declared != null) {
            DiscoveredFile first = firstFile();
            if (first == null) {
                return List.of();
            }
            boolean typesKnown = true;
            for (String key : first.partitionValues().keySet()) {
                typesKnown &=
                        !partitions.inferTypes()
                                || partitions.typeOf(key) != null
                                || indexOfIgnoreCase(declared, key) >= 0;
            }
            if (typesKnown) {
                return List.of(first);
            }
        }
        try {
            return discovery.discover(FileOrder.NAME);
        } catch (IOException e) {
            throw cannotList(e);
        }
    }

    /**
     * The first non-empty file in name order, or null: from the listing when there is one, else
     * found by walking the path until it turns up.
     *
     * @throws UncheckedIOException when the path cannot be listed
     */
    @Nullable
    private DiscoveredFile firstFile() {
        if (files != null) {
            return files.stream().filter(f -> f.size() > 0).findFirst().orElse(null);
        }
        try {
            return discovery.findFirstNonEmpty();
        } catch (IOException e) {
            throw cannotList(e);
        }
    }

    private UncheckedIOException cannotList(IOException e) {
        return new UncheckedIOException(
                "Cannot list the source path " + path + ": " + e.getMessage(), e);
    }

    private RowType schemaOfFirstFile() {
        DiscoveredFile first = firstFile();
        if (first == null) {
            throw new IllegalArgumentException(
                    "No Parquet file found at "
                            + path
                            + " to take the schema from; give the schema with rowType(...)");
        }
        try {
            return ParquetSchemaConverter.toRowType(
                    ParquetFooters.read(first, discovery.storage()).getFileMetaData().getSchema());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read the schema of Parquet file " + first.path() + ": " + e, e);
        }
    }

    /**
     * Checks the columns read against the first file's footer, so that a type that cannot be read
     * (or a NOT NULL column it lacks) fails now, naming the file, the column and both types, not
     * when a reader opens the file. Every file is checked again then. A footer that cannot be read
     * is left for the readers to report.
     */
    private void checkFirstFile(RowType fileColumns) {
        if (fileColumns.getFieldCount() == 0) {
            return;
        }
        DiscoveredFile first;
        ParquetMetadata footer;
        try {
            first = firstFile();
            if (first == null) {
                return;
            }
            footer = ParquetFooters.read(first, discovery.storage());
        } catch (IOException | RuntimeException e) {
            return;
        }
        MessageType schema = footer.getFileMetaData().getSchema();
        for (RowType.RowField field : fileColumns.getFields()) {
            DeclaredColumns.resolve(first.path(), schema, field.getName(), field.getType());
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
                index = indexOfIgnoreCase(schema, column);
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

    /** The index of the first field named so ignoring case, or -1. */
    private static int indexOfIgnoreCase(RowType type, String name) {
        for (int i = 0; i < type.getFieldCount(); i++) {
            if (type.getFieldNames().get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
