package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.schema.DeclaredColumns;
import io.laminardb.flink.parquet.schema.UnsupportedSchemaException;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.Type;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DeclaredColumns} (schema/) decides from the schemas alone whether a file column can be
 * read as a declared type; the readers' converters ({@link NestedConverters}, {@link
 * LeafConverters}) check it again as they are built. Both must agree, with the same message.
 */
class ConvertersAgreeWithDeclaredColumnsTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int32 i;\n"
                            + "  optional int64 big;\n"
                            + "  optional float f;\n"
                            + "  optional int32 d (DECIMAL(9, 2));\n"
                            + "  optional int64 ts (TIMESTAMP(MICROS,false));\n"
                            + "  optional int64 ltz (TIMESTAMP(NANOS,true));\n"
                            + "  optional binary s (STRING);\n"
                            + "  optional group st {\n"
                            + "    optional int32 a;\n"
                            + "    required binary b (STRING);\n"
                            + "  }\n"
                            + "  optional group l (LIST) {\n"
                            + "    repeated group list {\n"
                            + "      optional int32 element;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group legacy (LIST) {\n"
                            + "    repeated int32 array;\n"
                            + "  }\n"
                            + "  optional group m (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required binary key (STRING);\n"
                            + "      optional float value;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  optional group keys (MAP) {\n"
                            + "    repeated group key_value {\n"
                            + "      required int32 key;\n"
                            + "    }\n"
                            + "  }\n"
                            + "  repeated int32 r;\n"
                            + "}");

    private static RowType row(Object... namesAndTypes) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.add(
                    new RowType.RowField(
                            (String) namesAndTypes[i], (LogicalType) namesAndTypes[i + 1]));
        }
        return new RowType(fields);
    }

    @Test
    void everyDeclaredTypeIsAcceptedOrRejectedAlike() {
        LogicalType[] types = {
            new IntType(),
            new IntType(false),
            new BigIntType(),
            new FloatType(),
            new DoubleType(),
            new DecimalType(9, 2),
            new DecimalType(12, 4),
            new DecimalType(9, 3),
            new DecimalType(20, 0),
            new TimestampType(3),
            new TimestampType(9),
            new LocalZonedTimestampType(3),
            VarCharType.STRING_TYPE,
            new ArrayType(new IntType()),
            new ArrayType(new BigIntType()),
            new ArrayType(VarCharType.STRING_TYPE),
            new ArrayType(new IntType(false)),
            new MapType(VarCharType.STRING_TYPE, new DoubleType()),
            new MapType(VarCharType.STRING_TYPE, new IntType()),
            new MapType(new IntType(), new IntType()),
            row("a", new BigIntType(), "b", VarCharType.STRING_TYPE),
            row("A", new IntType()),
            row("a", new IntType(), "c", new IntType(false)),
            row("b", new IntType()),
        };
        int accepted = 0;
        int rejected = 0;
        for (Type column : SCHEMA.getFields()) {
            for (LogicalType type : types) {
                String byConverters = converterFailure(column, type);
                String bySchema = schemaFailure(column, type);
                assertThat(bySchema)
                        .as("column %s read as %s", column, type.asSummaryString())
                        .isEqualTo(byConverters);
                if (bySchema == null) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
        }
        assertThat(accepted).as("cases accepted").isGreaterThan(20);
        assertThat(rejected).as("cases rejected").isGreaterThan(100);
    }

    /** The message building the readers' converters fails with, or null. */
    private static String converterFailure(Type column, LogicalType type) {
        try {
            new NestedConverters.RowConverter(
                    new MessageType("root", column),
                    RowType.of(new LogicalType[] {type}, new String[] {column.getName()}),
                    new ObjectTarget() {
                        @Override
                        public void set(Object value) {}
                    });
            return null;
        } catch (UnsupportedSchemaException e) {
            return e.getMessage();
        }
    }

    /** The message (without the file and column it names) DeclaredColumns fails with, or null. */
    private static String schemaFailure(Type column, LogicalType type) {
        try {
            DeclaredColumns.resolve(new Path("/f.parquet"), SCHEMA, column.getName(), type);
            return null;
        } catch (UnsupportedSchemaException e) {
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        }
    }
}
