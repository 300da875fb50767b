package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.util.Arrays;

/**
 * Reads a top-level nested column of any depth (rows within rows, arrays of arrays, maps of rows,
 * rows holding arrays or maps) straight from its leaf columns' levels, without parquet-java's
 * record assembly: a tree of {@link AssemblyNode}s, one per ROW, ARRAY, MAP and primitive value,
 * each leaf read a page at a time where it can be ({@link NestedColumnReaders.Leaves#open}). The
 * shapes {@link NestedColumnReaders} has readers of their own for take those; what this one does
 * not take ({@link #create} says null) takes {@link NestedFieldReader}. Fetcher thread.
 */
@Internal
final class TreeFieldReader extends NestedValueReader {

    private final AssemblyNode root;
    private final Assembled assembled;
    private final String column;

    private TreeFieldReader(
            AssemblyNode root, Assembled assembled, String column, ColumnSink sink) {
        super(sink);
        this.root = root;
        this.assembled = assembled;
        this.column = column;
    }

    /**
     * The reader of a top-level nested column, or null where it is not for this reader: a group
     * without fields, a group or key/value part annotated other than LIST or MAP, a file field the
     * declared row lacks, a declared NOT NULL field the file lacks, a repeated list element or map
     * part. Fails as parquet-java's record assembly would where a Parquet type cannot be read as
     * its declared type.
     *
     * @param leaves the top-level column alone, as a message
     * @param type the Flink type the column is read as
     */
    @Nullable
    static ColumnDecoder create(
            NestedColumnReaders.Leaves leaves, LogicalType type, ColumnSink sink) {
        // A leaf opened reads pages the record assembly would need if this reader declined the
        // column: the tree is made once without opening any, and opened only if it is whole.
        if (tree(new Builder(leaves, false), type, new Assembled()) == null) {
            return null;
        }
        Assembled assembled = new Assembled();
        AssemblyNode root = tree(new Builder(leaves, true), type, assembled);
        return new TreeFieldReader(root, assembled, leaves.schema().getType(0).getName(), sink);
    }

    @Nullable
    private static AssemblyNode tree(Builder builder, LogicalType type, Assembled assembled) {
        Type column = builder.schema.getType(0);
        String[] path = {column.getName()};
        return column.isRepetition(Type.Repetition.REPEATED)
                ? builder.repeated(column, path, type, 0, 0, assembled)
                : builder.node(column, path, type, 0, assembled);
    }

    @Override
    @Nullable
    Object next() {
        Object value;
        if (root.present()) {
            root.read();
            value = assembled.value;
        } else {
            root.pass();
            value = null;
        }
        rowEnded();
        return value;
    }

