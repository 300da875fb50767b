package io.laminardb.flink.parquet.partition;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;

import javax.annotation.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * What a source is told about its Hive partition columns, checked: the declared types (each one a
 * partition column may have), whether the types of the others are inferred from their values, the
 * directory value that stands for NULL, and what to do when a key is also a file column. The
 * DataStream builder and the SQL factory ({@code PARTITIONED BY}) declare partitions through this
 * class, so each rule fails with one message. Immutable.
 */
@Internal
public final class PartitionDeclarations {

    private final Map<String, LogicalType> types;
    private final boolean inferTypes;
    private final String defaultPartitionName;
    private final PartitionConflict conflict;

    public PartitionDeclarations(
            Map<String, LogicalType> types,
            boolean inferTypes,
            String defaultPartitionName,
            PartitionConflict conflict) {
        checkNotNull(types, "The declared partition types must not be null");
        types.forEach(HivePartitions::checkSupported);
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.inferTypes = inferTypes;
        this.defaultPartitionName =
                checkNotNull(defaultPartitionName, "defaultPartitionName must not be null");
        this.conflict = checkNotNull(conflict, "partitionConflict must not be null");
    }

    /** Only declared types, the other defaults (types inferred, Hive's default name, fail). */
    public static PartitionDeclarations of(Map<String, LogicalType> types) {
        return new PartitionDeclarations(
                types, true, HivePartitions.DEFAULT_PARTITION_NAME, PartitionConflict.FAIL);
    }

    /**
     * Fails when partition columns are declared but directories are not read as partitions.
     *
     * @throws IllegalArgumentException naming the declared columns and the option to set
     */
    public void checkPartitioning(boolean hivePartitioning) {
        checkArgument(
                hivePartitioning || types.isEmpty(),
                "Partition columns %s are declared, but 'hive.partitioning' is false; set it to"
                        + " true (the default)",
                types.keySet());
    }

    /** The declared types, by column, in the order declared. */
    public Map<String, LogicalType> types() {
        return types;
    }

    /** The declared type of a partition column, or null when it is not declared. */
    @Nullable
    public LogicalType typeOf(String column) {
        return types.get(column);
    }

    /** Whether the types of undeclared partition columns are inferred (else STRING). */
    public boolean inferTypes() {
        return inferTypes;
    }

    /** The directory value that stands for NULL. */
    public String defaultPartitionName() {
        return defaultPartitionName;
    }

    /** What to do when a partition key is also a column of the files. */
    public PartitionConflict conflict() {
        return conflict;
    }
}
