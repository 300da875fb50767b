package io.laminardb.flink.parquet.plan;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

import javax.annotation.Nullable;

/**
 * Values about where a row comes from, which a source can emit after its data columns ({@code
 * LaminarParquetSourceBuilder#metadataColumn}; in SQL {@code METADATA VIRTUAL} columns with these
 * keys). None is ever NULL. The file's values are constants of a split and cost nothing per row;
 * {@link #ROW_INDEX} is computed per batch.
 */
@PublicEvolving
public enum MetadataColumn {
    /** The file's full path (URI), {@code STRING NOT NULL}. */
    FILE_PATH("file.path", new VarCharType(false, VarCharType.MAX_LENGTH)),
    /** The file's name, the last segment of its path, {@code STRING NOT NULL}. */
    FILE_NAME("file.name", new VarCharType(false, VarCharType.MAX_LENGTH)),
    /** The file's size in bytes, {@code BIGINT NOT NULL}. */
    FILE_SIZE("file.size", new BigIntType(false)),
    /** The file's modification time when it was listed, {@code TIMESTAMP_LTZ(3) NOT NULL}. */
    FILE_MODIFICATION_TIME("file.modification-time", new LocalZonedTimestampType(false, 3)),
    /** The index of the row's row group in the file (from 0), {@code INT NOT NULL}. */
    ROW_GROUP("row_group", new IntType(false)),
    /**
     * The row's position in its file (from 0), counting every row of the file, whether or not a
     * filter or pruning skips it, {@code BIGINT NOT NULL}.
     */
    ROW_INDEX("row_index", new BigIntType(false));

    private final String key;
    private final LogicalType type;

    MetadataColumn(String key, LogicalType type) {
        this.key = key;
        this.type = type;
    }

    /** The name of the value, also the SQL metadata key, e.g. {@code file.name}. */
    public String key() {
        return key;
    }

    /** The Flink type of the value. */
    public LogicalType type() {
        return type;
    }

    /** The column of a key, or null. */
    @Nullable
    public static MetadataColumn ofKey(String key) {
        for (MetadataColumn column : values()) {
            if (column.key.equals(key)) {
                return column;
            }
        }
        return null;
    }
}
