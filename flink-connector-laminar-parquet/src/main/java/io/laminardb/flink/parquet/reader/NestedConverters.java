package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converter trees that assemble nested values (ROW, ARRAY, MAP) from Parquet's record assembly
 * (parquet-java's {@code RecordReader} drives them from repetition and definition levels, for every
 * encoding). Values come out in Flink's internal form: {@link GenericRowData}, {@link
 * GenericArrayData}, {@link GenericMapData}.
 */
@Internal
public final class NestedConverters {

    private NestedConverters() {}

    /**
     * A converter for a non-repeated field (or a list element / map entry part) of Parquet type
     * {@code type} producing values of Flink type {@code flinkType} into {@code out}.
     */
    public static Converter create(Type type, LogicalType flinkType, ValueTarget out) {
        if (type.isPrimitive()) {
            return LeafConverters.create(type.asPrimitiveType(), flinkType, out);
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            return new ListConverter(
                    group, DeclaredColumns.expect(type, flinkType, ArrayType.class), out);
        }
        if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            return new MapConverter(group, flinkType, out);
        }
        return new RowConverter(group, DeclaredColumns.expect(type, flinkType, RowType.class), out);
    }

    /** Assembles a {@link GenericRowData} from a Parquet group; fields match by name. */
    public static final class RowConverter extends GroupConverter {
        private final ValueTarget out;
        private final int arity;
        private final Converter[] children;

        /** For repeated children without a LIST annotation: the Flink field they fill. */
        private final int[] repeatedFieldIndex;

        private final List<List<Object>> repeatedValues;
        private GenericRowData current;

        public RowConverter(GroupType group, RowType rowType, ValueTarget out) {
            this.out = out;
            this.arity = rowType.getFieldCount();
            this.children = new Converter[group.getFieldCount()];
            this.repeatedFieldIndex = new int[group.getFieldCount()];
            this.repeatedValues = new ArrayList<>();
            boolean[] matched = new boolean[arity];
            for (int i = 0; i < group.getFieldCount(); i++) {
                Type child = group.getType(i);
                int field = DeclaredColumns.fieldIndex(rowType, child.getName());
                repeatedFieldIndex[i] = -1;
                if (field < 0) {
                    children[i] = discarding(child);
                    continue;
                }
                matched[field] = true;
                LogicalType fieldType = rowType.getTypeAt(field);
                if (child.isRepetition(Type.Repetition.REPEATED)) {
                    ArrayType arrayType = DeclaredColumns.expect(child, fieldType, ArrayType.class);
                    int slot = repeatedValues.size();
                    repeatedValues.add(null);
                    repeatedFieldIndex[i] = field;
                    children[i] =
                            create(
                                    ParquetSchemaConverter.repeatedAsRequired(child),
                                    arrayType.getElementType(),
                                    new ObjectTarget() {
                                        @Override
                                        public void set(Object value) {
                                            repeatedValues.get(slot).add(value);
                                        }
                                    });
                } else {
                    final int target = field;
                    children[i] =
                            create(
                                    child,
                                    fieldType,
                                    new ObjectTarget() {
                                        @Override
                                        public void set(Object value) {
                                            current.setField(target, value);
                                        }
                                    });
                }
            }
            for (int f = 0; f < arity; f++) {
                if (!matched[f] && !rowType.getTypeAt(f).isNullable()) {
                    throw new UnsupportedSchemaException(
                            "Field '"
                                    + rowType.getFieldNames().get(f)
                                    + "' is NOT NULL but the Parquet group '"
                                    + group.getName()
                                    + "' has no such field");
                }
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
            current = new GenericRowData(arity);
            for (int i = 0; i < repeatedValues.size(); i++) {
                repeatedValues.set(i, new ArrayList<>());
            }
        }

        @Override
        public void end() {
            int slot = 0;
            for (int field : repeatedFieldIndex) {
                if (field >= 0) {
                    current.setField(
                            field, new GenericArrayData(repeatedValues.get(slot++).toArray()));
                }
            }
            out.setObject(current);
        }

        GenericRowData current() {
            return current;
        }
    }

    /** Assembles a {@link GenericArrayData} from a LIST group, 3-level or legacy 2-level. */
    private static final class ListConverter extends GroupConverter {
        private final ValueTarget out;
        private final Converter child;
        private List<Object> values;

        ListConverter(GroupType listGroup, ArrayType arrayType, ValueTarget out) {
            this.out = out;
            Type repeated = ParquetSchemaConverter.listRepeatedType(listGroup);
            ObjectTarget append =
                    new ObjectTarget() {
                        @Override
                        public void set(Object value) {
                            values.add(value);
                        }
                    };
            if (ParquetSchemaConverter.isRepeatedElement(listGroup, repeated)) {
                this.child =
                        create(
                                ParquetSchemaConverter.repeatedAsRequired(repeated),
                                arrayType.getElementType(),
                                append);
            } else {
                this.child =
                        new ElementConverter(
                                repeated.asGroupType().getType(0),
                                arrayType.getElementType(),
                                append);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return child;
        }

        @Override
        public void start() {
            values = new ArrayList<>();
        }

        @Override
        public void end() {
            out.setObject(new GenericArrayData(values.toArray()));
        }
    }

    /** The repeated middle level of a 3-level list: one element, possibly null, per repetition. */
    private static final class ElementConverter extends GroupConverter {
        private final ValueTarget append;
        private final Converter element;
        private Object value;

        ElementConverter(Type elementType, LogicalType flinkType, ValueTarget append) {
            this.append = append;
            this.element =
                    create(
                            elementType,
                            flinkType,
                            new ObjectTarget() {
                                @Override
                                public void set(Object v) {
                                    value = v;
                                }
                            });
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            value = null;
        }

        @Override
        public void end() {
            append.setObject(value);
        }
    }

    /** Assembles a {@link GenericMapData} (or, for key-only maps, an array of keys). */
    private static final class MapConverter extends GroupConverter {
        private final ValueTarget out;
        private final boolean keysOnly;
        private final GroupConverter entryConverter;
        private Map<Object, Object> entries;
        private List<Object> keys;
        private Object key;
        private Object value;

        MapConverter(GroupType mapGroup, LogicalType flinkType, ValueTarget out) {
            this.out = out;
            GroupType entry = ParquetSchemaConverter.mapEntryType(mapGroup);
            this.keysOnly = entry.getFieldCount() == 1;
            LogicalType keyType;
            LogicalType valueType = null;
            if (keysOnly) {
                keyType =
                        DeclaredColumns.expect(mapGroup, flinkType, ArrayType.class)
                                .getElementType();
            } else {
                MapType mapType = DeclaredColumns.expect(mapGroup, flinkType, MapType.class);
                keyType = mapType.getKeyType();
                valueType = mapType.getValueType();
            }
            Converter keyConverter =
                    create(
                            entry.getType(0),
                            keyType,
                            new ObjectTarget() {
                                @Override
                                public void set(Object v) {
                                    key = v;
                                }
                            });
            Converter valueConverter =
                    keysOnly
                            ? null
                            : create(
                                    entry.getType(1),
                                    valueType,
                                    new ObjectTarget() {
                                        @Override
                                        public void set(Object v) {
                                            value = v;
                                        }
                                    });
            this.entryConverter =
                    new GroupConverter() {
                        @Override
                        public Converter getConverter(int fieldIndex) {
                            return fieldIndex == 0 ? keyConverter : valueConverter;
                        }

                        @Override
                        public void start() {
                            key = null;
                            value = null;
                        }

                        @Override
                        public void end() {
                            if (keysOnly) {
                                keys.add(key);
                            } else {
                                entries.put(key, value);
                            }
                        }
                    };
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entryConverter;
        }

        @Override
        public void start() {
            if (keysOnly) {
                keys = new ArrayList<>();
            } else {
                entries = new LinkedHashMap<>();
            }
        }

        @Override
        public void end() {
            out.setObject(
                    keysOnly ? new GenericArrayData(keys.toArray()) : new GenericMapData(entries));
        }
    }

    /** A converter that reads and drops a field the Flink type does not ask for. */
    static Converter discarding(Type type) {
        if (type.isPrimitive()) {
            return new PrimitiveConverter() {
                @Override
                public void addBinary(org.apache.parquet.io.api.Binary value) {}

                @Override
                public void addBoolean(boolean value) {}

                @Override
                public void addDouble(double value) {}

                @Override
                public void addFloat(float value) {}

                @Override
                public void addInt(int value) {}

                @Override
                public void addLong(long value) {}
            };
        }
        GroupType group = type.asGroupType();
        Converter[] children = new Converter[group.getFieldCount()];
        for (int i = 0; i < children.length; i++) {
            children[i] = discarding(group.getType(i));
        }
        return new GroupConverter() {
            @Override
            public Converter getConverter(int fieldIndex) {
                return children[fieldIndex];
            }

            @Override
            public void start() {}

            @Override
            public void end() {}
        };
    }
}
