package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.util.Arrays;

/**
 * Chooses a reader that assembles a top-level nested column straight from its leaf columns' levels
 * for the shapes most data sets hold: an ARRAY of a primitive element ({@link ListFieldReader}), a
 * MAP of a primitive key and value ({@link MapFieldReader}), a ROW of primitive, non-repeated
 * fields ({@link StructFieldReader}), an ARRAY of such ROWs ({@link RowListFieldReader}). Each leaf
 * is read a page at a time ({@link PagedLeafCursor}, the rows the page index kept where it skipped
 * some) where its encodings allow, else through parquet-java's {@link ColumnReader}. Other shapes
 * (nesting within nesting: rows of rows or arrays, arrays of arrays or maps, maps of rows; rows the
 * file has fewer fields of) take the general tree of {@link TreeFieldReader}, and what that
 * declines takes {@link NestedFieldReader}. Fetcher thread.
 */
@Internal
final class NestedColumnReaders {

    /** A field of a group read as a ROW: its Flink field and type. */
    record Field(int index, LogicalType type) {}

    /**
     * Opens the leaf columns of one top-level column of a row group.
     *
     * @param schema the top-level column alone, as a message
     */
    record Leaves(PageReadStore pages, BlockMetaData block, MessageType schema, String createdBy) {

        /**
         * A cursor over one leaf column whose values go, converted to {@code type}, to {@code
         * target}: a page at a time ({@link PagedLeafCursor}) where its encodings allow, else
         * through parquet-java's {@link ColumnReader}.
         */
        LeafCursor open(ColumnDescriptor leaf, LogicalType type, ValueTarget target) {
            PrimitiveConverter converter =
                    LeafConverters.create(
                            ParquetSchemaConverter.repeatedAsRequired(leaf.getPrimitiveType())
                                    .asPrimitiveType(),
                            type,
                            target);
            if (PagedLeafCursor.canRead(chunkOf(leaf))) {
                return new PagedLeafCursor(pages, leaf, converter, target);
            }
            return new ColumnReaderCursor(columnReader(leaf, converter));
        }