    @Override
    public void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            root.pass();
            rowEnded();
        }
    }

    /** Fails unless every leaf is where a row starts: else their levels do not line up. */
    private void rowEnded() {
        for (LeafCursor leaf : root.leaves()) {
            if (leaf.repetitionLevel() != 0) {
                throw new ParquetDecodingException(
                        "The leaf columns of column "
                                + column
                                + " do not line up: "
                                + String.join(".", leaf.descriptor().getPath())
                                + " continues a row the column's first leaf ended");
            }
        }
    }

    /** The target of the top-level node: keeps the value assembled last. */
    private static final class Assembled extends ObjectTarget {

        private Object value;

        @Override
        public void set(Object value) {
            this.value = value;
        }
    }

    /** A leaf not opened: its descriptor only, for a tree that is never read. */
    private record Unopened(ColumnDescriptor descriptor) implements LeafCursor {

        @Override
        public int definitionLevel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int repetitionLevel() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeValue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void skipValue() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void consume() {
            throw new UnsupportedOperationException();
        }
    }

    /** Makes the nodes of a column's tree from its Parquet and Flink types. */
    private static final class Builder {

        private final NestedColumnReaders.Leaves leaves;
        private final MessageType schema;

        /** Whether the leaves are opened; else the tree is only made to see that it can be. */
        private final boolean open;

        Builder(NestedColumnReaders.Leaves leaves, boolean open) {
            this.leaves = leaves;
            this.schema = leaves.schema();
            this.open = open;
        }

        /**
         * The node of a non-repeated field, element, key or value {@code type} at {@code path},
         * read as {@code flinkType}; null where not for this reader.
         *
         * @param repetition the repetition level of the value it is part of
         */
        @Nullable
        AssemblyNode node(
                Type type,
                String[] path,
                LogicalType flinkType,
                int repetition,
                ObjectTarget target) {
            if (type.isRepetition(Type.Repetition.REPEATED)) {
                return null;
            }
            if (type.isPrimitive()) {
                ColumnDescriptor leaf = schema.getColumnDescription(path);
                return new AssemblyNode.Value(
                        open ? leaves.open(leaf, flinkType, target) : new Unopened(leaf),
                        repetition);
            }
            GroupType group = type.asGroupType();
            int present = schema.getMaxDefinitionLevel(path);
            LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
            if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
                return list(group, path, flinkType, present, repetition, target);
            }
            if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                    || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
                return map(group, path, flinkType, present, repetition, target);
            }
            if (annotation != null) {
                return null;
            }
            return row(group, path, flinkType, present, repetition, target);
        }

        /**
         * The node of a repeated field without a LIST annotation, an array that is never NULL: its
         * values are the elements.
         *
         * @param present the definition level of the group holding the field
         */
        @Nullable
        AssemblyNode.Array repeated(
                Type field,
                String[] path,
                LogicalType flinkType,
                int present,
                int repetition,
                ObjectTarget target) {
            ArrayType array = DeclaredColumns.expect(field, flinkType, ArrayType.class);
            return array(
                    ParquetSchemaConverter.repeatedAsRequired(field),
                    path,
                    path,
                    array,
                    present,
                    repetition,
                    target);
        }

        @Nullable
        private AssemblyNode.Array list(
                GroupType group,
                String[] path,
                LogicalType flinkType,
                int present,
                int repetition,
                ObjectTarget target) {
            ArrayType array = DeclaredColumns.expect(group, flinkType, ArrayType.class);
            Type repeated = ParquetSchemaConverter.listRepeatedType(group);
            String[] repeatedPath = append(path, repeated.getName());
            if (ParquetSchemaConverter.isRepeatedElement(group, repeated)) {
                return array(
                        ParquetSchemaConverter.repeatedAsRequired(repeated),
                        repeatedPath,
                        repeatedPath,
                        array,
                        present,
                        repetition,
                        target);
            }
            Type element = repeated.asGroupType().getType(0);
            return array(
                    element,
                    append(repeatedPath, element.getName()),
                    repeatedPath,
                    array,
                    present,
                    repetition,
                    target);
        }

        /**
         * An array whose elements are {@code element} at {@code elementPath}, one per entry of the
         * repeated field at {@code repeatedPath}.
         */
        @Nullable
        private AssemblyNode.Array array(
                Type element,
                String[] elementPath,
                String[] repeatedPath,
                ArrayType array,
                int present,
                int repetition,
                ObjectTarget target) {
            int entryRepetition = schema.getMaxRepetitionLevel(repeatedPath);
            ElementBuffer elements =
                    new ElementBuffer(array.getElementType(), String.join(".", elementPath));
            AssemblyNode node =
                    node(element, elementPath, array.getElementType(), entryRepetition, elements);
            return node == null
                    ? null
                    : new AssemblyNode.Array(
                            node,
                            elements,
                            present,
                            repetition,
                            schema.getMaxDefinitionLevel(repeatedPath),
                            entryRepetition,
                            target);
        }

        @Nullable
        private AssemblyNode map(
                GroupType group,
                String[] path,
                LogicalType flinkType,
                int present,
                int repetition,
                ObjectTarget target) {
            GroupType entry = ParquetSchemaConverter.mapEntryType(group);
            String[] entryPath = append(path, entry.getName());
            Type keyType = entry.getType(0);
            if (entry.getFieldCount() == 1) {
                // a map of keys only: an array of its keys
                ArrayType array = DeclaredColumns.expect(group, flinkType, ArrayType.class);
                return array(
                        keyType,
                        append(entryPath, keyType.getName()),
                        entryPath,
                        array,
                        present,
                        repetition,
                        target);
            }
            MapType map = DeclaredColumns.expect(group, flinkType, MapType.class);
            int entryRepetition = schema.getMaxRepetitionLevel(entryPath);
            String[] keyPath = append(entryPath, keyType.getName());
            ElementBuffer keys = new ElementBuffer(map.getKeyType(), String.join(".", keyPath));
            AssemblyNode key = node(keyType, keyPath, map.getKeyType(), entryRepetition, keys);
            Type valueType = entry.getType(1);
            String[] valuePath = append(entryPath, valueType.getName());
            ElementBuffer values =
                    new ElementBuffer(map.getValueType(), String.join(".", valuePath));
            AssemblyNode value =
                    node(valueType, valuePath, map.getValueType(), entryRepetition, values);
            if (key == null || value == null) {
                return null;
            }
            return new AssemblyNode.Map(
                    key,
                    keys,
                    value,
                    values,
                    present,
                    repetition,
                    schema.getMaxDefinitionLevel(entryPath),
                    entryRepetition,
                    target);
        }

        @Nullable
        private AssemblyNode row(
                GroupType group,
                String[] path,
                LogicalType flinkType,
                int present,
                int repetition,
                ObjectTarget target) {
            RowType rowType = DeclaredColumns.expect(group, flinkType, RowType.class);
            if (group.getFieldCount() == 0) {
                return null;
            }
            AssemblyNode.RowUnderAssembly row =
                    new AssemblyNode.RowUnderAssembly(rowType.getFieldCount());
            AssemblyNode[] fields = new AssemblyNode[group.getFieldCount()];
            boolean[] matched = new boolean[rowType.getFieldCount()];
            for (int j = 0; j < fields.length; j++) {
                Type child = group.getType(j);
                int index = DeclaredColumns.fieldIndex(rowType, child.getName());
                if (index < 0 || matched[index]) {
                    return null;
                }
                matched[index] = true;
                String[] childPath = append(path, child.getName());
                LogicalType fieldType = rowType.getTypeAt(index);
                fields[j] =
                        child.isRepetition(Type.Repetition.REPEATED)
                                ? repeated(
                                        child,
                                        childPath,
                                        fieldType,
                                        present,
                                        repetition,
                                        row.field(index))
                                : node(child, childPath, fieldType, repetition, row.field(index));
                if (fields[j] == null) {
                    return null;
                }
            }
            for (int f = 0; f < matched.length; f++) {
                if (!matched[f] && !rowType.getTypeAt(f).isNullable()) {
                    return null;
                }
            }
            return new AssemblyNode.Row(fields, row, present, repetition, target);
        }

        private static String[] append(String[] path, String name) {
            String[] longer = Arrays.copyOf(path, path.length + 1);
            longer[path.length] = name;
            return longer;
        }
    }
}
