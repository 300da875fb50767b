package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.DeclaredColumns;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.List;

/**
 * Narrows a file's struct column to the fields the Flink {@code ROW} type asks for, so the leaf
 * columns of other fields are neither fetched nor decoded (nested projection). Lists and maps are
 * kept whole.
 */
@Internal
final class ColumnPruning {

    private ColumnPruning() {}

    /** The part of {@code column} that reading it as {@code type} needs. */
    static Type prune(Type column, LogicalType type) {
        if (column.isPrimitive()
                || !(type instanceof RowType)
                || column.isRepetition(Type.Repetition.REPEATED)
                || isListOrMap(column)) {
            return column;
        }
        GroupType group = column.asGroupType();
        RowType rowType = (RowType) type;
        List<Type> kept = new ArrayList<>();
        for (Type child : group.getFields()) {
            int field = DeclaredColumns.fieldIndex(rowType, child.getName());
            if (field >= 0) {
                kept.add(prune(child, rowType.getTypeAt(field)));
            }
        }
        if (kept.isEmpty()) {
            // Every asked field is missing (they read as NULL); one child still tells whether the
            // struct itself is NULL.
            kept.add(group.getType(0));
        }
        return kept.size() == group.getFieldCount() ? column : group.withNewFields(kept);
    }

    private static boolean isListOrMap(Type column) {
        LogicalTypeAnnotation annotation = column.getLogicalTypeAnnotation();
        return annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
    }
}