        private ColumnChunkMetaData chunkOf(ColumnDescriptor leaf) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                if (Arrays.equals(chunk.getPath().toArray(), leaf.getPath())) {
                    return chunk;
                }
            }
            throw new IllegalStateException(
                    "Row group has no column chunk for " + String.join(".", leaf.getPath()));
        }

        private ColumnReader columnReader(ColumnDescriptor leaf, PrimitiveConverter converter) {
            // parquet-java finds the leaf's converter by walking the path from the root, one group
            // converter per level: every level here leads to the one leaf.
            Converter node = converter;
            for (int level = leaf.getPath().length - 1; level >= 0; level--) {
                Converter child = node;
                node =
                        new GroupConverter() {
                            @Override
                            public Converter getConverter(int fieldIndex) {
                                return child;
                            }

                            @Override
                            public void start() {}

                            @Override
                            public void end() {}
                        };
            }
            return new ColumnReadStoreImpl(pages, (GroupConverter) node, schema, createdBy)
                    .getColumnReader(leaf);
        }
    }

    private NestedColumnReaders() {}

    /**
     * The reader of a nested column that assembles it from its leaves' levels, or null where
     * parquet-java's record assembly is needed ({@link TreeFieldReader#create}).
     *
     * @param column the file's top-level column, pruned to the fields read
     * @param type the Flink type it is read as
     */
    @Nullable
    static ColumnDecoder create(
            PageReadStore pages,
            BlockMetaData block,
            Type column,
            LogicalType type,
            String createdBy,
            ColumnSink sink) {
        Leaves leaves = new Leaves(pages, block, new MessageType("root", column), createdBy);
        ColumnDecoder reader = ofCommonShape(leaves, column, type, sink);
        return reader != null ? reader : TreeFieldReader.create(leaves, type, sink);
    }

    /** The reader of its own for a column of a shape above, or null for other shapes. */
    @Nullable
    private static ColumnDecoder ofCommonShape(
            Leaves leaves, Type column, LogicalType type, ColumnSink sink) {
        MessageType schema = leaves.schema();
        String name = column.getName();
        if (column.isPrimitive()) {
            if (!column.isRepetition(Type.Repetition.REPEATED)) {
                return null;
            }
            // a repeated primitive field: an array that is never NULL
            ArrayType array = DeclaredColumns.expect(column, type, ArrayType.class);
            return list(leaves, array, 1, sink);
        }
        if (column.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        GroupType group = column.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Type repeated = ParquetSchemaConverter.listRepeatedType(group);
            Type element =
                    ParquetSchemaConverter.isRepeatedElement(group, repeated)
                            ? repeated
                            : repeated.asGroupType().getType(0);
            if (element != repeated && element.isRepetition(Type.Repetition.REPEATED)) {
                return null;
            }
            ArrayType array = DeclaredColumns.expect(column, type, ArrayType.class);
            int entryLevel = schema.getMaxDefinitionLevel(name, repeated.getName());
            if (element.isPrimitive()) {
                return list(leaves, array, entryLevel, sink);
            }
            // an array of rows of primitive fields
            GroupType elementGroup = element.asGroupType();
            if (elementGroup.getLogicalTypeAnnotation() != null
                    || !(array.getElementType() instanceof RowType)) {
                return null;
            }
            RowType elementRow = (RowType) array.getElementType();
            Field[] fields = rowFields(elementGroup, elementRow);
            if (fields == null) {
                return null;
            }
            int elementLevel =
                    element == repeated
                            ? entryLevel
                            : schema.getMaxDefinitionLevel(
                                    name, repeated.getName(), element.getName());
            return new RowListFieldReader(
                    new RowFields(leaves, fields, elementRow.getFieldCount()),
                    new ElementBuffer(elementRow, name),
                    entryLevel,
                    elementLevel,
                    sink);
        }
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            GroupType entry = ParquetSchemaConverter.mapEntryType(group);
            for (Type part : entry.getFields()) {
                if (!part.isPrimitive() || part.isRepetition(Type.Repetition.REPEATED)) {
                    return null;
                }
            }
            int entryLevel = schema.getMaxDefinitionLevel(name, entry.getName());
            if (entry.getFieldCount() == 1) {
                // a map of keys only: an array of its keys
                ArrayType array = DeclaredColumns.expect(column, type, ArrayType.class);
                return list(leaves, array, entryLevel, sink);
            }
            MapType map = DeclaredColumns.expect(column, type, MapType.class);
            ElementBuffer keys = new ElementBuffer(map.getKeyType(), name);
            ElementBuffer values = new ElementBuffer(map.getValueType(), name);
            return new MapFieldReader(
                    leaves.open(schema.getColumns().get(0), map.getKeyType(), keys),
                    keys,
                    leaves.open(schema.getColumns().get(1), map.getValueType(), values),
                    values,
                    entryLevel,
                    sink);
        }
        if (annotation != null || !(type instanceof RowType)) {
            return null;
        }
        RowType row = (RowType) type;
        Field[] fields = rowFields(group, row);
        return fields == null
                ? null
                : new StructFieldReader(leaves, fields, row.getFieldCount(), sink);
    }

    /**
     * Per field of {@code group}, the field of {@code row} it is read as; null unless every field
     * of the group is primitive, not repeated and in the row, and the row has no other field (a
     * field missing from the file: the general path fills it with NULLs).
     */
    @Nullable
    private static Field[] rowFields(GroupType group, RowType row) {
        if (group.getFieldCount() == 0 || group.getFieldCount() != row.getFieldCount()) {
            return null;
        }
        Field[] fields = new Field[group.getFieldCount()];
        for (int j = 0; j < fields.length; j++) {
            Type child = group.getType(j);
            int index = DeclaredColumns.fieldIndex(row, child.getName());
            if (!child.isPrimitive() || child.isRepetition(Type.Repetition.REPEATED) || index < 0) {
                return null;
            }
            fields[j] = new Field(index, row.getTypeAt(index));
        }
        return fields;
    }

    private static ColumnDecoder list(
            Leaves leaves, ArrayType array, int entryLevel, ColumnSink sink) {
        ColumnDescriptor leaf = leaves.schema().getColumns().get(0);
        ElementBuffer elements =
                new ElementBuffer(array.getElementType(), String.join(".", leaf.getPath()));
        return new ListFieldReader(
                leaves.open(leaf, array.getElementType(), elements), elements, entryLevel, sink);
    }
}
