package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps a declared column to a file's column: by name (else the one name that matches ignoring
 * case), NULL for a nullable column the file lacks, and checked to be readable as the declared
 * type. Used when a reader opens a file, and when a source is built (on the first file).
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
            // The converters the readers build check every leaf (and nested field) against the
            // declared type; build them once here so a mismatch fails before any row is read.
            new NestedConverters.RowConverter(
                    new MessageType("root", column),
                    RowType.of(new LogicalType[] {type}, new String[] {column.getName()}),
                    new ObjectTarget() {
                        @Override
                        public void set(Object value) {}
                    });
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
