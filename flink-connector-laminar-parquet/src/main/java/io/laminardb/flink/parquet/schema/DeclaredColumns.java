package io.laminardb.flink.parquet.schema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a declared column to a file's column: by name (else the one name that matches ignoring
 * case), NULL for a nullable column the file lacks, and checked to be readable as the declared
 * type, nested fields included (struct fields by name, list elements, map keys and values; each
 * leaf by {@link TypeWidening}). Used when a reader opens a file, and when a source is built (on
 * the first file). Pure functions of the two schemas.
 */
@Internal
public final class DeclaredColumns {

    private DeclaredColumns() {}

    /**
     * The file's column for a declared column, or null when the file lacks it and it is nullable
     * (it reads as NULL). Fails, naming the file and the column, when a NOT NULL column is missing
     * or the column cannot be read as the declared type (naming both types).
     */
    @Nullable
    public static Type resolve(Path path, MessageType fileSchema, String name, LogicalType type) {
        Type column = findField(path, fileSchema, name);
        if (column == null) {
            if (!type.isNullable()) {
                throw new UnsupportedSchemaException(
                        "Parquet file "
                                + path
                                + " has no column '"
                                + name
                                + "', which the source's schema declares NOT NULL ("
                                + type.asSummaryString()
                                + "); declare it nullable to read it as NULL from such files."
                                + " The file's columns are: "
                                + fieldNames(fileSchema));
            }
            return null;
        }
        try {
            checkField(column, type);
        } catch (UnsupportedSchemaException e) {
            UnsupportedSchemaException named =
                    new UnsupportedSchemaException(
                            "Cannot read column '"
                                    + name
                                    + "' of Parquet file "
                                    + path
                                    + " as the declared type "
                                    + type.asSummaryString()
                                    + ": "
                                    + e.getMessage());
            named.initCause(e);
            throw named;
        }
        return column;
    }

    /** Checks a field of a group (a repeated one without a LIST annotation is an ARRAY). */
    private static void checkField(Type field, LogicalType type) {
        if (field.isRepetition(Type.Repetition.REPEATED)) {
            checkValue(
                    ParquetSchemaConverter.repeatedAsRequired(field),
                    expect(field, type, ArrayType.class).getElementType());
        } else {
            checkValue(field, type);
        }
    }

    /** Checks a value of a non-repeated type (a field, a list element, a map key or value). */
    private static void checkValue(Type value, LogicalType type) {
        if (value.isPrimitive()) {
            TypeWidening.checkReadable(value.asPrimitiveType(), type);
            return;
        }
        GroupType group = value.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            ArrayType array = expect(value, type, ArrayType.class);
            checkValue(ParquetSchemaConverter.listElementType(group), array.getElementType());
        } else if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            GroupType entry = ParquetSchemaConverter.mapEntryType(group);
            if (entry.getFieldCount() == 1) {
                // Keys only: an array of the keys.
                checkValue(entry.getType(0), expect(group, type, ArrayType.class).getElementType());
            } else {
                MapType map = expect(group, type, MapType.class);
                checkValue(entry.getType(0), map.getKeyType());
                checkValue(entry.getType(1), map.getValueType());
            }
        } else {
            checkFields(group, expect(value, type, RowType.class));
        }
    }

    /**
     * Checks a struct's fields, matched by name (else the one name that matches ignoring case);
     * fields the row type lacks are skipped, and a NOT NULL field the group lacks fails.
     */
    private static void checkFields(GroupType group, RowType rowType) {
        boolean[] matched = new boolean[rowType.getFieldCount()];
        for (Type child : group.getFields()) {
            int field = fieldIndex(rowType, child.getName());
            if (field >= 0) {
                matched[field] = true;
                checkField(child, rowType.getTypeAt(field));
            }
        }
        for (int f = 0; f < matched.length; f++) {
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

    /**
     * The declared type of a Parquet group as the kind of Flink type the group is read as (a
     * RowType for a struct, an ArrayType for a LIST); another kind fails naming the column and both
     * types.
     */
    public static <T extends LogicalType> T expect(Type type, LogicalType flinkType, Class<T> c) {
        if (!c.isInstance(flinkType)) {
            throw new UnsupportedSchemaException(
                    "Column '"
                            + type.getName()
                            + "' has Parquet type '"
                            + type
                            + "', which cannot be read as "
                            + flinkType.asSummaryString());
        }
        return c.cast(flinkType);
    }

    /**
     * A struct field's index by name, else by the one name that matches ignoring case; or -1: how a
     * file's struct field finds its declared field, for the type check here and for the converters
     * that read it.
     */
    public static int fieldIndex(RowType rowType, String name) {
        List<String> names = rowType.getFieldNames();
        int exact = names.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * The file's column of a name: the one of exactly that name, else the only one that differs in
     * case; null when there is none. Fails when several differ only in case.
     */
    @Nullable
    private static Type findField(Path path, MessageType schema, String name) {
        if (schema.containsField(name)) {
            return schema.getType(name);
        }
        Type found = null;
        for (Type field : schema.getFields()) {
            if (field.getName().equalsIgnoreCase(name)) {
                if (found != null) {
                    throw new UnsupportedSchemaException(
                            "Parquet file "
                                    + path
                                    + " has the columns '"
                                    + found.getName()
                                    + "' and '"
                                    + field.getName()
                                    + "', which both match column '"
                                    + name
                                    + "' of the source's schema when case is ignored");
                }
                found = field;
            }
        }
        return found;
    }

    private static List<String> fieldNames(MessageType schema) {
        List<String> names = new ArrayList<>();
        for (Type field : schema.getFields()) {
            names.add(field.getName());
        }
        return names;
    }
}
